package model

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// RefPattern is one form of a string that holds a reference inside a larger
// text: an Okta Resource Name such as orn:{partition}:directory:{orgId}:
// groups:{id}, or a REST URL such as {orgUrl}/api/v1/users/{id}. A field
// that takes several forms (a resource set's resources: groups, apps, all
// users) lists one pattern per form; the first that matches wins.
//
// The template is literal text with these parts:
//
//	{id}         the referred object's Okta ID: ${ref:<path>} in a file, or
//	             ${user:<login>} when ByLogin
//	{orgId}      the org's ID: ${org:id} in a file
//	{partition}  the ORN partition (okta, oktapreview, …): ${org:partition}
//	{orgUrl}     the org's base URL (https://host): ${org:url}
//	{*}          one segment kept as written (an app's type in an app ORN)
//
// Export rewrites the org's parts to these tokens and the ID to a
// reference, so that the string means the same object in every org; apply
// writes them back for the target org. A pattern without {id} (all groups
// of the org) only has its org parts rewritten.
type RefPattern struct {
	Template string
	// Target is the kind {id} refers to; empty without {id} and with
	// ByLogin.
	Target string
	// ByLogin means {id} is a user's ID, written as ${user:<login>}.
	ByLogin bool
}

// The names ${org:NAME} takes.
const (
	OrgID        = "id"
	OrgPartition = "partition"
	OrgURL       = "url"
)

// patternPart is one part of a parsed template.
type patternPart struct {
	lit  string // literal text, when kind is partLit
	kind partKind
}

type partKind int

const (
	partLit partKind = iota
	partID
	partOrg // lit holds the ${org:} name
	partWild
)

var templateParts = map[string]patternPart{
	"{id}":        {kind: partID},
	"{orgId}":     {kind: partOrg, lit: OrgID},
	"{partition}": {kind: partOrg, lit: OrgPartition},
	"{orgUrl}":    {kind: partOrg, lit: OrgURL},
	"{*}":         {kind: partWild},
}

// compiledPattern is a template ready to match live and file strings.
type compiledRefPattern struct {
	parts []patternPart
	live  *regexp.Regexp
	file  *regexp.Regexp
	err   error
}

var refPatterns sync.Map // template → *compiledRefPattern

func (p RefPattern) compiled() *compiledRefPattern {
	if c, ok := refPatterns.Load(p.Template); ok {
		return c.(*compiledRefPattern)
	}
	c := compileRefPattern(p.Template)
	got, _ := refPatterns.LoadOrStore(p.Template, c)
	return got.(*compiledRefPattern)
}

func compileRefPattern(tmpl string) *compiledRefPattern {
	c := &compiledRefPattern{}
	rest := tmpl
	for rest != "" {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			c.parts = append(c.parts, patternPart{lit: rest})
			break
		}
		if i > 0 {
			c.parts = append(c.parts, patternPart{lit: rest[:i]})
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			c.err = fmt.Errorf("template %q: unclosed {", tmpl)
			return c
		}
		part, ok := templateParts[rest[i:i+j+1]]
		if !ok {
			c.err = fmt.Errorf("template %q: unknown part %s (known: {id}, {orgId}, {partition}, {orgUrl}, {*})", tmpl, rest[i:i+j+1])
			return c
		}
		c.parts = append(c.parts, part)
		rest = rest[i+j+1:]
	}
	var live, file strings.Builder
	live.WriteString("^")
	file.WriteString("^")
	ids := 0
	for i, p := range c.parts {
		if i > 0 && p.kind != partLit && c.parts[i-1].kind != partLit {
			c.err = fmt.Errorf("template %q: two parts with nothing between them cannot be told apart", tmpl)
			return c
		}
		switch p.kind {
		case partLit:
			if strings.Contains(p.lit, "$") {
				c.err = fmt.Errorf("template %q: literal text may not hold $", tmpl)
				return c
			}
			live.WriteString(regexp.QuoteMeta(p.lit))
			file.WriteString(regexp.QuoteMeta(p.lit))
		case partID:
			ids++
			live.WriteString(`([^/:?#\s]+)`)
			file.WriteString(`(\$\{(?:ref|user):[^}]+\}|[^/:?#\s$]+)`)
		case partOrg:
			switch p.lit {
			case OrgURL:
				live.WriteString(`(https?://[^/\s]+)`)
			case OrgPartition:
				live.WriteString(`([a-z][a-z0-9-]*)`)
			default:
				live.WriteString(`([A-Za-z0-9]+)`)
			}
			file.WriteString(`(` + regexp.QuoteMeta(FormatOrg(p.lit)) + `)`)
		case partWild:
			live.WriteString(`([^/:?#\s]+)`)
			file.WriteString(`([^/:?#\s$]+)`)
		}
	}
	if ids > 1 {
		c.err = fmt.Errorf("template %q: at most one {id}", tmpl)
		return c
	}
	live.WriteString("$")
	file.WriteString("$")
	c.live = regexp.MustCompile(live.String())
	c.file = regexp.MustCompile(file.String())
	return c
}

