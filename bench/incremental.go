package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"time"
)

// IncrementalResult is a pull request's plan on the generated org, read
// incrementally from the tree's marker and the System Log, next to the same
// plan from a full read: after an export with no change in the org, and
// after changes made through the API.
type IncrementalResult struct {
	Org     string           `json:"org"`
	Objects int              `json:"objects"`
	Runs    []IncrementalRun `json:"runs"`
}

// IncrementalRun is one plan: its read mode, API calls, wall time, and
// whether its steps equal the full read's.
type IncrementalRun struct {
	Case        string   `json:"case"`
	Mode        string   `json:"mode"`
	Reason      string   `json:"reason,omitempty"`
	Events      int      `json:"events"`
	KindsRead   []string `json:"kindsRead,omitempty"`
	Calls       int      `json:"calls"`
	WallSeconds float64  `json:"wallSeconds"`
	Steps       int      `json:"steps"`
	SameAsFull  *bool    `json:"sameAsFull,omitempty"`
}

// benchIncremental exports the generated org, plans with no change (the
// incremental read and a full one), then changes objects through the API
// and plans both ways again.
func benchIncremental(bin string, a sandboxArgs, changes int) (*IncrementalResult, error) {
	fmt.Fprintf(os.Stderr, "bench: incremental plans: starting a sandbox with a generated org (%s) …\n", a.gen)
	url, stop, err := startSandbox(bin, a)
	if err != nil {
		return nil, err
	}
	defer stop()
	dir, err := os.MkdirTemp("", "oktasync-bench-incr-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "tree")
	env := append(os.Environ(), "OKTA_CLIENT_ORGURL="+url, "OKTA_CLIENT_TOKEN="+token, "HOME="+dir)
	exp := exec.Command(bin, "export", "--out", out)
	exp.Env = env
	if outp, err := exp.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("export: %w\n%s", err, outp)
	}
	res := &IncrementalResult{Org: a.gen, Objects: countFiles(out)}
	pair := func(name string) error {
		inc, incSteps, err := planOnce(bin, env, out, false)
		if err != nil {
			return err
		}
		full, fullSteps, err := planOnce(bin, env, out, true)
		if err != nil {
			return err
		}
		same := reflect.DeepEqual(incSteps, fullSteps)
		inc.Case, full.Case, inc.SameAsFull = name, name, &same
		res.Runs = append(res.Runs, inc, full)
		return nil
	}
	if err := pair("no change since the export"); err != nil {
		return nil, err
	}
	if err := changeGroups(url, changes); err != nil {
		return nil, err
	}
	if err := pair(fmt.Sprintf("%d groups changed through the API", changes)); err != nil {
		return nil, err
	}
	return res, nil
}

// planOnce runs `oktasync plan --format json` and returns its read record
// and its steps.
func planOnce(bin string, env []string, dir string, full bool) (IncrementalRun, []json.RawMessage, error) {
	args := []string{"plan", "--dir", dir, "--format", "json", "--allow-delete"}
	if full {
		args = append(args, "--full")
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = io.Discard
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return IncrementalRun{}, nil, fmt.Errorf("plan: %w", err)
	}
	wall := time.Since(start)
	var p struct {
		Steps []json.RawMessage `json:"steps"`
		Read  struct {
			Mode   string   `json:"mode"`
			Reason string   `json:"reason"`
			Events int      `json:"events"`
			Kinds  []string `json:"kinds_read"`
			Calls  int      `json:"calls"`
		} `json:"read"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &p); err != nil {
		return IncrementalRun{}, nil, fmt.Errorf("plan output: %w", err)
	}
	return IncrementalRun{Mode: p.Read.Mode, Reason: p.Read.Reason, Events: p.Read.Events, KindsRead: p.Read.Kinds,
		Calls: p.Read.Calls, WallSeconds: round(wall.Seconds()), Steps: len(p.Steps)}, p.Steps, nil
}

// changeGroups changes the descriptions of n groups through the API, as
// admins do in the Admin Console between two pull requests.
func changeGroups(url string, n int) error {
	var groups []map[string]any
	if err := sandboxJSON(url, "GET", fmt.Sprintf("/api/v1/groups?limit=%d", 4*n+10), nil, &groups); err != nil {
		return err
	}
	done := 0
	for _, g := range groups {
		if done == n {
			break
		}
		if g["type"] != "OKTA_GROUP" {
			continue
		}
		prof, _ := g["profile"].(map[string]any)
		body := map[string]any{"profile": map[string]any{"name": prof["name"], "description": "changed by the bench"}}
		// A generated name that another group holds in another case is
		// refused (Okta compares group names without regard to case):
		// that group is skipped.
		if err := sandboxJSON(url, "PUT", "/api/v1/groups/"+fmt.Sprint(g["id"]), body, nil); err != nil {
			continue
		}
		done++
	}
	if done < n {
		return fmt.Errorf("only %d groups to change", done)
	}
	return nil
}

func sandboxJSON(url, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, url+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "SSWS "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

func countFiles(dir string) int {
	n := 0
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			n++
		}
		return nil
	})
	return n
}

// incrementalMarkdown is the report's section.
func incrementalMarkdown(r *IncrementalResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Incremental plans (the generated org: %s, %d objects)\n\n", r.Org, r.Objects)
	b.WriteString("| case | read | events | API calls | wall | steps | same plan as the full read |\n|---|---|---:|---:|---:|---:|---|\n")
	for _, run := range r.Runs {
		same := ""
		if run.Mode == "incremental" && run.SameAsFull != nil {
			same = fmt.Sprint(*run.SameAsFull)
		}
		mode := run.Mode
		if len(run.KindsRead) > 0 {
			mode += " (re-read " + strings.Join(run.KindsRead, ", ") + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %.2f s | %d | %s |\n", run.Case, mode, run.Events, run.Calls, run.WallSeconds, run.Steps, same)
	}
	b.WriteString("\n")
	return b.String()
}
