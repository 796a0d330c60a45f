package model

// UserDirectory is how oktasync finds users, which it never manages but
// which configuration names (admin role assignments, binding members, the
// users a rule excludes): files hold a user's login, and the org holds
// its ID. Export turns IDs into logins and apply logins into IDs, one
// cached lookup per distinct user, with Get, which takes an ID or a login.
type UserDirectory struct {
	// Get reads one user; {id} is an ID or a login.
	Get Endpoint
	// LoginField is the user's login in the body Get returns.
	LoginField string
	// ScopeArea is the area of the OAuth scope the lookup needs (its read
	// scope only: oktasync never changes a user).
	ScopeArea string
}

// ReadScope is the scope the lookups need.
func (u UserDirectory) ReadScope() string { return "okta." + u.ScopeArea + ".read" }

// Users returns how the registry's kinds look users up.
func (r *Registry) Users() UserDirectory { return userDirectory() }

// NamesUsers reports whether any kind holds users by login: export and
// apply then look users up, and need the directory's read scope.
func (r *Registry) NamesUsers() bool {
	for _, k := range r.kinds {
		for _, rf := range k.Refs {
			if rf.NamesUsers() {
				return true
			}
		}
	}
	return false
}

// OrgIdentity is where apply reads the org's own parts that ${org:…}
// stands for in ORNs and URLs (see RefPattern).
type OrgIdentity struct {
	// WellKnown is a public document that holds the org's ID (IDField)
	// and its URL (URLField).
	WellKnown         Endpoint
	IDField, URLField string
	// PartitionFrom lists objects that carry an ORN (PartitionField);
	// the partition is the ORN's second part. Only its first page is read,
	// of Limit objects: every org has some (its first-party apps).
	PartitionFrom  List
	PartitionField string
}

// OrgIdentity returns where the org's own parts are read.
func (r *Registry) OrgIdentity() OrgIdentity { return orgIdentity() }
