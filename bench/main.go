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
// made. The report gives both and their ratios, and, for oktasync, the
// calls to the child lists of the apps bucket against their minimum
// (subresources.go): a list gated on the app's body is called only for the
// apps that pass.
//
// The comparison org (groups=2000,apps=500,provisionedApps=10,policies=200,
// authServers=50 by default: 2% of the apps provisioned, as in recorded
// orgs) is sized for time, not realism: the baseline makes about four
// times oktasync's calls, one at a time, so on 2 cores the two exports take
// about a minute and a half together, and the whole of `make bench` stays
// within a few minutes. It is still large enough that the rate limits, not
// the latency, set oktasync's time (its /api/v1/apps bucket needs five
// windows), and that the alignment of the sandbox's windows to the clock
// moves each wall time by up to about one window (6 s). The ratios are the
// result; the absolute times scale with --rate-scale.
//
// The apply benchmark (apply.go) creates about --apply-objects objects from
// a synthetic tree with apply.Run against an in-process sandbox; the plan
// benchmark (plan.go) times `oktasync diff` on a large generated org;
// report.go holds the report's types and its Markdown.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/oktasync/oktasync/bench/baseline"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/tree"
	"github.com/oktasync/oktasync/schemas"
)

const token = "bench-token"

// seed is the sandbox's --seed for both export runs: the same seed and
// --generate give the same org, IDs included.
const seed = "1"

// sandboxArgs are the sandbox settings of one export run.
type sandboxArgs struct {
	gen     string
	scale   float64
	latency time.Duration
	// timeline, when set, is a directory for the request timelines of the
	// oktasync runs (export.txt, apply.txt; see timeline.go).
	timeline string
}

func main() {
	bin := flag.String("bin", "bin/oktasync", "the oktasync binary")
	out := flag.String("out", "bench/report.json", "the JSON report")
	gen := flag.String("generate", "groups=2000,apps=500,provisionedApps=10,policies=200,authServers=50,behaviors=20,device-assurances=20,sms-templates=20,email-servers=5,brands=20,pages=20,email-templates=20,email-customizations=10,custom-admin-roles=50,resource-sets=100,role-assignments=200",
		"the generated org both exporters read (sized so that the SDK baseline finishes in about a minute; 2% of its apps provisioned, as in recorded orgs)")
	scale := flag.Float64("rate-scale", 10, "rate-limit window compression (60/F-second windows)")
	latency := flag.Duration("latency", 5*time.Millisecond, "sandbox latency per request")
	withBaseline := flag.Bool("baseline", true, "also run the hand-written SDK exporter and compare")
	applyObjects := flag.Int("apply-objects", 1000, "objects the apply benchmark creates (0 to skip)")
	planGen := flag.String("plan-generate", "groups=32000,apps=3000,policies=2500,authServers=250",
		"the generated org whose export is planned against a 5%-changed copy ('' to skip)")
	only := flag.String("only", "export,apply,plan,incremental", "the benchmarks to run, comma-separated: export (with the baseline), apply, plan, incremental")
	incrChanges := flag.Int("incremental-changes", 20, "the groups changed through the API before the second incremental plan")
	var po planOptions
	flag.StringVar(&po.dir, "plan-dir", "", "keep the plan benchmark's two trees in `DIR` (DIR/a, DIR/b) and reuse them when present, instead of a temporary directory")
	timelineDir := flag.String("timeline", "", "write every request of oktasync's export and apply runs, and each bucket's requests per rate-limit window, to `DIR`/export.txt and DIR/apply.txt (through a recording proxy for the export)")
	flag.StringVar(&po.profile, "plan-profile", "", "write CPU and allocation profiles of the plan's in-process phases to `DIR` (cpu.pprof, allocs.pprof; `go tool pprof`)")
	flag.Parse()
	run := map[string]bool{}
	for _, b := range strings.Split(*only, ",") {
		switch b = strings.TrimSpace(b); b {
		case "export", "apply", "plan", "incremental":
			run[b] = true
		default:
			fmt.Fprintf(os.Stderr, "bench: -only: unknown benchmark %q (export, apply, plan, incremental)\n", b)
			os.Exit(2)
		}
	}
	rep := Report{Date: time.Now().UTC().Format(time.RFC3339), Machine: fmt.Sprintf("%s/%s, %d CPUs", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())}
	args := sandboxArgs{gen: *gen, scale: *scale, latency: *latency, timeline: *timelineDir}
	if run["export"] {
		if err := benchExports(&rep, *bin, args, *withBaseline); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
	}
	if *applyObjects > 0 && run["apply"] {
		var tl *timeline
		if *timelineDir != "" {
			tl = newTimeline(time.Duration(float64(time.Minute) / *scale))
		}
		ar, err := benchApply(*applyObjects, *scale, *latency, tl)
		if err == nil && tl != nil {
			err = writeTimeline(tl, *timelineDir, "apply.txt")
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: apply:", err)
			os.Exit(1)
		}
		rep.Apply = ar
	}
	if run["incremental"] {
		ir, err := benchIncremental(*bin, args, *incrChanges)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: incremental:", err)
			os.Exit(1)
		}
		rep.Incremental = ir
	}
	if *planGen != "" && run["plan"] {
		pr, err := benchPlan(*bin, *planGen, po)
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

// benchExports runs oktasync's export and, with baseline, the hand-written
// SDK exporter's, and compares them.
func benchExports(rep *Report, bin string, args sandboxArgs, withBaseline bool) error {
	ex, objects, err := benchExport(bin, args)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	rep.Export = ex
	if !withBaseline {
		return nil
	}
	bl, err := benchBaseline(bin, args, ex.MinRequests)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	rep.Baseline = bl
	rep.Comparison = compare(bl, ex)
	if bl.Objects < objects {
		// The baseline writes every object oktasync does (nothing is
		// filtered); fewer means it missed a kind, and the comparison
		// would flatter it.
		fmt.Fprintf(os.Stderr, "bench: warning: the baseline wrote %d files for %d objects\n", bl.Objects, objects)
	}
	return nil
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
	orgURL := url
	var tl *timeline
	if a.timeline != "" {
		tl = newTimeline(time.Duration(float64(time.Minute) / a.scale))
		purl, stopProxy, err := tl.proxy(url)
		if err != nil {
			return nil, 0, err
		}
		defer stopProxy()
		orgURL = purl
	}
	fmt.Fprintf(os.Stderr, "bench: oktasync export at %s …\n", orgURL)
	cmd := exec.Command(bin, "export", "--out", out)
	cmd.Env = append(os.Environ(), "OKTA_CLIENT_ORGURL="+orgURL, "OKTA_CLIENT_TOKEN="+token, "HOME="+dir)
	if tl != nil {
		tl.reset()
	}
	var outp bytes.Buffer
	cmd.Stdout, cmd.Stderr = &outp, &outp
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("oktasync export: %w", err)
	}
	var cpu *cpuSampler
	if tl != nil {
		cpu = sampleCPU(cmd.Process.Pid, start)
	}
	if err := cmd.Wait(); err != nil {
		return nil, 0, fmt.Errorf("oktasync export: %w\n%s", err, outp.Bytes())
	}
	wall := time.Since(start)
	var tail *Tail
	if tl != nil {
		if err := writeTimeline(tl, a.timeline, "export.txt"); err != nil {
			return nil, 0, err
		}
		last := tl.lastResponse()
		tail = &Tail{Seconds: round((wall - last).Seconds())}
		total := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if c, ok := cpu.tail(last, total); ok {
			tail.CPUSeconds = round(c.Seconds())
		}
	}
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
	// The gates of child lists test the parents' live bodies, which the
	// files leave out (an app's features[]): read the parents again, after
	// the measurement, and attach them.
	if err := attachGateParents(url, token, reg, snap); err != nil {
		return nil, 0, err
	}
	minimum := minimumRequests(reg, snap, nil)
	if m, err := tree.ReadMarker(out); err != nil {
		return nil, 0, err
	} else if m != nil {
		minimum += logPositionRequests
	}
	res := exportResult("oktasync export", a, st, start, wall, okta.DefaultMaxCapacity, snap.Len(), minimum)
	res.AppSubresources = appSubresources(reg, snap, st)
	res.Tail = tail
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
	// The SDK paces by the whole of each bucket: its budget is the limit.
	out := exportResult("hand-written Okta Go SDK v5 exporter", a, st, start, wall, 100, res.Objects, minRequests)
	fmt.Fprintf(os.Stderr, "bench: SDK baseline: %d files, %d calls, %d 429s in %.1f s\n", out.Objects, out.Requests, out.RateLimited, out.WallSeconds)
	return out, nil
}

