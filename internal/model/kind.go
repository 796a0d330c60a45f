package model

// Kind describes one Okta configuration kind as data. The plan and apply
// engines read descriptors; they never branch on a kind's name.
//
// Endpoint paths are templates with these placeholders:
//
//	{id}             the object's Okta ID (IDField)
//	{parentId}       the parent object's key: its ID, or the value at ParentKey
//	{grandparentId}  the grandparent's ID (auth-server policy rules)
//	{targetId}       for relations: the target object's ID
type Kind struct {
	// Name is the kind's name. For a top-level kind it is also its directory
	// and the first segment of its ref paths.
	Name string
	// Title is a human name for messages and `oktasync kinds`.
	Title string
	// Parent is the parent kind's name; empty for top-level kinds.
	Parent string
	// ChildDir is the directory under the parent object's path that holds
	// objects of this kind (children only), e.g. "rules".
	ChildDir string
	// IDField is the live body field holding the object's Okta ID; empty
	// means "id" (IdP keys use "kid"). For app group assignments the ID is
	// the group's ID.
	IDField string
	// ParentKey is the field of the parent's live body that replaces
	// {parentId}; empty means "id". A value that is a URL is reduced to its
	// last path segment (user schemas use the user type's _links.schema.href).
	ParentKey string
	// Schema is the JSON Schema file for this kind's files.
	Schema string
	// ScopeArea is the area of the OAuth 2.0 scopes Okta requires for the
	// kind's endpoints: okta.<area>.read to list and get, okta.<area>.manage
	// to change (it includes read). Okta attaches scopes to endpoints, and
	// every endpoint a descriptor names must need this area's scope (the
	// doctor's tests check each against the sandbox). doctor, the workflows
	// `oktasync init` writes and the docs derive their scope lists from it.
	ScopeArea string
	// ScopeOptional marks a kind whose read scope credentials made before
	// oktasync knew the kind may lack (the admin-access kinds need
	// okta.roles.read): a 403 on its list skips the kind and its children
	// instead of failing. Export warns, naming the kind and the scope, and
	// keeps the kind's files as they were; a plan whose tree holds objects
	// of a skipped kind is refused, since it could not compare them.
	ScopeOptional bool
	// APITokenOnly marks a kind whose endpoints only an API token (SSWS)
	// reaches: a private /api/internal endpoint of the Admin Console
	// takes no OAuth 2.0 scope (the security notification emails). Under
	// OAuth, export skips the kind with a warning and keeps its files, as
	// for a ScopeOptional kind without its scope, and a plan or apply
	// whose tree holds objects of the kind is refused: it could neither
	// read nor write them. ScopeArea still names the area of its
	// neighbours, so the scope lists are unchanged.
	APITokenOnly bool

	// Singleton is the fixed slug of a kind with exactly one object (per
	// parent), e.g. "default" for the group schema. SlugFields is then empty.
	Singleton string
	// SlugFields are body fields whose slugs form the local name, one path
	// segment each (policies: type, then name). A field holding a
	// ${ref:…} contributes the last segment of the ref path.
	SlugFields []string
	// Identity is the natural key: the body fields that identify an object
	// among its siblings (same kind and parent). Empty for singletons.
	Identity []string
	// IDPrefixes are the prefixes of this kind's 20-character Okta IDs, used
	// to spot its IDs inside expression strings and to warn about IDs that
	// point outside the export.
	IDPrefixes []string

	// List is how to list every object of the kind (per parent for children).
	List List
	// CreateFields are the top-level body fields the create endpoint
	// accepts (a brand's create takes only its name); the plan sets the
	// others with an update once the object exists. Empty means all.
	CreateFields []string
	// CreateNote is what a reviewer must know, or do outside Okta, when an
	// object of this kind is created, in any org: a hook key is a new key
	// pair, whose public key the hook's endpoint must be given. Every
	// create step carries it (plan.Step.Note), and every rendering shows it.
	CreateNote string
	// DeleteNote is what else a delete of an object of this kind erases,
	// in any org: deleting a linked object definition removes every
	// user's link values of that relationship. Every delete step carries
	// it (plan.Step.Note), replaces included.
	DeleteNote string
	// Get, Create, Update and Delete are the single-object endpoints; nil
	// means the operation does not exist (singletons have no Create/Delete).
	Get, Create, Update, Delete *Endpoint
	// UpdateMode says whether Update replaces the object or patches it.
	UpdateMode UpdateMode
	// UpdateFields are the top-level body fields the update endpoint
	// accepts (a profile mapping's POST takes only properties); apply
	// sends only those. Empty means all.
	UpdateFields []string
	// PatchWhole are dotted paths ("*" matches any key) of objects a
	// partial update must send whole (a profile mapping property needs
	// its expression with its pushStatus): apply merges the patch of such
	// an object into its live value before sending it.
	PatchWhole []string
	// UpdateField is set when the update endpoint's body is the value of
	// this field, not the object (an app feature's PUT takes its
	// capabilities object).
	UpdateField string
	// Lifecycle holds status rules; nil for kinds without a status.
	Lifecycle *Lifecycle
	// Toggles are other fields set through an action endpoint per value
	// (see Toggle).
	Toggles []Toggle
	// OptIn marks a kind (with its children) read only when asked for
	// (Registry.OptIn, kind_existing.go).
	OptIn bool
	// Existing marks a kind whose objects exist in the org apart from
	// oktasync, which never writes one (kind_existing.go).
	Existing bool
	// Keep is a must-keep-one guard shared with other kinds (KeepOne).
	Keep *KeepOne
	// Implicit marks a kind whose objects Okta makes along with their
	// parent (or with the org, for a top-level kind) and never deletes: a
	// brand's theme, a user type's schema, an app's features. It has no
	// create and no delete. The plan only updates them; an object absent
	// from the tree is left alone (no delete, no refusal, and never
	// "unmanaged": drift checks must skip implicit kinds); one under a
	// parent the plan creates is adopted, updated right after the
	// parent's create, and apply finds it under the new parent (the only
	// one of a Singleton kind, else the one whose path matches).
	Implicit bool
	// Verify makes the kind DNS-bound (see Verification).
	Verify *Verification
	// Makes are objects Okta makes along with a create, which apply
	// deletes once the object no longer uses them (see MadeObject).
	Makes []MadeObject
	// DeleteBeforeParent means Okta refuses to delete the parent while
	// objects of this kind are under it (a resource set's bindings): the
	// plan deletes each one first, as a delete of its own, where a parent's
	// delete would otherwise imply its children.
	DeleteBeforeParent bool
	// Derived are file fields Okta's answers lack but another live field
	// holds (see DerivedField).
	Derived []DerivedField

	// Refs are the fields that hold references to other objects.
	Refs []RefField
	// Relations are relationships kept outside the body (see Relation).
	Relations []Relation
	// ItemSets are arrays of the body that Okta reads and writes one item
	// at a time, through endpoints of their own (see ItemSet).
	ItemSets []ItemSet
	// After names kinds that must be in place before this one although no
	// field references them (e.g. custom profile attributes used in EL).
	After []string

	// ReadOnly are body fields the server owns: stripped on export and never
	// sent.
	ReadOnly []string
	// NullFilled are objects (or scalars) that Okta's answers fill with
	// null for every key it knows and was not sent (a sign-in page's
	// widgetCustomizations): null members are dropped, recursively, and
	// so is an object left empty; a null value at the path itself too.
	NullFilled []string
	// ReadOnlyIf are fields stripped only under a condition.
	ReadOnlyIf []ConditionalField
	// IDEcho are fields that default to the object's own ID (an OIDC app's
	// client_id); they are stripped when they equal the ID, since that value
	// is org-specific.
	IDEcho []string
	// Immutable are fields that cannot change after create; a change means
	// delete and recreate.
	Immutable []string
	// Volatile are fields that change without a configuration change (key
	// rotation dates); they are stripped and ignored when diffing.
	Volatile []string
	// Secrets are fields whose values never land in files.
	Secrets []SecretField
	// WriteOnly is a part of the file written through its own endpoint
	// and compared by a digest Okta shows (WriteOnlyPart).
	WriteOnly *WriteOnlyPart
	// Sets are arrays Okta treats as sets; they are written sorted and
	// compared without regard to order.
	Sets []string
	// Defaults are values Okta gives a field when it is left out and then
	// does not echo (an app user attribute's master PROFILE_MASTER): a
	// desired field holding one equals an absent live field.
	Defaults []DefaultValue
	// Default is a flag one sibling holds (see DefaultFlag).
	Default *DefaultFlag
	// DefaultBody is, for an implicit kind, the file body (identity
	// fields aside) Okta gives every object it makes: export does not
	// write an object that has it and no children, unless the previous
	// tree held its file (a brand's 31 email templates show only those
	// whose settings changed). Reads and plans still see every object.
	DefaultBody map[string]any
	// Lookups write an ID the file cannot carry portably as a field of the
	// object it names, read from Okta on export (a group push mapping's
	// target app group, as its name).
	Lookups []FieldLookup

	// System recognises Okta-owned objects; nil if the kind has none.
	System *SystemRule
	// CreateRefused are the objects Okta refuses to create although the
	// kind has a create endpoint (a policy type Okta seeds, a rule of a
	// policy that accepts no other rules): the plan lists such a create as
	// refused instead of sending it.
	CreateRefused []CreateRefusal
	// NamedBy names the objects of a kind that has no natural key of its
	// own after the object that uses them; SlugFields and Identity are then
	// empty (see NamedBy).
	NamedBy *NamedBy
	// OrderField is the sibling order field (policy "priority"); empty if
	// siblings are unordered.
	OrderField string
	// MaxObjects is how many objects of the kind Okta allows per parent
	// (per org for top-level kinds): two log streams, fifty inline hooks.
	// A tree with more is a validate error, found before apply would fail
	// on the first create over the limit. 0 means no limit is known.
	MaxObjects int
	// IdentityFoldCase says Okta compares the identity without regard to
	// case (group names: "SALES" is taken when "Sales" exists), so the
	// plan matches and validate checks it that way.
	IdentityFoldCase bool
	// Lock, on exactly one kind, makes its objects the carrier of the
	// apply lock (see LockMarker).
	Lock *LockMarker
	// Caller is the live field holding the OAuth client_id an API client
	// authenticates with (an app's credentials.oauthClient.client_id):
	// the object whose field holds oktasync's own client_id, and every
	// object under it (its admin roles), are never deleted or replaced,
	// since that would lock the tool out (see CallerPath).
	Caller string

	// Log says which System Log events change the kind's objects and how
	// an event names one (kind_events.go); nil for a kind an incremental
	// plan cannot follow, which it then re-reads whenever it may have
	// changed.
	Log *LogEvents
	// NoLog, on a kind the API can change but that has no Log, says why:
	// Okta logs no event for it, or the sandbox does not log its writes
	// yet (TestWritableKindsFollowTheLog keeps the list honest).
	NoLog string

	// Notes record choices and caveats for humans.
	Notes []string
}

