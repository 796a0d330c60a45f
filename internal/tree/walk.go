package tree

import (
	"strconv"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// valuePath is where a walk (walkStringValues) stands in a body: the keys
// and indexes from the top, made a JSON pointer only when a check reports
// a problem there. Building a pointer for every string of a large tree
// (most of which are fine) was a large part of validating it.
type valuePath struct {
	keys []string
	// index marks the elements of keys that are array indexes, which are
	// kept as numbers (idx) until a pointer is made.
	idx []int
}

// pointer is the JSON pointer of the current value, under prefix.
func (p *valuePath) pointer(prefix string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i, k := range p.keys {
		b.WriteByte('/')
		if p.idx[i] >= 0 {
			b.WriteString(strconv.Itoa(p.idx[i]))
			continue
		}
		b.WriteString(model.EscapePointer(k))
	}
	return b.String()
}

func (p *valuePath) push(key string, index int) {
	p.keys = append(p.keys, key)
	p.idx = append(p.idx, index)
}

func (p *valuePath) pop() {
	p.keys = p.keys[:len(p.keys)-1]
	p.idx = p.idx[:len(p.idx)-1]
}

// walkStringValues calls fn for every string value in v (not keys), in no
// particular order, with its path; the path is only valid during the call.
// Whoever reports problems found this way must not depend on the order:
// problems are sorted by file, line, severity and message in the end.
func walkStringValues(v any, p *valuePath, fn func(s string, p *valuePath)) {
	switch t := v.(type) {
	case string:
		fn(t, p)
	case map[string]any:
		for k, e := range t {
			switch e.(type) {
			case string, map[string]any, []any:
				p.push(k, -1)
				walkStringValues(e, p, fn)
				p.pop()
			}
		}
	case []any:
		for i, e := range t {
			switch e.(type) {
			case string, map[string]any, []any:
				p.push("", i)
				walkStringValues(e, p, fn)
				p.pop()
			}
		}
	}
}
