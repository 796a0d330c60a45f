// Package doctor checks, before anything runs, that oktasync can do its job
// against an org, and says how to fix what is wrong. It backs
// `oktasync doctor`, which a first-time user runs after creating
// credentials, and which CI can run before a plan or an apply.
//
// # Checks
//
// The checks run in order, each producing one line (PASS, WARN, FAIL, or
// SKIP when an earlier failure makes it meaningless) and, when it does not
// pass, a fix. PASS means the check ran and found nothing wrong: a check
// that could not run (the org would not answer the read it needs) is a
// SKIP or a WARN that gives the reason, never a PASS.
//
//  1. configuration: okta.LoadConfig finds an org URL and credentials (an
//     API token, or a service app's client id, scopes and private key), and
//     the URL obeys the HTTPS rule.
//  2. org: GET /.well-known/okta-organization answers without credentials,
//     and its pipeline says Identity Engine ("idx"). A Classic org ("v1")
//     is a warning: access and profile-enrollment policies and
//     authenticators need Identity Engine.
//  3. credentials: for an API token, GET /api/v1/users/me; for a service
//     app, the token request itself and then a read the requested scopes
//     allow. A service app that authenticates but is refused a scope
//     passes here: the scopes check says which one.
//  4. scopes: the Okta API scopes export and plan need (okta.<area>.read
//     for every kind in the registry) and apply needs (okta.<area>.manage,
//     which includes read). Each kind's descriptor names its scope area
//     (model.Kind.ScopeArea), and the tests check every endpoint of every
//     descriptor against the sandbox's per-endpoint scopes. Each missing
//     scope is a FAIL line naming it, and whether it must be granted to the
//     app, added to OKTA_CLIENT_SCOPES, or both. An API token has no
//     scopes; it acts with its admin's roles, which are listed when the org
//     answers; when it does not, the line is a WARN quoting the answer.
//  5. rate limit: the X-Rate-Limit-* headers of a read in the shared
//     /api/v1 bucket; less than 20% left in the window is a warning.
//
// # Probes
//
// The reads of checks 3 and 5 are derived from the registry, one per scope
// area: the list endpoint of the area's top-level kind, asking for one
// object (probes). Those that okta.BucketFor charges to the shared /api/v1
// bucket come first, so that a probe spends neither the small apps bucket
// nor the users bucket. An org that lacks an area (401 E0000015: the SKU
// has no API Access Management, say) says nothing about the credentials,
// so the next probe is read instead.
//
// # Finding granted scopes
//
// Okta's org authorization server refuses a whole token request when any
// requested scope is not granted to the app (invalid_scope), and the
// client does not expose the token response's scope. So the doctor learns
// grants the way a client experiences them: a token request that succeeds
// proves every requested scope granted; after an invalid_scope, and for a
// needed scope that was not requested, it requests that one scope alone.
// Those probes happen only when something is missing, so a healthy setup
// costs one token request.
//
// # What it never does
//
// It never writes to the org, never retries (each answer is reported as it
// came, including a 429), and never prints a token, an assertion or a key:
// details quote the client's errors, which are built to leave credentials
// out.
package doctor
