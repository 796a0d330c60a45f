package model

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Registry is the checked set of kind descriptors, with their compiled
// schemas and the derived order between kinds. It is immutable after
// construction; callers must not modify the *Kind values it hands out.
type Registry struct {
	kinds    []*Kind // sorted by name
	byName   map[string]*Kind
	children map[string][]*Kind // parent name -> children sorted by name
	edges    []Edge
	order    []*Kind
	schemas  map[string]*jsonschema.Schema
	// specTypes are the types of every kind's body from Okta's spec
	// (registry_spec.go).
	specTypes *SpecTypes
}

// Edge is one dependency between kinds: From must be in place before To.
type Edge struct {
	From, To string
	// Reason is "parent", "ref <field>", "relation <name>" or "after".
	Reason string
	// TwoPass edges may close a cycle; they do not constrain Order.
	TwoPass bool
}

// NewRegistry returns the registry of oktasync's built-in kinds, checked, with
// schemas compiled from schemaFS (the schemas package's embedded files).
func NewRegistry(schemaFS fs.FS) (*Registry, error) {
	return NewRegistryFrom(BuiltinKinds(), schemaFS)
}

// NewRegistryFrom builds and checks a registry from arbitrary descriptors.
// It reports every problem found, joined.
func NewRegistryFrom(kinds []Kind, schemaFS fs.FS) (*Registry, error) {
	r := &Registry{byName: map[string]*Kind{}, children: map[string][]*Kind{}, schemas: map[string]*jsonschema.Schema{}}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	for i := range kinds {
		k := kinds[i] // copy: the registry owns its descriptors
		if _, dup := r.byName[k.Name]; dup {
			fail("kind %q is defined twice", k.Name)
			continue
		}
		r.byName[k.Name] = &k
		r.kinds = append(r.kinds, &k)
	}
	sort.Slice(r.kinds, func(i, j int) bool { return r.kinds[i].Name < r.kinds[j].Name })

	for _, k := range r.kinds {
		errs = append(errs, r.checkKind(k)...)
		if k.Parent != "" {
			if _, ok := r.byName[k.Parent]; ok {
				r.children[k.Parent] = append(r.children[k.Parent], k)
			}
		}
	}
	for parent, cs := range r.children {
		seen := map[string]*Kind{}
		for _, c := range cs {
			// Singletons may share a directory, each under its own
			// name (a brand's sign-in-page/customized and …/preview).
			if other, dup := seen[c.ChildDir]; dup && (other.Singleton == "" || c.Singleton == "" || other.Singleton == c.Singleton) {
				fail("kinds %q and %q both use child directory %q under %q", other.Name, c.Name, c.ChildDir, parent)
			}
			seen[c.ChildDir] = c
		}
	}

	errs = append(errs, r.compileSchemas(schemaFS)...)
	r.edges = r.buildEdges()
	order, err := r.topoSort()
	if err != nil {
		errs = append(errs, err)
	}
	r.order = order
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("kind registry: %w", err)
	}
	return r, nil
}

var kindNameRE = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// scopeAreaRE is the middle of Okta's API scope names: okta.<area>.read.
var scopeAreaRE = regexp.MustCompile(`^[a-z][A-Za-z]*$`)

