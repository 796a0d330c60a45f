// Package sandbox is an in-memory Okta org that speaks the Management API
// the way the real one does. It is the test double for every other package,
// the org `make demo` runs against, and the target of the benchmarks.
//
// # Model
//
// An Org is a set of tables of raw JSON objects (one table per collection
// and parent), guarded by one mutex: every request is atomic, as Okta
// promises per object. Objects are stored exactly as the API returns them,
// minus `_links`, which are rendered per request because they embed the
// host the client used.
//
// Okta knowledge lives in kind files (kind_*.go), one per kind or family.
// Each registers a module from init(): its endpoints, the system objects
// every org has (seed), what --sample adds, and what --generate builds.
// Most kinds are described by a resource value (resource.go) that the
// generic engine serves: list with Link paging, create with server
// defaults, get, replace (PUT), delete, and the lifecycle endpoints, with
// hooks for validation, preconditions, side effects and sibling priorities.
// Adding a kind means adding one file, not editing a central switch.
//
// The sandbox deliberately does not share oktasync's kind registry
// (internal/model): it carries its own knowledge, written from Okta's spec
// and recorded traffic, so that the client and the emulator cannot agree on
// the same mistake.
//
// # The gate
//
// Every request passes the same gate Okta's edge applies (server.go):
// Date and X-Okta-Request-Id headers; the org concurrency cap and the
// per-bucket per-window limits with X-Rate-Limit-* headers and 429
// E0000047 answers (ratelimit.go, buckets.go); injected faults (500, 503,
// 429, connection resets before or after the change is made); latency with
// jitter; the credentials (the SSWS token, or an OAuth 2.0 access token
// from the org authorization server's token endpoint, kind_oauth.go, which
// must carry the route's okta.*.read/manage scope); the Content-Length
// rule for body-less POST and PUT; then the handler under the org lock. A panic in a handler is a
// 500, never a crash.
//
// GET /_sandbox/stats reports the sandbox's own counters (requests and 429s
// per bucket, per endpoint, peak concurrency), so that a client's claims
// can be checked from the server's side.
package engine
