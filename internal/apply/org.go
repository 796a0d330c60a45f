package apply

import (
	"context"
	"fmt"
	"net/http"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// OrgPath is where every Okta org says what it is: its ID and its own URL.
// It needs no credentials and no scope.
const OrgPath = "/.well-known/okta-organization"

// ReadOrg returns the binding of the org the client talks to: the org's
// ID and URL as the org reports them, and the URL the client used.
// plan records it; apply compares it with the plan's before anything else
// is sent.
func ReadOrg(ctx context.Context, c Client, clientURL string) (*plan.OrgBinding, error) {
	resp, err := c.Do(ctx, okta.Request{Method: http.MethodGet, Path: OrgPath})
	if err != nil {
		return nil, fmt.Errorf("reading the org's identity (%s): %w", OrgPath, err)
	}
	v, err := model.ParseJSON(resp.Body)
	body, ok := v.(map[string]any)
	if err != nil || !ok {
		return nil, fmt.Errorf("reading the org's identity: %s did not return a JSON object", OrgPath)
	}
	id, _ := body["id"].(string)
	href, _ := model.Lookup(body, "_links.organization.href")
	url, _ := href.(string)
	if id == "" {
		return nil, fmt.Errorf("reading the org's identity: %s has no id", OrgPath)
	}
	if url == "" {
		url = clientURL
	}
	b := &plan.OrgBinding{ID: id, URL: url}
	if clientURL != "" && clientURL != url {
		b.ClientURL = clientURL
	}
	return b, nil
}

// OrgMismatchError is the refusal to apply a plan to an org it was not made
// for.
type OrgMismatchError struct {
	Plan, Org *plan.OrgBinding
}

func (e *OrgMismatchError) Error() string {
	if e.Plan == nil {
		return fmt.Sprintf("apply refused: the plan does not name the org it was made for (it compares two trees, or was made by another tool), "+
			"and this is org %s; plan against the org with `oktasync plan --dir DIR --out plan.json`; nothing was changed", e.Org)
	}
	return fmt.Sprintf("apply refused: the plan was made for org %s; this is org %s; nothing was changed", e.Plan, e.Org)
}

// checkOrg compares the org apply talks to with the plan's.
func checkOrg(p *plan.Plan, org *plan.OrgBinding) error {
	if p.Org == nil || !p.Org.Same(org) {
		return &OrgMismatchError{Plan: p.Org, Org: org}
	}
	return nil
}