// Check reports a malformed template.
func (p RefPattern) Check() error { return p.compiled().err }

// HasID reports whether the template has an {id} part.
func (p RefPattern) HasID() bool {
	for _, part := range p.compiled().parts {
		if part.kind == partID {
			return true
		}
	}
	return false
}

// PatternMatch is a live string taken apart by a pattern.
type PatternMatch struct {
	p      RefPattern
	values []string // one per part (literal parts hold their text)
	// ID is the {id} part, "" without one.
	ID string
}

// MatchLive takes apart a string as Okta returns it.
func (p RefPattern) MatchLive(s string) (PatternMatch, bool) {
	c := p.compiled()
	if c.err != nil {
		return PatternMatch{}, false
	}
	sub := c.live.FindStringSubmatch(s)
	if sub == nil {
		return PatternMatch{}, false
	}
	m := PatternMatch{p: p}
	g := 1
	for _, part := range c.parts {
		if part.kind == partLit {
			m.values = append(m.values, part.lit)
			continue
		}
		m.values = append(m.values, sub[g])
		if part.kind == partID {
			m.ID = sub[g]
		}
		g++
	}
	return m, true
}

// FileForm writes the matched string in its portable form: the org's parts
// as ${org:…} tokens, the ID as id (a ${ref:…}, a ${user:…}, or the ID
// itself when it names nothing exported), other parts as they were.
func (m PatternMatch) FileForm(id string) string {
	var b strings.Builder
	for i, part := range m.p.compiled().parts {
		switch part.kind {
		case partLit, partWild:
			b.WriteString(EscapeLiteral(m.values[i]))
		case partOrg:
			b.WriteString(FormatOrg(part.lit))
		case partID:
			b.WriteString(id)
		}
	}
	return b.String()
}

// MatchFile reports whether a file's string has the pattern's portable
// form, and returns its {id} part as written (a placeholder or an ID; ""
// without {id}).
func (p RefPattern) MatchFile(s string) (id string, ok bool) {
	c := p.compiled()
	if c.err != nil {
		return "", false
	}
	sub := c.file.FindStringSubmatch(s)
	if sub == nil {
		return "", false
	}
	g := 1
	for _, part := range c.parts {
		if part.kind == partLit {
			continue
		}
		if part.kind == partID {
			id = sub[g]
		}
		g++
	}
	return id, true
}

// Templates lists a field's pattern templates, for messages.
func Templates(ps []RefPattern) string {
	ts := make([]string, len(ps))
	for i, p := range ps {
		ts[i] = p.Template
	}
	return strings.Join(ts, ", ")
}

// MatchPatterns returns the first of ps that matches the live string s.
func MatchPatterns(ps []RefPattern, s string) (PatternMatch, bool) {
	for _, p := range ps {
		if m, ok := p.MatchLive(s); ok {
			return m, true
		}
	}
	return PatternMatch{}, false
}

// Pattern returns the pattern the match was made with.
func (m PatternMatch) Pattern() RefPattern { return m.p }

// Targets are the registry kinds a reference field may refer to: its
// Target, or its patterns' targets; none for an External field.
func (rf RefField) Targets() []string {
	if len(rf.Patterns) == 0 {
		if rf.External || rf.Target == "" {
			return nil
		}
		return []string{rf.Target}
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range rf.Patterns {
		if p.Target != "" && !seen[p.Target] {
			seen[p.Target] = true
			out = append(out, p.Target)
		}
	}
	return out
}

// NamesUsers reports whether the field holds users by login: itself, or
// through one of its patterns.
func (rf RefField) NamesUsers() bool {
	if rf.ByLogin {
		return true
	}
	for _, p := range rf.Patterns {
		if p.ByLogin {
			return true
		}
	}
	return false
}

// checkPatterns checks the ORN and URL forms of a reference field.
func (r *Registry) checkPatterns(ref RefField) []string {
	var out []string
	if ref.Target != "" || ref.Expression || ref.TargetField != "" || ref.TwoPass || ref.ByLogin || ref.External {
		out = append(out, "a field with patterns names its targets in its patterns (no Target, External, ByLogin, Expression, TargetField or TwoPass)")
	}
	for _, p := range ref.Patterns {
		if err := p.Check(); err != nil {
			out = append(out, err.Error())
			continue
		}
		switch {
		case !p.HasID() && (p.Target != "" || p.ByLogin):
			out = append(out, fmt.Sprintf("pattern %s has no {id}, so it names no target", p.Template))
		case p.HasID() && p.ByLogin && p.Target != "":
			out = append(out, fmt.Sprintf("pattern %s: a ByLogin {id} is a user, so it has no Target", p.Template))
		case p.HasID() && !p.ByLogin && p.Target == "":
			out = append(out, fmt.Sprintf("pattern %s: {id} needs a Target kind, or ByLogin", p.Template))
		case p.Target != "":
			if _, ok := r.byName[p.Target]; !ok {
				out = append(out, fmt.Sprintf("pattern %s: target %q is not a known kind", p.Template, p.Target))
			}
		}
	}
	return out
}
