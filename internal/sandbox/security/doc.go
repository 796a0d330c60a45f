// Package security emulates the org's sign-in security configuration
// outside policies: behavior detection rules (behaviors.go), device
// assurance policies (deviceassurance.go), ThreatInsight (threatinsight.go),
// user lockout settings (lockout.go), CAPTCHA instances and the org-wide
// CAPTCHA settings (captchas.go). The policies that use them live in the
// policies family; the enrollment forms (UI schemas) in the directory
// family, next to the user schemas whose attributes they lay out.
//
// Tables owned: behaviors and deviceAssurances (shared by name, see
// engine/tables.go: sign-on and access policy rules name them),
// threatInsight, userLockoutSettings, captchas, orgCaptcha. Read from other
// families: zones (ThreatInsight's excluded zones), policyRules (a device
// assurance policy a rule uses can't be deleted). Phase 22: after zones,
// before policies.
//
// Singletons (ThreatInsight, lockout, org CAPTCHA) are one object under a
// fixed id in a table of their own, rendered by hand-written handlers.
package security
