package identitysources

import (
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestTransition: the session state machine, every status against every
// action.
func TestTransition(t *testing.T) {
	all := []string{statusCreated, statusInProgress, statusTriggered, statusCompleted, statusError, statusClosed, statusExpired}
	want := map[string]map[string]string{ // action → from → to ("" = refused)
		"upload": {statusCreated: statusCreated},
		"start":  {statusCreated: statusTriggered},
		"cancel": {statusCreated: statusClosed, statusInProgress: statusClosed},
	}
	for action, ok := range want {
		for _, from := range all {
			t.Run(action+"/"+from, func(t *testing.T) {
				to, err := transition(from, action)
				switch {
				case ok[from] != "" && (err != nil || to != ok[from]):
					t.Fatalf("got %s %v, want %s", to, err, ok[from])
				case ok[from] == "" && err == nil:
					t.Fatalf("got %s, want a refusal", to)
				case err != nil && (!strings.Contains(err.Error(), "400 E0000001 Api validation failed: importSessionId") || to != from):
					t.Fatalf("refusal %v (status %s), want 400 E0000001 on importSessionId, status unchanged", err, to)
				}
			})
		}
	}
}

// TestActive: the statuses that block a new session.
func TestActive(t *testing.T) {
	for s, want := range map[string]bool{statusCreated: true, statusInProgress: true, statusTriggered: true,
		statusCompleted: false, statusError: false, statusClosed: false, statusExpired: false} {
		if active(s) != want {
			t.Errorf("active(%s) = %v, want %v", s, !want, want)
		}
	}
}

// TestAdvance: a triggered session is processed once the processing time
// has passed on the org clock, and a CREATED one expires after 24 idle
// hours; other sessions are left alone.
func TestAdvance(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name       string
		status     string
		ops        []any
		after      time.Duration
		want       string
		wantUpdate time.Time // zero: lastUpdated unchanged
	}{
		{"triggered, still processing", statusTriggered, nil, processingTime - time.Millisecond, statusTriggered, time.Time{}},
		{"triggered, processed", statusTriggered, nil, processingTime, statusCompleted, t0.Add(processingTime)},
		{"triggered, data cannot apply", statusTriggered,
			[]any{engine.Obj{"op": "bulk-group-memberships-upsert", "items": []any{engine.Obj{"groupExternalId": "nope", "memberExternalIds": []any{"u"}}}}},
			time.Hour, statusError, t0.Add(processingTime)},
		{"created, not yet idle", statusCreated, nil, expiry - time.Second, statusCreated, time.Time{}},
		{"created, idle a day", statusCreated, nil, expiry, statusExpired, t0.Add(expiry)},
		{"completed stays", statusCompleted, nil, 48 * time.Hour, statusCompleted, time.Time{}},
		{"closed stays", statusClosed, nil, 48 * time.Hour, statusClosed, time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := t0
			srv, err := engine.New(engine.Options{Token: "t", Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			s := engine.Obj{"id": "aps1", "status": tc.status, "lastUpdated": stamp(t0), "_activity": stamp(t0), "_triggered": stamp(t0), "_ops": tc.ops}
			now = t0.Add(tc.after)
			srv.Run(func(c *engine.Call) {
				c.Org.Put(tableSessions, "0oa1", "aps1", s)
				advance(c, "0oa1")
			})
			if got := engine.Str(s, "status"); got != tc.want {
				t.Fatalf("status %s, want %s", got, tc.want)
			}
			wantUpdate := stamp(t0)
			if !tc.wantUpdate.IsZero() {
				wantUpdate = stamp(tc.wantUpdate)
			}
			if got := engine.Str(s, "lastUpdated"); got != wantUpdate {
				t.Fatalf("lastUpdated %s, want %s", got, wantUpdate)
			}
			if tc.want != tc.status && s["_ops"] != nil {
				t.Fatalf("a finished session keeps its staged data: %v", s["_ops"])
			}
		})
	}
}
