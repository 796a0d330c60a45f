package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// buildCreate plans an object that only the desired side has: refused when
// its parent is, when it is a system object (Okta makes those), or when Okta
// cannot create the kind; adopted when Okta makes it with a parent this
// plan creates: an update after the parent's create for a singleton (a
// brand's theme) or an update-only system object (a new policy's
// catch-all rule), nothing to send for a read-only system object (a new
// server's openid scope, listed in Plan.Adopted); otherwise a create (only Kind.CreateFields, the rest by
// an update after it), with its second pass, lifecycle step and relations.
func (e *engine) buildCreate(n *node) {
	k := n.ki.k
	var parent *node
	if n.dParent != "" {
		parent = e.dNodes[n.dParent]
		if parent == nil {
			return // reported by checkRefs
		}
		if parent.refused || parent.dup {
			n.refused = true
			e.refuse(n, ActionCreate, RefusedParent, fmt.Sprintf("its parent %s is not created", n.dParent), nil)
			return
		}
	}
	if k.Existing {
		// It exists apart from oktasync (a user who holds no admin role
		// yet): nothing to create. Apply finds it by its identity
		// (Target.Identity), whose existence plan and apply check.
		return
	}
	if u, ok := e.current.UnavailableFor(k, n.dBody); ok {
		// The org lacks this part (a feature that is off): Okta would
		// refuse the create.
		n.refused = true
		what := k.Name
		if u.Query != "" {
			what += " with " + u.Query
		}
		e.refuse(n, ActionCreate, RefusedNoEndpoint, fmt.Sprintf("the org has no %s (it answered: %s)", what, u.Reason), nil)
		return
	}
	if n.dRole != "" && k.System != nil && k.System.Allowed == model.SystemUpdateOnly && parent != nil && parent.c == nil {
		// Okta creates this system object with its parent (a new
		// policy's catch-all rule): adopt it once the parent exists.
		e.adopt(n, n.dRole, "Okta creates this with its parent; its settings are set once the parent exists")
		return
	}
	if n.dRole != "" && parent != nil && parent.c == nil {
		// A read-only system object (a new server's openid scope): Okta
		// makes it with the parent, as Okta makes it; nothing to send.
		e.adoptReadOnly(n)
		return
	}
	if n.dRole != "" {
		n.refused = true
		e.refuse(n, ActionCreate, RefusedProtected,
			fmt.Sprintf("the current state has no %s with role %q; system objects are made by Okta, never by oktasync", strings.ToLower(k.Title), n.dRole), nil)
		return
	}
	if why := k.CreateRefusedFor(n.dBody); why != "" && k.Create != nil {
		// Okta has a create endpoint, but not for an object like this
		// one (a policy type Okta seeds, a rule of a policy that accepts
		// no other rules): sending it would only fail at apply.
		n.refused = true
		e.refuse(n, ActionCreate, RefusedNoEndpoint, fmt.Sprintf("Okta does not create this %s: %s", strings.ToLower(k.Title), why), nil)
		return
	}
	if k.Implicit {
		if parent != nil && parent.c == nil {
			// Okta makes the object with its parent (a brand's theme):
			// set its fields once the parent exists.
			e.adopt(n, "", fmt.Sprintf("Okta creates the %s with its parent; this sets its fields", strings.ToLower(k.Title)))
			return
		}
		if made := e.identityCreated(n); parent == nil && made != "" {
			// Okta makes the object once the objects it joins exist (a
			// profile mapping, with its app or IdP): set its fields then.
			e.adopt(n, "", fmt.Sprintf("Okta creates the %s when %s is created; this sets its fields", strings.ToLower(k.Title), made))
			return
		}
		if why := e.gatedExisting(n, parent); why != "" {
			e.adopt(n, "", why)
			return
		}
		n.refused = true
		where := "with its parent"
		if parent == nil {
			where = "with the org"
		}
		msg := fmt.Sprintf("Okta makes every %s %s and the current state has none here, so there is nothing to update; oktasync cannot create one", strings.ToLower(k.Title), where)
		if w := k.List.When; w != nil && parent != nil {
			msg += fmt.Sprintf(" (they are read only under a parent whose %s)", w.String())
		}
		e.refuse(n, ActionCreate, RefusedNoEndpoint, msg, nil)
		return
	}
	if k.Create == nil {
		n.refused = true
		e.refuse(n, ActionCreate, RefusedNoEndpoint, fmt.Sprintf("Okta has no create endpoint for %s", k.Name), nil)
		return
	}

	body, patch2, changes2 := e.createBody(n)
	dropCreatedToggles(k, body)
	sent, keysOnly := e.createItems(n, body)
	rest, restChanges := splitCreateFields(n.ki, body)
	c := e.newStep(n, ActionCreate, "")
	c.Body, c.Secrets, c.Live = body, secretNames(body), e.createLive(n)
	c.Note = k.CreateNote
	if n.replaceOf != nil {
		c.Replace = true
		c.Reason = "replace: " + n.replaceWhy
	}
	n.ready = c
	var writes []*step
	if rest != nil {
		u := e.newStep(n, ActionUpdate, "")
		u.Body, u.Changes, u.Secrets = rest, restChanges, secretNames(rest)
		u.Reason = fmt.Sprintf("Okta's create takes only %s; this sets the rest once the object exists", strings.Join(k.CreateFields, ", "))
		n.ready = u
		writes = append(writes, u)
	}

	// The status a create yields: chosen by a parameter when the kind has
	// one, else the kind's CreatedStatus, else ACTIVE (Okta's default for
	// kinds with a lifecycle that state none).
	status := statusActive
	ds, dsOK := statusOf(n.dBody, n.ki)
	if L := k.Lifecycle; L != nil {
		switch {
		case L.CreateActivateParam != "" && dsOK && (ds == statusActive || ds == statusInactive):
			c.Params = map[string]string{L.CreateActivateParam: strconv.FormatBool(ds == statusActive)}
			status = ds
		case L.CreateTakesStatus && dsOK && (ds == statusActive || ds == statusInactive):
			status = ds // the create body carries it
		case L.CreatedStatus != "":
			status = L.CreatedStatus
		}
	} else {
		status = ""
	}
	final := status
	if dsOK {
		final = ds
	}
	writes = append(writes, e.secondPassStep(n, patch2, changes2)...)
	e.lifecycle(n, status, writes, final, nil)
	e.toggleSteps(n, e.toggleChanges(n, nil, true))
	e.verifyStep(n)
	var rels []RelationChange
	for _, name := range sortedKeys(n.d.Relations) {
		if target, ok := model.ParseRef(n.d.Relations[name]); ok {
			rels = append(rels, RelationChange{Name: name, Target: model.FormatRef(target)})
		}
	}
	e.relationSteps(n, rels)
	e.itemSteps(n, n.ready, sent, keysOnly)
}

