package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/oktasync/oktasync/internal/apply"
	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/synthetic"
	"github.com/oktasync/oktasync/schemas"
)

// The apply benchmark lives here, not in internal/apply: it builds its
// desired tree with internal/synthetic, which names kinds, and the engine
// never does.

// benchApply measures apply creating about n objects under enterprise-tier
// limits (windows compressed by scale), in process: the sandbox behind a
// loopback server, the real client at its default capacity, apply.Run.
// The floor and the 429s come from the sandbox's own counters.
//
// With a timeline (-timeline), every request of the run is recorded there.
func benchApply(n int, scale float64, latency time.Duration, tl *timeline) (*ApplyResult, error) {
	o, err := newApplyOrg(sandbox.Options{Token: token, Tier: sandbox.TierEnterprise, RateScale: scale, Latency: latency}, okta.Config{}, tl)
	if err != nil {
		return nil, err
	}
	defer o.close()
	srv := o.srv
	fmt.Fprintf(os.Stderr, "bench: applying about %d new objects (enterprise tier, %gx windows) …\n", n, scale)
	res, err := benchCreate(context.Background(), o, n, 0, time.Duration(float64(time.Minute)/scale))
	if err != nil {
		return nil, err
	}
	// Only the measured run's requests count: the planning read before it
	// is the bench's set-up, outside the wall time.
	before, after := res.Before, srv.Stats()
	out := &ApplyResult{Tier: string(after.Tier), WindowSeconds: after.WindowSeconds, Objects: res.Objects, Steps: res.Steps,
		Parallelism: apply.DefaultParallelism, WallSeconds: round(res.Wall.Seconds()), ExecuteSeconds: round(res.Execute.Seconds()),
		Requests: after.Requests - before.Requests, RateLimited: after.RateLimited - before.RateLimited, Buckets: map[string]BucketResult{}}
	for name, b := range after.Buckets {
		reqs := b.Requests - before.Buckets[name].Requests
		out.Buckets[name] = BucketResult{Limit: b.Limit, Requests: reqs, RateLimited: b.RateLimited - before.Buckets[name].RateLimited}
	}
	window := time.Duration(after.WindowSeconds * float64(time.Second))
	out.Floors = floors(newFloorModel(res.Start, window, okta.DefaultMaxCapacity), out.WallSeconds, out.Buckets)
	return out, nil
}

// applyOrg is a sandbox behind a loopback server, with the real client and
// the registry: the org the apply benchmark (and its test) writes to.
type applyOrg struct {
	srv    *sandbox.Server
	hs     *httptest.Server
	tl     *timeline // nil unless -timeline
	client *okta.Client
	reg    *model.Registry
}

// newApplyOrg starts the sandbox with opts; cfg's zero fields are the
// client's defaults (the benchmark measures them), OrgURL and Token are
// filled in. tl, when set, records the requests the sandbox serves.
func newApplyOrg(opts sandbox.Options, cfg okta.Config, tl *timeline) (*applyOrg, error) {
	srv, err := sandbox.New(opts)
	if err != nil {
		return nil, err
	}
	var h http.Handler = srv
	if tl != nil {
		h = tl.wrap(srv)
	}
	hs := httptest.NewServer(h)
	cfg.OrgURL, cfg.Token = hs.URL, opts.Token
	client, err := okta.New(cfg)
	if err != nil {
		hs.Close()
		return nil, err
	}
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		hs.Close()
		return nil, err
	}
	return &applyOrg{srv: srv, hs: hs, tl: tl, client: client, reg: reg}, nil
}

func (o *applyOrg) close() { o.hs.Close() }

// read is the state apply.Run checks and applies against: the whole org.
func (o *applyOrg) read(ctx context.Context) (*model.Snapshot, error) {
	res, err := export.Read(ctx, o.client, o.reg, export.Options{})
	if err != nil {
		return nil, err
	}
	return res.Snapshot, nil
}

// createResult is one measured apply.
type createResult struct {
	Counts  synthetic.Counts
	Objects int
	Steps   int
	// Wall is the whole Run: reading the org, the stale check and the
	// steps. Execute is the steps alone (Report.Elapsed).
	Wall    time.Duration
	Execute time.Duration
	Report  *apply.Report
	// Start is when the measured run began, and Before the sandbox's
	// counters then.
	Start  time.Time
	Before sandbox.Stats
}

// benchCreate measures apply's throughput for creating about n objects in
// an org that has none of them: it builds a synthetic tree of
// synthetic.BenchCounts(n), plans it against the org and applies the plan
// with apply.Run (parallelism 0: apply's default), timing the run.
//
// benchApply reads the sandbox's counters before and after the run: the
// requests per bucket give the rate-limit floors (floor.go), to be compared
// with the wall time, and the 429 count must be 0 at the default capacity.
//
// With a window (the sandbox's rate-limit window), the run starts at a
// random point of a window that the set-up's reads did not touch: those
// reads (the planning read, the org's identity) spend part of their
// window's budget, which would be charged to the run's first window
// without being counted in its floor.
func benchCreate(ctx context.Context, o *applyOrg, n, parallelism int, window time.Duration) (*createResult, error) {
	if n <= 0 {
		return nil, errors.New("bench: the apply benchmark needs a number of objects")
	}
	counts := synthetic.BenchCounts(n)
	desired, err := synthetic.Tree(o.reg, counts)
	if err != nil {
		return nil, err
	}
	current, err := o.read(ctx)
	if err != nil {
		return nil, fmt.Errorf("bench: reading the org: %w", err)
	}
	// The run is `oktasync apply plan.json` with its defaults: the plan is
	// bound to the org and checked against it, the apply lock is taken and
	// released, a journal is written (fsynced per record) and a backup of
	// the whole org's state.
	org, err := apply.ReadOrg(ctx, o.client, o.client.OrgURL())
	if err != nil {
		return nil, fmt.Errorf("bench: reading the org's identity: %w", err)
	}
	p, err := plan.Compute(desired, current, plan.Options{Registry: o.reg, Org: org})
	if err != nil {
		return nil, fmt.Errorf("bench: planning: %w", err)
	}
	files, err := os.MkdirTemp("", "oktasync-bench-apply-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(files)
	if window > 0 {
		now := time.Now()
		next := now.Truncate(window).Add(window)
		time.Sleep(next.Sub(now) + rand.N(window))
	}
	if o.tl != nil {
		o.tl.reset()
	}
	before := o.srv.Stats()
	start := time.Now()
	rep, err := apply.Run(ctx, apply.RunOptions{Plan: p, Client: o.client, Registry: o.reg, Read: o.read,
		Options:   apply.Options{Parallelism: parallelism, Journal: filepath.Join(files, "journal.jsonl")},
		BackupDir: filepath.Join(files, "backups"),
		Identify: func(ctx context.Context) (*plan.OrgBinding, error) {
			return apply.ReadOrg(ctx, o.client, o.client.OrgURL())
		},
		Lock: &apply.LockOptions{Holder: "oktasync bench"},
	})
	wall := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	res := &createResult{Counts: counts, Objects: counts.Objects(), Steps: len(p.Steps), Wall: wall, Execute: rep.Elapsed, Report: rep,
		Start: start, Before: before}
	if rep.HasFailures() {
		return res, fmt.Errorf("bench: %d step(s) failed", rep.Counts.Failed)
	}
	return res, nil
}
