package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// slugRefNote explains a slug field that holds a reference: its slug is
// the last segment of the referenced object's path.
func slugRefNote(k *model.Kind) string {
	for _, f := range k.SlugFields {
		if r, ok := k.Ref(f); ok {
			return fmt.Sprintf(" (a reference: the file is named after the `%s` object it points to)", r.Target)
		}
	}
	return ""
}

func lifecycleText(lc *model.Lifecycle) string {
	parts := []string{code(lc.Statuses, " or ") + " in `" + lc.StatusField + "`"}
	if lc.Activate != nil && lc.Deactivate != nil {
		parts = append(parts, fmt.Sprintf("changed with `%s %s` and `%s %s`", lc.Activate.Method, lc.Activate.Path, lc.Deactivate.Method, lc.Deactivate.Path))
	}
	switch {
	case lc.CreateActivateParam != "":
		parts = append(parts, fmt.Sprintf("created with `?%s=true` or `?%s=false`", lc.CreateActivateParam, lc.CreateActivateParam))
	case lc.CreatedStatus != "":
		parts = append(parts, "always created "+lc.CreatedStatus+" (the plan adds a lifecycle step when the file says otherwise)")
	}
	if lc.UpdateRequiresInactive {
		parts = append(parts, "must be INACTIVE to be updated (the plan deactivates, updates and reactivates)")
	}
	if lc.DeleteRequiresInactive {
		parts = append(parts, "must be INACTIVE to be deleted (the plan deactivates first)")
	}
	return strings.Join(parts, "; ")
}

func endpointsText(k *model.Kind) string {
	var parts []string
	list := "list `GET " + k.List.Path + "`"
	if len(k.List.Queries) > 0 {
		list += " once per `?" + strings.Join(k.List.Queries, "`, `?") + "`"
	}
	switch {
	case k.List.Singleton:
		list += " (one object)"
	case k.List.Limit > 0:
		list += fmt.Sprintf(" (pages of %d)", k.List.Limit)
	case k.List.Paged:
		list += " (no limit sent; Link paging followed)"
	default:
		list += " (no paging)"
	}
	parts = append(parts, list+listNote(k))
	add := func(what string, e *model.Endpoint) {
		if e == nil {
			return
		}
		s := fmt.Sprintf("%s `%s %s", what, e.Method, e.Path)
		if e.Query != "" {
			s += "?" + e.Query
		}
		parts = append(parts, s+"`")
	}
	add("get", k.Get)
	add("create", k.Create)
	if k.Update != nil {
		mode := "full replace: apply merges the file's fields into the live object"
		if k.UpdateMode == model.UpdatePartial {
			mode = "partial: only changed fields are sent, and `null` removes one"
		}
		add("update", k.Update)
		parts[len(parts)-1] += " (" + mode + ")"
	}
	add("delete", k.Delete)
	if k.Create == nil {
		parts = append(parts, "no create")
	}
	if k.Update == nil && k.Create != nil && k.Delete != nil {
		parts = append(parts, "no update: any change is a replace (delete, then create), which needs `--allow-replace`")
	}
	if k.Delete == nil {
		parts = append(parts, "no delete")
	}
	return strings.Join(parts, "; ")
}

func refTarget(r model.RefField) string {
	switch {
	case len(r.Patterns) > 0:
		return patternTargets(r)
	case r.ByLogin:
		return "users, by login"
	case r.External:
		return "`" + r.Target + "` (not exported)"
	}
	return fmt.Sprintf("[`%s`](#%s)", r.Target, r.Target)
}

func refNotes(r model.RefField) string {
	var notes []string
	switch {
	case len(r.Patterns) > 0:
		notes = append(notes, patternNote)
	case r.ByLogin:
		notes = append(notes, loginNote)
	case r.External:
		notes = append(notes, "stays an ID")
	case r.Expression:
		notes = append(notes, "an Okta expression: the references sit inside the text")
	}
	if r.TargetField != "" {
		notes = append(notes, "stands for the target's `"+r.TargetField+"`, not its ID")
	}
	if r.Within != "" {
		notes = append(notes, "within the same `"+r.Within+"` object")
	}
	if len(r.Literals) > 0 {
		notes = append(notes, "may also be "+code(r.Literals, " or "))
	}
	if r.TwoPass {
		notes = append(notes, "two-pass: a create leaves it out and a second update sets it, so cycles can be planned")
	}
	return strings.Join(notes, "; ")
}

func secretText(s model.SecretField) string {
	var t string
	switch s.Mode {
	case model.SecretIfPresent:
		t = "`${secret:NAME}` where Okta returns a value"
	case model.SecretAlways:
		t = "always `${secret:NAME}` (Okta never returns the value, and apply needs it to create the object)"
	case model.SecretGenerated:
		t = "never written: Okta generates it on create"
	}
	if len(s.When) > 0 {
		t += ", when " + condText(s.When)
	}
	return t + secretFormatText(s)
}

func systemText(s *model.SystemRule) string {
	alts := make([]string, len(s.Match))
	for i, m := range s.Match {
		alts[i] = condText(m)
	}
	if len(s.MatchPattern) > 0 {
		fields := make([]string, 0, len(s.MatchPattern))
		for f := range s.MatchPattern {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		var parts []string
		for _, f := range fields {
			parts = append(parts, fmt.Sprintf("`%s` matches `%s`", f, s.MatchPattern[f]))
		}
		alts = append(alts, strings.Join(parts, " and "))
	}
	role := "the role is `" + s.Role + "`"
	if len(s.RoleFields) > 0 {
		role = "the role is the value of " + code(s.RoleFields, " and ")
		if len(s.RoleFields) > 1 {
			role += ", joined by `/`"
		}
	}
	allowed := "they are updated in place, never created or deleted"
	if s.Allowed == model.SystemReadOnly {
		allowed = "they are exported for reference and never written"
	}
	return fmt.Sprintf("Objects where %s are Okta's own; %s; %s.", strings.Join(alts, ", or "), role, allowed)
}

// condText renders a descriptor condition (field → value or list of values).
func condText(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		switch v := m[k].(type) {
		case []any:
			vals := make([]string, len(v))
			for j, x := range v {
				vals[j] = fmt.Sprint(x)
			}
			parts[i] = fmt.Sprintf("`%s` is one of %s", k, code(vals, ", "))
		default:
			parts[i] = fmt.Sprintf("`%s` is `%v`", k, v)
		}
	}
	return strings.Join(parts, " and ")
}
