package export

import (
	"fmt"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// Warning is something the user should know about an export that is not an
// error: a reference that points outside the export, most often.
type Warning struct {
	Path    string
	Message string
}

func (w Warning) String() string { return w.Path + ": " + w.Message }

// converter turns fetched raw objects into portable model objects.
type converter struct {
	reg      *model.Registry
	byID     map[string]map[string]*raw // kind → id → object
	bodies   map[*raw]map[string]any    // the portable body being built
	deferred map[*raw][]model.RefField  // references pass 2 must rewrite
	pathed   map[string]bool            // kinds whose paths are assigned
	logins   map[string]string          // user ID → login (lookUpUsers)
	warnings []Warning
}

// newConverter starts a conversion; logins may be set later, before the
// first kind that names users is converted.
func newConverter(reg *model.Registry, logins map[string]string) *converter {
	return &converter{reg: reg, byID: map[string]map[string]*raw{}, bodies: map[*raw]map[string]any{},
		deferred: map[*raw][]model.RefField{}, pathed: map[string]bool{}, logins: logins}
}

// convert converts every kind at once: each kind's objects indexed, then
// pass 1 over the kinds in dependency order, then pass 2. The pipelined
// export (pipeline.go) runs the same passes per kind as soon as what each
// reads is ready, which gives the same objects.
func convert(reg *model.Registry, kinds []*model.Kind, fetched map[string][]*raw, logins map[string]string) (*model.Snapshot, []Warning, error) {
	c := newConverter(reg, logins)
	for _, k := range kinds {
		c.index(k, fetched[k.Name])
	}
	for _, k := range kinds {
		c.pass1(k, fetched)
	}
	snap := model.NewSnapshot(reg)
	for _, k := range kinds {
		if _, err := c.pass2(k, fetched[k.Name], snap); err != nil {
			return nil, nil, err
		}
	}
	return snap, c.sortedWarnings(), nil
}

// index makes a kind's objects findable by ID, for the references to them.
func (c *converter) index(k *model.Kind, objs []*raw) {
	m := make(map[string]*raw, len(objs))
	for _, r := range objs {
		if r.id != "" {
			m[r.id] = r
		}
	}
	c.byID[k.Name] = m
}

// pass1 strips a kind's objects, rewrites the references whose targets
// already have paths, and assigns paths. Slugs may be built from
// reference fields (an app group assignment is named after its group),
// which is why paths come after references. It reads the paths of the
// kinds it references (except two-pass edges) and of its parent kind, and,
// for a kind named after its referrers, their raw objects: those must have
// been through pass 1 (or been read, for the referrers) before.
func (c *converter) pass1(k *model.Kind, fetched map[string][]*raw) {
	var names map[*raw]string
	if k.NamedBy != nil {
		names = c.referrerNames(k, fetched)
	}
	objs := fetched[k.Name]
	cands := make([]model.PathCandidate, len(objs))
	for i, r := range objs {
		body := model.DeepCopy(r.body).(map[string]any)
		k.StripServerFields(body)
		applyLookups(k, r, body)
		escapeLiterals(body)
		c.bodies[r] = body
		var now []model.RefField
		for _, rf := range k.Refs {
			if rf.External && !rf.ByLogin {
				continue
			}
			// A two-pass edge, or a target whose paths are not
			// known yet (the kind itself), waits for pass 2.
			if rf.TwoPass || !c.allPathed(rf.Targets()) {
				c.deferred[r] = append(c.deferred[r], rf)
			} else {
				now = append(now, rf)
			}
		}
		c.rewriteRefs(r, body, now)
		model.SortSets(k, body)
		parentPath := ""
		if r.parent != nil {
			parentPath = r.parent.path
		}
		base := model.BasePath(k, parentPath, body)
		if names != nil {
			base = model.PathFor(k, parentPath, []string{names[r]})
		}
		cands[i] = model.PathCandidate{Base: base, Key: model.CanonicalJSON(body)}
	}
	for i, p := range model.AssignPaths(cands) {
		objs[i].path = p
	}
	c.pathed[k.Name] = true
}

// pass2 finishes a kind's objects and adds them to snap: the references
// that had to wait (two-pass edges), relations, secrets. It reads the
// paths of every kind the kind references or relates to, which must have
// been through pass 1.
func (c *converter) pass2(k *model.Kind, objs []*raw, snap *model.Snapshot) ([]*model.Object, error) {
	out := make([]*model.Object, 0, len(objs))
	for _, r := range objs {
		body := c.bodies[r]
		c.rewriteRefs(r, body, c.deferred[r])
		c.placeSecrets(r, k, body)
		model.SortSets(k, body)
		obj := &model.Object{Kind: k.Name, Path: r.path, Body: body, Live: c.live(r, k)}
		obj.Live.Items = c.itemIDs(r, k, body)
		if k.IsSystem(r.body) {
			obj.Role = k.RoleOf(r.body)
		}
		c.readRelations(r, k, obj)
		if err := snap.Add(obj); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		out = append(out, obj)
	}
	return out, nil
}

// sortedWarnings are the conversion's warnings, by path then message.
func (c *converter) sortedWarnings() []Warning {
	sort.Slice(c.warnings, func(i, j int) bool {
		if c.warnings[i].Path != c.warnings[j].Path {
			return c.warnings[i].Path < c.warnings[j].Path
		}
		return c.warnings[i].Message < c.warnings[j].Message
	})
	return c.warnings
}

// escapeLiterals protects live strings that happen to contain "${ref:",
// "${var:" or "${secret:" from being read back as placeholders.
func escapeLiterals(v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if s, ok := e.(string); ok {
				t[k] = model.EscapeLiteral(s)
			} else {
				escapeLiterals(e)
			}
		}
	case []any:
		for i, e := range t {
			if s, ok := e.(string); ok {
				t[i] = model.EscapeLiteral(s)
			} else {
				escapeLiterals(e)
			}
		}
	}
}

