package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/tree"
)

// The batch export: every kind read, then converted, then the whole tree
// written with tree.Write, as Export did before it converted and staged
// kinds as they were read (pipeline.go). It is the reference the pipelined
// export must match byte for byte.

// write is the batch export's second half: the tree and its marker from a
// read.
func write(reg *model.Registry, dir string, opts Options, res *Result, full bool, pos LogEvent) (*Written, error) {
	w := &Written{Result: res}
	var prev *model.Snapshot
	if _, err := os.Stat(dir); err == nil {
		prev, w.PreviousProblems = tree.Read(dir, reg)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("export: %w", err)
	}
	out, err := treeToWrite(reg, res, prev)
	if err != nil {
		return nil, err
	}
	if prev != nil {
		preserveIn(prev, out.Objects())
	}
	files, err := tree.Write(dir, out)
	if err != nil {
		return nil, fmt.Errorf("export: writing %s: %w (the previous tree is unchanged)", dir, err)
	}
	w.Files = files
	if err := writeMarker(reg, dir, opts, full, pos, out, res.Snapshot, nil); err != nil {
		return nil, err
	}
	return w, nil
}

// treeToWrite is what the tree should hold after this export: the selected
// kinds as read now, and every other kind's files as they were (a partial
// export must not delete the rest of the tree).
func treeToWrite(reg *model.Registry, res *Result, prev *model.Snapshot) (*model.Snapshot, error) {
	selected := map[string]bool{}
	for _, k := range res.Selected {
		selected[k] = true
	}
	out := model.NewSnapshot(reg)
	for _, o := range res.Snapshot.Objects() {
		if selected[o.Kind] && !unwritten(reg, res.Snapshot, prev, o) {
			if err := out.Add(o); err != nil {
				return nil, fmt.Errorf("export: %w", err)
			}
		}
	}
	if prev != nil {
		for _, o := range prev.Objects() {
			if selected[o.Kind] {
				continue
			}
			if err := out.Add(o); err != nil {
				return nil, fmt.Errorf("export: keeping %s from the previous tree: %w", o.File(), err)
			}
		}
	}
	return out, nil
}

// jittery delays every request by a pseudo-random 0–1 ms, so that kinds
// finish their reads in another order on every seed.
type jittery struct {
	Client
	mu  sync.Mutex
	rnd *rand.Rand
}

func (j *jittery) pause() {
	j.mu.Lock()
	d := time.Duration(j.rnd.Intn(1000)) * time.Microsecond
	j.mu.Unlock()
	time.Sleep(d)
}

func (j *jittery) List(ctx context.Context, path string, q url.Values, limit int, fn func([]json.RawMessage) error) error {
	j.pause()
	return j.Client.List(ctx, path, q, limit, fn)
}

func (j *jittery) Do(ctx context.Context, req okta.Request) (*okta.Response, error) {
	j.pause()
	return j.Client.Do(ctx, req)
}

