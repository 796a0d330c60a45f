package apply

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/synthetic"
)

// faultCounts make a plan of 502 steps spread over Okta's three busiest
// rate-limit buckets, so that the waits after injected 429s overlap: 140
// groups and 46 group rules (a create and an activate each) in
// /api/v1/groups, 30 apps with 4 assignments each in /api/v1/apps, and 24
// policies with 4 rules each in /api/v1 (which the reads share).
var faultCounts = synthetic.Counts{Groups: 140, GroupRules: 46, Apps: 30, AssignmentsPerApp: 4, Policies: 24, RulesPerPolicy: 4}

// TestFaults: a plan of more than 500 steps is applied to an org that
// answers 5% of requests with a 500, 5% with a 503, 5% with a 429 and
// resets 3% of connections (half of them after making the change). Runs
// are repeated, each with a fresh plan, until nothing is left to do; then
// the org holds exactly the desired objects, none twice (checked in the
// sandbox's own tables), and every write the org received is one a plan
// step explains.
func TestFaults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	faults, err := sandbox.ParseFaults("500=0.05,503=0.05,reset=0.03,429=0.05")
	if err != nil {
		t.Fatal(err)
	}
	o := newOrg(t, reg, sandbox.Options{Seed: 11, RateScale: 60, Faults: faults})
	desired, err := synthetic.Tree(reg, faultCounts)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, k := range reg.Order() {
		if len(desired.ByKind(k.Name)) > 0 {
			kinds = append(kinds, k.Name)
		}
	}
	var plans []*plan.Plan
	adopted := 0
	for run := 1; ; run++ {
		t0 := time.Now()
		// Only the desired tree's kinds (and what export reads to write
		// their references): each request risks a fault, and each 429
		// costs its bucket a second.
		current, err := o.readKinds(kinds)(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("read: %s", time.Since(t0))
		p := computePlan(t, reg, desired, current, plan.Options{})
		if !p.HasChanges() {
			break
		}
		if run == 1 && len(p.Steps) < 500 {
			t.Fatalf("the plan has %d steps; the test needs at least 500", len(p.Steps))
		}
		if run > 3 {
			t.Fatalf("still %d steps to do after %d runs", len(p.Steps), run-1)
		}
		plans = append(plans, p)
		// Plan and apply in one go, as `apply --dir --auto-approve` does:
		// the state just planned against is the state Run checks.
		read := func(context.Context) (*model.Snapshot, error) { return current, nil }
		rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: read,
			Options: Options{RetryDelay: 20 * time.Millisecond}}) // the sandbox recovers at once
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		adopted += rep.Counts.Adopted
		t.Logf("run %d: %s in %s", run, rep.summary(), rep.Elapsed)
		for _, s := range rep.RootCauses() {
			if s.Error == nil || !okta.IsTransient(errorFromInfo(s.Error)) {
				t.Errorf("run %d: %s failed with an error that is not transient: %s", run, s.ID, s.detail(RenderOptions{}))
			}
		}
	}
	st := o.srv.Stats()
	t.Logf("sandbox: %d requests, faults %v, %d adopted creates, buckets %v", st.Requests, st.Faults, adopted, st.Buckets)
	t.Logf("client: %+v", o.client.Stats())
	if st.Faults[sandbox.FaultReset] == 0 || st.Faults[sandbox.Fault500] == 0 {
		t.Errorf("the sandbox injected too few faults to test anything: %v", st.Faults)
	}

	checkNoDuplicates(t, o.srv, desired)
	checkWritesExplained(t, reg, st.Endpoints, plans)
}

// errorFromInfo rebuilds enough of a typed error to classify it.
func errorFromInfo(e *ErrorInfo) error {
	if e.Status != 0 {
		return &okta.APIError{Method: e.Method, Path: e.Path, Status: e.Status, ErrorCode: e.ErrorCode}
	}
	return &okta.TransportError{Method: e.Method, Path: e.Path, Err: fmt.Errorf("%s", e.Message)}
}

