// Package conformance holds the sandbox's API tests: every test that
// drives a whole org (sandbox.New) over HTTP. It has no code of its own.
//
// The tests sit in one package so that Okta's official OpenAPI spec, which
// the harness (harness_test.go) loads to validate every response a
// conformanceOrg sees (about 15 s under -race), loads once per test run,
// not once per family. Files are named by family and kind
// (apps_create_test.go, network_zones_test.go, …); *_sdk_test.go drive the
// official Okta Go SDK; gate_test.go covers the request gate (rate limits,
// faults, state); helpers_test.go holds the helpers several families'
// tests share. A family package keeps only unit tests that need neither
// the spec nor a whole org.
package conformance