// TestPipelineEqualsBatch: the pipelined export writes the tree and marker
// the batch export writes (every file byte for byte), with the same
// result, whatever order the kinds' reads finish in: full exports of the
// sample and of a generated org, into a new directory and over a previous
// tree the user edited (placeholders, a stray file, a deleted file), a
// partial export, and credentials that may not read some kinds.
func TestPipelineEqualsBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("exports several orgs many times")
	}
	reg := registry(t)
	now := func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }
	generated := map[string]int{"groups": 30, "apps": 20, "provisionedApps": 3, "policies": 8, "authServers": 2,
		"custom-admin-roles": 4, "resource-sets": 4, "role-assignments": 8, "brands": 2, "email-customizations": 2}
	tests := []struct {
		name     string
		org      sandbox.Options
		opts     Options
		previous bool                      // export over an edited previous tree
		client   func(*okta.Client) Client // nil: the client as is
	}{
		{name: "sample", org: sandbox.Options{Sample: true}},
		{name: "generated", org: sandbox.Options{Seed: 7, Generate: generated}},
		{name: "sample over an edited tree", org: sandbox.Options{Sample: true}, previous: true},
		{name: "partial", org: sandbox.Options{Sample: true}, opts: Options{Kinds: []string{"group-rules", "apps"}}, previous: true},
		{name: "excluded", org: sandbox.Options{Sample: true}, opts: Options{Exclude: []string{"groups"}}, previous: true},
		{name: "without the roles scope", org: sandbox.Options{Sample: true}, previous: true,
			client: func(c *okta.Client) Client { return withoutRoles{c} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org := tt.org
			org.RateScale = 1000 // the rate limits are not what is tested
			o := newOrg(t, org)
			ctx := context.Background()
			opts := tt.opts
			opts.OrgURL, opts.Now = o.url, now
			var c Client = o.client
			if tt.client != nil {
				c = tt.client(o.client)
			}
			prev := ""
			if tt.previous {
				prev = t.TempDir()
				if _, err := Export(ctx, o.client, reg, prev, Options{}); err != nil {
					t.Fatal(err)
				}
				editTree(t, prev)
			}
			fresh := func() string {
				dir := filepath.Join(t.TempDir(), "tree")
				if prev != "" {
					if err := os.CopyFS(dir, os.DirFS(prev)); err != nil {
						t.Fatal(err)
					}
				}
				return dir
			}
			// The batch export.
			batchDir := fresh()
			full := len(opts.Kinds) == 0 && len(opts.Exclude) == 0
			var pos LogEvent
			if full {
				var err error
				if pos, err = logPosition(ctx, c, now()); err != nil {
					t.Fatal(err)
				}
			}
			res, err := Read(ctx, c, reg, opts)
			if err != nil {
				t.Fatal(err)
			}
			want, err := write(reg, batchDir, opts, res, full, pos)
			if err != nil {
				t.Fatal(err)
			}
			wantFiles := readFiles(t, batchDir)
			if full && len(res.Skipped) == 0 && wantFiles[tree.MarkerFile] == "" {
				t.Fatal("the batch export wrote no marker")
			}
			for seed := range int64(2) {
				dir := fresh()
				got, err := Export(ctx, &jittery{Client: c, rnd: rand.New(rand.NewSource(seed))}, reg, dir, opts)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(wantFiles, readFiles(t, dir)); diff != "" {
					t.Fatalf("seed %d: tree (-batch +pipelined):\n%s", seed, diff)
				}
				if diff := cmp.Diff(summary(want), summary(got)); diff != "" {
					t.Fatalf("seed %d: result (-batch +pipelined):\n%s", seed, diff)
				}
			}
		})
	}
}

var (
	requestID = regexp.MustCompile(`\(request id [^)]*\)`)
	groupID   = regexp.MustCompile(`/groups/00g[0-9A-Za-z]+/`)
)

// summary is what Export reports, beyond the tree; request IDs, which
// differ from read to read, are left out, and so is the group in a
// warning about a kind read per group (the first call refused, of many
// made at once, is any of them, in either export).
func summary(w *Written) string {
	var b strings.Builder
	fmt.Fprintf(&b, "kinds %v\nselected %v\nskipped %v\ncounts %v\nfiles %+v\nprevious problems %v\nobjects %d\n",
		w.Kinds, w.Selected, w.Skipped, w.Counts, w.Files, w.PreviousProblems, w.Snapshot.Len())
	for _, wn := range w.Warnings {
		msg := requestID.ReplaceAllString(wn.String(), "(request id …)")
		fmt.Fprintln(&b, "warning", groupID.ReplaceAllString(msg, "/groups/{id}/"))
	}
	for _, o := range w.Snapshot.Objects() {
		data, _ := json.Marshal(o)
		fmt.Fprintln(&b, string(data))
	}
	return b.String()
}

// editTree makes the edits a user makes to an exported tree: a variable
// placeholder in a group's file, a stray file, a file deleted.
func editTree(t *testing.T, dir string) {
	t.Helper()
	files := readFiles(t, dir)
	edited, deleted := false, false
	for f, text := range files {
		switch {
		case !edited && strings.HasPrefix(f, "groups/") && strings.Contains(text, "  description: "):
			i := strings.Index(text, "  description: ")
			j := i + strings.IndexByte(text[i:], '\n')
			text = text[:i] + "  description: ${var:GROUP_DESCRIPTION}" + text[j:]
			edited = true
		case !deleted && strings.HasPrefix(f, "network-zones/"):
			if err := os.Remove(filepath.Join(dir, f)); err != nil {
				t.Fatal(err)
			}
			deleted = true
			continue
		default:
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, f), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !edited || !deleted {
		t.Fatalf("the tree has no group with a description (%v) or no network zone (%v) to edit", edited, deleted)
	}
	if err := os.WriteFile(filepath.Join(dir, "groups", "stray.yaml.bak"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}
