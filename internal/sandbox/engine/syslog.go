package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// The System Log: every write the sandbox accepts from a client is
// recorded as the LogEvent Okta records for it (eventType, actor, client,
// outcome, target[], published, uuid, …), and GET /api/v1/logs serves the
// log the way Okta does (syslog_api.go).
//
// Events are collected on the Call while the handler runs and committed
// only when it succeeds, so a refused request leaves no event; a request
// whose answer is lost after the change (an injected reset) still leaves
// its event, as the change happened. Only calls made for a client's
// request emit: the objects the sandbox makes itself (seeding, samples,
// generation, Internal side objects such as a policy's catch-all rule)
// leave no event, so readers of the log must treat a create as creating
// the object's implicit children too.

// ActorHeader names the request header that attributes a change to another
// admin, by login, as if made "in the Admin Console": the event's actor is
// that user and its client a browser. Without it, the actor is the super
// administrator who owns the API token. It is the sandbox's own testing aid;
// Okta ignores the header.
const ActorHeader = "X-Sandbox-Actor"

// Retention is how long Okta keeps System Log events (90 days).
const retentionDays = 90

// Target is one object an event names (LogTarget: id, type, displayName,
// alternateId).
type Target struct {
	ID, Type, DisplayName, AlternateID string
}

// Events is a resource's System Log vocabulary: the target type Okta gives
// its objects and the event type of each generic write. An empty event
// type means Okta logs nothing for that write.
type Events struct {
	// Type is the LogTarget type ("UserGroup", "PolicyRule", "AppInstance").
	Type string
	// Create, Update, Delete, Activate and Deactivate are the event types.
	Create, Update, Delete, Activate, Deactivate string
	// Display is the target's displayName; nil uses the first of label,
	// name, profile.name, displayName, id.
	Display func(o Obj) string
}

// DisplayName is the display name Okta gives an object in log targets.
func (ev *Events) DisplayName(o Obj) string {
	if ev != nil && ev.Display != nil {
		return ev.Display(o)
	}
	for _, f := range []string{"label", "name", "profile.name", "displayName", "id"} {
		if s := Str(o, f); s != "" {
			return s
		}
	}
	return ""
}

// TargetOf is the log target for one object of a resource.
func (res *Resource) TargetOf(o Obj) Target {
	return Target{ID: Str(o, "id"), Type: res.Events.Type, DisplayName: res.Events.DisplayName(o)}
}

// targets names the object and then its ancestors (a rule's policy), as
// Okta lists a child's parent among the targets.
func (res *Resource) targets(c *Call, parentID string, o Obj) []Target {
	out := []Target{res.TargetOf(o)}
	p, pid := res.Parent, parentID
	for p != nil && p.Events != nil && pid != "" {
		gp := p.parentIDOf(c)
		po := c.Org.Get(p.Name, gp, pid)
		if po == nil {
			break
		}
		out = append(out, p.TargetOf(po))
		p, pid = p.Parent, gp
	}
	return out
}

// emitFor records a generic write of res (eventType chosen by pick).
func (res *Resource) emitFor(c *Call, parentID string, o Obj, pick func(*Events) string) {
	if res.Events == nil || o == nil {
		return
	}
	if t := pick(res.Events); t != "" {
		c.Emit(t, res.targets(c, parentID, o)...)
	}
}

// pendingEvent is an event waiting for its call to succeed.
type pendingEvent struct {
	eventType string
	targets   []Target
}

// Emit records an event for this call's change; the engine's generic paths
// call it, and so do families' own handlers (one call per change, naming
// the object first and then its parents). Nothing is recorded for the
// sandbox's own calls (no request) or when the call fails.
func (c *Call) Emit(eventType string, targets ...Target) {
	if c.r == nil || eventType == "" {
		return
	}
	c.events = append(c.events, pendingEvent{eventType, targets})
}

// commitEvents appends the call's events to the org's log.
func (s *Server) commitEvents(c *Call, reqID string) {
	for _, ev := range c.events {
		s.org.Log = append(s.org.Log, s.logEvent(c, ev, reqID))
	}
	c.events = nil
}