// adopt plans the update of an object Okta makes along with its parent,
// which this plan creates: the desired fields, as a merge patch, once the
// parent exists, then its lifecycle and toggle steps from the values Okta
// gives a new object. The steps have no live ID; apply finds the object
// under the new parent (the only one of a singleton kind, the one with
// role, or the one of an implicit kind whose path it is).
func (e *engine) adopt(n *node, role, reason string) {
	df := &differ{ki: n.ki, second: e.secondPass(n), fresh: true}
	patch, patch2 := df.diff(n.dCmp, n.dBody, nil)
	e.warnIgnored(n, df.ignoredSeen)
	var writes []*step
	if patch != nil {
		u := e.newStep(n, ActionUpdate, "")
		u.Body, u.Changes, u.Secrets = patch, df.changes, secretNames(patch)
		u.Reason, u.Role = reason, role
		u.Live = e.createLive(n)
		n.ready = u
		writes = append(writes, u)
	}
	writes = append(writes, e.secondPassStep(n, patch2, df.changes2)...)
	n.chain = writes
	// Okta makes the object with the status its kind is created with;
	// bring it to the desired one.
	if L := n.ki.k.Lifecycle; L != nil {
		status := statusActive
		if L.CreatedStatus != "" {
			status = L.CreatedStatus
		}
		final := status
		if ds, ok := statusOf(n.dBody, n.ki); ok {
			final = ds
		}
		e.lifecycle(n, status, writes, final, nil)
	}
	e.toggleSteps(n, e.toggleChanges(n, nil, true))
	e.itemSteps(n, lastStep(n.chain), nil, nil)
	for _, s := range n.chain {
		s.Role, s.Live, s.Adopt = role, e.createLive(n), true
	}
	if n.ready == nil {
		// Nothing to set: the object exists once its parent does, which
		// is what its children and referrers wait for.
		if p := e.dNodes[n.dParent]; p != nil {
			n.ready = p.ready
		}
	}
}

