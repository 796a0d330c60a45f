// Command bench is `make bench`: it measures oktasync against the sandbox
// and writes a JSON report (bench/report.json) and a Markdown table
// (bench/report.md). Speed is measured here, never asserted in tests.
//
// The export benchmark starts `oktasync sandbox --generate …` with
// enterprise-tier limits compressed by --rate-scale, runs `oktasync export`
// against it as a user would, and reads the sandbox's own counters
// (/_sandbox/stats): API calls per bucket, 429s, and the wall time against
// the floor the rate limits allow.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/schemas"
)

const token = "bench-token"

// Report is bench/report.json.
type Report struct {
	Date    string        `json:"date"`
	Machine string        `json:"machine"`
	Export  *ExportResult `json:"export,omitempty"`
	Plan    *PlanResult   `json:"plan,omitempty"`
}

// PlanResult is `oktasync diff` of two large offline trees.
type PlanResult struct {
	Objects     int     `json:"objectsPerTree"`
	Changed     int     `json:"changedObjects"`
	Steps       int     `json:"steps"`
	WallSeconds float64 `json:"wallSeconds"`
	PeakRSSMiB  float64 `json:"peakRSSMiB"`
	// Phases, timed in-process on the same trees: where the time goes.
	ReadSeconds     float64 `json:"readBothTreesSeconds"`
	ValidateSeconds float64 `json:"validateBothTreesSeconds"`
	ComputeSeconds  float64 `json:"computeSeconds"`
}

// ExportResult is one export of a generated org.
type ExportResult struct {
	Org           string                  `json:"org"`
	Tier          string                  `json:"tier"`
	RateScale     float64                 `json:"rateScale"`
	WindowSeconds float64                 `json:"windowSeconds"`
	Objects       int                     `json:"objects"`
	WallSeconds   float64                 `json:"wallSeconds"`
	FloorSeconds  float64                 `json:"floorSeconds"`
	FloorRatio    float64                 `json:"wallToFloorRatio"`
	Requests      int                     `json:"requests"`
	MinRequests   int                     `json:"minimumListRequests"`
	CallRatio     float64                 `json:"requestsToMinimumRatio"`
	RateLimited   int                     `json:"rateLimited429s"`
	PeakInFlight  int                     `json:"peakConcurrency"`
	Buckets       map[string]BucketResult `json:"buckets"`
}

// BucketResult is one rate-limit bucket's use.
type BucketResult struct {
	Limit       int     `json:"limitPerWindow"`
	Requests    int     `json:"requests"`
	RateLimited int     `json:"rateLimited"`
	FloorSecs   float64 `json:"floorSeconds"`
}

func main() {
	bin := flag.String("bin", "bin/oktasync", "the oktasync binary")
	out := flag.String("out", "bench/report.json", "the JSON report")
	gen := flag.String("generate", "groups=2000,apps=500,policies=200,authServers=50", "the generated org")
	scale := flag.Float64("rate-scale", 10, "rate-limit window compression (60/F-second windows)")
	latency := flag.Duration("latency", 5*time.Millisecond, "sandbox latency per request")
	planGen := flag.String("plan-generate", "groups=32000,apps=3000,policies=2500,authServers=250",
		"the generated org whose export is planned against a 5%-changed copy ('' to skip)")
	flag.Parse()
	rep := Report{Date: time.Now().UTC().Format(time.RFC3339), Machine: fmt.Sprintf("%s/%s, %d CPUs", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())}
	ex, err := benchExport(*bin, *gen, *scale, *latency)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: export:", err)
		os.Exit(1)
	}
	rep.Export = ex
	if *planGen != "" {
		pr, err := benchPlan(*bin, *planGen)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: plan:", err)
			os.Exit(1)
		}
		rep.Plan = pr
	}
	data, _ := json.MarshalIndent(rep, "", "  ")
	if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	md := markdown(rep)
	_ = os.WriteFile(strings.TrimSuffix(*out, filepath.Ext(*out))+".md", []byte(md), 0o644)
	fmt.Print(md)
	fmt.Printf("\nreport: %s\n", *out)
}

func benchExport(bin, gen string, scale float64, latency time.Duration) (*ExportResult, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sb := exec.CommandContext(ctx, bin, "sandbox", "--listen", "127.0.0.1:0", "--token", token,
		"--generate", gen, "--tier", "enterprise", "--rate-scale", fmt.Sprint(scale), "--latency", latency.String())
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
	dir, err := os.MkdirTemp("", "oktasync-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	tree := filepath.Join(dir, "tree")
	fmt.Fprintf(os.Stderr, "bench: exporting a generated org (%s) at %s …\n", gen, url)
	cmd := exec.Command(bin, "export", "--out", tree)
	cmd.Env = append(os.Environ(), "OKTA_CLIENT_ORGURL="+url, "OKTA_CLIENT_TOKEN="+token, "HOME="+dir)
	start := time.Now()
	if outp, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("oktasync export: %v\n%s", err, outp)
	}
	wall := time.Since(start)
	st, err := stats(url)
	if err != nil {
		return nil, err
	}
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		return nil, err
	}
	snap, problems := model.ReadDir(tree, reg)
	if model.HasErrors(problems) {
		return nil, fmt.Errorf("the exported tree has problems: %v", problems[0])
	}
	res := &ExportResult{Org: gen, Tier: st.Tier, RateScale: scale, WindowSeconds: st.WindowSeconds,
		Objects: snap.Len(), WallSeconds: round(wall.Seconds()), Requests: st.Requests, RateLimited: st.RateLimited,
		PeakInFlight: st.PeakConcurrency, Buckets: map[string]BucketResult{}, MinRequests: minimumRequests(reg, snap)}
	for name, b := range st.Buckets {
		// A bucket that needs n requests at L per window W cannot finish
		// in less than (n/L − 1)·W: the first window's L are free.
		floor := math.Max(0, float64(b.Requests)/float64(b.Limit)-1) * st.WindowSeconds
		res.Buckets[name] = BucketResult{Limit: b.Limit, Requests: b.Requests, RateLimited: b.RateLimited, FloorSecs: round(floor)}
		res.FloorSeconds = math.Max(res.FloorSeconds, round(floor))
	}
	if res.FloorSeconds > 0 {
		res.FloorRatio = round(res.WallSeconds / res.FloorSeconds)
	}
	res.CallRatio = round(float64(res.Requests) / float64(res.MinRequests))
	return res, nil
}

