package directory

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The users list's three ways to choose users (SPEC listUsers; Okta's
// "Users API" reference):
//
//   - q: a case-insensitive prefix of firstName, lastName or email;
//     DEPROVISIONED users are left out, as in the plain list.
//   - filter: an expression over a few fields (status, id, lastUpdated,
//     type.id and the login, email and name properties) with eq and, for
//     dates, gt/ge/lt/le.
//   - search: an expression over any property, with eq, ne, sw, co, pr,
//     gt, ge, lt, le, `and`, `or` (and binds tighter), `not`-free
//     parentheses, strings compared without regard to case, an array
//     property matching when any element does, and sortBy/sortOrder.
//
// A filter or a search may return DEPROVISIONED users; a malformed
// expression is 400 E0000031 "Invalid search criteria."

// userFilterFields are the properties `filter` accepts (Okta's reference).
var userFilterFields = map[string]bool{
	"status": true, "id": true, "lastUpdated": true, "created": true, "type.id": true,
	"profile.login": true, "profile.email": true, "profile.firstName": true, "profile.lastName": true,
}

func errInvalidSearch(cause string) *engine.APIError {
	return engine.NewError(http.StatusBadRequest, "E0000031", "Invalid search criteria.", cause)
}

func filterUsers(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
	q := c.Query()
	var expr *searchNode
	var err *engine.APIError
	switch {
	case strings.TrimSpace(q.Get("search")) != "":
		expr, err = parseSearch(q.Get("search"), nil)
	case strings.TrimSpace(q.Get("filter")) != "":
		expr, err = parseSearch(q.Get("filter"), userFilterFields)
	}
	if err != nil {
		return nil, err
	}
	prefix := strings.ToLower(q.Get("q"))
	out := items[:0:0]
	for _, u := range items {
		if expr == nil && engine.Str(u, "status") == userDeprovisioned {
			continue
		}
		if prefix != "" && !engine.HasPrefixIn(u, prefix, []string{"profile.firstName", "profile.lastName", "profile.email"}) {
			continue
		}
		if expr != nil && !expr.eval(u) {
			continue
		}
		out = append(out, u)
	}
	if by := q.Get("sortBy"); by != "" && q.Get("search") != "" {
		desc := strings.EqualFold(q.Get("sortOrder"), "desc")
		sort.SliceStable(out, func(i, j int) bool {
			a, b := searchString(engine.At(out[i], by)), searchString(engine.At(out[j], by))
			if desc {
				return strings.ToLower(a) > strings.ToLower(b)
			}
			return strings.ToLower(a) < strings.ToLower(b)
		})
	}
	return out, nil
}

// searchNode is a parsed expression: a comparison (op set) or an and/or of
// its children.
type searchNode struct {
	op       string // and, or, or a comparison operator
	field    string
	value    any // string, float64, bool or nil
	children []*searchNode
}

func (n *searchNode) eval(u engine.Obj) bool {
	switch n.op {
	case "and":
		for _, ch := range n.children {
			if !ch.eval(u) {
				return false
			}
		}
		return true
	case "or":
		for _, ch := range n.children {
			if ch.eval(u) {
				return true
			}
		}
		return false
	}
	v := engine.At(u, n.field)
	if n.op == "pr" {
		return v != nil
	}
	if arr, ok := v.([]any); ok {
		for _, x := range arr {
			if compareSearch(n.op, x, n.value) {
				return true
			}
		}
		return false
	}
	return compareSearch(n.op, v, n.value)
}

// compareSearch applies one operator: numbers numerically, timestamps as
// times, everything else as case-insensitive strings.
func compareSearch(op string, have, want any) bool {
	if have == nil {
		return op == "ne" && want != nil
	}
	if wb, ok := want.(bool); ok {
		hb, isBool := have.(bool)
		if !isBool {
			return op == "ne"
		}
		return (op == "eq") == (hb == wb)
	}
	hs, ws := searchString(have), searchString(want)
	cmp := 0
	hf, herr := strconv.ParseFloat(hs, 64)
	wf, werr := strconv.ParseFloat(ws, 64)
	ht, hterr := time.Parse(time.RFC3339Nano, hs)
	wt, wterr := time.Parse(time.RFC3339Nano, ws)
	switch {
	case herr == nil && werr == nil:
		cmp = compareFloat(hf, wf)
	case hterr == nil && wterr == nil:
		cmp = ht.Compare(wt)
	default:
		cmp = strings.Compare(strings.ToLower(hs), strings.ToLower(ws))
	}
	switch op {
	case "eq":
		return cmp == 0
	case "ne":
		return cmp != 0
	case "sw":
		return strings.HasPrefix(strings.ToLower(hs), strings.ToLower(ws))
	case "co":
		return strings.Contains(strings.ToLower(hs), strings.ToLower(ws))
	case "gt":
		return cmp > 0
	case "ge":
		return cmp >= 0
	case "lt":
		return cmp < 0
	case "le":
		return cmp <= 0
	}
	return false
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func searchString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// parseSearch parses an expression. fields, when not nil, are the only
// properties it may name (filter), with eq only except on dates.
func parseSearch(expr string, fields map[string]bool) (*searchNode, *engine.APIError) {
	toks, err := searchTokens(expr)
	if err != nil {
		return nil, err
	}
	p := &searchParser{toks: toks, fields: fields}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, errInvalidSearch("unexpected " + p.toks[p.pos].text)
	}
	return n, nil
}

