package schemas_test

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/schemas"
)

// TestEverySchemaBelongsToAKind checks the embedded files against the kind
// registry in both directions: NewRegistry fails if a kind lacks a schema or
// a schema does not compile, and no file may be an orphan.
func TestEverySchemaBelongsToAKind(t *testing.T) {
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(schemas.FS(), "*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(reg.Kinds()) {
		t.Errorf("%d schema files for %d kinds", len(files), len(reg.Kinds()))
	}
	for _, f := range files {
		name := strings.TrimSuffix(f, ".json")
		k, ok := reg.Kind(name)
		if !ok {
			t.Errorf("%s belongs to no kind", f)
			continue
		}
		if k.Schema != f {
			t.Errorf("kind %s uses %s, not %s", name, k.Schema, f)
		}
		data, _ := fs.ReadFile(schemas.FS(), f)
		var doc struct {
			Schema     string `json:"$schema"`
			Properties struct {
				Kind struct {
					Const string `json:"const"`
				} `json:"kind"`
			} `json:"properties"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if doc.Schema != "https://json-schema.org/draft/2020-12/schema" || doc.Properties.Kind.Const != name {
			t.Errorf("%s: $schema %q, kind const %q", f, doc.Schema, doc.Properties.Kind.Const)
		}
	}
}

// TestSchemasAreLenient checks that unknown Okta fields and placeholders
// pass while the main shapes are enforced.
func TestSchemasAreLenient(t *testing.T) {
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	sch, _ := reg.Schema("network-zones")
	ok := map[string]any{"kind": "network-zones", "name": "office", "body": map[string]any{
		"name": "Office", "type": "IP", "status": "${var:ZONE_STATUS}", "futureOktaField": map[string]any{"x": 1},
		"gateways": []any{map[string]any{"type": "CIDR", "value": "${var:OFFICE_CIDR}", "extra": true}},
	}}
	if err := sch.Validate(ok); err != nil {
		t.Errorf("lenient body rejected: %v", err)
	}
	bad := map[string]any{"kind": "network-zones", "name": "office", "extra": 1, "body": map[string]any{"type": "IP"}}
	if err := sch.Validate(bad); err == nil {
		t.Error("missing name and unknown top-level key accepted")
	}
}
