// Package org emulates the org-level endpoints that belong to no kind:
// GET /.well-known/okta-organization (wellknown.go), which clients read
// without a token to learn the org's id and pipeline. Org-wide settings
// endpoints join it here.
package org