// allPathed reports whether the objects of every kind named have paths.
func (c *converter) allPathed(kinds []string) bool {
	for _, k := range kinds {
		if !c.pathed[k] {
			return false
		}
	}
	return true
}

// rewriteRefs replaces IDs in the given reference fields by
// ${ref:<path>}, user IDs by ${user:<login>}, and ORNs and URLs by their
// portable form (see rewritePattern).
func (c *converter) rewriteRefs(r *raw, body map[string]any, refs []model.RefField) {
	for _, rf := range refs {
		if len(rf.Patterns) > 0 || rf.ByLogin {
			for _, m := range model.Find(body, rf.Path) {
				if s, ok := m.Value.(string); ok && s != "" && !contains(rf.Literals, s) {
					m.Set(c.rewriteOther(r, rf, m.Pointer, s))
				}
			}
			continue
		}
		target, ok := c.reg.Kind(rf.Target)
		if !ok {
			continue
		}
		for _, m := range model.Find(body, rf.Path) {
			s, ok := m.Value.(string)
			if !ok || s == "" || contains(rf.Literals, s) {
				continue
			}
			if rf.Expression {
				m.Set(c.rewriteExpression(r, target, s))
				continue
			}
			// A field that may refer to several kinds (RefField.Others)
			// takes the first whose object has the ID.
			var hit *raw
			for _, name := range rf.Targets() {
				if t, ok := c.reg.Kind(name); ok {
					if hit = c.resolve(r, rf, t, s); hit != nil {
						break
					}
				}
			}
			if hit != nil {
				m.Set(model.FormatRef(hit.path))
				continue
			}
			c.warn(r, fmt.Sprintf("%s: %q is not an object of kind %s in this export; it stays an ID", m.Pointer, s, strings.Join(rf.Targets(), " or ")))
		}
	}
}

// rewriteExpression replaces the target kind's IDs inside an Okta
// expression string.
func (c *converter) rewriteExpression(r *raw, target *model.Kind, s string) string {
	toks := model.FindIDs(s, target.IDPrefixes...)
	if len(toks) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, t := range toks {
		b.WriteString(s[last:t.Start])
		if obj := c.byID[target.Name][t.ID]; obj != nil && obj.path != "" {
			b.WriteString(model.FormatRef(obj.path))
		} else {
			b.WriteString(t.ID)
			c.warn(r, fmt.Sprintf("expression names %s, which is not an object of kind %s in this export; it stays an ID", t.ID, target.Name))
		}
		last = t.End
	}
	b.WriteString(s[last:])
	return b.String()
}

// resolve finds the object a reference value stands for: by ID, or by the
// target field the descriptor names (an app's client_id, a scope's name),
// limited to the same ancestor when the descriptor says Within.
func (c *converter) resolve(r *raw, rf model.RefField, target *model.Kind, v string) *raw {
	if rf.TargetField == "" {
		if t := c.byID[target.Name][v]; t != nil && c.within(r, t, rf.Within) {
			return t
		}
		return nil
	}
	var found *raw
	for _, t := range c.byID[target.Name] {
		fv, _ := model.Lookup(t.body, rf.TargetField)
		if s, ok := fv.(string); ok && s == v && c.within(r, t, rf.Within) {
			if found == nil || t.path < found.path {
				found = t
			}
		}
	}
	return found
}

// within reports whether t sits under the same object of kind anc as r.
func (c *converter) within(r, t *raw, anc string) bool {
	if anc == "" {
		return true
	}
	a, b := ancestor(r, anc), ancestor(t, anc)
	return a != nil && a == b
}

