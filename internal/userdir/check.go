package userdir

import (
	"context"
	"fmt"

	"github.com/oktasync/oktasync/internal/model"
)

// MissingHint is the hint of every "no such user" problem.
const MissingHint = "oktasync never creates users: create the user in the org (or fix the login), then plan again"

// Check looks up every login a tree names (${user:<login>}) and returns an
// error problem, at the file and line of each use, for every login the org
// does not have. It is what plan runs against an org before it plans, so
// that a tree naming a missing user stops before anything is written.
func (d *Directory) Check(ctx context.Context, s *model.Snapshot) ([]model.Problem, error) {
	type use struct {
		o   *model.Object
		ptr string
	}
	uses := map[string][]use{}
	var logins []string
	for _, o := range s.Objects() {
		model.WalkStrings(o.Body, func(ptr, str string) {
			for _, l := range model.LoginsIn(str) {
				if _, seen := uses[l]; !seen {
					logins = append(logins, l)
				}
				uses[l] = append(uses[l], use{o, ptr})
			}
		})
	}
	if len(logins) == 0 {
		return nil, nil
	}
	_, missing, err := d.LookupAll(ctx, logins)
	if err != nil {
		return nil, err
	}
	var out []model.Problem
	for _, l := range missing {
		for _, u := range uses[l] {
			out = append(out, model.Problem{File: u.o.File(), Line: u.o.BodyLine(u.ptr), Severity: model.SeverityError,
				Message: fmt.Sprintf("user %s does not exist in this org", l), Hint: MissingHint})
		}
	}
	model.SortProblems(out)
	return out, nil
}
