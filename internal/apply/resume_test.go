package apply

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/synthetic"
)

// TestCrashAndResume: a run is cancelled once 30 steps are done (as Ctrl-C
// or a killed process would stop it), then resumed from its journal. The
// resumed run finishes without redoing anything: every create endpoint
// received exactly one request per create step, the journal holds one
// "applied" line per step, and the org ends as planned.
func TestCrashAndResume(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Seed: 21})
	desired, err := synthetic.Tree(reg, synthetic.Counts{Groups: 40, GroupRules: 10, Apps: 5, AssignmentsPerApp: 2, Policies: 3, RulesPerPolicy: 2})
	if err != nil {
		t.Fatal(err)
	}
	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	journal := filepath.Join(t.TempDir(), "apply.journal")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const stopAfter = 30
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{Journal: journal, Parallelism: 4, Progress: func(done, _ int, _ StepResult) {
			if done == stopAfter {
				cancel()
			}
		}}})
	if !errors.Is(err, context.Canceled) || rep == nil || !rep.Interrupted {
		t.Fatalf("the first run should report an interruption; got %v", err)
	}
	first := journalLines(t, journal)
	if n := countApplied(first); n < stopAfter-4 || n >= len(p.Steps) {
		t.Fatalf("the interrupted run journaled %d applied steps of %d", n, len(p.Steps))
	}
	t.Logf("interrupted: %s", rep.summary())
	interrupted := rep.Counts.Failed

	rep, err = Run(context.Background(), RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{Journal: journal, Resume: true}})
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	if rep.HasFailures() {
		t.Fatalf("resume failed:%s", failures(rep))
	}
	if rep.Counts.Resumed != countApplied(first) {
		t.Errorf("resume restored %d steps, the journal had %d", rep.Counts.Resumed, countApplied(first))
	}
	t.Logf("resumed: %s", rep.summary())

	// Nothing was done twice: one applied line per step, and one create
	// request per create step at every create endpoint.
	applied := map[string]int{}
	for _, r := range journalLines(t, journal) {
		if r.Type == recordStep && r.Status == StatusApplied {
			applied[r.Step]++
		}
	}
	for _, s := range p.Steps {
		if applied[s.ID] != 1 {
			t.Errorf("%s is journaled as applied %d times", s.ID, applied[s.ID])
		}
	}
	creates := map[string]int{}
	for _, s := range p.Steps {
		if s.Action == plan.ActionCreate {
			creates[endpointKey(t, reg, s)]++
		}
	}
	got := map[string]int{}
	for k, n := range o.srv.Stats().Endpoints {
		got[normalizeEndpoint(k)] += n
	}
	for ep, want := range creates {
		// A POST creates anew each time, so it must have been sent once
		// per step. A PUT to an item path (an app group assignment) is
		// idempotent: one interrupted in flight is simply sent again.
		if strings.HasPrefix(ep, "POST ") && got[ep] != want || got[ep] < want || got[ep] > want+interrupted {
			t.Errorf("%s received %d requests for %d create steps", ep, got[ep], want)
		}
	}
	if again := computePlan(t, reg, desired, o.snapshot(t), plan.Options{}); again.HasChanges() {
		t.Errorf("after the resumed run the plan still has %d steps", len(again.Steps))
	}
}

// TestResumeRefusesAnotherPlan: a journal names its plan; resuming it with
// another plan is refused before anything is read or sent.
func TestResumeRefusesAnotherPlan(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Seed: 22})
	one, _ := synthetic.Tree(reg, synthetic.Counts{Groups: 2})
	two, _ := synthetic.Tree(reg, synthetic.Counts{Groups: 3})
	cur := o.snapshot(t)
	p1 := computePlan(t, reg, one, cur, plan.Options{})
	p2 := computePlan(t, reg, two, cur, plan.Options{})
	journal := filepath.Join(t.TempDir(), "journal")
	if _, err := Run(context.Background(), RunOptions{Plan: p1, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{Journal: journal}}); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), RunOptions{Plan: p2, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{Journal: journal, Resume: true}})
	if err == nil {
		t.Fatal("resuming another plan's journal was not refused")
	}
	t.Log(err)
	// A fresh run with the same journal is refused too: it would mix two runs.
	if _, err := Run(context.Background(), RunOptions{Plan: p2, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{Journal: journal}}); err == nil {
		t.Fatal("starting a run over an existing journal was not refused")
	}
}

func journalLines(t *testing.T, path string) []journalRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []journalRecord
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r journalRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("journal line %q: %v", sc.Text(), err)
		}
		out = append(out, r)
	}
	return out
}

func countApplied(rs []journalRecord) int {
	n := 0
	for _, r := range rs {
		if r.Type == recordStep && r.Status == StatusApplied {
			n++
		}
	}
	return n
}
