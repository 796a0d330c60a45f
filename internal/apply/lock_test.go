package apply

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// abandon stops a lock's renewals without releasing it: the lock a killed
// apply leaves behind.
func (l *ApplyLock) abandon() {
	l.once.Do(func() {
		close(l.stop)
		<-l.done
	})
}

// lockGroups lists the lock markers in the org, through the REST API.
func lockGroups(t *testing.T, o *org) []map[string]any {
	t.Helper()
	k, _ := o.reg.LockKind()
	var out []map[string]any
	err := o.client.List(context.Background(), k.List.Path, nil, k.List.Limit, func(page []json.RawMessage) error {
		for _, item := range page {
			v, err := model.ParseJSON(item)
			if err != nil {
				return err
			}
			if m, ok := v.(map[string]any); ok && k.IsLockMarker(m) {
				out = append(out, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLockOneAtATime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 91})
	first, err := AcquireLock(ctx, o.client, reg, "sha256:first", LockOptions{Holder: "alice@laptop (pid 1)", Run: "https://ci.example.com/run/1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The marker is in the org, and nowhere in what export reads.
	if n := len(lockGroups(t, o)); n != 1 {
		t.Fatalf("%d lock markers in the org, want 1", n)
	}
	for _, g := range o.snapshot(t).ByKind("groups") {
		if k, _ := reg.Kind("groups"); k.IsLockMarker(g.Live.Raw) {
			t.Fatalf("export read the lock marker as configuration: %s", g.Path)
		}
	}
	_, err = AcquireLock(ctx, o.client, reg, "sha256:second", LockOptions{Holder: "ci@runner (pid 2)"}, nil)
	var locked *LockedError
	if !errors.As(err, &locked) {
		t.Fatalf("second apply: %v, want a LockedError", err)
	}
	for _, want := range []string{"alice@laptop (pid 1)", "sha256:first", "https://ci.example.com/run/1", "--force-unlock " + first.ID(), "since 20"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal does not say %q:\n%v", want, err)
		}
	}
	if locked.Info.ID != first.ID() {
		t.Errorf("the refusal names marker %s, the lock is %s", locked.Info.ID, first.ID())
	}
	if err := first.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(lockGroups(t, o)); n != 0 {
		t.Fatalf("%d lock markers after release", n)
	}
	second, err := AcquireLock(ctx, o.client, reg, "sha256:second", LockOptions{Holder: "ci@runner (pid 2)"}, nil)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	if err := second.Release(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestLockRace: many applies try at once; exactly one holds the lock.
func TestLockRace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Seed: 92, Latency: 20 * time.Millisecond})
	const n = 8
	locks := make([]*ApplyLock, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			locks[i], errs[i] = AcquireLock(ctx, o.client, reg, "sha256:x", LockOptions{Holder: "racer"}, nil)
		}()
	}
	wg.Wait()
	held := 0
	for i := range n {
		var locked *LockedError
		switch {
		case errs[i] == nil:
			held++
			defer func(l *ApplyLock) {
				if err := l.Release(ctx); err != nil {
					t.Errorf("release: %v", err)
				}
			}(locks[i])
		case !errors.As(errs[i], &locked):
			t.Errorf("racer %d: %v", i, errs[i])
		}
	}
	if held != 1 || len(lockGroups(t, o)) != 1 {
		t.Fatalf("%d racers hold the lock, %d markers; want 1 and 1", held, len(lockGroups(t, o)))
	}
}

func TestStaleLockIsBroken(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Seed: 93})
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) func() time.Time { return func() time.Time { return t0.Add(d) } }
	killed, err := AcquireLock(ctx, o.client, reg, "sha256:killed", LockOptions{Holder: "killed", TTL: time.Hour, Now: at(0)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	killed.abandon()
	// Before the expiry it holds.
	if _, err := AcquireLock(ctx, o.client, reg, "sha256:next", LockOptions{Holder: "next", TTL: time.Hour, Now: at(59 * time.Minute)}, nil); !errors.As(err, new(*LockedError)) {
		t.Fatalf("before the expiry: %v", err)
	}
	// After, the next apply breaks it, says so, and holds the lock.
	var notes []string
	next, err := AcquireLock(ctx, o.client, reg, "sha256:next", LockOptions{Holder: "next", TTL: time.Hour, Now: at(61 * time.Minute),
		Notify: func(m string) { notes = append(notes, m) }}, nil)
	if err != nil {
		t.Fatalf("after the expiry: %v", err)
	}
	defer func() {
		if err := next.Release(ctx); err != nil {
			t.Errorf("release: %v", err)
		}
	}()
	if len(notes) != 1 || !strings.Contains(notes[0], "broke a stale apply lock: killed") {
		t.Errorf("notes %q", notes)
	}
	if m := lockGroups(t, o); len(m) != 1 || m[0]["id"] != next.ID() {
		t.Errorf("markers %v, want only %s", m, next.ID())
	}
}

func TestForceUnlock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 94})
	killed, err := AcquireLock(ctx, o.client, reg, "sha256:killed", LockOptions{Holder: "killed"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	killed.abandon()
	var group string
	for _, g := range o.snapshot(t).ByKind("groups") {
		if g.Role == "" {
			group = g.Live.ID
			break
		}
	}
	// Never anything but the marker.
	if _, err := BreakLock(ctx, o.client, reg, group); err == nil || !strings.Contains(err.Error(), "is not the apply lock") {
		t.Fatalf("breaking an ordinary group: %v", err)
	}
	if _, err := o.client.Do(ctx, okta.Request{Method: http.MethodGet, Path: "/api/v1/groups/" + group}); err != nil {
		t.Fatalf("the ordinary group is gone: %v", err)
	}
	info, err := BreakLock(ctx, o.client, reg, killed.ID())
	if err != nil || info.Holder != "killed" || info.Plan != "sha256:killed" {
		t.Fatalf("BreakLock: %+v, %v", info, err)
	}
	if _, err := BreakLock(ctx, o.client, reg, killed.ID()); err == nil || !strings.Contains(err.Error(), "no such lock") {
		t.Fatalf("breaking it twice: %v", err)
	}
	// A lock broken under a running apply is lost at its next renewal.
	running, err := AcquireLock(ctx, o.client, reg, "sha256:running", LockOptions{Holder: "running"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer running.abandon()
	if _, err := BreakLock(ctx, o.client, reg, running.ID()); err != nil {
		t.Fatal(err)
	}
	if err := running.renew(); !errors.Is(err, ErrLockLost) {
		t.Fatalf("renewing a broken lock: %v", err)
	}
}

func TestLockNote(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	in := LockInfo{Holder: "a; b=c", Since: t0, Expires: t0.Add(DefaultLockTTL), Plan: "sha256:abc", Run: "https://ci/run/1"}
	out := parseNote(formatNote(in))
	if out.Holder != "a, b:c" || !out.Since.Equal(in.Since) || !out.Expires.Equal(in.Expires) || out.Plan != in.Plan || out.Run != in.Run {
		t.Errorf("note round trip: %+v", out)
	}
}