// logEvent builds the LogEvent Okta records (the spec's LogEvent, with
// what the sandbox knows of the request).
func (s *Server) logEvent(c *Call, ev pendingEvent, reqID string) Obj {
	o := c.Org
	o.LogSeq++
	r := c.r
	ua := r.Header.Get("User-Agent")
	actor := s.actor(c)
	txType := "API"
	if r.Header.Get(ActorHeader) != "" {
		txType = "WEB"
		ua = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
	}
	ip := r.RemoteAddr
	if i := strings.LastIndexByte(ip, ':'); i > 0 {
		ip = strings.Trim(ip[:i], "[]")
	}
	targets := make([]any, len(ev.targets))
	for i, t := range ev.targets {
		tt := Obj{"id": t.ID, "type": t.Type, "displayName": t.DisplayName, "alternateId": t.AlternateID, "detailEntry": nil}
		if t.AlternateID == "" {
			tt["alternateId"] = "unknown"
		}
		targets[i] = tt
	}
	published := o.Timestamp()
	return Obj{
		"_seq":            JSONInt(int(o.LogSeq)),
		"uuid":            o.uuid(),
		"published":       published,
		"eventType":       ev.eventType,
		"version":         "0",
		"severity":        "INFO",
		"legacyEventType": nil,
		"displayMessage":  displayMessage(ev.eventType),
		"actor":           actor,
		"client": Obj{
			"userAgent":           Obj{"rawUserAgent": orUnknown(ua), "os": "Unknown", "browser": "UNKNOWN"},
			"zone":                "null",
			"device":              "Unknown",
			"id":                  nil,
			"ipAddress":           ip,
			"geographicalContext": nil,
		},
		"device":                nil,
		"authenticationContext": Obj{"authenticationStep": JSONInt(0), "externalSessionId": "trs" + reqID},
		"securityContext":       Obj{},
		"debugContext": Obj{"debugData": Obj{
			"requestId":  reqID,
			"requestUri": r.URL.Path,
			"url":        r.URL.RequestURI(),
		}},
		"outcome":     Obj{"result": "SUCCESS", "reason": nil},
		"transaction": Obj{"type": txType, "id": reqID, "detail": Obj{}},
		"request":     Obj{"ipChain": []any{Obj{"ip": ip, "version": "V4", "source": nil}}},
		"target":      targets,
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "UNKNOWN"
	}
	return s
}

// displayMessage is a readable message from the event type
// ("policy.rule.update" → "Update policy rule").
func displayMessage(eventType string) string {
	parts := strings.Split(strings.ReplaceAll(eventType, "_", " "), ".")
	if len(parts) < 2 {
		return eventType
	}
	verb := parts[len(parts)-1]
	subject := strings.Join(parts[:len(parts)-1], " ")
	subject = strings.TrimSuffix(subject, " lifecycle")
	return strings.ToUpper(verb[:1]) + verb[1:] + " " + subject
}

// actor is the event's actor: the token's owner, or the user the request
// names in ActorHeader ("in the Admin Console").
func (s *Server) actor(c *Call) Obj {
	login := c.r.Header.Get(ActorHeader)
	var u Obj
	if login == "" {
		u = c.Org.Get(TableUsers, "", c.Org.AdminID)
	} else {
		u = c.Org.Find(TableUsers, "", func(o Obj) bool { return strings.EqualFold(Str(o, "profile.login"), login) })
	}
	if u != nil {
		name := strings.TrimSpace(Str(u, "profile.firstName") + " " + Str(u, "profile.lastName"))
		return Obj{"id": Str(u, "id"), "type": "User", "alternateId": Str(u, "profile.login"), "displayName": orUnknown(name), "detailEntry": nil}
	}
	if login == "" {
		return Obj{"id": c.Org.AdminID, "type": "User", "alternateId": "unknown", "displayName": "Unknown", "detailEntry": nil}
	}
	// An admin the org does not hold as a user: a stable id from the login.
	sum := sha256.Sum256([]byte(strings.ToLower(login)))
	return Obj{"id": "00u" + hex.EncodeToString(sum[:])[:17], "type": "User", "alternateId": login, "displayName": login, "detailEntry": nil}
}

// uuid is a version-4 UUID from the org's seeded source.
func (o *Org) uuid() string {
	b := make([]byte, 16)
	for i := range b {
		b[i] = byte(o.rnd.Intn(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
