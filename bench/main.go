// Command bench is `make bench`: it measures oktasync against the sandbox
// and writes a JSON report (bench/report.json) and a Markdown table
// (bench/report.md). Speed is measured here, never asserted in tests.
//
// The export benchmark compares `oktasync export` with a baseline: the
// exporter a user would write by hand with Okta's official Go SDK v5
// (package bench/baseline). Each runs against its own fresh `oktasync
// sandbox --generate …` started with the same arguments and seed, so both
// read the same org under the same enterprise-tier limits compressed by
// --rate-scale and the same latency, and each is measured from zero with
// the sandbox's own counters (/_sandbox/stats): API calls per bucket, 429s,
// and the wall time against the floor the rate limits allow for the calls
// made. The report gives both and their ratios.
//
// The comparison org (groups=2000,apps=500,policies=200,authServers=50 by
// default) is sized for time, not realism: the baseline makes about four
// times oktasync's calls, one at a time, so on 2 cores the two exports take
// about a minute and a half together, and the whole of `make bench` stays
// within a few minutes. It is still large enough that the rate limits, not
// the latency, set oktasync's time (its /api/v1/apps bucket needs five
// windows), and that the alignment of the sandbox's windows to the clock
// moves each wall time by up to about one window (6 s). The ratios are the
// result; the absolute times scale with --rate-scale.
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
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/oktasync/oktasync/bench/baseline"
	"github.com/oktasync/oktasync/internal/apply"
	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/tree"
	"github.com/oktasync/oktasync/schemas"
)

const token = "bench-token"

// seed is the sandbox's --seed for both export runs: the same seed and
// --generate give the same org, IDs included.
const seed = "1"

// Report is bench/report.json.
type Report struct {
	Date    string `json:"date"`
	Machine string `json:"machine"`
	// Export is oktasync's export; Baseline the hand-written SDK exporter's
	// export of the same org; Comparison their ratios.
	Export     *ExportResult `json:"export,omitempty"`
	Baseline   *ExportResult `json:"baseline,omitempty"`
	Comparison *Comparison   `json:"comparison,omitempty"`
	Plan       *PlanResult   `json:"plan,omitempty"`
	Apply      *ApplyResult  `json:"apply,omitempty"`
}

// ApplyResult is apply creating about 1,000 objects in an org that has none
// of them.
type ApplyResult struct {
	Tier          string  `json:"tier"`
	WindowSeconds float64 `json:"windowSeconds"`
	Objects       int     `json:"objects"`
	Steps         int     `json:"steps"`
	Parallelism   int     `json:"parallelism"`
	// WallSeconds is the whole run (reading the org, the stale check, the
	// steps); ExecuteSeconds the steps alone.
	WallSeconds    float64                 `json:"wallSeconds"`
	ExecuteSeconds float64                 `json:"executeSeconds"`
	FloorSeconds   float64                 `json:"floorSeconds"`
	FloorRatio     float64                 `json:"wallToFloorRatio"`
	Requests       int                     `json:"requests"`
	RateLimited    int                     `json:"rateLimited429s"`
	Buckets        map[string]BucketResult `json:"buckets"`
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
	Exporter      string  `json:"exporter"`
	Org           string  `json:"org"`
	Tier          string  `json:"tier"`
	RateScale     float64 `json:"rateScale"`
	LatencyMillis float64 `json:"latencyMillis"`
	WindowSeconds float64 `json:"windowSeconds"`
	// Objects is what the exporter wrote: objects in oktasync's tree,
	// files for the baseline.
	Objects      int     `json:"objects"`
	WallSeconds  float64 `json:"wallSeconds"`
	FloorSeconds float64 `json:"floorSeconds"`
	FloorRatio   float64 `json:"wallToFloorRatio"`
	Requests     int     `json:"requests"`
	// MinRequests is the fewest list calls that can read the org (from
	// oktasync's tree of it), the same for both exporters.
	MinRequests  int                     `json:"minimumListRequests"`
	CallRatio    float64                 `json:"requestsToMinimumRatio"`
	RateLimited  int                     `json:"rateLimited429s"`
	PeakInFlight int                     `json:"peakConcurrency"`
	Buckets      map[string]BucketResult `json:"buckets"`
}

// BucketResult is one rate-limit bucket's use.
type BucketResult struct {
	Limit       int     `json:"limitPerWindow"`
	Requests    int     `json:"requests"`
	RateLimited int     `json:"rateLimited"`
	FloorSecs   float64 `json:"floorSeconds"`
}

// Comparison is baseline ÷ oktasync: above 1 means oktasync is faster or
// makes fewer calls by that factor.
type Comparison struct {
	WallRatio    float64                     `json:"wallBaselineToOktasync"`
	CallRatio    float64                     `json:"requestsBaselineToOktasync"`
	Baseline429s int                         `json:"baseline429s"`
	Oktasync429s int                         `json:"oktasync429s"`
	Buckets      map[string]BucketComparison `json:"buckets"`
}

// BucketComparison is one bucket's calls by both exporters.
type BucketComparison struct {
	Baseline int     `json:"baselineRequests"`
	Oktasync int     `json:"oktasyncRequests"`
	Ratio    float64 `json:"ratio,omitempty"` // 0 when oktasync made no call there
}

// sandboxArgs are the sandbox settings of one export run.
type sandboxArgs struct {
	gen     string
	scale   float64
	latency time.Duration
}

func main() {
	bin := flag.String("bin", "bin/oktasync", "the oktasync binary")
	out := flag.String("out", "bench/report.json", "the JSON report")
	gen := flag.String("generate", "groups=2000,apps=500,policies=200,authServers=50",
		"the generated org both exporters read (sized so that the SDK baseline finishes in about a minute)")
	scale := flag.Float64("rate-scale", 10, "rate-limit window compression (60/F-second windows)")
	latency := flag.Duration("latency", 5*time.Millisecond, "sandbox latency per request")
	withBaseline := flag.Bool("baseline", true, "also run the hand-written SDK exporter and compare")
	applyObjects := flag.Int("apply-objects", 1000, "objects the apply benchmark creates (0 to skip)")
	planGen := flag.String("plan-generate", "groups=32000,apps=3000,policies=2500,authServers=250",
		"the generated org whose export is planned against a 5%-changed copy ('' to skip)")
	flag.Parse()
	rep := Report{Date: time.Now().UTC().Format(time.RFC3339), Machine: fmt.Sprintf("%s/%s, %d CPUs", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())}
	args := sandboxArgs{gen: *gen, scale: *scale, latency: *latency}
	ex, objects, err := benchExport(*bin, args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: export:", err)
		os.Exit(1)
	}
	rep.Export = ex
	if *withBaseline {
		bl, err := benchBaseline(*bin, args, ex.MinRequests)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: baseline:", err)
			os.Exit(1)
		}
		rep.Baseline = bl
		rep.Comparison = compare(bl, ex)
		if bl.Objects < objects {
			// The baseline writes every object oktasync does (nothing is
			// filtered); fewer means it missed a kind, and the comparison
			// would flatter it.
			fmt.Fprintf(os.Stderr, "bench: warning: the baseline wrote %d files for %d objects\n", bl.Objects, objects)
		}
	}
	if *applyObjects > 0 {
		ar, err := benchApply(*applyObjects, *scale, *latency)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: apply:", err)
			os.Exit(1)
		}
		rep.Apply = ar
	}
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

// startSandbox starts a fresh sandbox for one run and returns its URL and
// a function that stops it. A fresh process per run is what makes the two
// exporters' counters and rate-limit budgets start from zero.
func startSandbox(bin string, a sandboxArgs) (string, func(), error) {
	ctx, cancel := context.WithCancel(context.Background())
	sb := exec.CommandContext(ctx, bin, "sandbox", "--listen", "127.0.0.1:0", "--token", token, "--seed", seed,
		"--generate", a.gen, "--tier", "enterprise", "--rate-scale", fmt.Sprint(a.scale), "--latency", a.latency.String())
	stdout, err := sb.StdoutPipe()
	if err != nil {
		cancel()
		return "", nil, err
	}
	sb.Stderr = os.Stderr
	if err := sb.Start(); err != nil {
		cancel()
		return "", nil, err
	}
	stop := func() { _ = sb.Process.Signal(os.Interrupt); _ = sb.Wait(); cancel() }
	url, err := listening(stdout)
	if err != nil {
		stop()
		return "", nil, err
	}
	return url, stop, nil
}

// benchExport runs `oktasync export` as a user would. It also returns the
// number of objects in the tree, which the baseline must at least match.
func benchExport(bin string, a sandboxArgs) (*ExportResult, int, error) {
	fmt.Fprintf(os.Stderr, "bench: starting a sandbox with a generated org (%s) …\n", a.gen)
	url, stop, err := startSandbox(bin, a)
	if err != nil {
		return nil, 0, err
	}
	defer stop()
	dir, err := os.MkdirTemp("", "oktasync-bench-")
	if err != nil {
		return nil, 0, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "tree")
	fmt.Fprintf(os.Stderr, "bench: oktasync export at %s …\n", url)
	cmd := exec.Command(bin, "export", "--out", out)
	cmd.Env = append(os.Environ(), "OKTA_CLIENT_ORGURL="+url, "OKTA_CLIENT_TOKEN="+token, "HOME="+dir)
	start := time.Now()
	if outp, err := cmd.CombinedOutput(); err != nil {
		return nil, 0, fmt.Errorf("oktasync export: %v\n%s", err, outp)
	}
	wall := time.Since(start)
	st, err := stats(url)
	if err != nil {
		return nil, 0, err
	}
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		return nil, 0, err
	}
	snap, problems := tree.Read(out, reg)
	if model.HasErrors(problems) {
		return nil, 0, fmt.Errorf("the exported tree has problems: %v", problems[0])
	}
	res := exportResult("oktasync export", a, st, wall, snap.Len(), minimumRequests(reg, snap))
	fmt.Fprintf(os.Stderr, "bench: oktasync export: %d objects, %d calls, %d 429s in %.1f s\n", res.Objects, res.Requests, res.RateLimited, res.WallSeconds)
	return res, snap.Len(), nil
}

