// Package lint holds checks over the whole repository that no single
// package owns. It has no code of its own, only tests, so that `make test`
// runs them and nothing links them:
//
//   - kind names (kindnames_test.go): no non-test Go file outside the kind
//     descriptors (internal/model/kinds_*.go), the sandbox and
//     internal/synthetic names a kind. Kinds are data; an engine, a command
//     or a script that names one holds a per-kind fact that the descriptor
//     should own.
//   - scope lists (scopes_test.go): every full list of Okta API scopes in
//     the docs, the workflow templates `oktasync init` writes and the
//     example workflows is the registry's (model.Registry.ReadScopes or
//     ManageScopes), so that a kind with a new scope area fails the tests
//     until the lists name it. `go test ./internal/lint -update` rewrites
//     the lists, and the counts of scopes next to them, in place.
//   - the binary's modules (binarydeps_test.go): `oktasync` links only the
//     modules chosen for it and what they bring; Okta's SDK, kin-openapi and
//     go-cmp stay in tests and the bench. golangci-lint (`make lint`,
//     .golangci.yml) holds the repository as a whole to the same list with
//     gomodguard_v2, and runs exhaustive (every switch over an enum names
//     every value, or says what a default means), errorlint and the
//     standard linters.
package lint
