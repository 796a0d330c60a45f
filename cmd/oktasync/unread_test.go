package main

import (
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/export"
)

// TestUnreadKinds: a plan (or an apply's stale check) that involves a kind
// the credentials may not read is refused, naming the kind and the scope;
// one that does not involve it goes on.
func TestUnreadKinds(t *testing.T) {
	res := &export.Result{Skipped: map[string]string{"custom-admin-roles": "okta.roles.read", "resource-sets": "okta.roles.read"}}
	err := unreadKinds(res, func(kind string) bool { return kind == "resource-sets" })
	if err == nil || !strings.Contains(err.Error(), "resource-sets (needs okta.roles.read)") || strings.Contains(err.Error(), "custom-admin-roles") {
		t.Errorf("err = %v", err)
	}
	if err := unreadKinds(res, func(string) bool { return false }); err != nil {
		t.Errorf("a run without the skipped kinds was refused: %v", err)
	}
	// Under OAuth, export skips the kinds only an API token reaches
	// (Kind.APITokenOnly); a tree that holds one is refused the same way.
	oauth := &export.Result{Skipped: map[string]string{"security-notification-emails": export.TokenOnlyReason}}
	err = unreadKinds(oauth, func(kind string) bool { return kind == "security-notification-emails" })
	if err == nil || !strings.Contains(err.Error(), "security-notification-emails (needs an API token (SSWS)") {
		t.Errorf("a tree with an API-token-only kind under OAuth: err = %v", err)
	}
	if err := unreadKinds(&export.Result{}, func(string) bool { return true }); err != nil {
		t.Errorf("nothing skipped, but refused: %v", err)
	}
}