func (r *Registry) checkKind(k *Kind) []error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("kind %q: "+format, append([]any{k.Name}, args...)...))
	}
	if !kindNameRE.MatchString(k.Name) {
		fail("name must match %s", kindNameRE)
	}
	if k.Parent == "" {
		if k.ChildDir != "" {
			fail("a top-level kind has no ChildDir")
		}
	} else {
		if _, ok := r.byName[k.Parent]; !ok {
			fail("parent %q is not a known kind", k.Parent)
		}
		if !kindNameRE.MatchString(k.ChildDir) {
			fail("a child kind needs a ChildDir matching %s", kindNameRE)
		}
	}
	if k.Schema == "" {
		fail("no schema file")
	}
	if !scopeAreaRE.MatchString(k.ScopeArea) {
		fail("scope area %q must match %s (the <area> of okta.<area>.read)", k.ScopeArea, scopeAreaRE)
	}
	switch {
	case k.Singleton != "" && len(k.SlugFields) > 0:
		fail("a singleton has no slug fields")
	case k.Singleton != "" && !ValidRefPath(k.Singleton):
		fail("singleton name %q is not a slug", k.Singleton)
	case k.NamedBy != nil && (k.Singleton != "" || len(k.SlugFields) > 0 || len(k.Identity) > 0 || k.Parent != ""):
		fail("a kind named by its referrer is top-level and has no singleton name, slug fields or identity")
	case k.NamedBy != nil:
		r.checkNamedBy(k, fail)
	case k.Singleton == "" && len(k.SlugFields) == 0:
		fail("needs slug fields or a singleton name")
	case k.Singleton == "" && len(k.Identity) == 0:
		fail("needs an identity key")
	}
	checkPath := func(what, p string) {
		if _, err := ParseFieldPath(p); err != nil {
			fail("%s: %v", what, err)
		}
	}
	for _, p := range k.SlugFields {
		checkPath("slug field", p)
	}
	for _, p := range k.Identity {
		checkPath("identity field", p)
	}
	for _, list := range [][]string{k.ReadOnly, k.IDEcho, k.Volatile, k.Sets} {
		for _, p := range list {
			checkPath("field", p)
		}
	}
	for _, c := range k.ReadOnlyIf {
		checkPath("conditional field", c.Path)
		if c.ValuePattern != "" {
			if _, err := regexp.Compile(c.ValuePattern); err != nil {
				fail("conditional field %s: %v", c.Path, err)
			}
		}
	}
	for _, s := range k.Secrets {
		checkPath("secret field", s.Path)
	}
	checkWriteOnly(k, fail)
	if k.Parent != "" && k.List.Path != "" && !strings.Contains(k.List.Path, "{parentId}") {
		fail("a child's list path needs {parentId}")
	}
	for _, ref := range k.Refs {
		checkPath("ref field", ref.Path)
		if ref.ByLogin && !ref.External {
			fail("ref %s: ByLogin refers to users, which are External", ref.Path)
		}
		if len(ref.Patterns) > 0 {
			for _, msg := range r.checkPatterns(ref) {
				fail("ref %s: %s", ref.Path, msg)
			}
			continue
		}
		if ref.Target == "" {
			fail("ref %s has no target", ref.Path)
			continue
		}
		if ref.External {
			if _, ok := r.byName[ref.Target]; ok {
				fail("ref %s: target %q is a registry kind, so it is not external", ref.Path, ref.Target)
			}
			continue
		}
		if _, ok := r.byName[ref.Target]; !ok {
			fail("ref %s: target %q is not a known kind", ref.Path, ref.Target)
		}
		if ref.Within != "" {
			if !r.isAncestor(ref.Within, k.Name) || !r.isAncestor(ref.Within, ref.Target) {
				fail("ref %s: Within %q must be an ancestor of both %q and %q", ref.Path, ref.Within, k.Name, ref.Target)
			}
		}
	}
	for _, rel := range k.Relations {
		if rel.Name == "" {
			fail("relation without a name")
		}
		if _, ok := r.byName[rel.Target]; !ok {
			fail("relation %s: target %q is not a known kind", rel.Name, rel.Target)
		}
		checkPath("relation "+rel.Name, rel.ReadFrom)
	}
	for _, a := range k.After {
		if _, ok := r.byName[a]; !ok {
			fail("after: %q is not a known kind", a)
		}
	}
	if k.System != nil {
		if len(k.System.Match) == 0 && len(k.System.MatchPattern) == 0 {
			fail("system rule without a match")
		}
		for f, pat := range k.System.MatchPattern {
			if _, err := regexp.Compile(pat); err != nil {
				fail("system rule: pattern for %s: %v", f, err)
			}
		}
		if len(k.System.RoleFields) == 0 && k.System.Role == "" {
			fail("system rule needs role fields or a constant role")
		}
		for i, v := range k.System.Variants {
			if len(v.Match) == 0 || v.Role == "" {
				fail("system rule variant %d needs a match and a role", i)
			}
		}
	}
	if k.Lifecycle != nil && k.Lifecycle.StatusField == "" {
		fail("lifecycle without a status field")
	}
	for _, msg := range append(append(checkItemSets(k), checkDerived(k)...), r.checkMakes(k)...) {
		fail("%s", msg)
	}
	errs = append(append(errs, r.checkLock(k)...), r.checkItemForms(k)...)
	return append(append(errs, r.checkCapabilities(k)...), r.checkDepth(k)...)
}

