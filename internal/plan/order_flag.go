package plan

import "fmt"

// linkDefaultFlag orders the siblings of a kind with a default flag
// (model.DefaultFlag: an email template's customizations, exactly one
// isDefault): the sibling that gets the flag is written first, since Okta
// moves the flag to it and clears it on the old holder itself (which
// refuses to have it cleared, or to be deleted, while it holds it); the
// delete of the sibling that held the flag comes after its siblings'
// deletes, since Okta removes it only as the last one.
func (e *engine) linkDefaultFlag() {
	type group struct {
		gets    *node   // the sibling the flag goes to (create or update)
		holder  *step   // the delete of the current holder
		others  []*step // every other sibling step
		deletes []*step // the other siblings' deletes
	}
	groups := map[string]*group{}
	var keys []string
	for _, s := range e.steps {
		n := s.n
		k := n.ki.k
		if k.Default == nil {
			continue
		}
		parent := n.dParent
		if n.d == nil {
			parent = n.cParent
		}
		key := k.Name + "\x00" + parent
		g := groups[key]
		if g == nil {
			g = &group{}
			groups[key] = g
			keys = append(keys, key)
		}
		switch {
		case n.d != nil && k.FlagSet(n.dBody) && !k.FlagSet(n.cBody) && (s.Action == ActionCreate || s.Action == ActionUpdate):
			g.gets = n
		case s.Action == ActionDelete && k.FlagSet(n.cBody):
			g.holder = s
		case s.Action == ActionDelete:
			g.deletes = append(g.deletes, s)
			g.others = append(g.others, s)
		default:
			g.others = append(g.others, s)
		}
	}
	for _, key := range keys {
		g := groups[key]
		field := ""
		if g.gets != nil {
			field = g.gets.ki.k.Default.Field
			for _, s := range g.others {
				if s.n != g.gets {
					s.dep(g.gets.ready, fmt.Sprintf("%s takes %s first (Okta moves it from the sibling that has it)", g.gets.path(), field))
				}
			}
			if g.holder != nil {
				g.holder.dep(g.gets.ready, fmt.Sprintf("%s takes %s first", g.gets.path(), field))
			}
		}
		if g.holder != nil {
			for _, d := range g.deletes {
				g.holder.dep(d, "Okta deletes the default one last")
			}
		}
	}
}