// benchBaseline runs the hand-written SDK exporter in-process against a
// fresh sandbox started exactly as for oktasync.
func benchBaseline(bin string, a sandboxArgs, minRequests int) (*ExportResult, error) {
	fmt.Fprintf(os.Stderr, "bench: starting a fresh sandbox with the same org for the SDK baseline …\n")
	url, stop, err := startSandbox(bin, a)
	if err != nil {
		return nil, err
	}
	defer stop()
	dir, err := os.MkdirTemp("", "oktasync-bench-baseline-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	// The SDK also reads ~/.okta/okta.yaml and OKTA_CLIENT_* variables;
	// the options below override the org and token, and HOME is not ours
	// to change in-process, so a developer's own okta.yaml could only add
	// settings the baseline does not use.
	fmt.Fprintf(os.Stderr, "bench: SDK baseline export at %s (sequential, one request at a time; this takes a while) …\n", url)
	start := time.Now()
	res, err := baseline.Export(context.Background(), baseline.Options{OrgURL: url, Token: token, Out: dir, Progress: os.Stderr})
	if err != nil {
		return nil, err
	}
	wall := time.Since(start)
	st, err := stats(url)
	if err != nil {
		return nil, err
	}
	out := exportResult("hand-written Okta Go SDK v5 exporter", a, st, wall, res.Objects, minRequests)
	fmt.Fprintf(os.Stderr, "bench: SDK baseline: %d files, %d calls, %d 429s in %.1f s\n", out.Objects, out.Requests, out.RateLimited, out.WallSeconds)
	return out, nil
}

// exportResult turns a run's wall time and the sandbox's counters into a
// result, with the floor the rate limits allow for the calls made.
func exportResult(exporter string, a sandboxArgs, st *sandboxStats, wall time.Duration, objects, minRequests int) *ExportResult {
	res := &ExportResult{Exporter: exporter, Org: a.gen, Tier: st.Tier, RateScale: a.scale,
		LatencyMillis: float64(a.latency) / float64(time.Millisecond), WindowSeconds: st.WindowSeconds,
		Objects: objects, WallSeconds: round(wall.Seconds()), Requests: st.Requests, RateLimited: st.RateLimited,
		PeakInFlight: st.PeakConcurrency, Buckets: map[string]BucketResult{}, MinRequests: minRequests}
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
	if minRequests > 0 {
		res.CallRatio = round(float64(res.Requests) / float64(minRequests))
	}
	return res
}

// compare divides the baseline's measures by oktasync's.
func compare(bl, ok *ExportResult) *Comparison {
	c := &Comparison{Baseline429s: bl.RateLimited, Oktasync429s: ok.RateLimited, Buckets: map[string]BucketComparison{}}
	if ok.WallSeconds > 0 {
		c.WallRatio = round(bl.WallSeconds / ok.WallSeconds)
	}
	if ok.Requests > 0 {
		c.CallRatio = round(float64(bl.Requests) / float64(ok.Requests))
	}
	for _, name := range bucketNames(bl, ok) {
		bc := BucketComparison{Baseline: bl.Buckets[name].Requests, Oktasync: ok.Buckets[name].Requests}
		if bc.Oktasync > 0 {
			bc.Ratio = round(float64(bc.Baseline) / float64(bc.Oktasync))
		}
		c.Buckets[name] = bc
	}
	return c
}

// bucketNames lists the buckets either result used, sorted.
func bucketNames(rs ...*ExportResult) []string {
	set := map[string]bool{}
	for _, r := range rs {
		if r == nil {
			continue
		}
		for n, b := range r.Buckets {
			if b.Requests > 0 {
				set[n] = true
			}
		}
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
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
	if ex, bl, c := rep.Export, rep.Baseline, rep.Comparison; ex != nil && bl != nil && c != nil {
		fmt.Fprintf(&b, "## Export: oktasync vs. a hand-written Okta Go SDK exporter\n\n")
		fmt.Fprintf(&b, "The same generated org (%s), each run against a fresh sandbox: tier %s, windows of %.0f s (rate scale %g), %g ms latency; %s.\n\n",
			ex.Org, ex.Tier, ex.WindowSeconds, ex.RateScale, ex.LatencyMillis, rep.Machine)
		fmt.Fprintf(&b, "| measure | SDK baseline | oktasync | baseline / oktasync |\n|---|---:|---:|---:|\n")
		fmt.Fprintf(&b, "| wall time | %.2f s | %.2f s | **%.2f×** |\n", bl.WallSeconds, ex.WallSeconds, c.WallRatio)
		fmt.Fprintf(&b, "| API calls | %d | %d | **%.2f×** |\n", bl.Requests, ex.Requests, c.CallRatio)
		fmt.Fprintf(&b, "| 429s | %d | %d | |\n", bl.RateLimited, ex.RateLimited)
		fmt.Fprintf(&b, "| rate-limit floor for the calls made | %.2f s | %.2f s | |\n", bl.FloorSeconds, ex.FloorSeconds)
		fmt.Fprintf(&b, "| calls / minimum list calls (%d) | %.2f | %.2f | |\n", ex.MinRequests, bl.CallRatio, ex.CallRatio)
		fmt.Fprintf(&b, "| peak concurrency | %d | %d | |\n", bl.PeakInFlight, ex.PeakInFlight)
		fmt.Fprintf(&b, "| objects written | %d files | %d objects | |\n\n", bl.Objects, ex.Objects)
		fmt.Fprintf(&b, "| bucket | limit/window | SDK baseline calls (429s) | oktasync calls (429s) | baseline / oktasync |\n|---|---:|---:|---:|---:|\n")
		for _, n := range bucketNames(bl, ex) {
			bb, ob := bl.Buckets[n], ex.Buckets[n]
			limit := max(bb.Limit, ob.Limit)
			ratio := "–"
			if r := c.Buckets[n].Ratio; r > 0 {
				ratio = fmt.Sprintf("%.2f×", r)
			}
			fmt.Fprintf(&b, "| `%s` | %d | %d (%d) | %d (%d) | %s |\n", n, limit, bb.Requests, bb.RateLimited, ob.Requests, ob.RateLimited, ratio)
		}
		b.WriteString("\n")
	}
	if ex := rep.Export; ex != nil {
		fmt.Fprintf(&b, "## oktasync export of the generated org (%s)\n\n", ex.Org)
		fmt.Fprintf(&b, "Tier %s, windows of %.0f s (rate scale %g), %d objects, %s.\n\n", ex.Tier, ex.WindowSeconds, ex.RateScale, ex.Objects, rep.Machine)
		fmt.Fprintf(&b, "| measure | value |\n|---|---|\n")
		fmt.Fprintf(&b, "| wall time | %.2f s |\n| rate-limit floor | %.2f s |\n| wall / floor | %.2f |\n", ex.WallSeconds, ex.FloorSeconds, ex.FloorRatio)
		fmt.Fprintf(&b, "| API calls | %d |\n| minimum list calls | %d |\n| calls / minimum | %.2f |\n", ex.Requests, ex.MinRequests, ex.CallRatio)
		fmt.Fprintf(&b, "| 429s | %d |\n| peak concurrency | %d |\n\n", ex.RateLimited, ex.PeakInFlight)
		fmt.Fprintf(&b, "| bucket | limit/window | calls | 429s | floor (s) |\n|---|---|---|---|---|\n")
		for _, n := range bucketNames(ex) {
			bk := ex.Buckets[n]
			fmt.Fprintf(&b, "| `%s` | %d | %d | %d | %.2f |\n", n, bk.Limit, bk.Requests, bk.RateLimited, bk.FloorSecs)
		}
	}
	if a := rep.Apply; a != nil {
		fmt.Fprintf(&b, "\n## Apply: creating %d objects (%d steps)\n\n", a.Objects, a.Steps)
		fmt.Fprintf(&b, "Tier %s, windows of %.0f s, parallelism %d.\n\n| measure | value |\n|---|---|\n", a.Tier, a.WindowSeconds, a.Parallelism)
		fmt.Fprintf(&b, "| wall time (read, stale check, steps) | %.2f s |\n| steps alone | %.2f s |\n| rate-limit floor | %.2f s |\n| wall / floor | %.2f |\n| API calls | %d |\n| 429s | %d |\n\n",
			a.WallSeconds, a.ExecuteSeconds, a.FloorSeconds, a.FloorRatio, a.Requests, a.RateLimited)
		fmt.Fprintf(&b, "| bucket | limit/window | calls | 429s | floor (s) |\n|---|---|---|---|---|\n")
		names := make([]string, 0, len(a.Buckets))
		for n := range a.Buckets {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			bk := a.Buckets[n]
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

// benchApply measures apply creating about n objects under enterprise-tier
// limits (windows compressed by scale), in process: the sandbox behind a
// loopback server, the real client at its default capacity, apply.Run.
// The floor and the 429s come from the sandbox's own counters.
func benchApply(n int, scale float64, latency time.Duration) (*ApplyResult, error) {
	srv, err := sandbox.New(sandbox.Options{Token: token, Tier: sandbox.TierEnterprise, RateScale: scale, Latency: latency})
	if err != nil {
		return nil, err
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	client, err := okta.New(okta.Config{OrgURL: hs.URL, Token: token})
	if err != nil {
		return nil, err
	}
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		return nil, err
	}
	read := func(ctx context.Context) (*model.Snapshot, error) {
		res, err := export.Read(ctx, client, reg, export.Options{})
		if err != nil {
			return nil, err
		}
		return res.Snapshot, nil
	}
	before := srv.Stats()
	fmt.Fprintf(os.Stderr, "bench: applying about %d new objects (enterprise tier, %gx windows) …\n", n, scale)
	res, err := apply.BenchCreate(context.Background(), apply.BenchOptions{Client: client, Registry: reg, Read: read, Objects: n})
	if err != nil {
		return nil, err
	}
	after := srv.Stats()
	out := &ApplyResult{Tier: string(after.Tier), WindowSeconds: after.WindowSeconds, Objects: res.Objects, Steps: res.Steps,
		Parallelism: apply.DefaultParallelism, WallSeconds: round(res.Wall.Seconds()), ExecuteSeconds: round(res.Execute.Seconds()),
		Requests: after.Requests - before.Requests, RateLimited: after.RateLimited - before.RateLimited, Buckets: map[string]BucketResult{}}
	for name, b := range after.Buckets {
		reqs := b.Requests - before.Buckets[name].Requests
		floor := math.Max(0, float64(reqs)/float64(b.Limit)-1) * after.WindowSeconds
		out.Buckets[name] = BucketResult{Limit: b.Limit, Requests: reqs, RateLimited: b.RateLimited - before.Buckets[name].RateLimited, FloorSecs: round(floor)}
		out.FloorSeconds = math.Max(out.FloorSeconds, round(floor))
	}
	if out.FloorSeconds > 0 {
		out.FloorRatio = round(out.WallSeconds / out.FloorSeconds)
	}
	return out, nil
}

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
