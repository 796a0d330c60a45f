package apply

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/userdir"
)

// orgValues are what a plan's ${org:…} and ${user:…} placeholders stand
// for in the target org, resolved once before the first write (see
// resolveOrgValues): the org's own parts by name, and users' IDs by login.
type orgValues struct {
	parts map[string]string
	users map[string]string // login → ID
}

// placeholderUse is one ${user:…} or ${org:…} in a step, for messages.
type placeholderUse struct {
	step, where string
}

// resolveOrgValues looks up, before anything is written, every login the
// plan names and, when the plan holds ${org:…}, the org's ID, URL and ORN
// partition. A login the org does not have refuses the run, naming the
// object's file, the field and the login: oktasync never creates users.
func resolveOrgValues(ctx context.Context, c Client, reg *model.Registry, p *plan.Plan) (*orgValues, error) {
	logins := map[string][]placeholderUse{}
	parts := map[string]bool{}
	for _, s := range p.Steps {
		visit := func(prefix string, v any) {
			model.WalkStrings(v, func(ptr, str string) {
				for _, l := range model.LoginsIn(str) {
					logins[l] = append(logins[l], placeholderUse{step: s.Path, where: model.DisplayPointer(prefix + ptr)})
				}
				for _, o := range model.OrgPartsIn(str) {
					parts[o] = true
				}
			})
		}
		visit("", s.Body)
		for i, it := range s.Items {
			visit("/"+it.Set+"/"+strconv.Itoa(i), it.Item)
		}
	}
	// Objects found by identity (Target.Identity: an admin user) need
	// their user too.
	for path, t := range p.Targets {
		for _, l := range model.LoginsIn(t.Identity) {
			logins[l] = append(logins[l], placeholderUse{step: path, where: model.DisplayPointer("/user")})
		}
	}
	out := &orgValues{}
	if len(logins) > 0 {
		names := make([]string, 0, len(logins))
		for l := range logins {
			names = append(names, l)
		}
		users, missing, err := userdir.New(c, reg.Users()).LookupAll(ctx, names)
		if err != nil {
			return nil, err
		}
		if len(missing) > 0 {
			var msgs []string
			for _, l := range missing {
				for _, u := range logins[l] {
					msgs = append(msgs, fmt.Sprintf("%s.yaml (%s at %s): user %s does not exist in this org", u.step, u.step, u.where, l))
				}
			}
			sort.Strings(msgs)
			return nil, fmt.Errorf("%s; %s", strings.Join(msgs, "; "), userdir.MissingHint)
		}
		out.users = map[string]string{}
		for l, u := range users {
			out.users[l] = u.ID
		}
	}
	if len(parts) > 0 {
		var err error
		if out.parts, err = orgParts(ctx, c, reg.OrgIdentity()); err != nil {
			return nil, fmt.Errorf("reading the org's ID, URL and ORN partition for ${org:…}: %w", err)
		}
	}
	return out, nil
}

// orgParts reads the org's ID and URL from its well-known document, and
// its ORN partition from an object that carries an ORN.
func orgParts(ctx context.Context, c Client, id model.OrgIdentity) (map[string]string, error) {
	resp, err := c.Do(ctx, okta.Request{Method: id.WellKnown.Method, Path: id.WellKnown.Path})
	if err != nil {
		return nil, err
	}
	doc, err := objectBody(resp)
	if err != nil || doc == nil {
		return nil, fmt.Errorf("%s: %w", id.WellKnown.Path, orNoBody(err))
	}
	orgID, _ := model.Lookup(doc, id.IDField)
	orgURL, _ := model.Lookup(doc, id.URLField)
	out := map[string]string{model.OrgID: fmt.Sprint(orgID), model.OrgURL: strings.TrimSuffix(fmt.Sprint(orgURL), "/")}
	if orgID == nil || orgURL == nil {
		return nil, fmt.Errorf("%s has no %s or %s", id.WellKnown.Path, id.IDField, id.URLField)
	}
	q := url.Values{}
	if id.PartitionFrom.Limit > 0 {
		q.Set("limit", strconv.Itoa(id.PartitionFrom.Limit))
	}
	resp, err = c.Do(ctx, okta.Request{Method: "GET", Path: id.PartitionFrom.Path, Query: q})
	if err != nil {
		return nil, err
	}
	v, err := model.ParseJSON(resp.Body)
	list, _ := v.([]any)
	if err != nil || len(list) == 0 {
		return nil, fmt.Errorf("%s lists nothing to read the ORN partition from", id.PartitionFrom.Path)
	}
	first, _ := list[0].(map[string]any)
	orn, _ := model.Lookup(first, id.PartitionField)
	segs := strings.Split(fmt.Sprint(orn), ":")
	if len(segs) < 3 || segs[0] != "orn" || segs[1] == "" {
		return nil, fmt.Errorf("%s: %q is not an ORN", id.PartitionFrom.Path, orn)
	}
	out[model.OrgPartition] = segs[1]
	return out, nil
}