// minimumRequests is the fewest list calls that can read the tree's objects:
// per kind and parent object, one call per list query, or one per full page
// when that is more.
func minimumRequests(reg *model.Registry, snap *model.Snapshot) int {
	n := 0
	for _, k := range reg.Kinds() {
		queries := max(1, len(k.List.Queries))
		var parents []string
		if k.Parent == "" {
			parents = []string{""}
		} else {
			for _, p := range snap.ByKind(k.Parent) {
				parents = append(parents, p.Path)
			}
		}
		for _, pp := range parents {
			count := 0
			if pp == "" {
				count = len(snap.ByKind(k.Name))
			} else {
				count = len(snap.ChildrenOf(pp, k.Name))
			}
			pages := 1
			if k.List.Limit > 0 {
				pages = (count + k.List.Limit - 1) / k.List.Limit
			}
			n += max(queries, pages)
		}
	}
	return n
}

type sandboxStats struct {
	Tier            string  `json:"tier"`
	WindowSeconds   float64 `json:"windowSeconds"`
	PeakConcurrency int     `json:"peakConcurrency"`
	Requests        int     `json:"requests"`
	RateLimited     int     `json:"rateLimited"`
	Buckets         map[string]struct {
		Limit, Requests, RateLimited int
	} `json:"buckets"`
}

func stats(url string) (*sandboxStats, error) {
	resp, err := http.Get(url + "/_sandbox/stats")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var st sandboxStats
	return &st, json.NewDecoder(resp.Body).Decode(&st)
}

var listenRE = regexp.MustCompile(`listening on (http://\S+)`)

func listening(r io.Reader) (string, error) {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if m := listenRE.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, r)
	}()
	select {
	case u := <-found:
		return u, nil
	case <-time.After(60 * time.Second):
		return "", fmt.Errorf("the sandbox did not start within a minute")
	}
}

func markdown(rep Report) string {
	var b strings.Builder
	if ex := rep.Export; ex != nil {
		fmt.Fprintf(&b, "## Export of a generated org (%s)\n\n", ex.Org)
		fmt.Fprintf(&b, "Tier %s, windows of %.0f s (rate scale %g), %d objects, %s.\n\n", ex.Tier, ex.WindowSeconds, ex.RateScale, ex.Objects, rep.Machine)
		fmt.Fprintf(&b, "| measure | value |\n|---|---|\n")
		fmt.Fprintf(&b, "| wall time | %.2f s |\n| rate-limit floor | %.2f s |\n| wall / floor | %.2f |\n", ex.WallSeconds, ex.FloorSeconds, ex.FloorRatio)
		fmt.Fprintf(&b, "| API calls | %d |\n| minimum list calls | %d |\n| calls / minimum | %.2f |\n", ex.Requests, ex.MinRequests, ex.CallRatio)
		fmt.Fprintf(&b, "| 429s | %d |\n| peak concurrency | %d |\n\n", ex.RateLimited, ex.PeakInFlight)
		fmt.Fprintf(&b, "| bucket | limit/window | calls | 429s | floor (s) |\n|---|---|---|---|---|\n")
		names := make([]string, 0, len(ex.Buckets))
		for n := range ex.Buckets {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			bk := ex.Buckets[n]
			fmt.Fprintf(&b, "| `%s` | %d | %d | %d | %.2f |\n", n, bk.Limit, bk.Requests, bk.RateLimited, bk.FloorSecs)
		}
	}
	if p := rep.Plan; p != nil {
		fmt.Fprintf(&b, "\n## Plan of two offline trees (oktasync diff)\n\n")
		fmt.Fprintf(&b, "| measure | value |\n|---|---|\n| objects per tree | %d |\n| changed objects | %d |\n| steps | %d |\n| wall time | %.2f s |\n| peak memory | %.0f MiB |\n",
			p.Objects, p.Changed, p.Steps, p.WallSeconds, p.PeakRSSMiB)
		fmt.Fprintf(&b, "| of which: reading both trees (YAML) | %.2f s |\n| of which: validating both trees | %.2f s |\n| of which: computing the plan | %.2f s |\n",
			p.ReadSeconds, p.ValidateSeconds, p.ComputeSeconds)
	}
	return b.String()
}

func round(f float64) float64 { return math.Round(f*100) / 100 }

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
	sa, pa := model.ReadDir(a, reg)
	sb, pb := model.ReadDir(b, reg)
	res.ReadSeconds = round(time.Since(t).Seconds())
	if model.HasErrors(append(pa, pb...)) {
		return fmt.Errorf("the trees do not read cleanly")
	}
	t = time.Now()
	model.Validate(sa, reg)
	model.Validate(sb, reg)
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
