package plan

import (
	"testing"

	"github.com/oktasync/oktasync/internal/model"
)

// obj is an object written compactly for tests.
type obj struct {
	kind, path, role string
	relations        map[string]string
	body             string // JSON
}

func mustJSON(t testing.TB, s string) map[string]any {
	t.Helper()
	v, err := model.ParseJSON([]byte(s))
	if err != nil {
		t.Fatalf("bad JSON %s: %v", s, err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("not an object: %s", s)
	}
	return m
}

func snap(t testing.TB, reg *model.Registry, objs ...obj) *model.Snapshot {
	t.Helper()
	s := model.NewSnapshot(reg)
	for _, o := range objs {
		if err := s.Add(&model.Object{Kind: o.kind, Path: o.path, Role: o.role, Relations: o.relations, Body: mustJSON(t, o.body)}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func compute(t testing.TB, reg *model.Registry, desired, current []obj, opts Options) (*Plan, error) {
	t.Helper()
	opts.Registry = reg
	return Compute(snap(t, reg, desired...), snap(t, reg, current...), opts)
}

func mustCompute(t testing.TB, reg *model.Registry, desired, current []obj, opts Options) *Plan {
	t.Helper()
	p, err := compute(t, reg, desired, current, opts)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return p
}
