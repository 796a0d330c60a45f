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

// planOptions are the plan benchmark's own flags.
type planOptions struct {
	// dir keeps the two trees (dir/a, dir/b) and reuses them when present,
	// so that a profile can be taken again without a new export.
	dir string
	// profile is a directory for CPU and allocation profiles of the
	// in-process phases.
	profile string
}

// planTrees is the plan benchmark's input: tree a as exported, tree b its
// copy with every 20th object changed.
type planTrees struct {
	A, B             string
	Objects, Changed int
}

// benchPlan times `oktasync diff A B` of a large generated org's export
// against a copy with 5% of its objects changed, with its peak memory, then
// the same phases in-process.
func benchPlan(bin, gen string, po planOptions) (*PlanResult, error) {
	trees, cleanup, err := preparePlanTrees(bin, gen, po.dir)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	fmt.Fprintf(os.Stderr, "bench: planning %d objects against a copy with %d changed …\n", trees.Objects, trees.Changed)
	// The validation cache starts empty (cold), and the second run finds
	// what the first stored (warm): a CI plan of a tree mostly unchanged
	// since the last run.
	cacheDir, err := os.MkdirTemp("", "oktasync-bench-cache-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(cacheDir)
	res := &PlanResult{Objects: trees.Objects, Changed: trees.Changed}
	for _, run := range []struct {
		wall, peak *float64
	}{{&res.WallSeconds, &res.PeakRSSMiB}, {&res.WarmWallSeconds, &res.WarmPeakRSSMiB}} {
		steps, wall, peak, err := timeDiff(bin, trees, cacheDir)
		if err != nil {
			return nil, err
		}
		res.Steps, *run.wall, *run.peak = steps, wall, peak
	}
	if err := planPhases(trees.A, trees.B, res, po.profile); err != nil {
		return nil, err
	}
	return res, nil
}

// timeDiff runs `oktasync diff` of the trees with its validation cache in
// cacheDir, and returns its steps, wall time and peak memory.
func timeDiff(bin string, trees *planTrees, cacheDir string) (steps int, wall, peakMiB float64, err error) {
	diff := exec.Command(bin, "diff", trees.A, trees.B, "--format", "json")
	diff.Env = append(os.Environ(), "OKTASYNC_CACHE_DIR="+cacheDir, "OKTASYNC_NO_CACHE=")
	var out strings.Builder
	diff.Stdout = &out
	diff.Stderr = os.Stderr
	start := time.Now()
	if err := diff.Run(); err != nil {
		return 0, 0, 0, fmt.Errorf("diff: %w", err)
	}
	took := time.Since(start)
	var p struct {
		Steps []json.RawMessage `json:"steps"`
	}
	if err := json.Unmarshal([]byte(out.String()), &p); err != nil {
		return 0, 0, 0, fmt.Errorf("diff output: %w", err)
	}
	return len(p.Steps), round(took.Seconds()), round(peakRSSMiB(diff.ProcessState)), nil
}

// preparePlanTrees exports a large generated org (rate limits relaxed: this
// is not what is measured) and copies the tree with 5% of its objects
// changed, in keep when given (reusing the trees a previous run left there)
// or else in a temporary directory that cleanup removes.
func preparePlanTrees(bin, gen, keep string) (*planTrees, func(), error) {
	cleanup := func() {}
	dir := keep
	if dir == "" {
		d, err := os.MkdirTemp("", "oktasync-bench-plan-")
		if err != nil {
			return nil, nil, err
		}
		dir, cleanup = d, func() { os.RemoveAll(d) }
	}
	trees := &planTrees{A: filepath.Join(dir, "a"), B: filepath.Join(dir, "b")}
	manifest := filepath.Join(dir, "trees.json")
	if data, err := os.ReadFile(manifest); err == nil && keep != "" {
		if err := json.Unmarshal(data, trees); err == nil {
			fmt.Fprintf(os.Stderr, "bench: reusing the plan trees in %s\n", dir)
			return trees, cleanup, nil
		}
	}
	if err := exportGenerated(bin, gen, trees.A, dir); err != nil {
		cleanup()
		return nil, nil, err
	}
	var err error
	trees.Objects, trees.Changed, err = copyWithChanges(trees.A, trees.B, 20)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	if keep != "" {
		data, _ := json.Marshal(trees)
		if err := os.WriteFile(manifest, data, 0o644); err != nil {
			return nil, nil, err
		}
	}
	return trees, cleanup, nil
}

// exportGenerated starts a sandbox with a generated org and exports it to
// out, with HOME set to home.
func exportGenerated(bin, gen, out, home string) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sb := exec.CommandContext(ctx, bin, "sandbox", "--listen", "127.0.0.1:0", "--token", token,
		"--generate", gen, "--tier", "workforce", "--rate-scale", "6000")
	stdout, err := sb.StdoutPipe()
	if err != nil {
		return err
	}
	sb.Stderr = os.Stderr
	if err := sb.Start(); err != nil {
		return err
	}
	defer func() { _ = sb.Process.Signal(os.Interrupt); _ = sb.Wait() }()
	url, err := listening(stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: exporting a large org (%s) for the plan benchmark …\n", gen)
	cmd := exec.Command(bin, "export", "--out", out)
	cmd.Env = append(os.Environ(), "OKTA_CLIENT_ORGURL="+url, "OKTA_CLIENT_TOKEN="+token, "HOME="+home)
	if outp, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("export: %w\n%s", err, outp)
	}
	return nil
}

// planPhases times the stages of `oktasync diff` in-process.
func planPhases(a, b string, res *PlanResult, profileDir string) error {
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		return err
	}
	if profileDir != "" {
		stop, err := startProfiles(profileDir)
		if err != nil {
			return err
		}
		defer stop()
	}
	// As `oktasync diff a b` does: b read sharing a's equal files, both
	// validated with one memo, first with an empty validation cache
	// (cold), then with the one the cold run filled (warm).
	t := time.Now()
	sa, pa := tree.Read(a, reg)
	sb, pb := tree.ReadSharing(b, reg, sa)
	res.ReadSeconds = round(time.Since(t).Seconds())
	if model.HasErrors(append(pa, pb...)) {
		return fmt.Errorf("the trees do not read cleanly")
	}
	cacheDir, err := os.MkdirTemp("", "oktasync-bench-cache-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(cacheDir)
	cachePath := filepath.Join(cacheDir, "cache")
	var memo *tree.Memo
	for _, seconds := range []*float64{&res.ValidateSeconds, &res.WarmValidateSeconds} {
		cache := tree.OpenCache(cachePath, [32]byte{1})
		t = time.Now()
		memo = tree.NewCachedMemo(cache)
		tree.ValidateMemo(sb, reg, memo)
		tree.ValidateMemo(sa, reg, memo)
		*seconds = round(time.Since(t).Seconds())
		if err := cache.Save(); err != nil {
			return err
		}
	}
	t = time.Now()
	if _, err := plan.Compute(sb, sa, plan.Options{Registry: reg, Validated: true, Clean: memo.Clean}); err != nil {
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
