package export

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/tree"
)

// Incremental reading: the current state of an org from the tree as last
// exported plus what changed since. The tree's marker says where the
// System Log stood at the export and what every exported object is in the
// org (IDs, fingerprint, file hash). The events since then name the kinds
// that changed (model.Registry.EventKinds, from the descriptors' Log); the
// desired tree's own changes are the files that no longer hash as
// exported. Those kinds are read again, whole, with the kinds they
// reference, their child kinds and the kinds that reference them (a
// delete in Okta edits its referrers without an event of theirs); every
// other kind is taken from the tree, with the marker's live identity.
// Whenever it cannot be sure, it reads the whole org and says why.

// ChangeInfo is who last changed an object since the marker, from the
// System Log.
type ChangeInfo struct {
	Actor     string // the actor's login (alternateId), or display name
	ActorType string
	When      string // the event's published time
	EventType string
}

// Incremental is what an incremental read did.
type Incremental struct {
	// Full is set when the whole org was read, with the reason.
	Full   bool
	Reason string
	// Events is the number of System Log events since the marker.
	Events int
	// Kinds are the kinds read again (nil when none was).
	Kinds []string
	// Changes maps "<kind>/<live id>" to the last event that changed the
	// object, for drift attribution.
	Changes map[string]ChangeInfo
}

// IncrementalOptions are ReadIncremental's inputs.
type IncrementalOptions struct {
	Options
	// Marker is the tree's marker (nil: none).
	Marker *tree.Marker
	// Desired is the tree the plan compares (the committed tree with the
	// pull request's changes).
	Desired *model.Snapshot
	// Full forces a full read (--full).
	Full bool
}

// ReadIncremental reads the org's current state, incrementally when it can.
func ReadIncremental(ctx context.Context, c Client, reg *model.Registry, o IncrementalOptions) (*Result, *Incremental, error) {
	info := &Incremental{Changes: map[string]ChangeInfo{}}
	full := func(reason string) (*Result, *Incremental, error) {
		info.Full, info.Reason, info.Kinds = true, reason, nil
		res, err := Read(ctx, c, reg, o.Options)
		return res, info, err
	}
	m := o.Marker
	switch {
	case o.Full:
		return full("--full was given")
	case m == nil:
		return full("the tree has no marker (" + tree.MarkerFile + "): export the org to write one")
	case m.Format != tree.MarkerFormat:
		return full(fmt.Sprintf("the marker has format %d, this version reads %d", m.Format, tree.MarkerFormat))
	case o.OrgURL != "" && m.Org != o.OrgURL:
		return full("the marker was written for " + m.Org + ", not this org")
	}
	now := o.now()
	since := now.Add(-logRetention).Add(time.Minute)
	if m.Published != "" {
		t, err := time.Parse(time.RFC3339Nano, m.Published)
		if err != nil {
			return full("the marker's log position is unreadable")
		}
		if now.Sub(t) > logRetention {
			return full("the marker is older than the 90 days Okta keeps its System Log")
		}
		since = t
	}
	events, err := eventsSince(ctx, c, since, m.UUID)
	if err != nil {
		return nil, nil, err
	}
	info.Events = len(events)
	touched := map[string]bool{}
	unplaced := false
	for _, ev := range events {
		match := reg.EventKinds(ev.EventType, ev.Targets)
		if match.Unmapped {
			return full(fmt.Sprintf("event %s (%s) names an object no kind maps", ev.EventType, ev.UUID))
		}
		unplaced = unplaced || match.Unplaced
		for kind, id := range match.Kinds {
			touched[kind] = true
			who := ev.Actor.AlternateID
			if who == "" || who == "unknown" {
				who = ev.Actor.DisplayName
			}
			info.Changes[kind+"/"+id] = ChangeInfo{Actor: who, ActorType: ev.Actor.Type, When: ev.Published, EventType: ev.EventType}
		}
	}
	// An opt-in family asked for of which the marker holds nothing was
	// not read by the export behind it: the marker knows nothing of it.
	for _, name := range o.Include {
		if fam := reg.OptInFamily(name); len(fam) > 0 && !markerHolds(m, fam[0]) {
			for _, k := range fam {
				touched[k] = true
			}
		}
	}
	if err := desiredChanges(reg, o.Desired, m, touched); err != nil {
		return nil, nil, err
	}
	// The touched kinds are read first. Their referrers and child kinds
	// change only when one of their objects appeared, went, or moved to
	// another path (a create, a delete, a rename): then those are read
	// too, until nothing new moves.
	read := optedIn(reg, closeKinds(reg, touched, unplaced), o.Include)
	if len(read) == 0 {
		res := &Result{Snapshot: model.NewSnapshot(reg), Counts: map[string]int{}}
		if err := fromMarker(o.Desired, m, res, map[string]bool{}); err != nil {
			return nil, nil, err
		}
		return res, info, nil
	}
	var res *Result
	for {
		opts := o.Options
		opts.Kinds, opts.Exclude = read, nil
		if res, err = Read(ctx, c, reg, opts); err != nil {
			return nil, nil, err
		}
		more := dependents(reg, movedKinds(res, m), read)
		if len(more) == 0 {
			break
		}
		read = append(read, more...)
		sort.Strings(read)
	}
	fresh := map[string]bool{}
	for _, k := range res.Kinds {
		fresh[k] = true
	}
	info.Kinds = append([]string(nil), res.Kinds...)
	if err := fromMarker(o.Desired, m, res, fresh); err != nil {
		return nil, nil, err
	}
	return res, info, nil
}

