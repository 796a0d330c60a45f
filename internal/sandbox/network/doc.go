// Package network emulates network zones (zones.go: the system zones
// every org has, IP and dynamic zones) and trusted origins
// (trustedorigins.go). Seeds and samples sit in <kind>_seed.go and
// <kind>_sample.go.
//
// Tables owned: zones (shared by name, see engine/tables.go),
// trustedOrigins, zoneExempt. Read from other families: policies and
// policyRules (a zone in use can't be deleted). Phase 10. Tests:
// internal/sandbox/conformance, network_*_test.go.
package network
