package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// keepGuards finds, before the deletes are built, the deletes that would
// remove the last object a model.KeepOne guard keeps (the org's last
// SUPER_ADMIN assignment) and refuses each of them in buildDelete, with
// --allow-delete too. The guard counts the current objects of every kind
// that declares it: those the plan removes (deleted, or under a deleted
// parent) against those it keeps. Creates do not count: apply may send a
// delete before an unrelated create, so moving the last one is two plans.
func (e *engine) keepGuards() {
	type guard struct {
		kinds   []string
		kept    int
		removed []*node // the delete roots
		what    []string
	}
	guards := map[string]*guard{}
	var names []string
	for _, ki := range e.byOrder {
		k := ki.k
		if k.Keep == nil {
			continue
		}
		g := guards[k.Keep.Name]
		if g == nil {
			g = &guard{}
			guards[k.Keep.Name] = g
			names = append(names, k.Keep.Name)
		}
		g.kinds = append(g.kinds, k.Name)
		for _, c := range e.cByKind[k.Name] {
			n := e.cNodes[c.c.Path]
			if !k.Keeps(n.cBody) {
				continue
			}
			root := n
			if n.deleteRoot != nil {
				root = n.deleteRoot
			}
			if n.d != nil || n.replacedBy != nil || !e.wouldDelete(root) {
				g.kept++
				continue
			}
			g.removed = append(g.removed, root)
			g.what = append(g.what, n.c.Path)
		}
	}
	for _, name := range names {
		g := guards[name]
		if g.kept > 0 || len(g.removed) == 0 {
			continue
		}
		sort.Strings(g.what)
		msg := fmt.Sprintf("the org's last %s is never removed: this plan removes every one it read (%s); keep one, or add another in a plan of its own first",
			name, strings.Join(g.what, ", "))
		if unread := e.unreadOptIn(g.kinds); len(unread) > 0 {
			msg += fmt.Sprintf("; %s were not read (opt-in): if they hold one, plan with --include-kind %s so that it counts",
				strings.Join(unread, ", "), unread[0])
		}
		if e.keepRefused == nil {
			e.keepRefused = map[*node]string{}
		}
		for _, r := range g.removed {
			e.keepRefused[r] = msg
		}
	}
}

// wouldDelete reports whether buildDelete would plan the delete of root,
// a current object the desired tree lacks, for any reason but a guard:
// one it refuses anyway (protected, without --allow-delete) keeps its
// objects.
func (e *engine) wouldDelete(root *node) bool {
	k := root.ki.k
	return !k.Implicit && !k.Existing && k.Delete != nil && e.opts.AllowDelete && !root.system() &&
		!model.Under(root.c.Path, e.callerPath) && e.opts.inScope(k.Name, root.c.Path)
}

// unreadOptIn are the opt-in kinds among names (model.Kind.OptIn) of
// which neither side holds an object: most likely not read.
func (e *engine) unreadOptIn(names []string) []string {
	var out []string
	for _, name := range names {
		if e.reg.OptIn(name) && len(e.cByKind[name]) == 0 && len(e.dByKind[name]) == 0 {
			out = append(out, name)
		}
	}
	return out
}
