package tree

import (
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// The checks in this file catch input that Okta refuses, or that does harm
// once written, at its file and line, before anything is sent: without
// them the run fails halfway (a partial apply) or, worse, succeeds.

// text reports control characters (errors), invisible characters and
// look-alike letters in names (warnings), in keys and values alike.
func (v *validator) text(o *model.Object, k *model.Kind) {
	k.CheckBodyText(o.Body, func(ptr string, is model.TextIssue) {
		if is.Error {
			v.add(o, o.BodyLine(ptr), model.SeverityError, is.Message, "remove the character: Okta refuses it or stores something else than what the file shows")
			return
		}
		v.add(o, o.BodyLine(ptr), model.SeverityWarning, is.Message,
			"check that this is what you mean; plans show such characters escaped so that reviewers see them")
	})
}

// secretPlacement refuses ${secret:NAME} outside the fields the kind
// declares secret. Anywhere else the value would be stored in a field Okta
// returns in clear (a description, a URL), and the next export or backup
// would write the secret into a file.
func (v *validator) secretPlacement(o *model.Object, k *model.Kind) {
	allowed := map[string]bool{}
	for _, sf := range k.Secrets {
		for _, m := range model.Find(o.Body, sf.Path) {
			allowed[m.Pointer] = true
		}
	}
	model.WalkStrings(o.Body, func(ptr, s string) {
		if !strings.Contains(s, "${secret:") || allowed[ptr] {
			return
		}
		ps, err := model.ScanPlaceholders(s)
		if err != nil {
			return // reported by placeholders
		}
		for _, p := range ps {
			if p.Type != model.PlaceholderSecret {
				continue
			}
			hint := k.Name + " objects have no secret fields; write the value itself, or a ${var:NAME} if it differs between orgs"
			if len(k.Secrets) > 0 {
				paths := make([]string, len(k.Secrets))
				for i, sf := range k.Secrets {
					paths[i] = sf.Path
				}
				hint = "secrets go only in " + strings.Join(paths, ", ") + "; elsewhere use a ${var:NAME}"
			}
			v.add(o, o.BodyLine(ptr), model.SeverityError,
				fmt.Sprintf("%s is not a secret field of %s, so %s would be stored in clear (and written into the next export and backup)",
					model.DisplayPointer(ptr), k.Name, p), hint)
			return
		}
	})
}

// reservedIdentity refuses an object that takes an identity Okta keeps
// for a system object (a group named Everyone) or the apply lock's marker.
// The system object may be missing from the tree; Okta still refuses.
func (v *validator) reservedIdentity(o *model.Object, k *model.Kind) {
	if o.Role != "" || len(k.Identity) == 0 {
		return
	}
	id, ok := k.IdentityOf(o.Body)
	if !ok {
		return
	}
	ptr := "/body"
	if ms := model.Find(o.Body, k.Identity[0]); len(ms) > 0 {
		ptr += ms[0].Pointer
	}
	if k.System != nil {
		for _, name := range k.System.Identities {
			if want, _ := k.IdentityOf(identityBody(k, name)); want == id {
				v.add(o, o.Line(ptr), model.SeverityError,
					fmt.Sprintf("%s is the name of a system %s that Okta keeps in every org, so Okta refuses another", describeIdentity(k, o.Body), strings.ToLower(k.Title)),
					"choose another name; to manage the system object itself, export it (its file has a role)")
				return
			}
		}
	}
	if k.Lock != nil && k.IsLockMarker(o.Body) {
		v.add(o, o.Line(ptr), model.SeverityError,
			fmt.Sprintf("%s is reserved for oktasync's apply lock", describeIdentity(k, o.Body)), "choose another name")
	}
}

// identityBody is a body whose only identity field holds value.
func identityBody(k *model.Kind, value string) map[string]any {
	b := map[string]any{}
	if len(k.Identity) == 1 {
		_ = model.SetField(b, k.Identity[0], value)
	}
	return b
}
