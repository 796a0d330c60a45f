package apply

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
)

// The apply lock keeps one apply at a time per org, across machines. It
// lives in the org, as a marker object of the kind whose descriptor carries
// model.LockMarker (a group with a fixed name): Okta refuses to create a
// second one, so the create is an atomic test-and-set, decided by Okta.
//
//   - Acquire creates the marker, with a note naming the holder (user,
//     host, process, start time, plan digest, CI run) and an expiry. A
//     second apply's create fails with the conflict code; it reads the
//     note and refuses, naming the holder.
//   - While the run goes on, the holder renews the expiry every third of
//     DefaultLockTTL. If the marker is gone (someone broke the lock) or
//     cannot be renewed before it expires, the run is stopped: another
//     apply may be running by then.
//   - Release deletes the marker, even when the run was interrupted.
//   - A marker whose expiry has passed is stale (its holder was killed):
//     the next apply deletes it, by its ID, and takes the lock. Deleting by
//     ID means two applies that find the same stale marker cannot both
//     take the lock: the second one's create fails on the first one's new
//     marker.
//   - `apply --force-unlock ID` deletes the marker with that ID at once,
//     after checking that it is the marker (never another object).

// DefaultLockTTL is how long a lock holds without being renewed. A killed
// apply's lock is stale after at most this long.
const DefaultLockTTL = 15 * time.Minute