// checkNoDuplicates reads the sandbox's tables: every generated object is
// there exactly once.
func checkNoDuplicates(t *testing.T, srv *sandbox.Server, desired *model.Snapshot) {
	t.Helper()
	count := func(objs []map[string]any, key func(map[string]any) string, prefix string) map[string]int {
		m := map[string]int{}
		for _, o := range objs {
			if k := key(o); strings.HasPrefix(k, prefix) {
				m[k]++
			}
		}
		return m
	}
	str := func(path string) func(map[string]any) string {
		return func(o map[string]any) string {
			v, _ := model.Lookup(o, path)
			s, _ := v.(string)
			return s
		}
	}
	check := func(what string, m map[string]int, want int) {
		t.Helper()
		if len(m) != want {
			t.Errorf("%s: %d distinct, want %d", what, len(m), want)
		}
		for k, n := range m {
			if n > 1 {
				t.Errorf("%s: %q exists %d times", what, k, n)
			}
		}
	}
	check("groups", count(srv.Objects("groups", ""), str("profile.name"), "synthetic"), len(desired.ByKind("groups")))
	check("group rules", count(srv.Objects("groupRules", ""), str("name"), "synthetic"), len(desired.ByKind("group-rules")))
	apps := srv.Objects("apps", "")
	check("apps", count(apps, str("label"), "synthetic"), len(desired.ByKind("apps")))
	assignments := 0
	for _, a := range apps {
		if !strings.HasPrefix(str("label")(a), "synthetic") {
			continue
		}
		m := count(srv.Objects("appGroups", str("id")(a)), str("id"), "")
		check("assignments of "+str("label")(a), m, faultCounts.AssignmentsPerApp)
		assignments += len(m)
	}
	pols := srv.Objects("policies", "")
	check("policies", count(pols, str("name"), "synthetic"), len(desired.ByKind("policies")))
	for _, p := range pols {
		if strings.HasPrefix(str("name")(p), "synthetic") {
			check("rules of "+str("name")(p), count(srv.Objects("policyRules", str("id")(p)), str("name"), "synthetic"), faultCounts.RulesPerPolicy)
		}
	}
}

// checkWritesExplained compares the sandbox's per-endpoint counts of
// mutating requests with the plans' steps: every endpoint written to is
// one a step uses, and no more often than its steps and their retries can
// explain (apply's attempts times the client's).
func checkWritesExplained(t *testing.T, reg *model.Registry, endpoints map[string]int, plans []*plan.Plan) {
	t.Helper()
	steps := map[string]int{}
	for _, p := range plans {
		for _, s := range p.Steps {
			steps[endpointKey(t, reg, s)]++
		}
	}
	perRequest := (1 + okta.DefaultMaxRetries) * DefaultMaxAttempts
	var keys []string
	for k := range endpoints {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	writes := 0
	for _, k := range keys {
		method, _, _ := strings.Cut(k, " ")
		if method == http.MethodGet {
			continue
		}
		n := endpoints[k]
		writes += n
		want := steps[normalizeEndpoint(k)]
		switch {
		case want == 0:
			t.Errorf("%d request(s) to %s, which no plan step uses", n, k)
		case n > want*perRequest:
			t.Errorf("%d request(s) to %s: more than %d steps and their retries explain", n, k, want)
		}
	}
	t.Logf("%d writes for %d steps", writes, func() int {
		total := 0
		for _, n := range steps {
			total += n
		}
		return total
	}())
}

var wildcard = regexp.MustCompile(`\{[^}]*\}`)

func normalizeEndpoint(k string) string { return wildcard.ReplaceAllString(k, "{}") }

// endpointKey is the "METHOD /path/{}" a step writes to.
func endpointKey(t *testing.T, reg *model.Registry, s plan.Step) string {
	k, ok := reg.Kind(s.Kind)
	if !ok {
		t.Fatalf("step %s has an unknown kind", s.ID)
	}
	ep := stepEndpoint(&s, k)
	if ep == nil {
		t.Fatalf("step %s has no endpoint", s.ID)
	}
	return normalizeEndpoint(ep.Method + " " + ep.Path)
}
