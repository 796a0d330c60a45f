package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/tree"
)

// logRetention is how long Okta keeps System Log events.
const logRetention = 90 * 24 * time.Hour

// LogEvent is the part of a System Log event an incremental plan reads.
type LogEvent struct {
	UUID      string            `json:"uuid"`
	Published string            `json:"published"`
	EventType string            `json:"eventType"`
	Actor     LogActor          `json:"actor"`
	Targets   []model.LogTarget `json:"target"`
}

// LogActor is who made a change.
type LogActor struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	AlternateID string `json:"alternateId"`
	DisplayName string `json:"displayName"`
}

// logPosition is the last System Log event of the org (zero when the log
// is empty): what a marker records before the org is read, so that every
// change made during or after the read is an event after it.
func logPosition(ctx context.Context, c Client, now time.Time) (LogEvent, error) {
	q := url.Values{"sortOrder": {"DESCENDING"}, "limit": {"1"},
		"since": {now.Add(-logRetention).UTC().Format(time.RFC3339)}}
	resp, err := c.Do(ctx, okta.Request{Method: http.MethodGet, Path: "/api/v1/logs", Query: q})
	if err != nil {
		return LogEvent{}, err
	}
	var evs []LogEvent
	if err := json.Unmarshal(resp.Body, &evs); err != nil {
		return LogEvent{}, fmt.Errorf("GET /api/v1/logs: %w", err)
	}
	if len(evs) == 0 {
		return LogEvent{}, nil
	}
	return evs[0], nil
}

// buildMarker records the export: the log position and, for every object
// written, its live identity and the hash of its file. It returns nil when
// the tree is not wholly what was read (a partial export), since a plan
// could not trust it for the kinds that were not read.
//
// read is everything the export read: an implicit object left at Okta's
// default has no file (Kind.DefaultBody), so the marker records it with
// its body, and an incremental plan restores it from there (the org holds
// it, and a full read would see it).
//
// marked are the written objects' entries already made with markObject,
// by path (nil for none).
func buildMarker(reg *model.Registry, org string, pos LogEvent, out, read *model.Snapshot, marked map[string]tree.MarkedObject) (*tree.Marker, error) {
	m := &tree.Marker{Format: tree.MarkerFormat, Org: org, Published: pos.Published, UUID: pos.UUID, Objects: map[string]tree.MarkedObject{}}
	for _, o := range out.Objects() {
		if o.Live == nil {
			return nil, nil
		}
		mo, ok := marked[o.Path]
		if !ok {
			var err error
			if mo, err = markObject(reg, o, false); err != nil {
				return nil, err
			}
		}
		m.Objects[o.Path] = mo
	}
	for _, o := range read.Objects() {
		if _, written := out.Get(o.Path); written || o.Live == nil {
			continue
		}
		if k, ok := reg.Kind(o.Kind); !ok || k.DefaultBody == nil {
			continue
		}
		mo, err := markObject(reg, o, true)
		if err != nil {
			return nil, err
		}
		m.Objects[o.Path] = mo
	}
	return m, nil
}

// markObject is an object's entry in the marker; an unwritten one (no
// file) carries what its file would hold.
func markObject(reg *model.Registry, o *model.Object, unwritten bool) (tree.MarkedObject, error) {
	k, _ := reg.Kind(o.Kind)
	hash, err := FileHash(o, k)
	if err != nil {
		return tree.MarkedObject{}, err
	}
	mo := tree.MarkedObject{
		Kind: o.Kind, ID: o.Live.ID, ParentID: o.Live.ParentID, GrandparentID: o.Live.GrandparentID,
		Fingerprint: o.Live.Fingerprint, File: hash, Raw: rawProjection(reg, k, o.Live.Raw),
	}
	if unwritten {
		mo.Unwritten = &tree.UnwrittenObject{Name: o.Name, Role: o.Role, Relations: o.Relations, Body: o.Body}
	}
	return mo, nil
}

// FileHash is the hash of what an object's file holds (kind, name, role,
// relations, body with its sets sorted, as tree.Encode writes them), from
// its canonical JSON: two objects hash alike exactly when their files
// say the same. An object holding a ${var:} placeholder gets none: its
// live value is not in the file, so a plan must read it.
func FileHash(o *model.Object, k *model.Kind) (string, error) {
	body := o.Body
	if k != nil && len(k.Sets) > 0 {
		body, _ = model.DeepCopy(o.Body).(map[string]any)
		model.SortSets(k, body)
	}
	data, err := json.Marshal(struct {
		Kind      string            `json:"kind"`
		Name      string            `json:"name"`
		Role      string            `json:"role,omitempty"`
		Relations map[string]string `json:"relations,omitempty"`
		Body      map[string]any    `json:"body"`
	}{o.Kind, o.Name, o.Role, o.Relations, body})
	if err != nil {
		return "", fmt.Errorf("%s: %w", o.Path, err)
	}
	if strings.Contains(string(data), "${var:") {
		return "", nil
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12]), nil
}

// rawProjection keeps the live fields the plan reads from an object's raw
// body beyond its file, as the descriptors name them: a DNS-bound kind's
// verification status and records, the digest Okta shows of a write-only
// part (WriteOnlyPart.Digest.Live), and the fields of the parent that its
// child kinds' ParentKey and List.When read.
func rawProjection(reg *model.Registry, k *model.Kind, raw map[string]any) map[string]any {
	var fields []string
	if k.Verify != nil {
		fields = append(fields, k.Verify.StatusField, k.Verify.Records.Path)
	}
	if k.WriteOnly != nil {
		// Okta's digest of a write-only part: how an incremental plan
		// knows the certificate in the org is the file's.
		fields = append(fields, k.WriteOnly.Digest.Live)
	}
	for _, ck := range reg.ChildKinds(k.Name) {
		if ck.ParentKey != "" {
			fields = append(fields, ck.ParentKey)
		}
		if ck.List.When != nil {
			fields = append(fields, ck.List.When.Field)
		}
	}
	var out map[string]any
	for _, f := range fields {
		v, ok := model.Lookup(raw, f)
		if !ok || f == "" {
			continue
		}
		if out == nil {
			out = map[string]any{}
		}
		setDotted(out, f, v)
	}
	return out
}

func setDotted(m map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}
