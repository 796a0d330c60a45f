package apply

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// resolved is a step body made ready to send.
type resolved struct {
	body map[string]any
	// dropped are the JSON pointers removed because a secret has no value
	// (updates only: the live secret is left as it is).
	dropped []string
}

// resolveBody turns a plan body into what Okta receives: ${ref:} become
// IDs (or, in fields whose descriptor names a TargetField, that field of
// the target, such as an app's client_id or a scope's name; inside
// expression strings, in place), ${user:} the user's ID and ${org:} the
// org's part in the target org (both read before the run), ${secret:}
// become values, and the "$${" escape becomes a literal "${". For an update, a field whose secret has
// no value is removed from the patch so that the live one stays.
func (e *executor) resolveBody(ctx context.Context, k *model.Kind, body map[string]any, create bool) (*resolved, error) {
	targetField := map[string]string{}
	for _, rf := range k.Refs {
		if rf.TargetField == "" || rf.External {
			continue
		}
		for _, m := range model.Find(body, rf.Path) {
			targetField[m.Pointer] = rf.TargetField
		}
	}
	formats := secretFormats(k, body)
	var dropped []string
	out, err := rewriteStrings(body, "", func(ptr, str string) (any, error) {
		if !strings.Contains(str, "${") {
			return str, nil
		}
		if format, typed := formats[ptr]; typed {
			// A JSON or PEM secret fills its whole field.
			ph, ok := model.ParsePlaceholder(str)
			if !ok || ph.Type != model.PlaceholderSecret {
				return nil, fmt.Errorf("%s: a %s secret field holds one ${secret:NAME}", model.DisplayPointer(ptr), format)
			}
			v, has, err := e.secrets.typed(ph.Value, format)
			switch {
			case err != nil:
				return nil, fmt.Errorf("%s: %w", model.DisplayPointer(ptr), err)
			case has:
				return v, nil
			case create:
				return nil, fmt.Errorf("%s: secret %s has no value: set %s%s or add it to the secrets file", model.DisplayPointer(ptr), ph.Value, SecretEnvPrefix, ph.Value)
			}
			dropped = append(dropped, ptr)
			return str, nil
		}
		missing := false
		v, err := model.ExpandPlaceholders(str, func(ph model.Placeholder) (string, error) {
			switch ph.Type {
			case model.PlaceholderRef:
				if f := targetField[ptr]; f != "" {
					return e.targetValue(ctx, ph.Value, f)
				}
				return e.idOf(ctx, ph.Value)
			case model.PlaceholderSecret:
				if v, ok := e.secrets.lookup(ph.Value); ok {
					return v, nil
				}
				if create {
					return "", fmt.Errorf("secret %s has no value: set %s%s or add it to the secrets file", ph.Value, SecretEnvPrefix, ph.Value)
				}
				if insideArray(body, ptr) {
					// A list is sent whole: leaving the secret out of
					// one item would clear it in Okta, not keep it.
					return "", fmt.Errorf("secret %s has no value, and it sits in a list that this update sends whole, so it cannot be left as it is: set %s%s or add it to the secrets file",
						ph.Value, SecretEnvPrefix, ph.Value)
				}
				missing = true
				return ph.String(), nil
			case model.PlaceholderVar:
				return "", fmt.Errorf("%s was not resolved when the plan was made", ph)
			case model.PlaceholderUser:
				if id, ok := e.vals.users[ph.Value]; ok {
					return id, nil
				}
				return "", fmt.Errorf("user %s was not looked up before the run", ph.Value)
			case model.PlaceholderOrg:
				if v, ok := e.vals.parts[ph.Value]; ok {
					return v, nil
				}
				return "", fmt.Errorf("%s was not read from the org before the run", ph)
			}
			return ph.String(), nil
		})
		if err != nil {
			return "", fmt.Errorf("%s: %w", model.DisplayPointer(ptr), err)
		}
		if missing {
			dropped = append(dropped, ptr)
		}
		return v, nil
	})
	if err != nil {
		return nil, err
	}
	m, _ := out.(map[string]any)
	for _, ptr := range dropped {
		model.RemoveAt(m, ptr)
	}
	return &resolved{body: m, dropped: dropped}, nil
}

// targetValue is the value of field in the object at path.
func (e *executor) targetValue(ctx context.Context, path, field string) (string, error) {
	body, err := e.bodyOf(ctx, path)
	if err != nil {
		return "", err
	}
	v, _ := model.Lookup(body, field)
	switch t := v.(type) {
	case string:
		if t != "" {
			return t, nil
		}
	case nil:
	default:
		return string(model.CanonicalJSON(t)), nil
	}
	return "", fmt.Errorf("%s has no %s, which the reference stands for", path, field)
}

// rewriteStrings returns a copy of v with every string replaced by fn's
// result (a string, or the JSON value a typed secret stands for); ptr is
// the JSON pointer (RFC 6901) of v.
func rewriteStrings(v any, ptr string, fn func(ptr, s string) (any, error)) (any, error) {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			nv, err := rewriteStrings(x, ptr+"/"+model.EscapePointer(k), fn)
			if err != nil {
				return nil, err
			}
			m[k] = nv
		}
		return m, nil
	case []any:
		a := make([]any, len(t))
		for i, x := range t {
			nv, err := rewriteStrings(x, ptr+"/"+strconv.Itoa(i), fn)
			if err != nil {
				return nil, err
			}
			a[i] = nv
		}
		return a, nil
	case string:
		return fn(ptr, t)
	}
	return v, nil
}

// insideArray reports whether the value at ptr lies inside an array of v.
func insideArray(v any, ptr string) bool {
	for _, seg := range model.SplitPointer(ptr) {
		switch t := v.(type) {
		case []any:
			return true
		case map[string]any:
			v = t[seg]
		default:
			return false
		}
	}
	return false
}
