package model

// userDirectory is where users are looked up (see UserDirectory). Users
// are not a kind: oktasync never creates, changes or deletes one. GET
// /api/v1/users/{id} takes an ID or a login (spec getUser: "ID, login, or
// login shortname (as long as the shortname is unambiguous)"), and is
// charged to the users bucket.
func userDirectory() UserDirectory {
	return UserDirectory{
		Get:        Endpoint{Method: "GET", Path: "/api/v1/users/{id}"},
		LoginField: "profile.login",
		ScopeArea:  "users",
	}
}

// orgIdentity is where an org's ID, URL and ORN partition are read (see
// OrgIdentity). /.well-known/okta-organization answers without credentials
// with {id, _links.organization.href}; the partition (okta, oktapreview,
// okta-emea, …) is not in it, but every app's orn starts with it, and
// every org has apps (Okta's own first-party ones).
func orgIdentity() OrgIdentity {
	return OrgIdentity{
		WellKnown: Endpoint{Method: "GET", Path: "/.well-known/okta-organization"},
		IDField:   "id", URLField: "_links.organization.href",
		PartitionFrom:  List{Path: "/api/v1/apps", Limit: 1},
		PartitionField: "orn",
	}
}
