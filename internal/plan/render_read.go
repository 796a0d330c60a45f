package plan

import (
	"fmt"
	"strings"
)

// readText says how the org was read, in one line ("" for a tree).
func readText(p *Plan) string {
	r := p.Read
	if r == nil {
		return ""
	}
	calls := count(r.Calls, "API call")
	if r.Mode == ReadIncremental {
		what := "read nothing else"
		if len(r.Kinds) > 0 {
			what = "read again " + strings.Join(r.Kinds, ", ")
		}
		return fmt.Sprintf("Read the org incrementally: %s since the export, then %s (%s).", count(r.Events, "System Log event"), what, calls)
	}
	return fmt.Sprintf("Read the whole org (%s): %s.", calls, r.Reason)
}

// changedText attributes one object's last change in the org.
func changedText(path string, c ChangedBy) string {
	who := c.Actor
	if who == "" {
		who = "unknown"
	}
	return fmt.Sprintf("%s: %s by %s at %s", path, c.Event, who, c.When)
}

func count(n int, noun string) string {
	return fmt.Sprintf("%d %s", n, plural(n, noun, noun+"s"))
}
