package apply

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
)

// secretStore holds the secret values of one run: from the secrets file,
// overridden by OKTASYNC_SECRET_<NAME> variables. Values live only in
// memory; everything apply writes or returns goes through mask first.
type secretStore struct {
	// values are the secrets' text: a mapping from the secrets file is held
	// as its JSON text (and in objects).
	values map[string]string
	// objects are the secrets the secrets file gives as a mapping (a JSON
	// object such as an FCM service-account key).
	objects map[string]map[string]any
	// masks are what mask replaces, sorted longest first so that a value
	// that contains another is masked whole: every value, its JSON-escaped
	// form, and the parts of a structured value (maskParts).
	masks []string
	names map[string]string // masked text → secret name
}

// loadSecrets reads the secrets file (if any) and the environment.
func loadSecrets(file string, environ []string) (*secretStore, error) {
	s := &secretStore{values: map[string]string{}, objects: map[string]map[string]any{}, names: map[string]string{}}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("secrets file: %w", err)
		}
		var m map[string]any
		if err := yaml.Unmarshal(data, &m); err != nil {
			// The parser's message quotes the offending text, which may be
			// a secret; say only where.
			return nil, fmt.Errorf("secrets file %s: not a YAML or JSON map of NAME: value (%s)", file, yamlWhere(err))
		}
		for name, v := range m {
			if !model.ValidVarName(name) {
				return nil, fmt.Errorf("secrets file %s: %q is not a secret name ([A-Z][A-Z0-9_]*)", file, name)
			}
			switch t := v.(type) {
			case nil:
			case string:
				s.values[name] = t
			case map[string]any:
				obj, err := jsonObject(t)
				if err != nil {
					return nil, fmt.Errorf("secrets file %s: %s: %w", file, name, err)
				}
				s.objects[name] = obj
				s.values[name] = string(model.CanonicalJSON(obj))
			case []any:
				return nil, fmt.Errorf("secrets file %s: %s must be a string, or a mapping for a JSON secret", file, name)
			default:
				s.values[name] = fmt.Sprint(t)
			}
		}
	}
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(k, SecretEnvPrefix) {
			continue
		}
		if name := strings.TrimPrefix(k, SecretEnvPrefix); model.ValidVarName(name) {
			s.values[name] = v
			delete(s.objects, name) // the environment wins
		}
	}
	for name, v := range s.values {
		for _, m := range maskParts(v) {
			if old, dup := s.names[m]; !dup || name < old {
				s.names[m] = name
			}
		}
	}
	for v := range s.names {
		s.masks = append(s.masks, v)
	}
	sort.Slice(s.masks, func(i, j int) bool {
		if len(s.masks[i]) != len(s.masks[j]) {
			return len(s.masks[i]) > len(s.masks[j])
		}
		return s.masks[i] < s.masks[j]
	})
	return s, nil
}

// yamlWhere keeps the line number of a YAML error and drops the rest.
func yamlWhere(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "line "); i >= 0 {
		end := i + len("line ")
		for end < len(msg) && msg[end] >= '0' && msg[end] <= '9' {
			end++
		}
		return msg[i:end]
	}
	return "unreadable"
}

// lookup returns a secret's value. An empty value counts as missing: it is
// almost always an unset variable, and sending an empty secret would
// silently break the object.
func (s *secretStore) lookup(name string) (string, bool) {
	v, ok := s.values[name]
	return v, ok && v != ""
}

// mask replaces every secret value in text by its placeholder, so that an
// error that echoes a value (Okta's, or ours) reveals only the name.
func (s *secretStore) mask(text string) string {
	if s == nil {
		return text
	}
	for _, v := range s.masks {
		if strings.Contains(text, v) {
			text = strings.ReplaceAll(text, v, model.FormatSecret(s.names[v]))
		}
	}
	return text
}

// missingForCreates lists, per create step (and per step of an object Okta
// makes with a new parent: plan.Step.Adopt), the secrets it needs that
// have no value. A create cannot leave a secret out (Okta would make the
// object without it), so these stop the run before anything is sent.
func (s *secretStore) missingForCreates(p *plan.Plan) map[string][]string {
	out := map[string][]string{}
	for _, st := range p.Steps {
		if st.Action != plan.ActionCreate && !st.Adopt {
			continue
		}
		for _, name := range secretsIn(st.Body) {
			if _, ok := s.lookup(name); !ok {
				out[st.ID] = append(out[st.ID], name)
			}
		}
	}
	return out
}

// secretsIn lists the ${secret:NAME} names in a body (Step.Secrets says the
// same, but a hand-edited plan may disagree; the body is what is sent).
func secretsIn(body map[string]any) []string {
	set := map[string]bool{}
	model.WalkStrings(body, func(_, str string) {
		if !strings.Contains(str, "${secret:") {
			return
		}
		phs, err := model.ScanPlaceholders(str)
		if err != nil {
			return
		}
		for _, p := range phs {
			if p.Type == model.PlaceholderSecret {
				set[p.Value] = true
			}
		}
	})
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
