// Package engine is the sandbox's core: an in-memory Okta org, the gate
// every request passes, and the generic machinery the kind families build
// on. It knows no kind; the families (internal/sandbox/directory, apps,
// policies, …) register their kinds with it, and internal/sandbox imports
// them all so that sandbox.New serves a whole org.
//
// # Model
//
// An Org is a set of tables of raw JSON objects (one table per collection
// and parent), guarded by one mutex: every request is atomic, as Okta
// promises per object. Objects are stored exactly as the API returns them,
// minus `_links`, which are rendered per request because they embed the
// host the client used.
//
// # What a family uses
//
// A family registers one Module per kind from init() with Register: its
// endpoints (Routes), the system objects every org has (Seed), what
// --sample adds (Sample), what --generate builds (Generate), its phase in
// the build order, and OnDelete hooks for side effects on its own data
// when another family's object is deleted. Most kinds are a Resource
// value the engine serves: list with Link paging (PageSpec), create with
// server defaults, get, replace, delete and the lifecycle endpoints, with
// hooks for validation (Prepare), side objects (AfterCreate), refusals
// (BeforeDelete, BeforeStatus), cascades (AfterDelete), list filters
// (Filter, with FilterList and MatchFilter) and extra _links (Links). A
// kind with unusual endpoints adds them with Router.Handle next to its
// resource.
//
// A handler gets a Call: the org (Call.Org, locked for the call, with
// Get, Put, List, Find, Remove, Parents, DropTable, NewID, Timestamp),
// the request's path parameters, query and JSON body, and the base URL
// for _links. It answers with a Reply (OK, Created, NoContent, Fail; Raw
// bytes for the few non-JSON answers, SAML metadata) and
// fails with an APIError (ErrValidation, ErrMalformed, ErrNotFound,
// ErrBadRequest, NewError) carrying Okta's status and error code. Obj is
// a stored object; Str, At, Set, SetDefault, Del, BoolAt, IntAt and
// StringsAt read and write it by dotted path.
//
// Families never import each other. They share only table names
// (tables.go): a family reads another's objects through the Org by table
// name, and reacts to their deletion through Module.OnDelete.
//
// # The gate
//
// Every request passes the same gate Okta's edge applies (server.go):
// Date and X-Okta-Request-Id headers; the org concurrency cap and the
// per-bucket per-window limits with X-Rate-Limit-* headers and 429
// E0000047 answers (ratelimit.go, buckets.go); injected faults (500, 503,
// 429, connection resets before or after the change is made); latency with
// jitter; the credentials (the SSWS token, or an OAuth 2.0 access token
// from the org authorization server's token endpoint, oauth.go, which
// must carry the route's okta.*.read/manage scope); the Content-Length
// rule for body-less POST and PUT; then the handler under the org lock. A
// panic in a handler is a 500, never a crash. The token endpoint belongs
// to the engine because it is the org's auth gate; it reads the apps
// family's apps and appGrants tables by name.
//
// GET /_sandbox/stats reports the sandbox's own counters (requests and 429s
// per bucket, per endpoint, peak concurrency), so that a client's claims
// can be checked from the server's side.
//
// # The System Log
//
// Every write a client makes is recorded as the LogEvent Okta records for
// it (syslog.go) and served at GET /api/v1/logs with Okta's parameters,
// paging and polling next link (syslog_api.go). A Resource's Events names
// its target type and the event type of each generic write, so the
// engine's create, replace, delete and lifecycle paths log by themselves;
// a family's own handlers call Call.Emit once per change. Events of a call
// are committed only when it succeeds, and the sandbox's own calls
// (seeding, samples, Internal side objects) log nothing. The
// X-Sandbox-Actor header attributes a change to another admin, as if made
// in the Admin Console, so that tests can act as a person.
//
// certs.go makes the Okta-shaped signing certificates the apps and idps
// families hand out.
//
// The sandbox deliberately does not share oktasync's kind registry
// (internal/model): it carries its own knowledge, written from Okta's spec
// and recorded traffic, so that the client and the emulator cannot agree on
// the same mistake.
package engine
