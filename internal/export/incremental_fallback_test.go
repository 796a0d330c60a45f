package export

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
	"github.com/oktasync/oktasync/internal/tree"
)

// TestMarkerByteStable: export writes the marker; exporting an unchanged
// org again leaves it byte for byte (and mtime) the same; a change in the
// org moves it; the tree reader takes it for the tree's own metadata; a
// partial export removes it.
func TestMarkerByteStable(t *testing.T) {
	reg := registry(t)
	o := newOrg(t, sandbox.Options{})
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, tree.MarkerFile)
	if _, err := Export(ctx, o.client, reg, dir, Options{OrgURL: o.url}); err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(ctx, o.client, reg, dir, Options{OrgURL: o.url}); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if string(first) != string(second) || !st.ModTime().Equal(old) {
		t.Fatalf("re-export of an unchanged org rewrote the marker (same bytes %v, mtime kept %v)", string(first) == string(second), st.ModTime().Equal(old))
	}
	if _, problems := tree.Read(dir, reg); len(problems) != 0 {
		t.Fatalf("the tree reader reports the marker: %v", problems)
	}
	m, err := tree.ReadMarker(dir)
	if err != nil || m.Org != o.url || len(m.Objects) == 0 {
		t.Fatalf("marker %+v, %v", m, err)
	}
	var g map[string]any
	if err := o.client.DoJSON(ctx, okta.Request{Method: "POST", Path: "/api/v1/groups", Body: map[string]any{"profile": map[string]any{"name": "New"}}}, &g); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(ctx, o.client, reg, dir, Options{OrgURL: o.url}); err != nil {
		t.Fatal(err)
	}
	m2, _ := tree.ReadMarker(dir)
	if m2.UUID == m.UUID || m2.Objects["groups/new"].ID != engine.Str(g, "id") {
		t.Fatalf("after a change: position %s (was %s), groups/new %+v", m2.UUID, m.UUID, m2.Objects["groups/new"])
	}
	if _, err := Export(ctx, o.client, reg, dir, Options{OrgURL: o.url, Kinds: []string{"groups"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a partial export kept the marker: %v", err)
	}
}

// TestIncrementalFallbacks: each reason to read the whole org, said.
func TestIncrementalFallbacks(t *testing.T) {
	reg := registry(t)
	o := newOrg(t, sandbox.Options{})
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := Export(ctx, o.client, reg, dir, Options{OrgURL: o.url}); err != nil {
		t.Fatal(err)
	}
	desired, _ := tree.Read(dir, reg)
	m, _ := tree.ReadMarker(dir)
	otherFormat := *m
	otherFormat.Format = 99
	otherOrg := *m
	otherOrg.Org = "https://other.okta.com"
	unmapped := []LogEvent{{UUID: "u1", Published: time.Now().UTC().Format(time.RFC3339), EventType: "zone.renamed.by.magic",
		Targets: []model.LogTarget{{ID: "nzo1", Type: "NetworkZone"}}}}
	membership := []LogEvent{{UUID: "u2", Published: time.Now().UTC().Format(time.RFC3339), EventType: "group.user_membership.add",
		Targets: []model.LogTarget{{ID: "00u1", Type: "User"}, {ID: "00g1", Type: "UserGroup"}}}}
	tests := []struct {
		name   string
		marker *tree.Marker
		full   bool
		now    func() time.Time
		extra  []LogEvent
		reason string // "" = incremental
	}{
		{name: "incremental", marker: m},
		{name: "--full", marker: m, full: true, reason: "--full was given"},
		{name: "no marker", reason: "the tree has no marker"},
		{name: "other format", marker: &otherFormat, reason: "format 99"},
		{name: "other org", marker: &otherOrg, reason: "not this org"},
		{name: "too old", marker: m, now: func() time.Time { return time.Now().Add(91 * 24 * time.Hour) }, reason: "older than the 90 days"},
		{name: "unmapped event", marker: m, extra: unmapped, reason: "event zone.renamed.by.magic (u1) names an object no kind maps"},
		{name: "event a kind ignores", marker: m, extra: membership},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &logInjector{Client: o.client, extra: tc.extra}
			_, info, err := ReadIncremental(ctx, c, reg, IncrementalOptions{
				Options: Options{OrgURL: o.url, Now: tc.now}, Marker: tc.marker, Desired: desired, Full: tc.full})
			if err != nil {
				t.Fatal(err)
			}
			if tc.reason == "" {
				if info.Full || len(info.Kinds) != 0 {
					t.Fatalf("want an incremental read of nothing, got full=%v (%s), kinds %v", info.Full, info.Reason, info.Kinds)
				}
				return
			}
			if !info.Full || !strings.Contains(info.Reason, tc.reason) {
				t.Fatalf("full=%v reason %q, want %q", info.Full, info.Reason, tc.reason)
			}
		})
	}
}

// TestIncrementalAttribution: the log's actor and time of a change reach
// the read's Changes, keyed by kind and live ID.
func TestIncrementalAttribution(t *testing.T) {
	reg := registry(t)
	o := newOrg(t, sandbox.Options{})
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := Export(ctx, o.client, reg, dir, Options{OrgURL: o.url}); err != nil {
		t.Fatal(err)
	}
	ed := &editor{t: t, o: o}
	var g map[string]any
	if !ed.call("jane.admin@example.com", "POST", "/api/v1/groups", map[string]any{"profile": map[string]any{"name": "Console"}}, &g) {
		t.Fatal("create failed")
	}
	desired, _ := tree.Read(dir, reg)
	m, _ := tree.ReadMarker(dir)
	res, info, err := ReadIncremental(ctx, o.client, reg, IncrementalOptions{Options: Options{OrgURL: o.url}, Marker: m, Desired: desired})
	if err != nil {
		t.Fatal(err)
	}
	c, ok := info.Changes["groups/"+engine.Str(g, "id")]
	if !ok || c.Actor != "jane.admin@example.com" || c.EventType != "group.lifecycle.create" || c.When == "" {
		t.Fatalf("changes %+v", info.Changes)
	}
	if _, ok := res.Snapshot.Get("groups/console"); !ok || info.Events != 1 {
		t.Fatalf("the new group was not read (events %d, kinds %v)", info.Events, info.Kinds)
	}
}

// logInjector adds events to the System Log answers of a client.
type logInjector struct {
	Client
	extra []LogEvent
}

func (l *logInjector) Do(ctx context.Context, req okta.Request) (*okta.Response, error) {
	resp, err := l.Client.Do(ctx, req)
	if err != nil || len(l.extra) == 0 || !strings.HasSuffix(strings.SplitN(req.Path, "?", 2)[0], "/api/v1/logs") || req.Query.Get("sortOrder") != "ASCENDING" {
		return resp, err
	}
	var evs []any
	_ = json.Unmarshal(resp.Body, &evs)
	for _, e := range l.extra {
		evs = append(evs, e)
	}
	cp := *resp
	cp.Body, _ = json.Marshal(evs)
	return &cp, nil
}
