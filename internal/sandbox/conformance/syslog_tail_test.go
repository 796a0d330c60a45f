package conformance

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// logTail reads an org's System Log a piece at a time: each call of next
// returns the events logged since the previous one.
type logTail struct {
	o    *conformanceOrg
	seen int
}

// next returns the events logged since the last call.
func (l *logTail) next(t testing.TB) []engine.Obj {
	t.Helper()
	st, _, data := l.o.do(t, "GET", "/api/v1/logs?limit=1000", nil)
	if st != http.StatusOK {
		t.Fatalf("logs: %d", st)
	}
	var evs []engine.Obj
	if err := json.Unmarshal(data, &evs); err != nil {
		t.Fatalf("logs: %v", err)
	}
	out := evs[l.seen:]
	l.seen = len(evs)
	return out
}

// nextTypes is next with each event as "eventType TargetType,TargetType".
func (l *logTail) nextTypes(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, ev := range l.next(t) {
		var types []string
		for _, tg := range ev["target"].([]any) {
			types = append(types, engine.Str(tg.(map[string]any), "type"))
		}
		out = append(out, engine.Str(ev, "eventType")+" "+strings.Join(types, ","))
	}
	return out
}