// LockOptions say who is applying.
type LockOptions struct {
	// Holder names who holds the lock: "alice@laptop (pid 4242)".
	Holder string
	// Run is the CI run's URL, when there is one.
	Run string
	// TTL is the expiry; 0 means DefaultLockTTL.
	TTL time.Duration
	// ForceUnlock is the ID of a marker to delete before taking the lock.
	ForceUnlock string
	// Notify receives what the lock did that the user should know (a stale
	// lock broken); nil drops it.
	Notify func(msg string)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// LockInfo is what a marker says.
type LockInfo struct {
	ID      string
	Holder  string
	Since   time.Time
	Expires time.Time
	Plan    string
	Run     string
}

// String names the holder for people.
func (i *LockInfo) String() string {
	s := i.Holder
	if s == "" {
		s = "an unknown holder"
	}
	if !i.Since.IsZero() {
		s += ", since " + formatTime(i.Since)
	}
	if i.Plan != "" {
		s += ", applying plan " + i.Plan
	}
	if i.Run != "" {
		s += " (" + i.Run + ")"
	}
	if !i.Expires.IsZero() {
		s += "; the lock expires at " + formatTime(i.Expires) + " unless renewed"
	}
	return s
}

// LockedError is the refusal to start while another apply holds the lock.
type LockedError struct {
	Info LockInfo
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("apply refused: another apply is running against this org: %s. Nothing was changed. "+
		"Wait for it to finish; if it was killed, its lock goes stale at the time above, "+
		"or break it now with `oktasync apply --force-unlock %s` (only when you are sure it is not running)",
		e.Info.String(), e.Info.ID)
}

// ErrLockLost stops a run whose lock was broken or could not be renewed.
var ErrLockLost = errors.New("the apply lock was lost (broken with --force-unlock, or not renewed in time), so another apply may be running; the run stopped")

// ApplyLock is a held lock.
type ApplyLock struct {
	c    Client
	k    *model.Kind
	o    LockOptions
	id   string // set by create, read-only after
	info LockInfo
	plan string

	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// AcquireLock takes the org's apply lock for a run of the plan with the
// given digest, or returns a *LockedError naming the holder. onLost is
// called (once, from another goroutine) if the lock is lost while held.
func AcquireLock(ctx context.Context, c Client, reg *model.Registry, digest string, o LockOptions, onLost func(error)) (*ApplyLock, error) {
	k, ok := reg.LockKind()
	if !ok {
		return nil, errors.New("apply lock: no kind carries the lock marker")
	}
	if o.TTL <= 0 {
		o.TTL = DefaultLockTTL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ForceUnlock != "" {
		info, err := BreakLock(ctx, c, reg, o.ForceUnlock)
		if err != nil {
			return nil, err
		}
		o.notify("broke the apply lock %s (%s)", o.ForceUnlock, info)
	}
	l := &ApplyLock{c: c, k: k, o: o, plan: digest}
	// A few rounds: a stale marker is broken and the create tried again,
	// and a marker released between our create and our read is gone.
	for range 3 {
		err := l.create(ctx)
		if err == nil {
			l.start(onLost)
			return l, nil
		}
		if okta.ErrorCode(err) != k.Lock.ConflictCode {
			return nil, fmt.Errorf("apply refused: taking the apply lock: %w; nothing was changed", err)
		}
		held, err := FindLock(ctx, c, reg)
		if err != nil {
			return nil, fmt.Errorf("apply refused: the apply lock is held, and reading its holder failed: %w; nothing was changed", err)
		}
		if held == nil {
			continue // released meanwhile (or not yet visible to the search)
		}
		if held.Expires.IsZero() || o.Now().Before(held.Expires) {
			return nil, &LockedError{Info: *held}
		}
		if err := deleteMarker(ctx, c, k, held.ID); err != nil {
			return nil, fmt.Errorf("apply refused: breaking the stale apply lock %s: %w; nothing was changed", held.ID, err)
		}
		o.notify("broke a stale apply lock: %s", held)
	}
	return nil, errors.New("apply refused: the apply lock is held, but its marker could not be read; try again in a minute; nothing was changed")
}

func (o LockOptions) notify(format string, args ...any) {
	if o.Notify != nil {
		o.Notify(fmt.Sprintf(format, args...))
	}
}

// create makes the marker; its ID is the lock's.
func (l *ApplyLock) create(ctx context.Context) error {
	now := l.o.Now().UTC()
	l.info = LockInfo{Holder: l.o.Holder, Since: now, Expires: now.Add(l.o.TTL), Plan: l.plan, Run: l.o.Run}
	resp, err := l.c.Do(ctx, okta.Request{Method: l.k.Create.Method, Path: l.k.Create.Path, Body: l.body()})
	if err != nil {
		return err
	}
	obj, err := objectBody(resp)
	if err != nil {
		return err
	}
	if l.id = l.k.IDOf(obj); l.id == "" {
		return fmt.Errorf("the apply lock's marker was created without an ID")
	}
	l.info.ID = l.id
	return nil
}

func (l *ApplyLock) body() map[string]any {
	b := map[string]any{}
	_ = model.SetField(b, l.k.Lock.NameField, l.k.Lock.Name)
	_ = model.SetField(b, l.k.Lock.NoteField, formatNote(l.info))
	return b
}

// start renews the lock every third of its TTL until Release.
func (l *ApplyLock) start(onLost func(error)) {
	l.stop, l.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(l.done)
		t := time.NewTicker(l.o.TTL / 3)
		defer t.Stop()
		for {
			select {
			case <-l.stop:
				return
			case <-t.C:
			}
			if err := l.renew(); err != nil && onLost != nil {
				onLost(err)
				return
			}
		}
	}()
}

// renew moves the expiry forward. A marker that is gone was broken; a
// renewal that keeps failing until the expiry passes loses the lock too.
func (l *ApplyLock) renew() error {
	ctx, cancel := context.WithTimeout(context.Background(), l.o.TTL/3)
	defer cancel()
	info := l.info
	info.Expires = l.o.Now().UTC().Add(l.o.TTL)
	prev := l.info
	l.info = info
	path := strings.ReplaceAll(l.k.Update.Path, "{id}", url.PathEscape(l.id))
	_, err := l.c.Do(ctx, okta.Request{Method: l.k.Update.Method, Path: path, Body: l.body()})
	if err == nil {
		return nil
	}
	l.info = prev
	if okta.StatusCode(err) == http.StatusNotFound || !l.o.Now().Before(prev.Expires.Add(-l.o.TTL/6)) {
		return ErrLockLost
	}
	return nil // try again at the next tick
}

// ID is the marker's ID.
func (l *ApplyLock) ID() string { return l.id }

// Release stops the renewals and deletes the marker. It uses its own
// context, so that an interrupted run still releases its lock.
func (l *ApplyLock) Release(ctx context.Context) error {
	var err error
	l.once.Do(func() {
		close(l.stop)
		<-l.done
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		if derr := deleteMarker(rctx, l.c, l.k, l.id); derr != nil {
			err = fmt.Errorf("releasing the apply lock %s: %w; remove it with `oktasync apply --force-unlock %s`", l.id, derr, l.id)
		}
	})
	return err
}

// FindLock returns the marker's note, or nil when the lock is free.
func FindLock(ctx context.Context, c Client, reg *model.Registry) (*LockInfo, error) {
	k, ok := reg.LockKind()
	if !ok {
		return nil, errors.New("apply lock: no kind carries the lock marker")
	}
	q, err := url.ParseQuery(k.Lock.Query)
	if err != nil {
		return nil, fmt.Errorf("bad lock query %q in the %s descriptor: %w", k.Lock.Query, k.Name, err)
	}
	var found *LockInfo
	err = c.List(ctx, k.List.Path, q, k.List.Limit, func(page []json.RawMessage) error {
		for _, item := range page {
			v, err := model.ParseJSON(item)
			m, ok := v.(map[string]any)
			if err != nil || !ok || !k.IsLockMarker(m) {
				continue
			}
			note, _ := model.Lookup(m, k.Lock.NoteField)
			s, _ := note.(string)
			info := parseNote(s)
			info.ID = k.IDOf(m)
			found = &info
		}
		return nil
	})
	return found, err
}

// BreakLock deletes the marker with the given ID, after checking that the
// object is the marker: --force-unlock must never delete anything else.
func BreakLock(ctx context.Context, c Client, reg *model.Registry, id string) (*LockInfo, error) {
	k, ok := reg.LockKind()
	if !ok {
		return nil, errors.New("apply lock: no kind carries the lock marker")
	}
	path := strings.ReplaceAll(k.Get.Path, "{id}", url.PathEscape(id))
	resp, err := c.Do(ctx, okta.Request{Method: http.MethodGet, Path: path})
	if err != nil {
		if okta.StatusCode(err) == http.StatusNotFound {
			return nil, fmt.Errorf("--force-unlock %s: there is no such lock (it was released already?); nothing was changed", id)
		}
		return nil, fmt.Errorf("--force-unlock %s: %w", id, err)
	}
	obj, err := objectBody(resp)
	if err != nil {
		return nil, err
	}
	if !k.IsLockMarker(obj) {
		return nil, fmt.Errorf("--force-unlock %s: that %s is not the apply lock, so it was left alone; give the ID the refusal named", id, strings.ToLower(k.Title))
	}
	note, _ := model.Lookup(obj, k.Lock.NoteField)
	s, _ := note.(string)
	info := parseNote(s)
	info.ID = id
	if err := deleteMarker(ctx, c, k, id); err != nil {
		return nil, fmt.Errorf("--force-unlock %s: %w", id, err)
	}
	return &info, nil
}

// deleteMarker deletes a marker by ID; one that is gone already is fine.
func deleteMarker(ctx context.Context, c Client, k *model.Kind, id string) error {
	path := strings.ReplaceAll(k.Delete.Path, "{id}", url.PathEscape(id))
	_, err := c.Do(ctx, okta.Request{Method: k.Delete.Method, Path: path})
	if err != nil && okta.StatusCode(err) != http.StatusNotFound {
		return err
	}
	return nil
}

// The note is "oktasync apply lock; holder=…; since=…; expires=…;
// plan=…; run=…": readable in the admin console, and parsed back here.
const notePrefix = "oktasync apply lock"

func formatNote(i LockInfo) string {
	clean := func(s string) string { return strings.NewReplacer(";", ",", "=", ":").Replace(s) }
	parts := []string{notePrefix, "holder=" + clean(i.Holder), "since=" + formatTime(i.Since), "expires=" + formatTime(i.Expires), "plan=" + clean(i.Plan)}
	if i.Run != "" {
		parts = append(parts, "run="+clean(i.Run))
	}
	return strings.Join(parts, "; ")
}

func parseNote(s string) LockInfo {
	var i LockInfo
	for _, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch k {
		case "holder":
			i.Holder = v
		case "since":
			i.Since, _ = time.Parse(timeFormat, v)
		case "expires":
			i.Expires, _ = time.Parse(timeFormat, v)
		case "plan":
			i.Plan = v
		case "run":
			i.Run = v
		}
	}
	return i
}

const timeFormat = "2006-01-02T15:04:05.000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }
