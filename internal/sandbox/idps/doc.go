// Package idps emulates identity providers (idps.go: SAML, OIDC and
// social), the IdP signing key credentials they trust (keys.go) and the
// SAML service-provider metadata Okta publishes for a SAML IdP
// (metadata.go). Samples sit in idps_sample.go and keys_sample.go.
//
// Tables owned: idps (shared by name, see engine/tables.go), idpKeys,
// idpSPKeys (the org's SP certificate, made on first use). Read from
// other families: groups (JIT group provisioning). Phases: idp-keys 10,
// idps 25, idp-metadata 26.
//
// The sample certificates (SampleCerts, CertAcme, CertFabrikam) and the
// body builders OIDCBody, SAMLBody and SocialBody are exported for the
// conformance tests (internal/sandbox/conformance, idps_*_test.go).
package idps
