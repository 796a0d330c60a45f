package apply

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
)

// Secrets that are not plain text (model.SecretFormat): a JSON object
// such as an FCM service-account key, or a PEM block such as a private
// key. A field's descriptor says which it takes; the value comes from the
// environment (JSON text; a PEM block with real line breaks or with \n
// escapes, as CI secret stores often keep them) or the secrets file (a
// mapping or JSON text; a block scalar). Every error names the secret,
// never its value.

// minMaskedPart is the shortest part of a structured secret that mask
// replaces on its own: shorter ones ("RSA", a "type" of "x") are not
// secret, and masking them would garble every message.
const minMaskedPart = 6

// typed returns a secret's value in the form its field takes: a JSON
// object, a PEM block, or text. ok is false when the secret has no value.
func (s *secretStore) typed(name string, format model.SecretFormat) (v any, ok bool, err error) {
	text, ok := s.lookup(name)
	if !ok {
		return nil, false, nil
	}
	switch format {
	case model.SecretJSON:
		if obj := s.objects[name]; obj != nil {
			return obj, true, nil
		}
		parsed, perr := model.ParseJSON([]byte(text))
		obj, isObj := parsed.(map[string]any)
		if perr != nil || !isObj {
			return nil, true, fmt.Errorf("secret %s must be a JSON object (the key file's JSON text, or a mapping in the secrets file)", name)
		}
		return obj, true, nil
	case model.SecretPEM:
		if s.objects[name] != nil {
			return nil, true, fmt.Errorf("secret %s must be a PEM block, not a mapping", name)
		}
		pem := text
		if !strings.Contains(pem, "\n") && strings.Contains(pem, `\n`) {
			pem = strings.ReplaceAll(pem, `\n`, "\n")
		}
		if !strings.Contains(pem, "-----BEGIN ") || !strings.Contains(pem, "-----END ") {
			return nil, true, fmt.Errorf("secret %s must be a PEM block (-----BEGIN …----- to -----END …-----)", name)
		}
		return pem, true, nil
	case model.SecretText:
	}
	if s.objects[name] != nil {
		return nil, true, fmt.Errorf("secret %s is a mapping, but its field takes text", name)
	}
	return text, true, nil
}

// maskParts is what mask must replace for one secret value: the value, its
// JSON-escaped form (an error body quotes it escaped), every line of a
// multi-line value (an error may quote one), and every string of a JSON
// object (an error may quote a field of it), each with its escaped form.
func maskParts(v string) []string {
	if v == "" {
		return nil
	}
	set := map[string]bool{}
	add := func(p string, whole bool) {
		forms := []string{strings.TrimSpace(p)}
		if whole {
			forms = append(forms, p) // untrimmed too: a PEM block's final newline
		}
		for _, f := range forms {
			if f == "" || (!whole && len(f) < minMaskedPart) {
				continue
			}
			set[f] = true
			set[jsonEscaped(f)] = true
		}
	}
	add(v, true)
	if strings.Contains(v, "\n") {
		for _, line := range strings.Split(v, "\n") {
			add(line, false)
		}
	}
	if strings.Contains(v, `\n`) {
		for _, line := range strings.Split(v, `\n`) {
			add(line, false)
		}
	}
	if parsed, err := model.ParseJSON([]byte(v)); err == nil {
		if _, isObj := parsed.(map[string]any); isObj {
			model.WalkStrings(parsed, func(_, leaf string) {
				for _, p := range maskParts(leaf) {
					add(p, false)
				}
			})
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	return out
}

// jsonEscaped is s as it appears inside a JSON string.
func jsonEscaped(s string) string {
	b, _ := json.Marshal(s)
	out := string(b[1 : len(b)-1])
	// json.Marshal escapes <, > and & for HTML; Okta's bodies do not.
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(out)
}

// jsonObject turns a mapping decoded from YAML into a JSON object (numbers
// as json.Number, as everywhere in model).
func jsonObject(m map[string]any) (map[string]any, error) {
	data, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("not a JSON object")
	}
	v, err := model.ParseJSON(data)
	if err != nil {
		return nil, fmt.Errorf("not a JSON object")
	}
	obj, _ := v.(map[string]any)
	return obj, nil
}

// secretFormats maps the JSON pointers of a body's non-text secret fields
// to their format.
func secretFormats(k *model.Kind, body map[string]any) map[string]model.SecretFormat {
	var out map[string]model.SecretFormat
	for _, sf := range k.Secrets {
		if sf.Format == model.SecretText {
			continue
		}
		for _, m := range model.Find(body, sf.Path) {
			if out == nil {
				out = map[string]model.SecretFormat{}
			}
			out[m.Pointer] = sf.Format
		}
	}
	return out
}

// badFormats checks every typed secret the plan's steps name against its
// field's format (a JSON object, a PEM block), so that a malformed value
// stops the run before anything is sent rather than halfway through it.
func (s *secretStore) badFormats(p *plan.Plan, reg *model.Registry) []string {
	var out []string
	seen := map[string]bool{}
	for _, st := range p.Steps {
		k, ok := reg.Kind(st.Kind)
		if !ok {
			continue
		}
		for _, sf := range k.Secrets {
			if sf.Format == model.SecretText {
				continue
			}
			for _, m := range model.Find(st.Body, sf.Path) {
				str, _ := m.Value.(string)
				ph, ok := model.ParsePlaceholder(str)
				if !ok || ph.Type != model.PlaceholderSecret || seen[ph.Value] {
					continue
				}
				seen[ph.Value] = true
				if _, _, err := s.typed(ph.Value, sf.Format); err != nil {
					out = append(out, err.Error())
				}
			}
		}
	}
	sort.Strings(out)
	return out
}
