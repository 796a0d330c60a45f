package tree

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/oktasync/oktasync/internal/model"
)

// Limits on input files. They guard against pathological input; real files
// are far smaller and far shallower.
const (
	// MaxFileSize is the largest file Read accepts.
	MaxFileSize = 4 << 20
	// MaxDepth is the deepest nesting of mappings and sequences accepted.
	MaxDepth = 64
)

var jsonNumberRE = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// issue is a problem inside one file, before it is tied to a file name.
type issue struct {
	line int
	msg  string
	hint string
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// decodeYAML parses one YAML document into a raw JSON value, recording the
// line of every value by JSON pointer. It refuses what a config file never
// needs and an attacker could abuse: anchors and aliases, nesting deeper
// than MaxDepth, duplicate keys, non-scalar keys, custom tags.
func decodeYAML(data []byte) (any, map[string]int, []issue) {
	if len(data) > MaxFileSize {
		return nil, nil, []issue{{msg: fmt.Sprintf("file is %d bytes, more than the %d-byte limit", len(data), MaxFileSize),
			hint: "split the object or remove unneeded content; no Okta object is this large"}}
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n"))
		return nil, nil, []issue{{line: line, msg: "file is not valid UTF-8", hint: "save the file as UTF-8"}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, []issue{{msg: "file is empty", hint: "write kind, name and body, or delete the file"}}
		}
		return nil, nil, []issue{yamlIssue(err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		if err != nil {
			return nil, nil, []issue{yamlIssue(err)}
		}
		return nil, nil, []issue{{line: line, msg: "more than one YAML document in the file", hint: "keep one object per file; remove the second \"---\" document"}}
	}
	c := converter{lines: map[string]int{}}
	v := c.convert(&doc, "", 0)
	if len(c.issues) > 0 {
		return nil, nil, c.issues
	}
	return v, c.lines, nil
}

func yamlIssue(err error) issue {
	msg := err.Error()
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		// The YAML library reports parser errors ("did not find expected
		// …") with a 0-based line, scanner errors with a 1-based one.
		if strings.Contains(msg, "did not find expected") {
			line++
		}
	}
	return issue{line: line, msg: "malformed YAML: " + msg, hint: "fix the YAML syntax at this line (indentation, quoting, a missing colon)"}
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// fourByteLines returns the lines holding a character that needs four bytes
// in UTF-8, which Okta cannot store.
func fourByteLines(data []byte) []int {
	var lines []int
	line := 1
	last := 0
	for i := 0; i < len(data); {
		if data[i] == '\n' {
			line++
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if size == 4 && r != utf8.RuneError && line != last {
			lines = append(lines, line)
			last = line
		}
		i += size
	}
	return lines
}

type converter struct {
	lines       map[string]int
	issues      []issue
	sawAnchored bool // anchors and aliases are reported once per file
}

func (c *converter) anchored(n *yaml.Node) {
	if !c.sawAnchored {
		c.sawAnchored = true
		c.fail(n, "YAML anchors and aliases (&name, *name) are not supported", "write the value out in full at each place it is used")
	}
}

func (c *converter) fail(n *yaml.Node, msg, hint string) {
	c.issues = append(c.issues, issue{line: n.Line, msg: msg, hint: hint})
}

func (c *converter) convert(n *yaml.Node, ptr string, depth int) any {
	if depth > MaxDepth {
		c.fail(n, fmt.Sprintf("nesting is deeper than %d levels", MaxDepth), "flatten the structure; no Okta object nests this deep")
		return nil
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		c.anchored(n)
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return c.convert(n.Content[0], ptr, depth)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.AliasNode || k.Anchor != "" {
				c.anchored(k)
				continue
			}
			if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
				c.fail(k, "mapping keys must be plain strings", "use a plain string key; merge keys (<<) are not supported")
				continue
			}
			if first, dup := seen[k.Value]; dup {
				c.fail(k, fmt.Sprintf("duplicate key %q (first at line %d)", k.Value, first), "remove one of the two keys")
				continue
			}
			seen[k.Value] = k.Line
			p := ptr + "/" + model.EscapePointer(k.Value)
			c.lines[p] = k.Line
			m[k.Value] = c.convert(v, p, depth+1)
		}
		return m
	case yaml.SequenceNode:
		a := make([]any, len(n.Content))
		for i, e := range n.Content {
			p := ptr + "/" + strconv.Itoa(i)
			c.lines[p] = e.Line
			a[i] = c.convert(e, p, depth+1)
		}
		return a
	case yaml.ScalarNode:
		return c.scalar(n)
	default:
		// Aliases were refused above; nothing else is left.
		c.fail(n, "unsupported YAML node", "")
		return nil
	}
}

func (c *converter) scalar(n *yaml.Node) any {
	switch tag := n.ShortTag(); tag {
	case "!!str", "!!timestamp", "!!binary":
		return n.Value
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			c.fail(n, fmt.Sprintf("bad boolean %q", n.Value), "write true or false")
			return nil
		}
		return b
	case "!!int":
		if jsonNumberRE.MatchString(n.Value) {
			return json.Number(n.Value)
		}
		var i int64
		if err := n.Decode(&i); err == nil {
			return json.Number(strconv.FormatInt(i, 10))
		}
		var u uint64
		if err := n.Decode(&u); err == nil {
			return json.Number(strconv.FormatUint(u, 10))
		}
		c.fail(n, fmt.Sprintf("integer %q is out of range", n.Value), "write a decimal integer, or quote it to make it a string")
		return nil
	case "!!float":
		if jsonNumberRE.MatchString(n.Value) {
			return json.Number(n.Value)
		}
		var f float64
		if err := n.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			c.fail(n, fmt.Sprintf("number %q cannot be represented in JSON", n.Value), "write a finite decimal number, or quote it to make it a string")
			return nil
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	default:
		c.fail(n, fmt.Sprintf("unsupported YAML tag %s", tag), "remove the tag; files hold plain JSON-like values")
		return nil
	}
}

// fileKeys are the top-level keys of a file, in the order they are written.
var fileKeys = [...]string{"kind", "name", "role", "relations", "body"}

// Encode renders an object as its file: kind, name, optional role and
// relations, then body; map keys sorted; 2-space indentation; LF line ends;
// a trailing newline. The YAML library writes a multi-line string as a
// literal block (|), so that an HTML page or an email body reads and diffs
// as text, and quotes one a block cannot hold exactly (trailing spaces,
// carriage returns); TestMultiLineStrings pins both. Set-like arrays of k are sorted (k may be nil). The
// same object always renders to the same bytes.
func Encode(o *model.Object, k *model.Kind) ([]byte, error) {
	body := o.Body
	if k != nil && len(k.Sets) > 0 {
		body, _ = model.DeepCopy(o.Body).(map[string]any)
		model.SortSets(k, body)
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) {
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
	}
	add("kind", strNode(o.Kind))
	add("name", strNode(o.Name))
	if o.Role != "" {
		add("role", strNode(o.Role))
	}
	if len(o.Relations) > 0 {
		rel := map[string]any{}
		for n, v := range o.Relations {
			rel[n] = v
		}
		n, err := valueNode(rel, "/relations")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.Path, err)
		}
		add("relations", n)
	}
	if body == nil {
		body = map[string]any{}
	}
	bn, err := valueNode(body, "/body")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Path, err)
	}
	add("body", bn)

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("%s: %w", o.Path, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("%s: %w", o.Path, err)
	}
	return buf.Bytes(), nil
}

func strNode(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func valueNode(v any, ptr string) (*yaml.Node, error) {
	switch t := v.(type) {
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(t)}, nil
	case string:
		return strNode(t), nil
	case json.Number:
		if !jsonNumberRE.MatchString(string(t)) {
			return nil, fmt.Errorf("%s: %q is not a JSON number", ptr, string(t))
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Value: string(t)}, nil
	case float64:
		if math.IsInf(t, 0) || math.IsNaN(t) {
			return nil, fmt.Errorf("%s: %v cannot be represented in JSON", ptr, t)
		}
		b, _ := json.Marshal(t)
		return &yaml.Node{Kind: yaml.ScalarNode, Value: string(b)}, nil
	case int:
		return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.Itoa(t)}, nil
	case int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatInt(t, 10)}, nil
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		n := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range keys {
			vn, err := valueNode(t[k], ptr+"/"+model.EscapePointer(k))
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, strNode(k), vn)
		}
		return n, nil
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for i, e := range t {
			vn, err := valueNode(e, ptr+"/"+strconv.Itoa(i))
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, vn)
		}
		return n, nil
	}
	return nil, fmt.Errorf("%s: unsupported value of type %T", ptr, v)
}