func ancestor(r *raw, kind string) *raw {
	for p := r; p != nil; p = p.parent {
		if p.kind.Name == kind {
			return p
		}
	}
	return nil
}

// placeSecrets replaces secret values by placeholders, and writes
// placeholders for write-only secrets Okta never returns, so that apply can
// recreate the object from the environment.
func (c *converter) placeSecrets(r *raw, k *model.Kind, body map[string]any) {
	for _, sf := range k.Secrets {
		name := secretName(r.path, sf.Path)
		switch sf.Mode {
		case model.SecretGenerated:
			// stripped: Okta makes a new one on create.
		case model.SecretIfPresent:
			if sf.NameFrom != "" {
				placeItemSecrets(r.path, sf, body)
				continue
			}
			for _, m := range model.Find(body, sf.Path) {
				if m.Value != nil {
					m.Set(model.FormatSecret(name))
				}
			}
		case model.SecretAlways:
			if sf.When != nil {
				if model.Matches(r.body, sf.When) {
					_ = model.SetField(body, sf.Path, model.FormatSecret(name))
				}
				continue
			}
			parent := sf.Path[:max(0, strings.LastIndexByte(sf.Path, '.'))]
			if parent == "" {
				_ = model.SetField(body, sf.Path, model.FormatSecret(name))
				continue
			}
			if v, ok := model.Lookup(body, parent); ok {
				if _, isObj := v.(map[string]any); isObj {
					_ = model.SetField(body, sf.Path, model.FormatSecret(name))
				}
			}
		}
	}
}

// placeItemSecrets writes a placeholder per item of an array for a secret
// field inside its items, named after the item's NameFrom field
// (EVENT_HOOKS_AUDIT_X_API_KEY for the header X-Api-Key).
func placeItemSecrets(objPath string, sf model.SecretField, body map[string]any) {
	i := strings.LastIndex(sf.Path, "[].")
	if i < 0 {
		return
	}
	items, leaf := sf.Path[:i+2], sf.Path[i+3:]
	for _, m := range model.Find(body, items) {
		item, ok := m.Value.(map[string]any)
		if !ok || item[leaf] == nil {
			continue
		}
		key, _ := item[sf.NameFrom].(string)
		if key == "" {
			key = leaf
		}
		item[leaf] = model.FormatSecret(secretName(objPath, strings.ReplaceAll(key, ".", "-")))
	}
}

// secretName is the placeholder name for a secret: the object's path and
// the field's last segment in upper snake case, e.g.
// IDPS_PARTNER_OIDC_CLIENT_SECRET. Users may rename it in the file; re-export
// keeps what they wrote.
func secretName(objPath, field string) string {
	last := field[strings.LastIndexByte(field, '.')+1:]
	last = strings.TrimSuffix(last, "[]")
	s := strings.ToUpper(objPath + "_" + last)
	var b strings.Builder
	for _, r := range s {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
			b.WriteByte('_')
		}
	}
	out := strings.Trim(b.String(), "_")
	if out == "" || out[0] < 'A' || out[0] > 'Z' {
		out = "S_" + out
	}
	return out
}

// readRelations reads relationships Okta keeps outside the body.
func (c *converter) readRelations(r *raw, k *model.Kind, obj *model.Object) {
	for _, rel := range k.Relations {
		v, _ := model.Lookup(r.body, rel.ReadFrom)
		s, _ := v.(string)
		if s == "" {
			continue
		}
		id := s[strings.LastIndexByte(s, '/')+1:]
		t := c.byID[rel.Target][id]
		if t == nil {
			if c.pathed[rel.Target] {
				c.warn(r, fmt.Sprintf("relation %s points at %s, which is not in this export", rel.Name, id))
			}
			continue
		}
		if obj.Relations == nil {
			obj.Relations = map[string]string{}
		}
		obj.Relations[rel.Name] = model.FormatRef(t.path)
	}
}

func (c *converter) live(r *raw, k *model.Kind) *model.LiveMeta {
	return &model.LiveMeta{
		ID: r.id, ParentID: r.parentID, GrandparentID: r.grandparentID,
		Fingerprint: model.Fingerprint(k, r.body), Raw: r.body,
	}
}

func (c *converter) warn(r *raw, msg string) {
	c.warnings = append(c.warnings, Warning{Path: r.path, Message: msg})
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// applyLookups writes the values the kind's Lookups read in place of the
// IDs they stand for (Kind.Lookups).
func applyLookups(k *model.Kind, r *raw, body map[string]any) {
	for _, l := range k.Lookups {
		v, ok := r.lookups[l.Into]
		if !ok {
			continue
		}
		model.DeleteField(body, l.Field)
		_ = model.SetField(body, l.Into, v)
	}
}
