package plan

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
)

// TestNoKindNames checks the design rule that the engine never branches on
// a kind's name: with every kind renamed (in the descriptors and in the
// trees), every scenario plans the same, up to the names.
func TestNoKindNames(t *testing.T) {
	reg := newRegistry(t)
	const prefix = "zz-"
	kinds := model.BuiltinKinds()
	for i := range kinds {
		k := &kinds[i]
		k.Name = prefix + k.Name
		if k.Parent != "" {
			k.Parent = prefix + k.Parent
		}
		for j := range k.Refs {
			if !k.Refs[j].External {
				k.Refs[j].Target = prefix + k.Refs[j].Target
			}
			if k.Refs[j].Within != "" {
				k.Refs[j].Within = prefix + k.Refs[j].Within
			}
		}
		for j := range k.Relations {
			k.Relations[j].Target = prefix + k.Relations[j].Target
		}
		for j := range k.After {
			k.After[j] = prefix + k.After[j]
		}
	}
	renamed, err := model.NewRegistryFrom(kinds, os.DirFS("../../schemas"))
	if err != nil {
		t.Fatal(err)
	}
	// rename moves an object to the renamed registry: its kind, and the
	// first segment of its path and of every reference.
	renamePath := func(p string) string { return prefix + p }
	rename := func(s *model.Snapshot) *model.Snapshot {
		out := model.NewSnapshot(renamed)
		for _, o := range s.Objects() {
			c := o.Clone()
			c.Kind, c.Path, c.Name = prefix+o.Kind, renamePath(o.Path), ""
			c.Source = model.Position{}
			c.Body, _ = renameRefs(c.Body, renamePath).(map[string]any)
			for n, v := range c.Relations {
				c.Relations[n] = renameRefs(v, renamePath).(string)
			}
			if o.Live != nil {
				l := *o.Live
				c.Live = &l
			}
			if err := out.Add(c); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	for _, name := range []string{"create", "update", "delete", "replace", "two-pass", "system-protected", "set-relation", "reorder", "group-rule-update", "app-delete"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata/scenarios", name)
			desired := readTree(t, reg, filepath.Join(dir, "desired"))
			current := readTree(t, reg, filepath.Join(dir, "current"))
			fakeLive(t, reg, current)
			opts := Options{AllowDelete: true, Registry: reg}
			p1, err := Compute(desired, current, opts)
			if err != nil {
				t.Fatal(err)
			}
			opts.Registry = renamed
			p2, err := Compute(rename(desired), rename(current), opts)
			if err != nil {
				t.Fatal(err)
			}
			var b1, b2 bytes.Buffer
			if err := p1.Save(&b1); err != nil {
				t.Fatal(err)
			}
			if err := p2.Save(&b2); err != nil {
				t.Fatal(err)
			}
			// Objects lost their file positions in the copy, so warnings'
			// lines may differ; everything else must not.
			got := strings.ReplaceAll(b2.String(), prefix, "")
			if diff := cmp.Diff(b1.String(), got); diff != "" {
				t.Errorf("renamed kinds plan differently (-original +renamed):\n%s", diff)
			}
		})
	}
}

func renameRefs(v any, fn func(string) string) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = renameRefs(e, fn)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, e := range t {
			a[i] = renameRefs(e, fn)
		}
		return a
	case string:
		phs, err := model.ScanPlaceholders(t)
		if err != nil || len(phs) == 0 {
			return t
		}
		return replacePlaceholders(t, phs, func(p model.Placeholder) string {
			if p.Type != model.PlaceholderRef {
				return t[p.Start:p.End]
			}
			return model.FormatRef(fn(p.Value))
		})
	}
	return v
}
