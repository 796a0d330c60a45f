// Package okta is oktasync's HTTP client for the Okta Management API. It
// knows how to reach an org and how to behave there; it knows nothing about
// kinds of objects. Bodies go in and come out as raw JSON, because Okta adds
// properties and changes their types between versions, and a client that
// decoded into fixed structs would silently drop what it does not know.
//
// # Configuration
//
// LoadConfig follows the Okta SDKs: ~/.okta/okta.yaml, then ./.okta/okta.yaml
// and ./okta.yaml, then OKTA_CLIENT_* variables, then flags, each later source
// overriding the earlier ones field by field. Every source is passed in
// explicitly (ConfigSources), so tests never read the real environment.
// The org URL must be https; plain http is accepted only for loopback hosts,
// which is how the sandbox is reached. Config masks the token and private key
// in every printed or logged form.
//
// # A request's life
//
// Do resolves the path against the org URL (an absolute URL, as found in a
// Link header, is used verbatim but only on the org's own host, so that our
// credentials never travel elsewhere), then loops over attempts:
//
//  1. get a credential (for OAuth, possibly fetching a token first, before
//     taking any rate-limit room);
//  2. wait for the governor to admit the request to its rate-limit bucket and
//     to one of MaxInFlight global slots (when requests wait for one, the
//     request of the bucket with the smallest limit goes first: slots.go);
//  3. build the HTTP request with fresh credentials (a new DPoP proof per
//     attempt) and the headers Okta insists on: Accept and Content-Type
//     application/json, User-Agent oktasync/<Version>, Content-Length: 0 on a
//     body-less POST or PUT;
//  4. send, read the body, and let the governor learn from the
//     X-Rate-Limit-* headers;
//  5. on failure, decide whether to retry (see below) and wait.
//
// List pages through a collection by following Link rel="next" URLs exactly
// as given; it never builds a cursor.
//
// # The rate governor
//
// Okta limits each org per minute and per bucket (a method and path pattern:
// /api/v1/apps, /api/v1/groups/{id}, ...), and separately caps concurrent
// requests. BucketFor (buckets.go) maps every request to its bucket before
// it is sent; it also maps endpoint templates (/api/v1/groups/{id}), so that
// apply's scheduler, which caps the steps in flight per bucket, and the
// governor agree on what a bucket is.
// For each bucket the governor keeps the limit, remaining and reset that the
// latest window's responses reported, and the requests it has in flight.
// A request may go only if (limit - remaining) + in-flight + 1 stays within
// MaxCapacity percent of the limit; otherwise it waits, on a timer, until the
// window resets. The reset instant is X-Rate-Limit-Reset on the server's
// clock, converted to our monotonic clock with the server clock's offset,
// which the Date headers bound (serverclock.go): aimed at the latest instant
// the reset can be, so a skewed local clock does not matter and a window is
// never entered early, yet opened milliseconds rather than up to a second
// late (Date has whole seconds). Responses from
// an older window are ignored and, within a window, the lowest remaining
// wins, since parallel responses arrive out of order (the Terraform
// provider's rules). Until a bucket has answered once, only one request is
// let into it, so that a burst at start-up cannot overrun a small bucket
// whose size we have not read yet.
//
// A 429 means Okta did nothing, so it is always retried, after waiting until
// the reset (again from Date) plus jitter; without those headers the client
// backs off exponentially. Okta reports a concurrency violation with the same
// headers, so both kinds are handled alike. Stats counts calls, 429s and
// waits per bucket, and an Observer hears each wait as it starts (a
// WaitEvent: the bucket, why, and when it ends), so a progress display can
// say what it is waiting for.
//
// # Retries
//
// 5xx (except 501) and transport errors may hide a request that was carried
// out, so they are retried only for idempotent requests (GET, PUT, DELETE by
// default), with exponential back-off and jitter. A POST that failed that
// way is returned to the caller: IsTransient tells the apply engine to look
// the object up before trying again, so that no retry creates a duplicate.
// Errors are *APIError (status, Okta errorCode and errorSummary, request id)
// or *TransportError; callers branch on ErrorCode and status only.
//
// # Authentication
//
// SSWS mode sends "Authorization: SSWS <token>". PrivateKey mode runs the
// OAuth 2.0 client-credentials grant against {org}/oauth2/v1/token,
// authenticated with a JWT signed by the service app's key (RFC 7523), and
// caches the access token until shortly before it expires. If the app
// requires DPoP (RFC 9449), the token endpoint says so ("invalid_dpop_proof",
// "use_dpop_nonce") and the client switches to DPoP: it generates one
// ephemeral key per client and sends a fresh proof, bound to the access
// token's hash, with every attempt, answering nonce challenges once.
//
// JOSE (JWK parsing, JWS signing, JWT claims) is done with
// github.com/go-jose/go-jose/v4 rather than by hand. Signing tokens that an
// identity provider will check is easy to get subtly wrong (algorithm
// confusion, ECDSA signature encoding, key parsing, header contents) and
// go-jose is widely used, maintained, and what Okta's own Go SDK builds on.
//
// Secrets never leave memory in clear: no error, log line, or printed value
// of Config, Client or a credential contains the token, the client
// assertion, an access token, or a private key. Token request parameters go
// in the form body, not the URL, so they cannot appear in an error that
// quotes the URL either.
package okta
