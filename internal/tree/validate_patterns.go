package tree

import (
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// patternField records the checks of a reference field whose values are
// ORNs or URLs (model.RefPattern): a value that holds a placeholder must
// have one of the field's forms exactly, its reference must name an object
// of the form's kind (or a user by login where the form holds users), and
// an ID left in it is a warning, as elsewhere. A value of no known form with no
// placeholder is kept as written, with a warning: its org-specific parts
// are not rewritten for another org.
func (r *crossRecorder) patternField(o *model.Object, rf *model.RefField) {
	for _, m := range model.Find(o.Body, rf.Path) {
		s, ok := m.Value.(string)
		if !ok {
			continue
		}
		ptr := "/body" + m.Pointer // its line is looked up only for a problem
		phs, err := model.ScanPlaceholders(s)
		if err != nil {
			continue // reported by placeholders
		}
		var form *model.RefPattern
		var id string
		for i, p := range rf.Patterns {
			if got, ok := p.MatchFile(s); ok {
				form, id = &rf.Patterns[i], got
				break
			}
		}
		if form == nil {
			if len(phs) > 0 {
				r.problem(ptr, model.SeverityError, fmt.Sprintf("%s: %q has none of the forms this field takes", rf.Path, s),
					"write one of "+model.Templates(rf.Patterns)+", with ${org:partition}, ${org:id} and ${org:url} for the org's parts and a reference for {id}")
				continue
			}
			r.problem(ptr, model.SeverityWarning, fmt.Sprintf("%s: %q has none of the forms oktasync knows, so it is kept as written and its org-specific parts are not rewritten", rf.Path, s),
				"known forms: "+model.Templates(rf.Patterns))
			continue
		}
		if id == "" {
			continue
		}
		p, isPlaceholder := model.ParsePlaceholder(id)
		switch {
		case isPlaceholder && p.Type == model.PlaceholderUser && !form.ByLogin:
			r.problem(ptr, model.SeverityError, fmt.Sprintf("%s: the form %s names a %s, not a user", rf.Path, form.Template, form.Target),
				"write ${ref:<path>} of the object")
		case isPlaceholder && p.Type == model.PlaceholderRef && form.ByLogin:
			r.problem(ptr, model.SeverityError, fmt.Sprintf("%s: the form %s names a user, which is not in the tree", rf.Path, form.Template),
				"write the user's login as ${user:<login>}")
		case isPlaceholder && p.Type == model.PlaceholderRef:
			r.add(crossCheck{op: crossTarget, ptr: ptr, target: p.Value, rf: &model.RefField{Path: rf.Path, Target: form.Target}})
		case !isPlaceholder:
			r.outside(model.RefField{Path: rf.Path, Target: form.Target, External: form.ByLogin, ByLogin: form.ByLogin}, id, ptr)
		}
	}
}

// orgAndUserTokens reports ${org:…} and ${user:…} placeholders outside the
// fields whose descriptor declares them: the org's parts belong in ORN and
// URL forms, and logins in fields that hold users. Anywhere else they
// would be sent as written, or compared with what the org holds and never
// match.
func (v *validator) orgAndUserTokens(o *model.Object, k *model.Kind) {
	allowed := map[string]bool{}
	for _, rf := range k.Refs {
		if len(rf.Patterns) == 0 && !rf.ByLogin {
			continue
		}
		for _, m := range model.Find(o.Body, rf.Path) {
			allowed[m.Pointer] = true
		}
	}
	model.WalkStrings(o.Body, func(ptr, s string) {
		if allowed[ptr] || (!strings.Contains(s, "${org:") && !strings.Contains(s, "${user:")) {
			return
		}
		orgs, users := model.OrgPartsIn(s), model.LoginsIn(s)
		if len(orgs) == 0 && len(users) == 0 {
			return
		}
		what := "${org:…}"
		if len(users) > 0 {
			what = "${user:…}"
		}
		v.add(o, o.Line("/body"+ptr), model.SeverityError,
			fmt.Sprintf("%s is not a field that holds ORNs, URLs or users, so it cannot hold %s", model.DisplayPointer(ptr), what),
			"write the value itself, or $${ for a literal ${")
	})
}
