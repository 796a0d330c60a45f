package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
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
func benchApply(n int, scale float64, latency time.Duration) (*ApplyResult, error) {
	o, err := newApplyOrg(sandbox.Options{Token: token, Tier: sandbox.TierEnterprise, RateScale: scale, Latency: latency}, okta.Config{})
	if err != nil {
		return nil, err
	}
	defer o.close()
	srv := o.srv
	before := srv.Stats()
	fmt.Fprintf(os.Stderr, "bench: applying about %d new objects (enterprise tier, %gx windows) …\n", n, scale)
	res, err := benchCreate(context.Background(), o, n, 0)
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

// applyOrg is a sandbox behind a loopback server, with the real client and
// the registry: the org the apply benchmark (and its test) writes to.
type applyOrg struct {
	srv    *sandbox.Server
	hs     *httptest.Server
	client *okta.Client
	reg    *model.Registry
}

// newApplyOrg starts the sandbox with opts; cfg's zero fields are the
// client's defaults (the benchmark measures them), OrgURL and Token are
// filled in.
func newApplyOrg(opts sandbox.Options, cfg okta.Config) (*applyOrg, error) {
	srv, err := sandbox.New(opts)
	if err != nil {
		return nil, err
	}
	hs := httptest.NewServer(srv)
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
	return &applyOrg{srv: srv, hs: hs, client: client, reg: reg}, nil
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
}

// benchCreate measures apply's throughput for creating about n objects in
// an org that has none of them: it builds a synthetic tree of
// synthetic.BenchCounts(n), plans it against the org and applies the plan
// with apply.Run (parallelism 0: apply's default), timing the run.
//
// benchApply reads the sandbox's /_sandbox/stats before and after: the
// requests per bucket give the rate-limit floor (per bucket, requests /
// (limit per window) windows, the largest over buckets, times the window),
// to be compared with the wall or execute time, and the 429 count must be
// 0 at the default capacity.
func benchCreate(ctx context.Context, o *applyOrg, n, parallelism int) (*createResult, error) {
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
	p, err := plan.Compute(desired, current, plan.Options{Registry: o.reg})
	if err != nil {
		return nil, fmt.Errorf("bench: planning: %w", err)
	}
	start := time.Now()
	rep, err := apply.Run(ctx, apply.RunOptions{Plan: p, Client: o.client, Registry: o.reg, Read: o.read,
		Options: apply.Options{Parallelism: parallelism}})
	wall := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	res := &createResult{Counts: counts, Objects: counts.Objects(), Steps: len(p.Steps), Wall: wall, Execute: rep.Elapsed, Report: rep}
	if rep.HasFailures() {
		return res, fmt.Errorf("bench: %d step(s) failed", rep.Counts.Failed)
	}
	return res, nil
}