// Endpoint is an HTTP method and a path template.
type Endpoint struct {
	Method string
	Path   string
	// Query is a fixed query string, e.g. "removeUsers=false".
	Query string
	// Body is a fixed request body, for action endpoints that take one
	// (a group push mapping's PATCH {"status": "INACTIVE"}).
	Body map[string]any
}

// UpdateMode says how an update is sent.
type UpdateMode int

const (
	// UpdateReplace is a full replace (PUT): apply merges the desired fields
	// into the live object and sends the whole of it.
	UpdateReplace UpdateMode = iota
	// UpdatePartial is a partial update (POST): only changed fields are
	// sent, and a field is removed by sending it as null.
	UpdatePartial
)

func (m UpdateMode) String() string {
	switch m {
	case UpdateReplace:
		return "replace"
	case UpdatePartial:
		return "partial"
	}
	return "UpdateMode(?)"
}

// Lifecycle holds a kind's status rules.
type Lifecycle struct {
	// StatusField is the body field holding the status ("status").
	StatusField string
	// Statuses are the values a file may hold (ACTIVE, INACTIVE).
	Statuses []string
	// Activate and Deactivate are the lifecycle endpoints.
	Activate, Deactivate *Endpoint
	// CreateActivateParam is the create query parameter that chooses the
	// initial status ("activate" for ?activate=false); empty if none.
	CreateActivateParam string
	// CreatedStatus is the status a create yields when no parameter chooses
	// it (group rules: INACTIVE; hooks: ACTIVE).
	CreatedStatus string
	// UpdateRequiresInactive means the object must be deactivated before an
	// update (and reactivated after).
	UpdateRequiresInactive bool
	// DeleteRequiresInactive means the object must be deactivated before a
	// delete.
	DeleteRequiresInactive bool
	// CreateTakesStatus means the create body's status field chooses the
	// initial status (a group push mapping may be created INACTIVE).
	CreateTakesStatus bool
}

