// Package hooks emulates event hooks (eventhooks.go) and inline hooks
// (inlinehooks.go), with verification, lifecycle and Okta's per-org limit
// on inline hooks. Samples sit in <kind>_sample.go.
//
// Tables owned: inlineHooks (shared by name, see engine/tables.go: apps,
// policies and authorization servers name inline hooks), eventHooks.
// Phase 10. InlineHookTypes and InlineHookMax are exported for the
// conformance tests (internal/sandbox/conformance, hooks_*_test.go).
package hooks
