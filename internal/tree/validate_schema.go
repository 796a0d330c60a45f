package tree

import (
	"errors"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/oktasync/oktasync/internal/model"
)

// schema checks the file against the kind's hand-written schema and
// returns the locations it reported.
func (v *validator) schema(o *model.Object, k *model.Kind) map[string]bool {
	seen := map[string]bool{}
	sch, ok := v.reg.Schema(k.Name)
	if !ok {
		return seen
	}
	doc := map[string]any{"kind": o.Kind, "name": o.Name, "body": o.Body}
	if o.Body == nil {
		doc["body"] = map[string]any{}
	}
	if o.Role != "" {
		doc["role"] = o.Role
	}
	if o.Relations != nil {
		rel := map[string]any{}
		for n, r := range o.Relations {
			rel[n] = r
		}
		doc["relations"] = rel
	}
	err := sch.Validate(doc)
	if err == nil {
		return seen
	}
	hint := fmt.Sprintf("see schemas/%s; body fields are Okta's own", k.Schema)
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		v.add(o, o.Source.Line, model.SeverityError, "schema: "+err.Error(), hint)
		return seen
	}
	for _, f := range flattenSchemaError(ve) {
		key := f.loc + "\x00" + f.msg
		if seen[key] {
			continue
		}
		seen[key] = true
		seen[f.loc] = true
		where := f.loc
		if where == "" {
			where = "/"
		}
		v.add(o, o.Line(f.loc), model.SeverityError, fmt.Sprintf("schema: at %s: %s", where, f.msg), hint)
	}
	return seen
}

// specTypes checks every field of the body against the types Okta's spec
// gives it (model.SpecTypes), nested fields included; a location the
// hand-written schema already reported is not reported twice.
func (v *validator) specTypes(o *model.Object, k *model.Kind, reported map[string]bool) {
	for _, te := range v.reg.SpecTypes().Check(k.Name, asCreated(k, o.Body)) {
		loc := "/body" + te.Pointer
		if reported[loc] {
			continue
		}
		v.add(o, o.Line(loc), model.SeverityError, fmt.Sprintf("type: at %s: %s", loc, te.Message),
			fmt.Sprintf("Okta's API gives this field that type (schemas/spec, from Okta's OpenAPI spec); see schemas/%s", k.Schema))
	}
}

// asCreated is the body in the form the spec describes, its create
// request: an item set the create takes as its items' keys (a custom
// role's permissions, objects in the file, names in the request) holds
// the keys. Items keep their positions, so a finding's line is the item's.
func asCreated(k *model.Kind, body map[string]any) map[string]any {
	out, copied := body, false
	for _, set := range k.ItemSets {
		items, ok := set.Items(body)
		if set.Create != model.ItemKeysInCreate || !ok || items == nil {
			continue
		}
		if !copied {
			out, _ = model.DeepCopy(body).(map[string]any)
			copied = true
		}
		keys := make([]any, len(items))
		for i, it := range items {
			if key, ok := set.KeyOf(it); ok {
				keys[i] = key
			} else {
				keys[i] = it // no key: the schema reports it
			}
		}
		_ = model.SetField(out, set.Field, keys)
	}
	return out
}

type schemaFinding struct{ loc, msg string }

// flattenSchemaError turns a validation error tree into one finding per
// failing location: leaves as they are, and each anyOf/oneOf as a single
// finding listing its alternatives (placeholder alternatives folded into a
// short note).
func flattenSchemaError(e *jsonschema.ValidationError) []schemaFinding {
	if len(e.Causes) == 0 {
		return []schemaFinding{{e.InstanceLocation, e.Message}}
	}
	if strings.HasSuffix(e.KeywordLocation, "/anyOf") || strings.HasSuffix(e.KeywordLocation, "/oneOf") {
		var msgs []string
		placeholder := false
		var walk func(c *jsonschema.ValidationError)
		walk = func(c *jsonschema.ValidationError) {
			if len(c.Causes) > 0 {
				for _, cc := range c.Causes {
					walk(cc)
				}
				return
			}
			if strings.Contains(c.AbsoluteKeywordLocation, "/$defs/var/") || strings.Contains(c.AbsoluteKeywordLocation, "/$defs/placeholder/") {
				placeholder = true
				return
			}
			for _, m := range msgs {
				if m == c.Message {
					return
				}
			}
			msgs = append(msgs, c.Message)
		}
		for _, c := range e.Causes {
			walk(c)
		}
		msg := strings.Join(msgs, "; or ")
		if placeholder {
			msg += " (or a ${var:NAME} placeholder)"
		}
		return []schemaFinding{{e.InstanceLocation, msg}}
	}
	var out []schemaFinding
	for _, c := range e.Causes {
		out = append(out, flattenSchemaError(c)...)
	}
	return out
}
