package apply

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// TestStepBucket: a step's bucket is the one the client's governor charges
// for the endpoint it writes. The old guess (the first three literal
// segments of the path) was wrong both ways, and these rows show it: a
// group's create and its update share the prefix /api/v1/groups but fall in
// different buckets, while a zone's and a trusted origin's creates have
// different prefixes and share the /api/v1 bucket.
func TestStepBucket(t *testing.T) {
	reg := registry(t)
	tests := []struct {
		kind   string
		action plan.Action
		want   string
	}{
		{"groups", plan.ActionCreate, "/api/v1/groups"},
		{"groups", plan.ActionUpdate, "/api/v1/groups/{id}"},
		{"groups", plan.ActionDelete, "/api/v1/groups/{id}"},
		{"group-rules", plan.ActionCreate, "/api/v1/groups"},
		{"group-rules", plan.ActionActivate, "/api/v1/groups"},
		{"apps", plan.ActionCreate, "/api/v1/apps"},
		{"apps", plan.ActionUpdate, "/api/v1/apps/{id}"},
		{"apps", plan.ActionDeactivate, "/api/v1/apps"},
		{"app-group-assignments", plan.ActionCreate, "/api/v1/apps"},
		{"network-zones", plan.ActionCreate, okta.SharedBucket},
		{"trusted-origins", plan.ActionCreate, okta.SharedBucket},
		{"policies", plan.ActionUpdate, okta.SharedBucket},
		{"auth-server-scopes", plan.ActionCreate, okta.SharedBucket},
	}
	for _, tt := range tests {
		k, ok := reg.Kind(tt.kind)
		if !ok {
			t.Fatalf("no kind %s", tt.kind)
		}
		s := plan.Step{Kind: tt.kind, Action: tt.action}
		if got := stepBucket(&s, k); got != tt.want {
			t.Errorf("%s %s: bucket %q, want %q", tt.kind, tt.action, got, tt.want)
		}
	}
}

// barrierClient holds every write until `want` writes are in flight at
// once (or until a timeout), and records the most writes seen in flight,
// in all and per bucket. The barrier makes concurrency observable without
// timing: if the scheduler lets `want` writes run together they meet at
// once; if it does not, each round waits out the timeout and the peak
// stays below `want`.
type barrierClient struct {
	fakeClient
	want    int
	timeout time.Duration

	mu       sync.Mutex
	cond     *sync.Cond
	inFlight map[string]int
	total    int
	peak     int
	peaks    map[string]int
}

func newBarrierClient(want int, timeout time.Duration) *barrierClient {
	c := &barrierClient{want: want, timeout: timeout, inFlight: map[string]int{}, peaks: map[string]int{}}
	c.cond = sync.NewCond(&c.mu)
	c.do = func(req okta.Request) (*okta.Response, error) {
		if req.Method != "GET" {
			c.hold(okta.BucketFor(req.Method, req.Path))
		}
		return jsonResponse(200, map[string]any{"id": "00gXXXXXXXXXXXXXXXXX", "profile": map[string]any{"name": "x"}})
	}
	return c
}

func (c *barrierClient) hold(bucket string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inFlight[bucket]++
	c.total++
	c.peaks[bucket] = max(c.peaks[bucket], c.inFlight[bucket])
	c.peak = max(c.peak, c.total)
	c.cond.Broadcast()
	timer := time.AfterFunc(c.timeout, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	deadline := time.Now().Add(c.timeout)
	for c.peak < c.want && time.Now().Before(deadline) {
		c.cond.Wait()
	}
	timer.Stop()
	c.inFlight[bucket]--
	c.total--
}

// TestSchedulerCapsPerRealBucket runs plans whose steps the old family
// guess grouped wrongly, with 4 workers (at most 2 per bucket):
//
//   - zones and trusted origins share the /api/v1 bucket: never more than 2
//     of their writes may be in flight (the old guess let 4 run, 2 per
//     "family");
//   - a group's create (/api/v1/groups) and another's update
//     (/api/v1/groups/{id}) are different buckets: 2 of each run together,
//     4 in all (the old guess held them to 2 in one "family").
func TestSchedulerCapsPerRealBucket(t *testing.T) {
	reg := registry(t)
	t.Run("one bucket, two path prefixes", func(t *testing.T) {
		c := newBarrierClient(4, 300*time.Millisecond)
		p := &plan.Plan{FormatVersion: plan.FormatVersion}
		for _, n := range []string{"a", "b"} {
			p.Steps = append(p.Steps,
				step("network-zones/"+n+":create", plan.ActionCreate, "network-zones", "network-zones/"+n,
					map[string]any{"name": n, "type": "IP", "gateways": []any{map[string]any{"type": "CIDR", "value": "10.0.0.0/8"}}}),
				step("trusted-origins/"+n+":create", plan.ActionCreate, "trusted-origins", "trusted-origins/"+n,
					map[string]any{"name": n, "origin": "https://" + n + ".example.com", "scopes": []any{map[string]any{"type": "CORS"}}}))
		}
		rep := Execute(context.Background(), p, c, reg, Options{Parallelism: 4})
		if rep.HasFailures() {
			t.Fatalf("failures:%s", failures(rep))
		}
		if got := c.peaks[okta.SharedBucket]; got != 2 {
			t.Errorf("%d writes were in flight at once in the %s bucket, want 2 (half the workers); peaks %v", got, okta.SharedBucket, c.peaks)
		}
	})
	t.Run("one path prefix, two buckets", func(t *testing.T) {
		c := newBarrierClient(4, 3*time.Second)
		p := &plan.Plan{FormatVersion: plan.FormatVersion}
		for _, n := range []string{"a", "b"} {
			up := step("groups/old-"+n+":update", plan.ActionUpdate, "groups", "groups/old-"+n,
				map[string]any{"profile": map[string]any{"description": "changed"}})
			up.Live = &plan.LiveRef{ID: "00g" + n + "XXXXXXXXXXXXXXXX"}
			p.Steps = append(p.Steps,
				step("groups/new-"+n+":create", plan.ActionCreate, "groups", "groups/new-"+n,
					map[string]any{"profile": map[string]any{"name": "New " + n}}),
				up)
		}
		rep := Execute(context.Background(), p, c, reg, Options{Parallelism: 4})
		if rep.HasFailures() {
			t.Fatalf("failures:%s", failures(rep))
		}
		if c.peak != 4 || c.peaks["/api/v1/groups"] != 2 || c.peaks["/api/v1/groups/{id}"] != 2 {
			t.Errorf("peak %d in flight (per bucket %v), want 4: 2 creates and 2 updates together", c.peak, c.peaks)
		}
	})
}
