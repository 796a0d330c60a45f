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
package lint
