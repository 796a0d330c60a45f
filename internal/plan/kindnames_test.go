package plan

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
)

// TestNoKindNames checks the design rule that the engine never branches on
// a kind's name: with every kind renamed (in the descriptors and in the
// trees), every scenario folder plans the same, up to the names: the same
// plan JSON, text and Markdown, or the same error, file lines included.
func TestNoKindNames(t *testing.T) {
	const prefix = "zz-"
	ran := 0
	for _, dir := range scenarioDirs(t) {
		ran++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			sc := loadScenario(t, dir)
			renamed := cachedRegistry(t, registryKey{testKinds: sc.so.TestKinds, renamed: prefix}, func() *model.Registry {
				kinds, schemaFS := scenarioKinds(sc.so)
				return renamedRegistry(t, kinds, schemaFS, prefix)
			})
			want := sc.outputs(t, sc.reg, sc.desired, sc.current, false)
			// The scope options name kinds and paths too.
			for i, k := range sc.so.Kinds {
				sc.so.Kinds[i] = prefix + k
			}
			for i, p := range sc.so.Ignore {
				sc.so.Ignore[i] = prefix + p
			}
			got := sc.outputs(t, renamed, renameSnapshot(t, renamed, sc.desired, prefix), renameSnapshot(t, renamed, sc.current, prefix), false)
			if len(got) != len(want) {
				t.Fatalf("renamed kinds give outputs %v, the originals %v", keysOf(got), keysOf(want))
			}
			for name, w := range want {
				g := strings.ReplaceAll(string(got[name]), prefix, "")
				// The digest covers the kind names, so it differs; the
				// rest must not.
				g, ws := DigestPattern.ReplaceAllString(g, "sha256:…"), DigestPattern.ReplaceAllString(string(w), "sha256:…")
				if diff := cmp.Diff(ws, g); diff != "" {
					t.Errorf("%s: renamed kinds plan differently (-original +renamed):\n%s", name, diff)
				}
			}
		})
	}
	if ran < 20 {
		t.Fatalf("only %d scenario folders found", ran)
	}
}

// renamedRegistry is a registry of kinds with every name prefixed.
func renamedRegistry(t *testing.T, kinds []model.Kind, schemaFS fs.FS, prefix string) *model.Registry {
	t.Helper()
	for i := range kinds {
		k := &kinds[i]
		k.Name = prefix + k.Name
		if k.Parent != "" {
			k.Parent = prefix + k.Parent
		}
		for j := range k.Refs {
			if !k.Refs[j].External && k.Refs[j].Target != "" {
				k.Refs[j].Target = prefix + k.Refs[j].Target
			}
			if k.Refs[j].Within != "" {
				k.Refs[j].Within = prefix + k.Refs[j].Within
			}
			ps := append([]model.RefPattern(nil), k.Refs[j].Patterns...)
			for p := range ps {
				if ps[p].Target != "" {
					ps[p].Target = prefix + ps[p].Target
				}
			}
			k.Refs[j].Patterns = ps
			others := append([]string(nil), k.Refs[j].Others...)
			for o := range others {
				others[o] = prefix + others[o]
			}
			k.Refs[j].Others = others
		}
		for j := range k.Relations {
			k.Relations[j].Target = prefix + k.Relations[j].Target
		}
		for j := range k.After {
			k.After[j] = prefix + k.After[j]
		}
		sets := append([]model.ItemSet(nil), k.ItemSets...)
		for j := range sets {
			if sets[j].Join != nil {
				join := *sets[j].Join
				join.Target = prefix + join.Target
				sets[j].Join = &join
			}
		}
		k.ItemSets = sets
		made := append([]model.MadeObject(nil), k.Makes...)
		for j := range made {
			made[j].Kind = prefix + made[j].Kind
		}
		k.Makes = made
		if k.NamedBy != nil {
			nb := *k.NamedBy
			nb.Kind = prefix + nb.Kind
			k.NamedBy = &nb
		}
	}
	renamed, err := model.NewRegistryFrom(kinds, schemaFS)
	if err != nil {
		t.Fatal(err)
	}
	return renamed
}

// renameSnapshot moves a snapshot's objects to the renamed registry: their
// kind, and the first segment of their path, of their file and of every
// reference. Their lines stay, so that problems name the same lines.
func renameSnapshot(t *testing.T, renamed *model.Registry, s *model.Snapshot, prefix string) *model.Snapshot {
	t.Helper()
	renamePath := func(p string) string { return prefix + p }
	out := model.NewSnapshot(renamed)
	for _, o := range s.Objects() {
		c := o.Clone()
		c.Kind, c.Path, c.Name = prefix+o.Kind, renamePath(o.Path), ""
		if o.Source.File != "" {
			c.Source.File = renamePath(o.Source.File)
		}
		c.Body, _ = renameRefs(c.Body, renamePath).(map[string]any)
		for n, v := range c.Relations {
			c.Relations[n] = renameRefs(v, renamePath).(string)
		}
		if o.Live != nil {
			l := *o.Live
			l.Items = nil
			for set, ids := range o.Live.Items {
				for key, id := range ids {
					if l.Items == nil {
						l.Items = map[string]map[string]string{}
					}
					if l.Items[set] == nil {
						l.Items[set] = map[string]string{}
					}
					l.Items[set][renameRefs(key, renamePath).(string)] = id
				}
			}
			c.Live = &l
		}
		if err := out.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func keysOf(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func renameRefs(v any, fn func(string) string) any { return model.RewriteRefs(v, fn) }
