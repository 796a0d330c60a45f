package identitysources

import (
	"net/http"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Import sessions (spec IdentitySourceSession; the XaaS guide,
// developer.okta.com/docs/guides/anything-as-a-source). A session is
// CREATED, takes bulk uploads while CREATED, is TRIGGERED by start-import,
// and ends COMPLETED or ERROR once Okta has processed it; a CREATED session
// is CLOSED by a cancel (DELETE) and EXPIRED after 24 hours without a
// request. Only one session per identity source may be active (CREATED,
// IN_PROGRESS or TRIGGERED). As recorded: create answers 201, start-import
// 200 with the TRIGGERED session, a cancel 204, and a cancel of a
// TRIGGERED session 400 E0000001 (VCR
// TestAccResourceOktaIdentitySourceSessionImport_basic#4).

// Session statuses (spec IdentitySourceSessionStatus).
const (
	statusCreated    = "CREATED"
	statusInProgress = "IN_PROGRESS"
	statusTriggered  = "TRIGGERED"
	statusCompleted  = "COMPLETED"
	statusError      = "ERROR"
	statusClosed     = "CLOSED"
	statusExpired    = "EXPIRED"
)

const (
	// processingTime is how long Okta takes to process a triggered
	// session in the sandbox. Unverified: the recordings read TRIGGERED
	// one second after start-import; real imports take seconds to minutes.
	processingTime = 5 * time.Second
	// expiry: a CREATED session with no request for 24 hours expires (the
	// spec's EXPIRED, the guide).
	expiry = 24 * time.Hour
)

// active reports whether a session in this status blocks a new one.
func active(status string) bool {
	return status == statusCreated || status == statusInProgress || status == statusTriggered
}

// The refusals of the state machine. The cancel refusal is recorded; the
// others are modelled on it (unverified texts: the guide says 400).
func errCancel() *engine.APIError {
	return engine.ErrValidation("importSessionId", "Only a session that is in CREATED or IN_PROGRESS status can be canceled.")
}

func errNotCreated(what string) *engine.APIError {
	return engine.ErrValidation("importSessionId", "Only a session that is in CREATED status can "+what+".")
}

func errActiveExists() *engine.APIError {
	return engine.ErrValidation("identitySourceId", "An active session already exists for this identity source. Only one session can be active at a time.")
}

// transition is the state machine: the status a session moves to when
// action is applied in status from, or the refusal. Actions: upload,
// start, cancel.
func transition(from, action string) (string, *engine.APIError) {
	switch action {
	case "upload":
		if from != statusCreated {
			return from, errNotCreated("be loaded with data")
		}
		return from, nil
	case "start":
		if from != statusCreated {
			return from, errNotCreated("be triggered")
		}
		return statusTriggered, nil
	case "cancel":
		if from != statusCreated && from != statusInProgress {
			return from, errCancel()
		}
		return statusClosed, nil
	}
	panic("identitysources: unknown session action " + action)
}

const tsLayout = "2006-01-02T15:04:05.000Z"

func stamp(t time.Time) string { return t.UTC().Format(tsLayout) }

func parseStamp(s string) time.Time {
	t, err := time.Parse(tsLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// The times a session's status changes by itself: when a CREATED one
// expires, when a TRIGGERED one has been processed.
func expiresAt(s engine.Obj) time.Time { return parseStamp(engine.Str(s, "_activity")).Add(expiry) }
func doneAt(s engine.Obj) time.Time {
	return parseStamp(engine.Str(s, "_triggered")).Add(processingTime)
}

// due reports whether advance has anything to do.
func due(c *engine.Call, sourceID string) bool {
	now := c.Org.Now()
	for _, s := range c.Org.List(tableSessions, sourceID) {
		switch engine.Str(s, "status") {
		case statusCreated:
			if !now.Before(expiresAt(s)) {
				return true
			}
		case statusTriggered:
			if !now.Before(doneAt(s)) {
				return true
			}
		}
	}
	return false
}

// advance moves the source's sessions along the org clock: a TRIGGERED
// session whose processing time has passed is processed (COMPLETED, or
// ERROR when its data cannot be applied), a CREATED one idle for 24 hours
// expires. It runs before every request to the source (withSource), so
// the sandbox's "background" work is observed the way a client polling
// Okta observes it; the completion's System Log event rides on that
// request.
func advance(c *engine.Call, sourceID string) {
	now := c.Org.Now()
	for _, s := range c.Org.List(tableSessions, sourceID) {
		switch engine.Str(s, "status") {
		case statusCreated:
			idle := expiresAt(s)
			if !now.Before(idle) {
				s["status"] = statusExpired
				s["lastUpdated"] = stamp(idle)
				delete(s, "_ops")
			}
		case statusTriggered:
			done := doneAt(s)
			if now.Before(done) {
				continue
			}
			s["status"] = statusCompleted
			if err := process(c, sourceID, opsOf(s), stamp(done)); err != nil {
				s["status"] = statusError
			}
			s["lastUpdated"] = stamp(done)
			delete(s, "_ops")
			c.Emit("system.import.complete", sourceTarget(c, sourceID))
		}
	}
}

// session finds the path's session, touching its activity clock.
func session(c *engine.Call) (engine.Obj, *engine.APIError) {
	src, id := c.Param("identitySourceId"), c.Param("sessionId")
	s := c.Org.Get(tableSessions, src, id)
	if s == nil {
		// Unverified: the spec says 404, the guide 400.
		return nil, engine.ErrNotFound(id, "IdentitySourceSession")
	}
	if engine.Str(s, "status") == statusCreated {
		s["_activity"] = c.Org.Timestamp()
	}
	return s, nil
}

// listSessions answers the active sessions only, as the guide's "List
// active Identity Source Sessions" says (the spec says "all").
func listSessions(c *engine.Call) engine.Reply {
	out := []any{}
	for _, s := range c.Org.List(tableSessions, c.Param("identitySourceId")) {
		if active(engine.Str(s, "status")) {
			out = append(out, render(s))
		}
	}
	return engine.OK(out)
}

func createSession(c *engine.Call) engine.Reply {
	src := c.Param("identitySourceId")
	for _, s := range c.Org.List(tableSessions, src) {
		if active(engine.Str(s, "status")) {
			return engine.Fail(errActiveExists())
		}
	}
	now := c.Org.Timestamp()
	s := engine.Obj{
		"id": c.Org.NewID("aps"), "identitySourceId": src, "status": statusCreated, "importType": "INCREMENTAL",
		"created": now, "lastUpdated": now, "_activity": now,
	}
	c.Org.Put(tableSessions, src, engine.Str(s, "id"), s)
	return engine.Created(render(s))
}

func getSession(c *engine.Call) engine.Reply {
	s, err := session(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(render(s))
}

// cancelSession is DELETE: a CREATED session is CLOSED and its uploads
// dropped; the session stays readable.
func cancelSession(c *engine.Call) engine.Reply {
	s, err := session(c)
	if err != nil {
		return engine.Fail(err)
	}
	next, err := transition(engine.Str(s, "status"), "cancel")
	if err != nil {
		return engine.Fail(err)
	}
	s["status"], s["lastUpdated"] = next, c.Org.Timestamp()
	delete(s, "_ops")
	return engine.NoContent()
}

func startImport(c *engine.Call) engine.Reply {
	s, err := session(c)
	if err != nil {
		return engine.Fail(err)
	}
	next, err := transition(engine.Str(s, "status"), "start")
	if err != nil {
		return engine.Fail(err)
	}
	now := c.Org.Timestamp()
	s["status"], s["lastUpdated"], s["_triggered"] = next, now, now
	c.Emit("system.import.start", sourceTarget(c, c.Param("identitySourceId")))
	return engine.Reply{Status: http.StatusOK, Body: render(s)}
}