// splitCreateFields moves the top-level fields the kind's create endpoint
// does not accept (Kind.CreateFields) out of body, into a merge patch for
// an update after the create.
func splitCreateFields(ki *kindInfo, body map[string]any) (rest map[string]any, changes []Change) {
	if len(ki.k.CreateFields) == 0 {
		return nil, nil
	}
	keep := map[string]bool{}
	for _, f := range ki.k.CreateFields {
		keep[f] = true
	}
	for _, f := range sortedKeys(body) {
		if keep[f] {
			continue
		}
		if rest == nil {
			rest = map[string]any{}
		}
		rest[f] = body[f]
		delete(body, f)
		if ki.k.PartField(f) {
			// One change for the write-only part, by fingerprint.
			if fp, ok, _ := ki.k.FilePartDigest(rest); ok && f == ki.k.WriteOnly.Digest.Field {
				changes = append(changes, partChange(ki.k, fp, ""))
			}
			continue
		}
		after, sensitive := maskValue(rest[f], f, ki.secrets)
		changes = append(changes, Change{Path: "/" + model.EscapePointer(f), Op: OpAdd, After: after, Sensitive: sensitive})
	}
	return rest, changes
}

// createBody is the desired body without server-owned fields and without
// two-pass references to objects this plan creates; those go into a second
// pass (whole arrays when the field is inside one).
func (e *engine) createBody(n *node) (body, patch2 map[string]any, changes2 []Change) {
	body, _ = model.DeepCopy(n.dBody).(map[string]any)
	var seen []string
	for _, f := range sortedKeys(n.ki.ignored) {
		for _, m := range model.Find(body, f) {
			seen = append(seen, m.Pointer)
		}
		model.DeleteField(body, f)
	}
	e.warnIgnored(n, seen)
	for _, ptr := range sortedKeys(e.secondPass(n)) {
		removed, v, ok := model.RemoveAt(body, ptr)
		if !ok {
			continue
		}
		patch2 = setAt(patch2, removed, v)
		changes2 = append(changes2, Change{Path: removed, Op: OpAdd, After: v})
	}
	return body, patch2, changes2
}

// setAt sets a value at a JSON pointer (object keys only), making maps.
func setAt(m map[string]any, ptr string, v any) map[string]any {
	if m == nil {
		m = map[string]any{}
	}
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	cur := m
	for i, t := range toks {
		key := model.UnescapePointer(t)
		if i == len(toks)-1 {
			cur[key] = v
			break
		}
		next, ok := cur[key].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[key] = next
		}
		cur = next
	}
	return m
}

// createLive addresses the parent and grandparent of an object to create,
// when they exist already.
func (e *engine) createLive(n *node) *LiveRef {
	p := e.dNodes[n.dParent]
	if p == nil || p.c == nil || p.c.Live == nil {
		return nil
	}
	l := &LiveRef{ParentID: p.c.Live.ID, GrandparentID: p.c.Live.ParentID}
	if key := n.ki.k.ParentKey; key != "" && p.c.Live.Raw != nil {
		if v, ok := model.Lookup(p.c.Live.Raw, key); ok {
			if s, ok := v.(string); ok && s != "" {
				l.ParentID = s[strings.LastIndexByte(s, '/')+1:]
			}
		}
	}
	if *l == (LiveRef{}) {
		return nil
	}
	return l
}