// exportResult turns a run's start, wall time and the sandbox's counters
// into a result, with the floors the rate limits allow for the calls made
// (floor.go) for a client that uses capacity percent of each bucket.
func exportResult(exporter string, a sandboxArgs, st *sandboxStats, start time.Time, wall time.Duration, capacity, objects, minRequests int) *ExportResult {
	res := &ExportResult{Exporter: exporter, Org: a.gen, Tier: st.Tier, RateScale: a.scale,
		LatencyMillis: float64(a.latency) / float64(time.Millisecond), WindowSeconds: st.WindowSeconds,
		Objects: objects, WallSeconds: round(wall.Seconds()), Requests: st.Requests, RateLimited: st.RateLimited,
		PeakInFlight: st.PeakConcurrency, Buckets: map[string]BucketResult{}, MinRequests: minRequests}
	for name, b := range st.Buckets {
		res.Buckets[name] = BucketResult{Limit: b.Limit, Requests: b.Requests, RateLimited: b.RateLimited}
	}
	window := time.Duration(st.WindowSeconds * float64(time.Second))
	res.Floors = floors(newFloorModel(start, window, capacity), res.WallSeconds, res.Buckets)
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

type sandboxStats struct {
	Endpoints       map[string]int `json:"endpoints"`
	Tier            string         `json:"tier"`
	WindowSeconds   float64        `json:"windowSeconds"`
	PeakConcurrency int            `json:"peakConcurrency"`
	Requests        int            `json:"requests"`
	RateLimited     int            `json:"rateLimited"`
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
	// Generating the plan benchmark's 58k-object org takes over a minute
	// on a busy 2-core machine.
	case <-time.After(5 * time.Minute):
		return "", fmt.Errorf("the sandbox did not start within five minutes")
	}
}
