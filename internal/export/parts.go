package export

import (
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// carryParts keeps the write-only parts (model.WriteOnlyPart) of the
// previous tree, which Okta never returns: a custom domain's MANUAL
// certificate. A part is carried over when the previous file's digested
// field has the digest Okta shows now; otherwise export writes what it
// can (secret placeholders, which preservePlaceholders keeps) and says
// that the part must be added by hand.
func carryParts(reg *model.Registry, prev *model.Snapshot, objs []*model.Object) []Warning {
	var warns []Warning
	for _, o := range objs {
		k, ok := reg.Kind(o.Kind)
		if !ok || k.WriteOnly == nil || o.Live == nil {
			continue
		}
		p := k.WriteOnly
		live := k.LivePartDigest(o.Live.Raw)
		if live == "" {
			continue // Okta shows no such part: nothing to carry
		}
		var old *model.Object
		if prev != nil {
			if po, found := prev.Get(o.Path); found && po.Kind == o.Kind {
				old = po
			}
		}
		var fp string
		if old != nil {
			fp, _, _ = k.FilePartDigest(old.Body)
		}
		switch {
		case old != nil && model.SameDigest(fp, live):
			for _, f := range p.Fields {
				if _, secret := o.Body[f]; secret && isPlaceholder(o.Body[f]) {
					continue // the placeholder export wrote, kept as the user named it
				}
				if v, has := old.Body[f]; has {
					o.Body[f] = model.DeepCopy(v)
				}
			}
		case fp != "":
			warns = append(warns, Warning{Path: o.Path, Message: fmt.Sprintf(
				"the %s in the org (SHA-256 %s) is not the one in the file (SHA-256 %s), and Okta never returns it: the file keeps no %s; add its %s",
				p.Name, live, fp, p.Name, strings.Join(p.Fields, ", "))})
		default:
			warns = append(warns, Warning{Path: o.Path, Message: fmt.Sprintf(
				"the org has a %s (SHA-256 %s) that Okta never returns: add its %s to the file",
				p.Name, live, strings.Join(p.Fields, ", "))})
		}
	}
	return warns
}

func isPlaceholder(v any) bool {
	s, ok := v.(string)
	return ok && strings.Contains(s, "${")
}