// movedKinds are the kinds read whose objects differ from the marker's by
// more than their bodies: one created, deleted, or at another path.
func movedKinds(res *Result, m *tree.Marker) map[string]bool {
	was := map[string]string{} // kind/id -> path
	for p, mo := range m.Objects {
		was[mo.Kind+"/"+mo.ID] = p
	}
	read := map[string]bool{}
	for _, k := range res.Kinds {
		read[k] = true
	}
	moved := map[string]bool{}
	now := map[string]bool{}
	for _, o := range res.Snapshot.Objects() {
		if o.Live == nil {
			continue
		}
		key := o.Kind + "/" + o.Live.ID
		now[key] = true
		if was[key] != o.Path {
			moved[o.Kind] = true
		}
	}
	for key, p := range was {
		kind := m.Objects[p].Kind
		if read[kind] && !now[key] {
			moved[kind] = true
		}
	}
	return moved
}

// dependents are the kinds not yet read that a move in the moved kinds
// can change: the kinds that reference them (in a field or a relation)
// and their child kinds (with their own children).
func dependents(reg *model.Registry, moved map[string]bool, read []string) []string {
	have := map[string]bool{}
	for _, k := range read {
		have[k] = true
	}
	add := map[string]bool{}
	var children func(name string)
	children = func(name string) {
		for _, ck := range reg.ChildKinds(name) {
			if !have[ck.Name] && !add[ck.Name] {
				add[ck.Name] = true
				children(ck.Name)
			}
		}
	}
	for _, k := range reg.Kinds() {
		var targets []string
		for _, rf := range k.Refs {
			targets = append(targets, rf.Targets()...)
		}
		for _, rel := range k.Relations {
			targets = append(targets, rel.Target)
		}
		for _, target := range targets {
			if moved[target] && !have[k.Name] && !add[k.Name] {
				add[k.Name] = true
				children(k.Name)
			}
		}
	}
	for name := range moved {
		children(name)
	}
	out := make([]string, 0, len(add))
	for k := range add {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// eventsSince reads the System Log from since (inclusive), skipping the
// events up to the marker's own (uuid), page by page until a page is not
// full (the log's polling next link never runs out).
func eventsSince(ctx context.Context, c Client, since time.Time, uuid string) ([]LogEvent, error) {
	const limit = 1000
	req := okta.Request{Method: http.MethodGet, Path: "/api/v1/logs", Query: url.Values{
		"since": {since.UTC().Format("2006-01-02T15:04:05.000Z")}, "sortOrder": {"ASCENDING"}, "limit": {strconv.Itoa(limit)}}}
	var out []LogEvent
	skipping := uuid != ""
	for {
		resp, err := c.Do(ctx, req)
		if err != nil {
			return nil, err
		}
		var page []LogEvent
		if err := json.Unmarshal(resp.Body, &page); err != nil {
			return nil, fmt.Errorf("GET /api/v1/logs: %w", err)
		}
		out = append(out, page...)
		next := nextLinkOf(resp.Header)
		if len(page) < limit || next == "" {
			break
		}
		req = okta.Request{Method: http.MethodGet, Path: next}
	}
	if skipping {
		for i, ev := range out {
			if ev.UUID == uuid {
				return out[i+1:], nil
			}
		}
	}
	return out, nil
}

// desiredChanges marks the kinds whose objects the desired tree changed
// since the export: a file that hashes otherwise, a new path, a path gone.
func desiredChanges(reg *model.Registry, desired *model.Snapshot, m *tree.Marker, touched map[string]bool) error {
	seen := map[string]bool{}
	for _, o := range desired.Objects() {
		seen[o.Path] = true
		mo, ok := m.Objects[o.Path]
		if !ok || mo.Kind != o.Kind {
			touched[o.Kind] = true
			continue
		}
		k, _ := reg.Kind(o.Kind)
		h, err := FileHash(o, k)
		if err != nil {
			return err
		}
		if h == "" || h != mo.File {
			touched[o.Kind] = true
		}
	}
	for p, mo := range m.Objects {
		// An object export left unwritten (at Okta's default) has no file
		// to be gone; a file written for it since is compared above.
		if !seen[p] && mo.Unwritten == nil {
			touched[mo.Kind] = true
		}
	}
	return nil
}

// closeKinds is what is read first: the touched kinds, and, when an
// event named something no descriptor places (unplaced), every kind that
// does not follow the log (no Log, or an unverified one), with their child
// kinds. Empty when nothing was touched.
func closeKinds(reg *model.Registry, touched map[string]bool, unplaced bool) []string {
	read := map[string]bool{}
	for k := range touched {
		read[k] = true
	}
	if unplaced {
		var add func(name string)
		add = func(name string) {
			read[name] = true
			for _, ck := range reg.ChildKinds(name) {
				add(ck.Name)
			}
		}
		for _, k := range reg.Kinds() {
			if !k.FollowsLog() {
				add(k.Name)
			}
		}
	}
	if len(read) == 0 {
		return nil
	}
	out := make([]string, 0, len(read))
	for k := range read {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// fromMarker adds to res the desired tree's objects of the kinds not read
// (none of them changed: their files hash as exported and the log names
// none), with the live identity the marker recorded.
func fromMarker(desired *model.Snapshot, m *tree.Marker, res *Result, fresh map[string]bool) error {
	for _, o := range desired.Objects() {
		if fresh[o.Kind] {
			continue
		}
		if err := addMarked(res, o, m.Objects[o.Path]); err != nil {
			return err
		}
	}
	// Implicit objects at Okta's default have no file: the org holds them
	// as the export read them, unless the tree now has a file for them.
	paths := make([]string, 0, len(m.Objects))
	for p := range m.Objects {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		mo := m.Objects[p]
		if mo.Unwritten == nil || fresh[mo.Kind] {
			continue
		}
		if _, inTree := desired.Get(p); inTree {
			continue
		}
		u := mo.Unwritten
		if err := addMarked(res, &model.Object{Kind: mo.Kind, Name: u.Name, Path: p, Role: u.Role, Relations: u.Relations, Body: u.Body}, mo); err != nil {
			return err
		}
	}
	return nil
}

// addMarked adds to res a copy of the file object o with the live
// identity the marker recorded for it.
func addMarked(res *Result, o *model.Object, mo tree.MarkedObject) error {
	cp := &model.Object{Kind: o.Kind, Name: o.Name, Path: o.Path, Role: o.Role, Relations: o.Relations, Body: model.DeepCopy(o.Body).(map[string]any)}
	cp.Live = &model.LiveMeta{ID: mo.ID, ParentID: mo.ParentID, GrandparentID: mo.GrandparentID, Fingerprint: mo.Fingerprint, Raw: mo.Raw}
	if cp.Live.Raw == nil {
		cp.Live.Raw = map[string]any{}
	}
	if err := res.Snapshot.Add(cp); err != nil {
		return err
	}
	res.Counts[o.Kind]++
	return nil
}

// nextLinkOf is the Link header's rel="next" URL ("" if none).
func nextLinkOf(h http.Header) string {
	for _, l := range h.Values("Link") {
		for _, part := range strings.Split(l, ",") {
			u, params, ok := strings.Cut(part, ";")
			if ok && strings.Contains(params, `rel="next"`) {
				return strings.Trim(strings.TrimSpace(u), "<>")
			}
		}
	}
	return ""
}

// markerHolds reports whether the marker records an object of kind.
func markerHolds(m *tree.Marker, kind string) bool {
	for _, mo := range m.Objects {
		if mo.Kind == kind {
			return true
		}
	}
	return false
}