// isAncestor reports whether anc is k or one of k's ancestors.
func (r *Registry) isAncestor(anc, k string) bool {
	for seen := 0; k != "" && seen <= len(r.kinds); seen++ {
		if k == anc {
			return true
		}
		kk, ok := r.byName[k]
		if !ok {
			return false
		}
		k = kk.Parent
	}
	return false
}

func (r *Registry) compileSchemas(schemaFS fs.FS) []error {
	if schemaFS == nil {
		return []error{errors.New("no schema files given")}
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = func(u string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("schema %s: only embedded schemas are used", u)
	}
	var errs []error
	for _, k := range r.kinds {
		if k.Schema == "" {
			continue
		}
		data, err := fs.ReadFile(schemaFS, k.Schema)
		if err != nil {
			errs = append(errs, fmt.Errorf("kind %q: schema: %w", k.Name, err))
			continue
		}
		url := "oktasync:///" + k.Schema
		if err := c.AddResource(url, bytes.NewReader(data)); err != nil {
			errs = append(errs, fmt.Errorf("kind %q: schema %s: %w", k.Name, k.Schema, err))
			continue
		}
		s, err := c.Compile(url)
		if err != nil {
			errs = append(errs, fmt.Errorf("kind %q: schema %s: %w", k.Name, k.Schema, err))
			continue
		}
		r.schemas[k.Name] = s
	}
	st, err := loadSpecTypes(schemaFS, r.byName)
	if err != nil {
		errs = append(errs, err)
	}
	r.specTypes = st
	return errs
}

// Kind returns the descriptor called name.
func (r *Registry) Kind(name string) (*Kind, bool) {
	k, ok := r.byName[name]
	return k, ok
}

// Kinds returns every descriptor, sorted by name.
func (r *Registry) Kinds() []*Kind { return append([]*Kind(nil), r.kinds...) }

// TopLevel returns the top-level kinds, sorted by name.
func (r *Registry) TopLevel() []*Kind {
	var out []*Kind
	for _, k := range r.kinds {
		if k.Parent == "" {
			out = append(out, k)
		}
	}
	return out
}

// ChildKinds returns the kinds whose parent is name, sorted by name.
func (r *Registry) ChildKinds(name string) []*Kind { return append([]*Kind(nil), r.children[name]...) }

// Order returns every kind in dependency order: each kind comes after its
// parent, the kinds it references (except two-pass edges) and its After
// kinds. Ties are broken by name, so the order is deterministic. Deletes run
// in reverse.
func (r *Registry) Order() []*Kind { return append([]*Kind(nil), r.order...) }

// Edges returns every dependency edge, including two-pass ones.
func (r *Registry) Edges() []Edge { return append([]Edge(nil), r.edges...) }

// Dependencies returns the kinds that name directly depends on (must exist
// first), excluding two-pass edges, sorted and without duplicates.
func (r *Registry) Dependencies(name string) []string {
	return r.neighbours(func(e Edge) (string, bool) { return e.From, e.To == name })
}

// Dependents returns the kinds that directly depend on name, excluding
// two-pass edges, sorted and without duplicates.
func (r *Registry) Dependents(name string) []string {
	return r.neighbours(func(e Edge) (string, bool) { return e.To, e.From == name })
}

func (r *Registry) neighbours(pick func(Edge) (string, bool)) []string {
	set := map[string]bool{}
	for _, e := range r.edges {
		if e.TwoPass {
			continue
		}
		if n, ok := pick(e); ok {
			set[n] = true
		}
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Schema returns the compiled schema of a kind.
func (r *Registry) Schema(kind string) (*jsonschema.Schema, bool) {
	s, ok := r.schemas[kind]
	return s, ok
}
