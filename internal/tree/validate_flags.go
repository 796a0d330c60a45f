package tree

import (
	"fmt"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// defaultFlags checks the siblings of a kind with a default flag
// (model.DefaultFlag: an email template's customizations): exactly one of
// a parent's objects must hold it, since Okta keeps one default and
// refuses to clear it. A second holder is an error at its line; a parent
// whose objects have none, at the first object's file. objs are the
// snapshot's, in path order.
func (v *validator) defaultFlags(objs []*model.Object) {
	type group struct {
		parent  string
		objs    []*model.Object
		holders []*model.Object
	}
	groups := map[string]*group{}
	for _, o := range objs {
		k, ok := v.reg.Kind(o.Kind)
		if !ok || k.Default == nil {
			continue
		}
		info, err := v.reg.ParsePath(o.Path)
		if err != nil {
			continue
		}
		key := o.Kind + "\x00" + info.ParentPath
		g := groups[key]
		if g == nil {
			g = &group{parent: info.ParentPath}
			groups[key] = g
		}
		g.objs = append(g.objs, o)
		if val, _ := model.Lookup(o.Body, k.Default.Field); isTrueOrVar(val) {
			g.holders = append(g.holders, o)
		}
	}
	keys := make([]string, 0, len(groups))
	for key := range groups {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		g := groups[key]
		k, _ := v.reg.Kind(g.objs[0].Kind)
		field := k.Default.Field
		switch {
		case len(g.holders) == 0:
			o := g.objs[0]
			v.add(o, o.Source.Line, model.SeverityError,
				fmt.Sprintf("none of the %d %s under %s has %s: true, and Okta keeps exactly one", len(g.objs), k.Name, g.parent, field),
				fmt.Sprintf("set %s: true in the one Okta should use by default", field))
		case len(g.holders) > 1:
			for _, o := range g.holders[1:] {
				v.add(o, o.Line("/body/"+field), model.SeverityError,
					fmt.Sprintf("%s and %s both have %s: true; Okta keeps exactly one", g.holders[0].File(), o.File(), field),
					fmt.Sprintf("set %s: false in all but one", field))
			}
		}
	}
}

// isTrueOrVar: a variable may hold true, so it counts as a holder.
func isTrueOrVar(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case string:
		return strings.HasPrefix(t, "${var:")
	}
	return false
}
