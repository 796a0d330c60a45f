package model

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// specFS is a registry's schema files with spec types for groups: a small
// hand-made definition in the shape scripts/schemagen writes.
func specFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	base := os.DirFS("../../schemas")
	for _, k := range BuiltinKinds() {
		data, err := fs.ReadFile(base, k.Schema)
		if err != nil {
			t.Fatal(err)
		}
		fsys[k.Schema] = &fstest.MapFile{Data: data}
	}
	const ph = `^\\$\\{(ref:[a-z0-9-]+(/[a-z0-9-]+)*|var:[A-Z][A-Z0-9_]*|secret:[A-Z][A-Z0-9_]*)\\}$`
	int := `{"anyOf": [{"type": ["integer", "null"]}, {"$ref": "#/$defs/coerce-integer"}, {"$ref": "#/$defs/placeholder"}]}`
	obj := `"type": ["object", "null", "string"], "pattern": "` + ph + `"`
	fsys["spec/kinds.json"] = &fstest.MapFile{Data: []byte(`{"groups": "Group"}`)}
	fsys["spec/okta.json"] = &fstest.MapFile{Data: []byte(`{"$defs": {
		"placeholder": {"type": "string", "pattern": "` + ph + `"},
		"coerce-integer": {"type": "string", "pattern": "^\\s*[-+]?[0-9]+\\s*$"},
		"Group": {` + obj + `, "properties": {
			"profile": {"$ref": "#/$defs/Profile"},
			"limits": {"type": ["array", "null", "string"], "pattern": "` + ph + `", "items": ` + int + `},
			"kind": {"type": ["string", "null", "number", "boolean"]}
		}, "allOf": [{"if": {"properties": {"kind": {"const": "SPECIAL"}}, "required": ["kind"]}, "then": {"$ref": "#/$defs/Special"}}]},
		"Profile": {` + obj + `, "properties": {"size": ` + int + `}, "additionalProperties": {"type": ["string", "null", "number", "boolean"]}},
		"Special": {` + obj + `, "properties": {"level": ` + int + `}}
	}}`)}
	return fsys
}

func TestSpecTypes(t *testing.T) {
	reg, err := NewRegistry(specFS(t))
	if err != nil {
		t.Fatal(err)
	}
	st := reg.SpecTypes()
	if !st.Covers("groups") || st.Covers("apps") {
		t.Fatalf("covers groups %v, apps %v", st.Covers("groups"), st.Covers("apps"))
	}
	for _, tc := range []struct {
		name, body string
		want       []string // "pointer: message part"
	}{
		{"right types", `{"profile": {"size": 3, "name": "x"}, "limits": [1, 2]}`, nil},
		{"null everywhere", `{"profile": {"size": null}, "limits": null, "kind": null}`, nil},
		{"unknown properties", `{"profile": {"size": 1}, "future": {"x": [1, "a"]}}`, nil},
		{"placeholders", `{"profile": {"size": "${var:SIZE}"}, "limits": "${secret:LIMITS}"}`, nil},
		{"strings Okta reads as numbers", `{"profile": {"size": "12"}, "limits": [" 7 "]}`, nil},
		{"a nested wrong type", `{"profile": {"size": "twelve"}}`, []string{`/profile/size: expected integer, but got string "twelve" (or a ${var:NAME} placeholder)`}},
		{"a wrong type in a list", `{"limits": [1, true]}`, []string{"/limits/1: expected integer, but got boolean true"}},
		{"a string for an object", `{"profile": "big"}`, []string{`/profile: expected object, but got a string (string "big")`}},
		{"an object for a string", `{"profile": {"name": {"first": "x"}}}`, []string{"/profile/name: expected string or number or boolean, but got an object"}},
		{"a discriminated type", `{"kind": "SPECIAL", "level": "high"}`, []string{`/level: expected integer, but got string "high"`}},
		{"the discriminator's other values", `{"kind": "PLAIN", "level": "high"}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := ParseJSON([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range st.Check("groups", v.(map[string]any)) {
				got = append(got, e.Pointer+": "+e.Message)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("got %q, want it to start with %q", got[i], tc.want[i])
				}
			}
		})
	}
}

func TestSpecTypesRefuseUnknownKeywords(t *testing.T) {
	fsys := specFS(t)
	fsys["spec/okta.json"] = &fstest.MapFile{Data: []byte(`{"$defs": {"Group": {"type": ["object"], "minProperties": 1}}}`)}
	if _, err := NewRegistry(fsys); err == nil || !strings.Contains(err.Error(), `keyword "minProperties" is not one the checker knows`) {
		t.Fatalf("NewRegistry: %v", err)
	}
}
