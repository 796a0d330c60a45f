package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/tree"
	"github.com/oktasync/oktasync/schemas"
)

// benchPlan exports a large generated org (rate limits relaxed: this is not
// what is measured), copies the tree with 5% of its objects changed, and
// times `oktasync diff A B` with its peak memory.
func benchPlan(bin, gen string) (*PlanResult, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sb := exec.CommandContext(ctx, bin, "sandbox", "--listen", "127.0.0.1:0", "--token", token,
		"--generate", gen, "--tier", "workforce", "--rate-scale", "6000")
	stdout, err := sb.StdoutPipe()
	if err != nil {
		return nil, err
	}
	sb.Stderr = os.Stderr
	if err := sb.Start(); err != nil {
		return nil, err
	}
	defer func() { _ = sb.Process.Signal(os.Interrupt); _ = sb.Wait() }()
	url, err := listening(stdout)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "oktasync-bench-plan-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	fmt.Fprintf(os.Stderr, "bench: exporting a large org (%s) for the plan benchmark …\n", gen)
	cmd := exec.Command(bin, "export", "--out", a)
	cmd.Env = append(os.Environ(), "OKTA_CLIENT_ORGURL="+url, "OKTA_CLIENT_TOKEN="+token, "HOME="+dir)
	if outp, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("export: %v\n%s", err, outp)
	}
	objects, changed, err := copyWithChanges(a, b, 20)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "bench: planning %d objects against a copy with %d changed …\n", objects, changed)
	diff := exec.Command(bin, "diff", a, b, "--format", "json")
	var out strings.Builder
	diff.Stdout = &out
	diff.Stderr = os.Stderr
	start := time.Now()
	if err := diff.Run(); err != nil {
		return nil, fmt.Errorf("diff: %v", err)
	}
	wall := time.Since(start)
	var p struct {
		Steps []json.RawMessage `json:"steps"`
	}
	if err := json.Unmarshal([]byte(out.String()), &p); err != nil {
		return nil, fmt.Errorf("diff output: %v", err)
	}
	res := &PlanResult{Objects: objects, Changed: changed, Steps: len(p.Steps),
		WallSeconds: round(wall.Seconds()), PeakRSSMiB: round(peakRSSMiB(diff.ProcessState))}
	if err := planPhases(a, b, res); err != nil {
		return nil, err
	}
	return res, nil
}

// planPhases times the stages of `oktasync diff` in-process.
func planPhases(a, b string, res *PlanResult) error {
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		return err
	}
	t := time.Now()
	sa, pa := tree.Read(a, reg)
	sb, pb := tree.Read(b, reg)
	res.ReadSeconds = round(time.Since(t).Seconds())
	if model.HasErrors(append(pa, pb...)) {
		return fmt.Errorf("the trees do not read cleanly")
	}
	t = time.Now()
	tree.Validate(sa, reg)
	tree.Validate(sb, reg)
	res.ValidateSeconds = round(time.Since(t).Seconds())
	t = time.Now()
	if _, err := plan.Compute(sb, sa, plan.Options{Registry: reg}); err != nil {
		return err
	}
	res.ComputeSeconds = round(time.Since(t).Seconds())
	return nil
}

// copyWithChanges copies tree a to b, changing every nth object file: a
// description where there is one, else a new label-like field value.
func copyWithChanges(a, b string, every int) (objects, changed int, err error) {
	err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		target := filepath.Join(b, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".yaml") {
			objects++
			if objects%every == 0 && strings.Contains(string(data), "\n    description: ") {
				data = []byte(strings.Replace(string(data), "\n    description: ", "\n    description: changed ", 1))
				changed++
			}
		}
		return os.WriteFile(target, data, 0o644)
	})
	return objects, changed, err
}
