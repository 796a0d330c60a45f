package export

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
)

// Options choose what to read.
type Options struct {
	// Kinds limits the export to these kinds (and the parents they need);
	// empty means every kind.
	Kinds []string
	// Exclude removes kinds, and with them their children.
	Exclude []string
	// Include names the opt-in kinds (model.Kind.OptIn) to read: each
	// brings its whole opt-in family (Registry.OptInFamily). The others
	// are never read, even when Kinds names them.
	Include []string
	// Observer hears about progress; nil for none.
	Observer Observer
	// OrgURL is the org's URL. Export records it, with the System Log's
	// position before the read, in the tree's marker (tree.MarkerFile),
	// from which a plan reads only what changed; empty writes no marker.
	OrgURL string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Result is an org read into portable form.
type Result struct {
	// Snapshot holds every object, each with its live metadata.
	Snapshot *model.Snapshot
	// Counts is the number of objects per kind.
	Counts map[string]int
	// Kinds are the kinds read, in dependency order.
	Kinds []string
	// Selected are the kinds the options asked for; Kinds may add the
	// ones they reference, read only to write portable references.
	Selected []string
	// Skipped are the kinds the credentials may not read
	// (Kind.ScopeOptional, Kind.APITokenOnly under OAuth), each with the
	// scope that would read it (or TokenOnlyReason); they
	// are not in Selected, so an export keeps their files.
	Skipped  map[string]string
	Warnings []Warning
}

// Read reads the selected kinds of the org into a snapshot.
func Read(ctx context.Context, c Client, reg *model.Registry, opts Options) (*Result, error) {
	rp, err := newReadPlan(reg, opts)
	if err != nil {
		return nil, err
	}
	fetched, err := fetch(ctx, c, reg, rp.kinds, rp.obs, rp.unavailable, rp.skipped, nil)
	if err != nil {
		return nil, err
	}
	logins, userWarnings, err := lookUpUsers(ctx, c, reg, rp.kinds, fetched)
	if err != nil {
		return nil, err
	}
	snap, warnings, err := convert(reg, rp.kinds, fetched, logins)
	if err != nil {
		return nil, err
	}
	return rp.result(snap, fetched, append(userWarnings, warnings...)), nil
}

// readPlan is what a read reads, and what it found it could not.
type readPlan struct {
	// selected are the kinds asked for; kinds adds those they reference,
	// all in dependency order.
	selected, kinds []*model.Kind
	obs             Observer
	// unavailable and skipped are fetch's: the kinds (and list queries)
	// the org lacks, and the kinds the credentials may not read.
	unavailable, skipped map[string]string
}

func newReadPlan(reg *model.Registry, opts Options) (*readPlan, error) {
	selected, err := Select(reg, opts.Kinds, opts.Exclude)
	if err != nil {
		return nil, err
	}
	if selected = withoutOptIn(reg, selected, opts.Include); len(selected) == 0 {
		return nil, fmt.Errorf("no kinds left to export: %s read only with --include-kind", strings.Join(opts.Kinds, ", "))
	}
	rp := &readPlan{selected: selected, kinds: withReferenced(reg, selected, opts.Exclude), obs: opts.Observer,
		unavailable: map[string]string{}, skipped: map[string]string{}}
	if rp.obs == nil {
		rp.obs = nopObserver{}
	}
	if ko, ok := rp.obs.(KindsObserver); ok {
		ko.Kinds(len(rp.kinds))
	}
	return rp, nil
}

// result is the read's Result, once every kind is read and converted:
// warnings are the user lookups' and the conversion's.
func (rp *readPlan) result(snap *model.Snapshot, fetched map[string][]*raw, warnings []Warning) *Result {
	kinds, skipped := rp.kinds, rp.skipped
	// A skipped kind's children were not read either (kinds are in
	// dependency order: parents first).
	for _, k := range kinds {
		if _, ok := skipped[k.Parent]; ok && k.Parent != "" {
			if _, own := skipped[k.Name]; !own {
				skipped[k.Name] = "its parent kind " + k.Parent + " was skipped"
			}
		}
	}
	warnings = append(warnings, unavailableWarnings(kinds, rp.unavailable)...)
	for key := range rp.unavailable {
		// The reason stays free of request IDs: plans quote it.
		kind, query, _ := strings.Cut(key, "\x00")
		snap.MarkUnavailable(model.Unavailable{Kind: kind, Query: query,
			Reason: okta.CodeFeatureNotEnabled + ", the feature is not enabled"})
	}
	res := &Result{Snapshot: snap, Counts: map[string]int{}, Warnings: warnings}
	for _, k := range kinds {
		if why, ok := skipped[k.Name]; ok {
			if res.Skipped == nil {
				res.Skipped = map[string]string{}
			}
			need, hint := k.ReadScope(), "grant "+k.ReadScope()+" to read it"
			if why == TokenOnlyReason {
				need, hint = TokenOnlyReason, "only an API token (SSWS) reaches it"
			}
			res.Skipped[k.Name] = need
			res.Warnings = append(res.Warnings, Warning{Path: k.Name, Message: fmt.Sprintf(
				"skipped: the credentials may not read it (%s; its files are kept as they were): %s", hint, why)})
		}
	}
	for _, k := range rp.selected {
		if _, ok := skipped[k.Name]; ok {
			continue // not read: the tree keeps its files
		}
		res.Selected = append(res.Selected, k.Name)
	}
	for _, k := range kinds {
		res.Kinds = append(res.Kinds, k.Name)
		res.Counts[k.Name] = len(fetched[k.Name])
	}
	return res
}

// Select resolves --kinds and --exclude-kinds into kinds in dependency
// order. A selected child kind brings its ancestors (their objects name the
// folders it lives in); an excluded kind takes its children with it.
func Select(reg *model.Registry, only, exclude []string) ([]*model.Kind, error) {
	for _, n := range append(append([]string{}, only...), exclude...) {
		if _, ok := reg.Kind(n); !ok {
			return nil, fmt.Errorf("unknown kind %q; run `oktasync kinds` for the list (known: %s)", n, strings.Join(kindNames(reg), ", "))
		}
	}
	want := map[string]bool{}
	if len(only) == 0 {
		for _, k := range reg.Kinds() {
			want[k.Name] = true
		}
	}
	for _, n := range only {
		for k, _ := reg.Kind(n); k != nil; {
			want[k.Name] = true
			if k.Parent == "" {
				break
			}
			k, _ = reg.Kind(k.Parent)
		}
	}
	excluded := func(k *model.Kind) bool {
		for cur := k; cur != nil; {
			for _, e := range exclude {
				if cur.Name == e {
					return true
				}
			}
			if cur.Parent == "" {
				return false
			}
			cur, _ = reg.Kind(cur.Parent)
		}
		return false
	}
	var out []*model.Kind
	for _, k := range reg.Order() {
		if want[k.Name] && !excluded(k) {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no kinds left to export after --kinds/--exclude-kinds")
	}
	return out, nil
}

// withoutOptIn drops the opt-in kinds (model.Kind.OptIn, with their
// children) that include does not ask for.
func withoutOptIn(reg *model.Registry, kinds []*model.Kind, include []string) []*model.Kind {
	asked := map[string]bool{}
	for _, n := range include {
		for _, m := range reg.OptInFamily(n) {
			asked[m] = true
		}
	}
	var out []*model.Kind
	for _, k := range kinds {
		if !reg.OptIn(k.Name) || asked[k.Name] {
			out = append(out, k)
		}
	}
	return out
}

// optedIn is names without the opt-in kinds include does not ask for.
func optedIn(reg *model.Registry, names, include []string) []string {
	var kinds []*model.Kind
	for _, n := range names {
		if k, ok := reg.Kind(n); ok {
			kinds = append(kinds, k)
		}
	}
	var out []string
	for _, k := range withoutOptIn(reg, kinds, include) {
		out = append(out, k.Name)
	}
	return out
}

func kindNames(reg *model.Registry) []string {
	var out []string
	for _, k := range reg.Kinds() {
		out = append(out, k.Name)
	}
	sort.Strings(out)
	return out
}

// withReferenced adds to the selection the kinds its references point at
// (and their ancestors), unless excluded: an app group assignment can only
// be written portably if the groups were read. Excluded kinds are never
// read; references into them stay IDs, with a warning.
func withReferenced(reg *model.Registry, selected []*model.Kind, exclude []string) []*model.Kind {
	in := map[string]bool{}
	for _, k := range selected {
		in[k.Name] = true
	}
	isExcluded := func(name string) bool {
		for k, _ := reg.Kind(name); k != nil; {
			for _, e := range exclude {
				if k.Name == e {
					return true
				}
			}
			if k.Parent == "" {
				return false
			}
			k, _ = reg.Kind(k.Parent)
		}
		return false
	}
	queue := append([]*model.Kind(nil), selected...)
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		var next []string
		for _, rf := range k.Refs {
			next = append(next, rf.Targets()...)
		}
		for _, rel := range k.Relations {
			next = append(next, rel.Target)
		}
		if k.Parent != "" {
			next = append(next, k.Parent)
		}
		if k.NamedBy != nil {
			// Its objects are named after the objects that use them.
			next = append(next, k.NamedBy.Kind)
		}
		for _, n := range next {
			t, ok := reg.Kind(n)
			if !ok || in[n] || isExcluded(n) {
				continue
			}
			in[n] = true
			queue = append(queue, t)
		}
	}
	var out []*model.Kind
	for _, k := range reg.Order() {
		if in[k.Name] {
			out = append(out, k)
		}
	}
	return out
}

// unavailableWarnings reports the kinds, and the list queries of a kind
// (keyed "<kind>\x00<query>"), the org said it lacks.
func unavailableWarnings(kinds []*model.Kind, unavailable map[string]string) []Warning {
	var out []Warning
	for _, k := range kinds {
		if why, ok := unavailable[k.Name]; ok {
			out = append(out, Warning{Path: k.Name, Message: "not available in this org, skipped: " + why})
		}
		var queries []string
		for key := range unavailable {
			if name, q, ok := strings.Cut(key, "\x00"); ok && name == k.Name {
				queries = append(queries, q)
			}
		}
		sort.Strings(queries)
		for _, q := range queries {
			out = append(out, Warning{Path: k.Name, Message: q + " is not available in this org, skipped: " + unavailable[k.Name+"\x00"+q]})
		}
	}
	return out
}