// secondPass returns the pointers of n's two-pass reference fields whose
// target this plan creates: a create cannot name an object that does not
// exist yet, and the two objects may name each other.
func (e *engine) secondPass(n *node) map[string]bool {
	var out map[string]bool
	for _, rf := range n.ki.k.Refs {
		if !rf.TwoPass || rf.External {
			continue
		}
		for _, m := range model.Find(n.dBody, rf.Path) {
			s, ok := m.Value.(string)
			if !ok {
				continue
			}
			for _, t := range model.RefsIn(s) {
				if tn := e.dNodes[t]; tn != nil && tn != n && tn.c == nil {
					if out == nil {
						out = map[string]bool{}
					}
					out[m.Pointer] = true
				}
			}
		}
	}
	return out
}

// twoPassPointers returns the pointers of body's two-pass reference fields.
func twoPassPointers(k *model.Kind, body map[string]any) map[string]bool {
	return refPointers(k, body, func(rf model.RefField) bool { return rf.TwoPass })
}

// droppedPointers are the pointers of body's values in reference fields
// Okta clears itself when their target is deleted (DroppedWithTarget).
func droppedPointers(k *model.Kind, body map[string]any) map[string]bool {
	return refPointers(k, body, func(rf model.RefField) bool { return rf.DroppedWithTarget })
}

func refPointers(k *model.Kind, body map[string]any, pick func(model.RefField) bool) map[string]bool {
	var out map[string]bool
	for _, rf := range k.Refs {
		if !pick(rf) || rf.External {
			continue
		}
		for _, m := range model.Find(body, rf.Path) {
			if out == nil {
				out = map[string]bool{}
			}
			out[m.Pointer] = true
		}
	}
	return out
}

// identityCreated names an object this plan creates that n's identity
// refers to (a profile mapping's app or IdP), or "".
func (e *engine) identityCreated(n *node) string {
	k := n.ki.k
	for _, rf := range k.Refs {
		if !slices.Contains(k.Identity, rf.Path) {
			continue
		}
		for _, m := range model.Find(n.dBody, rf.Path) {
			s, _ := m.Value.(string)
			for _, t := range model.RefsIn(s) {
				if tn := e.dNodes[t]; tn != nil && tn.c == nil && tn.d != nil {
					return t
				}
			}
		}
	}
	return ""
}

// gatedExisting says why an implicit object under an existing parent that
// export did not read, because the parent's live body fails the kind's
// list gate (an app without provisioning), is there to be set anyway, or
// "": a singleton Okta keeps for every parent (an app's provisioning
// connection, DISABLED until set), or an object Okta makes once a sibling
// of a kind it comes After is set in this plan (the features, once the
// connection is activated). Without the parent's live body (a plan against
// files) nothing is known, and the object stays refused.
func (e *engine) gatedExisting(n *node, parent *node) string {
	k := n.ki.k
	if parent == nil || parent.c == nil || k.List.When == nil || parent.c.Live == nil || parent.c.Live.Raw == nil ||
		k.List.When.Holds(parent.c.Live.Raw) {
		return ""
	}
	title := strings.ToLower(k.Title)
	if k.Singleton != "" {
		return fmt.Sprintf("Okta keeps a %s for every %s, read only when its %s; this sets its fields", title,
			strings.ToLower(parent.ki.k.Title), k.List.When.String())
	}
	for _, a := range k.After {
		for _, sib := range e.dByKind[a] {
			if sib.dParent == n.dParent && sib != n {
				return fmt.Sprintf("Okta makes the %s once %s is set; this sets its fields", title, sib.path())
			}
		}
	}
	return ""
}
