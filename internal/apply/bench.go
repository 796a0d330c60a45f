package apply

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/synthetic"
)

// BenchOptions configure BenchCreate.
type BenchOptions struct {
	Client   Client
	Registry *model.Registry
	// Read returns the org's current state (export.Read of the org).
	Read func(ctx context.Context) (*model.Snapshot, error)
	// Objects is about how many objects to create; 0 means 1,000.
	Objects int
	// Parallelism is passed to the executor; 0 means DefaultParallelism.
	Parallelism int
}

// BenchResult is one measured apply.
type BenchResult struct {
	Counts  synthetic.Counts
	Objects int
	Steps   int
	// Wall is the whole Run: reading the org, the stale check and the
	// steps. Execute is the steps alone (Report.Elapsed).
	Wall    time.Duration
	Execute time.Duration
	Report  *Report
}

// BenchCreate measures apply's throughput for creating about
// o.Objects objects in an org that has none of them: it builds a
// SyntheticTree of synthetic.BenchCounts(o.Objects), plans it against the org and
// applies the plan with Run, timing the run.
//
// `make bench` runs it against `oktasync sandbox --tier enterprise
// --rate-scale F` (in process: sandbox.New + httptest, or the binary) and
// reads the sandbox's /_sandbox/stats before and after: the requests per
// bucket give the rate-limit floor (per bucket, requests / (limit per
// window) windows, the largest over buckets, times the window), to be
// compared with Result.Wall or Result.Execute, and the 429 count must be 0
// at the default capacity.
func BenchCreate(ctx context.Context, o BenchOptions) (*BenchResult, error) {
	if o.Client == nil || o.Registry == nil || o.Read == nil {
		return nil, errors.New("bench: Client, Registry and Read are required")
	}
	if o.Objects <= 0 {
		o.Objects = 1000
	}
	counts := synthetic.BenchCounts(o.Objects)
	desired, err := synthetic.Tree(o.Registry, counts)
	if err != nil {
		return nil, err
	}
	current, err := o.Read(ctx)
	if err != nil {
		return nil, fmt.Errorf("bench: reading the org: %w", err)
	}
	p, err := plan.Compute(desired, current, plan.Options{Registry: o.Registry})
	if err != nil {
		return nil, fmt.Errorf("bench: planning: %w", err)
	}
	start := time.Now()
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.Client, Registry: o.Registry, Read: o.Read,
		Options: Options{Parallelism: o.Parallelism}})
	wall := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	res := &BenchResult{Counts: counts, Objects: counts.Objects(), Steps: len(p.Steps), Wall: wall, Execute: rep.Elapsed, Report: rep}
	if rep.HasFailures() {
		return res, fmt.Errorf("bench: %d step(s) failed", rep.Counts.Failed)
	}
	return res, nil
}