// RefField is a body field that refers to other objects.
type RefField struct {
	// Path is the field path ("[]" for arrays).
	Path string
	// Target is the kind referred to. With External it names a kind that
	// oktasync does not export (users, behaviors, …): its values stay IDs and
	// validate warns about them. Empty with Patterns (each names its own).
	Target string
	// Others are further kinds the field may refer to, tried after Target:
	// a profile mapping's source is a user type, an app or an IdP (see
	// RefField.Targets).
	Others []string
	// External marks a target outside the registry.
	External bool
	// ByLogin marks an External reference to users: files hold the user's
	// login as ${user:<login>}, which export writes (one lookup per
	// distinct user) and apply resolves in the target org. A login missing
	// there stops plan and apply before anything is written.
	ByLogin bool
	// Patterns are the forms of a string that holds a reference inside an
	// ORN or a URL (see RefPattern); the field's values are then whole
	// strings of one of these forms, not IDs.
	Patterns []RefPattern
	// Expression means the field is an Okta EL string that embeds IDs
	// (e.g. isMemberOfAnyGroup("00g…")); refs are replaced inside the text.
	Expression bool
	// TargetField is the target's field whose value the reference stands for
	// when it is not the ID (e.g. an app's credentials.oauthClient.client_id,
	// an IdP key's kid, a scope's name).
	TargetField string
	// Within names an ancestor kind whose subtree holds the target: a rule's
	// scope names refer to scopes of the same authorization server.
	Within string
	// Literals are values that are not references (ALL_CLIENTS, EVERYONE).
	Literals []string
	// TwoPass declares that the edge may close a cycle: the plan creates the
	// referring object without this field and sets it in a later update.
	TwoPass bool
	// DroppedWithTarget means Okta takes the reference out itself when the
	// target is deleted (a role assignment's target app or group): the
	// target's delete does not wait for the referrer. Creates still wait
	// for the target.
	DroppedWithTarget bool
}

