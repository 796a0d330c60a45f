package apply

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// dropMade deletes the objects Okta made with this run's create of the
// step's object (Kind.Makes, recorded by create) once this update has
// moved the object off them: a custom domain created with a brand of
// Okta's own, now pointing at the file's brand. The value the object now
// names comes from the update's answer, else from what was sent. An
// object still named (the update did not touch the field) is kept for a
// later update of the same run.
func (e *executor) dropMade(ctx context.Context, s *plan.Step, k *model.Kind, sent, answer map[string]any, r *StepResult) error {
	v, ok := e.made.Load(s.Path)
	if !ok {
		return nil
	}
	made := v.(map[string]string)
	var done []string
	for _, m := range k.Makes {
		id := made[m.Field]
		if id == "" {
			continue
		}
		now, found := model.Lookup(answer, m.Field)
		if !found {
			now, found = model.Lookup(sent, m.Field)
		}
		if s, isStr := now.(string); !found || !isStr || s == "" || s == id {
			continue
		}
		t, ok := e.reg.Kind(m.Kind)
		if !ok || t.Delete == nil {
			continue // the registry refuses such a descriptor
		}
		path := strings.ReplaceAll(t.Delete.Path, "{id}", url.PathEscape(id))
		err := e.retry(ctx, r, func() error {
			_, err := e.c.Do(ctx, okta.Request{Method: t.Delete.Method, Path: path})
			if okta.IsNotFound(err) {
				return nil
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("%s is set, but the %s Okta made with it (%s) could not be deleted: %w; the next plan shows it as a delete",
				s.Path, strings.ToLower(t.Title), id, err)
		}
		delete(made, m.Field)
		done = append(done, fmt.Sprintf("%s %s", strings.ToLower(t.Title), id))
	}
	if len(done) > 0 {
		sort.Strings(done)
		if r.Reason != "" {
			r.Reason += "; "
		}
		r.Reason += "deleted what Okta made with its create: " + strings.Join(done, ", ")
	}
	return nil
}
