package model

import (
	"encoding/json"
	"strings"
	"sync"
)

// Position locates an object's file. File is relative to the tree root with
// forward slashes; Line is the line of the file's first key (normally 1).
type Position struct {
	File string
	Line int
}

// Object is one Okta configuration object: one file in the tree.
type Object struct {
	// Kind is the descriptor name, e.g. "groups" or "policy-rules".
	Kind string
	// Name is the object's local name: Path without the parent prefix and
	// kind directory. It may hold '/' when several slug fields contribute
	// (policies: "okta-sign-on/default-policy").
	Name string
	// Path is the ref path, e.g. "policies/okta-sign-on/default-policy".
	// The file is Path + ".yaml".
	Path string
	// Role identifies a system object (matched by role, not by name).
	Role string
	// Relations are relationships Okta exposes only through a separate
	// endpoint, keyed by relation name, valued "${ref:<path>}".
	Relations map[string]string
	// Body is the object as Okta defines it (raw JSON: map[string]any,
	// []any, string, json.Number, bool, nil), read-only fields removed.
	Body map[string]any
	// Source is where the object was read from; zero for objects built in
	// memory.
	Source Position
	// Live is set on objects read from an org (export's current state):
	// what plan and apply need to address and guard the live object. It is
	// never written to files.
	Live *LiveMeta

	// lines maps JSON pointers into the file document ("/body/profile/name")
	// to 1-based line numbers (SetLines).
	lines map[string]int
	// lineSrc finds lines on first use instead (SetLineSource).
	lineSrc *lineSource
	// utf8Checked is set by a file reader that has already reported 4-byte
	// characters with exact lines (SetUTF8Checked).
	utf8Checked bool
	// content identifies the bytes of the file the object was read from
	// (SetContent).
	content string
}

// LiveMeta is what an object read from an org carries besides its portable
// form.
type LiveMeta struct {
	// ID is the object's Okta ID (the value at the kind's IDField).
	ID string
	// ParentID is the key the parent's endpoints are addressed by
	// ({parentId}); GrandparentID likewise for {grandparentId}.
	ParentID      string
	GrandparentID string
	// Fingerprint is a hash of the live body as read (volatile fields
	// excluded), for apply's staleness check.
	Fingerprint string
	// Raw is the live body as Okta returned it, for merging before a PUT;
	// item sets (Kind.ItemSets) are filled in, as read from their own
	// endpoints.
	Raw map[string]any
	// Items maps an item set's field to the live IDs of its items, by the
	// item's key in file form (ItemSet.KeyOf of the exported item): what
	// a remove-item step addresses ({itemId}).
	Items map[string]map[string]string
}

// File returns the object's file relative to the tree root.
func (o *Object) File() string {
	if o.Source.File != "" {
		return o.Source.File
	}
	return o.Path + ".yaml"
}

// Line returns the line of the JSON pointer ptr (relative to the file
// document, e.g. "/body/conditions/people"), or of its nearest ancestor that
// has a known line. It returns the object's own line when nothing is known.
// For an object read with SetLineSource the first call parses its file
// again, so look a line up only to report a problem.
func (o *Object) Line(ptr string) int {
	lines := o.lines
	if lines == nil && o.lineSrc != nil {
		lines = o.lineSrc.get()
	}
	for p := ptr; ; {
		if l, ok := lines[p]; ok {
			return l
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return o.Source.Line
}

// BodyLine is Line for a pointer relative to the body.
func (o *Object) BodyLine(ptr string) int { return o.Line("/body" + ptr) }

// SetLines records where the parts of an object read from a file are:
// lines maps JSON pointers into the file document to 1-based lines. The
// reader of files calls it, so that whoever finds a problem later (the
// validator, plan) can point at the line. The map is shared by clones and
// must not be modified afterwards.
func (o *Object) SetLines(lines map[string]int) { o.lines, o.lineSrc = lines, nil }

// SetLineSource is SetLines for a reader that finds lines only when they
// are asked for: load is called once, by the first Line call that needs it
// (from any goroutine), and returns what SetLines would have been given.
// Most objects of a large tree have no problem, so most lines are never
// needed, and recording them all is much of the cost of reading.
func (o *Object) SetLineSource(load func() map[string]int) {
	o.lines, o.lineSrc = nil, &lineSource{load: load}
}

// lineSource is a SetLineSource, shared by clones.
type lineSource struct {
	once  sync.Once
	load  func() map[string]int
	lines map[string]int
}

func (s *lineSource) get() map[string]int {
	s.once.Do(func() { s.lines, s.load = s.load(), nil })
	return s.lines
}

// SetUTF8Checked records that the object's file was already checked for
// 4-byte UTF-8 characters, and any reported at their exact line (comments
// included), so that validation does not report them a second time.
func (o *Object) SetUTF8Checked() { o.utf8Checked = true }

// UTF8Checked reports whether SetUTF8Checked was called.
func (o *Object) UTF8Checked() bool { return o.utf8Checked }

// SetContent records an identity of the bytes the object was read from
// (a hash, as the file reader computes it): two objects read from equal
// bytes have equal content identities, so what depends only on a file's
// bytes (its parse, its per-file checks) can be computed once for both.
// Whoever changes the object afterwards must clear it (SetContent("")).
func (o *Object) SetContent(id string) { o.content = id }

// Content returns what SetContent recorded: "" for an object not read
// from a file, or changed since (a clone).
func (o *Object) Content() string { return o.content }

// Twin returns a second object for the same file content: a shallow copy
// that shares o's body, relations and lines. A reader gives it to a file
// whose bytes equal those o was read from (Content), instead of parsing
// them again; neither object may be changed afterwards (Clone first).
func (o *Object) Twin() *Object {
	c := *o
	return &c
}

// Clone returns a deep copy of the object (line information is shared, it is
// never modified). The copy has no content identity: it is made to be
// changed.
func (o *Object) Clone() *Object {
	c := *o
	c.content = ""
	if o.Relations != nil {
		c.Relations = make(map[string]string, len(o.Relations))
		for k, v := range o.Relations {
			c.Relations[k] = v
		}
	}
	c.Body, _ = DeepCopy(o.Body).(map[string]any)
	return &c
}

// DeepCopy copies a raw JSON value.
func DeepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = DeepCopy(e)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, e := range t {
			a[i] = DeepCopy(e)
		}
		return a
	}
	return v
}

// CanonicalJSON renders a raw JSON value with sorted keys and numbers
// verbatim. It is the basis of deterministic ordering (collisions, set-like
// arrays). Values that cannot be rendered yield their fmt form, which keeps
// ordering deterministic without failing.
func CanonicalJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte(strings.TrimSpace(err.Error()))
	}
	return b
}

// ParseJSON decodes JSON into a raw value, keeping numbers as json.Number.
func ParseJSON(data []byte) (any, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}
