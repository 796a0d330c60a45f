// Package sandbox is an in-memory Okta org that speaks the Management API
// the way the real one does. It is the test double for every other package,
// the org `make demo` runs against, and the target of the benchmarks.
//
// This package is the public entry point (New, Options, Server, Tier*,
// ParseFaults, ParseGenerate, Fault*): it re-exports the core and imports
// every kind family, so that New always serves a whole org. The code
// lives below it:
//
//   - engine: the core (server and gate, router, resource engine, paging,
//     rate limits, faults, state, errors, the OAuth token endpoint, the
//     module registry and the table names families share); see its
//     package documentation for the model;
//   - one package per family of kinds, each registering its kinds with
//     the engine from init(): directory, apps, policies, authservers, idps,
//     network, authenticators, hooks, customization, org. Families never
//     import each other;
//   - conformance: the API tests of a whole org, validated against Okta's
//     official OpenAPI spec and driven with the official SDK.
//
// A reader finds a kind's emulation in its family's folder; adding a kind
// is described in docs/adding-a-kind.md ("The sandbox side").
package sandbox