// Relation is a relationship Okta keeps outside the object body, read from
// one place and written through a separate endpoint. In a file it is
// relations: {<Name>: ${ref:<path>}}. Relations are applied after both
// objects exist, so they never order kinds (they are two-pass by nature).
type Relation struct {
	Name   string
	Target string
	// ReadFrom is the field of the live body holding the target, as an ID
	// or a URL whose last segment is the ID (e.g. _links.accessPolicy.href).
	ReadFrom string
	// Write sets the relation; it uses {id} and {targetId}.
	Write Endpoint
	// Clear is what removing the relation means; Okta often has no unassign
	// (an app's access policy falls back to the system policy).
	Clear string
}

// ConditionalField is a field path that applies only when the body matches
// When (field path → value or list of values) and, if set, the field's
// string value matches ValuePattern (a regular expression).
type ConditionalField struct {
	Path         string
	When         map[string]any
	ValuePattern string
	// WhenPattern maps other fields' paths to regular expressions their
	// string values must match (e.g. "the app's name is a generated one").
	WhenPattern map[string]string
}

// SecretMode says when a secret placeholder is written.
type SecretMode int

const (
	// SecretIfPresent: Okta returns the value; export writes a placeholder
	// in its place, and nothing when the field is absent.
	SecretIfPresent SecretMode = iota
	// SecretAlways: Okta never returns the value (write-only), so export
	// always writes a placeholder, or apply could not recreate the object.
	// Without When, the placeholder is written only where the field's
	// parent object exists; with When, wherever the body matches When.
	SecretAlways
	// SecretGenerated: Okta generates the value on create; it is never
	// exported and never sent.
	SecretGenerated
)

func (m SecretMode) String() string {
	switch m {
	case SecretIfPresent:
		return "if-present"
	case SecretAlways:
		return "always"
	case SecretGenerated:
		return "generated"
	}
	return "SecretMode(?)"
}

// SecretField is a body field whose value never lands in files.
type SecretField struct {
	Path string
	Mode SecretMode
	// When restricts the field to bodies matching these field values.
	When map[string]any
	// NameFrom, for a field inside the items of an array
	// ("channel.config.headers[].value"), is the item field whose value
	// names each item's placeholder (the header's "key"), so that every
	// item gets a secret of its own.
	NameFrom string
	// Format is what the value holds: text (the default), a JSON object
	// or a PEM block (see SecretFormat).
	Format SecretFormat
}

// ReadScope is the OAuth scope that lets a service app list and get the
// kind's objects (export, plan).
func (k *Kind) ReadScope() string { return "okta." + k.ScopeArea + ".read" }

// ManageScope is the OAuth scope that lets a service app change the kind's
// objects (apply); Okta makes it include ReadScope.
func (k *Kind) ManageScope() string { return "okta." + k.ScopeArea + ".manage" }

// IsTopLevel reports whether the kind has no parent.
func (k *Kind) IsTopLevel() bool { return k.Parent == "" }

// Segments is the number of path segments the kind's local name has.
func (k *Kind) Segments() int {
	if k.Singleton != "" {
		return 1
	}
	if k.NamedBy != nil {
		return 1
	}
	return len(k.SlugFields)
}

// Dir is the directory that holds the kind's objects: the kind name for
// top-level kinds, ChildDir for children.
func (k *Kind) Dir() string {
	if k.Parent == "" {
		return k.Name
	}
	return k.ChildDir
}