type searchToken struct {
	text   string
	quoted bool
}

func searchTokens(s string) ([]searchToken, *engine.APIError) {
	var out []searchToken
	for i := 0; i < len(s); {
		switch ch := s[i]; {
		case ch == ' ' || ch == '\t' || ch == '\n':
			i++
		case ch == '(' || ch == ')':
			out = append(out, searchToken{text: string(ch)})
			i++
		case ch == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, errInvalidSearch("unterminated string")
			}
			out = append(out, searchToken{text: b.String(), quoted: true})
			i = j + 1
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n()\"", rune(s[j])) {
				j++
			}
			out = append(out, searchToken{text: s[i:j]})
			i = j
		}
	}
	return out, nil
}

type searchParser struct {
	toks   []searchToken
	pos    int
	fields map[string]bool
}

func (p *searchParser) peekWord(w string) bool {
	return p.pos < len(p.toks) && !p.toks[p.pos].quoted && strings.EqualFold(p.toks[p.pos].text, w)
}

func (p *searchParser) or() (*searchNode, *engine.APIError) {
	return p.joined("or", p.and)
}

func (p *searchParser) and() (*searchNode, *engine.APIError) {
	return p.joined("and", p.primary)
}

func (p *searchParser) joined(word string, next func() (*searchNode, *engine.APIError)) (*searchNode, *engine.APIError) {
	first, err := next()
	if err != nil {
		return nil, err
	}
	kids := []*searchNode{first}
	for p.peekWord(word) {
		p.pos++
		n, err := next()
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	if len(kids) == 1 {
		return first, nil
	}
	return &searchNode{op: word, children: kids}, nil
}

var searchOps = map[string]bool{"eq": true, "ne": true, "sw": true, "co": true, "pr": true, "gt": true, "ge": true, "lt": true, "le": true}

func (p *searchParser) primary() (*searchNode, *engine.APIError) {
	if p.pos >= len(p.toks) {
		return nil, errInvalidSearch("the expression ends early")
	}
	if p.toks[p.pos].text == "(" && !p.toks[p.pos].quoted {
		p.pos++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.pos >= len(p.toks) || p.toks[p.pos].text != ")" {
			return nil, errInvalidSearch("missing )")
		}
		p.pos++
		return n, nil
	}
	if p.pos+1 >= len(p.toks) {
		return nil, errInvalidSearch("incomplete term " + p.toks[p.pos].text)
	}
	field, op := p.toks[p.pos].text, strings.ToLower(p.toks[p.pos+1].text)
	if p.toks[p.pos].quoted || !searchOps[op] {
		return nil, errInvalidSearch("unsupported term " + field + " " + op)
	}
	if p.fields != nil {
		dated := field == "lastUpdated" || field == "created"
		if !p.fields[field] || (op != "eq" && !(dated && (op == "gt" || op == "ge" || op == "lt" || op == "le"))) {
			return nil, errInvalidSearch("filter: unsupported term " + field + " " + op)
		}
	}
	p.pos += 2
	n := &searchNode{op: op, field: field}
	if op == "pr" {
		return n, nil
	}
	if p.pos >= len(p.toks) {
		return nil, errInvalidSearch("missing value after " + field + " " + op)
	}
	t := p.toks[p.pos]
	p.pos++
	switch {
	case t.quoted:
		n.value = t.text
	case t.text == "true" || t.text == "false":
		n.value = t.text == "true"
	case t.text == "null":
		n.value = nil
	default:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, errInvalidSearch("invalid value " + t.text)
		}
		n.value = strconv.FormatFloat(f, 'f', -1, 64)
	}
	return n, nil
}
