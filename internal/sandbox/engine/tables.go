package engine

// Table names that more than one family uses: the contract between the
// families. A family owns the tables of its kinds (it defines the resource
// and writes the objects); another family may read them through the Org's
// table API (Get, List, Find, Parents, Table) by these names, and reacts
// to their deletion with a Module.OnDelete hook keyed by them. Families
// never import each other, so these names are all they share.
//
// Renaming a table breaks the families that read it and the state files
// orgs were saved in. A table only its owner touches keeps a plain string
// in the owner's package; it joins this list when a second family needs it.
const (
	// Directory family.
	// TableGroups: top-level, id 00g…; profile.name is unique. The apps
	// family adds the APP_GROUPs group push mappings create (type
	// APP_GROUP, source.id = the app) and removes them with their app.
	TableGroups    = "groups"
	TableUsers     = "users"     // top-level, id 00u…; Org.AdminID is one
	TableUserTypes = "userTypes" // top-level, id oty…; `default` marks the default type
	// TableGroupMembers: per group (parent = group id), {id: userId} per
	// member in join order.
	TableGroupMembers = "groupMembers"

	// Apps family.
	TableApps            = "apps"            // top-level, id 0oa…
	TableAppGrants       = "appGrants"       // per app (parent = app id): scope consent grants, scopeId and status
	TableAppAccessPolicy = "appAccessPolicy" // keyed by app id: {id, policyId}, the app's ACCESS_POLICY
	// TableAppProfileEnrollment: keyed by app id, {id, policyId}, the
	// app's PROFILE_ENROLLMENT policy when it is not the system one.
	TableAppProfileEnrollment = "appProfileEnrollment"

	// Policies family.
	TablePolicies    = "policies"    // top-level, all policy types
	TablePolicyRules = "policyRules" // per policy (parent = policy id)

	// Directory family (read by policies: a profile enrollment rule's form).
	TableUISchemas = "uiSchemas" // top-level, id uis…

	// Security family (read by policies: sign-on rules name behaviors,
	// access policy rules device assurance policies).
	TableBehaviors        = "behaviors"        // top-level, id bhv…; name is unique
	TableDeviceAssurances = "deviceAssurances" // top-level, id dae…

	// Other families.
	TableIdPs           = "idps"           // idps
	TableInlineHooks    = "inlineHooks"    // hooks
	TableZones          = "zones"          // network
	TableAuthenticators = "authenticators" // authenticators
	TableAuthServers    = "authServers"    // authservers: custom authorization servers, id aus…

	// Operations family (read by the org family: an SSWS_TOKEN principal
	// rate limit names an API token).
	TableAPITokens = "apiTokens" // top-level, id 00T…: API token metadata
)
