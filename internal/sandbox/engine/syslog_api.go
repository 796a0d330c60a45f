package engine

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// GET /api/v1/logs as Okta serves it:
//   - since and until bound `published` (ISO 8601); since defaults to seven
//     days before until, until to now; events older than the 90 days Okta
//     keeps are gone;
//   - filter is an expression over the event's fields (eventType,
//     target.id, target.type, actor.id, actor.alternateId, outcome.result,
//     uuid, …) with eq and sw; q is keywords, all of which must occur
//     (case-insensitive) in the event;
//   - sortOrder ASCENDING (default) or DESCENDING; limit 100 by default, at
//     most 1000;
//   - Link paging with an opaque `after` cursor. An ASCENDING query without
//     until is a polling query: its answer always carries a next link, even
//     an empty one, from which a client polls for later events.
const (
	logLimitDefault = 100
	logLimitMax     = 1000
	logTimeLayout   = "2006-01-02T15:04:05.000Z"
)

func (s *Server) installLogs() {
	s.routes.Handle("GET", "/api/v1/logs", ScopeFor("logs", "GET"), s.handleLogs)
}

func (s *Server) handleLogs(c *Call) Reply {
	q := c.Query()
	now := c.Org.Now().UTC()
	until, hasUntil, err := logTime(q, "until", now)
	if err != nil {
		return Fail(err)
	}
	since, _, err := logTime(q, "since", until.Add(-7*24*time.Hour))
	if err != nil {
		return Fail(err)
	}
	if oldest := now.Add(-retentionDays * 24 * time.Hour); since.Before(oldest) {
		since = oldest
	}
	order := q.Get("sortOrder")
	switch order {
	case "", "ASCENDING":
		order = "ASCENDING"
	case "DESCENDING":
	default:
		return Fail(ErrValidation("sortOrder", "sortOrder: must be ASCENDING or DESCENDING"))
	}
	limit := logLimitDefault
	if l := q.Get("limit"); l != "" {
		n, convErr := strconv.Atoi(l)
		if convErr != nil || n < 0 {
			return Fail(ErrValidation("limit", "limit: must be a positive number"))
		}
		limit = min(n, logLimitMax)
		if n == 0 {
			limit = logLimitDefault
		}
	}
	after := uint64(0)
	if a := q.Get("after"); a != "" {
		n, convErr := strconv.ParseUint(a, 10, 64)
		if convErr != nil {
			return Fail(ErrValidation("after", "after: not a cursor this endpoint gave"))
		}
		after = n
	}
	filter := strings.TrimSpace(q.Get("filter"))
	words := strings.Fields(strings.ToLower(q.Get("q")))

	var hits []Obj
	for _, ev := range c.Org.Log {
		seq := eventSeq(ev)
		if after != 0 && ((order == "ASCENDING" && seq <= after) || (order == "DESCENDING" && seq >= after)) {
			continue
		}
		pub, _ := time.Parse(logTimeLayout, Str(ev, "published"))
		// An explicit until is exclusive; the default (now) takes all.
		if pub.Before(since) || (hasUntil && !pub.Before(until)) {
			continue
		}
		if filter != "" {
			ok, ferr := MatchFilter(filter, FilterEqSw, func(field string) ([]string, bool) { return eventValues(ev, field) })
			if ferr != nil {
				return Fail(ferr)
			}
			if !ok {
				continue
			}
		}
		if len(words) > 0 && !hasWords(ev, words) {
			continue
		}
		hits = append(hits, ev)
	}
	if order == "DESCENDING" {
		for i, j := 0, len(hits)-1; i < j; i, j = i+1, j-1 {
			hits[i], hits[j] = hits[j], hits[i]
		}
	}
	more := len(hits) > limit
	if more {
		hits = hits[:limit]
	}
	out := make([]any, len(hits))
	for i, ev := range hits {
		view := CloneObj(ev)
		delete(view, "_seq")
		out[i] = view
	}
	hdr := http.Header{}
	self := cloneValues(q)
	hdr.Add("Link", "<"+logLink(c, self)+`>; rel="self"`)
	polling := order == "ASCENDING" && !hasUntil
	if more || polling {
		next := cloneValues(q)
		cursor := after
		if len(hits) > 0 {
			cursor = eventSeq(hits[len(hits)-1])
		} else if cursor == 0 && order == "ASCENDING" {
			cursor = c.Org.LogSeq
		}
		next.Set("after", strconv.FormatUint(cursor, 10))
		if cursor == 0 {
			next.Del("after")
		}
		hdr.Add("Link", "<"+logLink(c, next)+`>; rel="next"`)
	}
	return Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

func logLink(c *Call, q url.Values) string {
	u := c.Base + "/api/v1/logs"
	if e := q.Encode(); e != "" {
		u += "?" + e
	}
	return u
}

// logTime parses a since/until parameter (ISO 8601, with or without
// fractional seconds), or returns def when it is absent.
func logTime(q url.Values, name string, def time.Time) (time.Time, bool, *APIError) {
	v := q.Get(name)
	if v == "" {
		return def, false, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z0700", "2006-01-02T15:04:05Z0700"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true, nil
		}
	}
	return time.Time{}, true, ErrValidation(name, name+": not an ISO 8601 date-time ("+v+")")
}

func eventSeq(ev Obj) uint64 {
	n, _ := IntAt(ev, "_seq")
	return uint64(n)
}

// eventValues are the values a filter field has on an event; a field of
// target[] has one value per target.
func eventValues(ev Obj, field string) ([]string, bool) {
	if rest, ok := strings.CutPrefix(field, "target."); ok {
		list, _ := ev["target"].([]any)
		var out []string
		for _, t := range list {
			if m, ok := t.(map[string]any); ok {
				out = append(out, Str(m, rest))
			}
		}
		return out, true
	}
	switch strings.SplitN(field, ".", 2)[0] {
	case "eventType", "uuid", "published", "severity", "displayMessage", "legacyEventType",
		"actor", "client", "outcome", "transaction", "debugContext", "authenticationContext", "request", "securityContext":
		return []string{Str(ev, field)}, true
	}
	return nil, false
}

// hasWords: every keyword is one of the words of the event's values
// (Okta's q matches exact keywords, without regard to case).
func hasWords(ev Obj, words []string) bool {
	have := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			for _, x := range t {
				walk(x)
			}
		case []any:
			for _, x := range t {
				walk(x)
			}
		case string:
			for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool {
				return r == ' ' || r == ',' || r == ';' || r == '(' || r == ')' || r == '/' || r == '"'
			}) {
				have[w] = true
			}
		}
	}
	walk(ev)
	for _, w := range words {
		if !have[w] {
			return false
		}
	}
	return true
}
