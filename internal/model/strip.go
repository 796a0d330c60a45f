package model

import (
	"regexp"
	"sync"
)

// StripServerFields removes, in place, what a live body holds but a file
// must not: read-only fields (including conditional ones), volatile fields,
// fields that merely echo the object's own ID, and secrets Okta generates.
// Call it on a body as Okta returned it, before anything else rewrites it
// (IDEcho needs the ID). Secrets that get placeholders and ID-to-ref
// rewriting are the exporter's job, driven by Secrets and Refs.
func (k *Kind) StripServerFields(body map[string]any) {
	id := k.IDOf(body)
	for _, f := range k.IDEcho {
		if v, ok := Lookup(body, f); ok && id != "" && v == any(id) {
			DeleteField(body, f)
		}
	}
	for _, c := range k.ReadOnlyIf {
		if !matchesAll(body, c.When) || !matchesPatterns(body, c.WhenPattern) {
			continue
		}
		if c.ValuePattern != "" {
			v, _ := Lookup(body, c.Path)
			s, ok := v.(string)
			if !ok || !regexp.MustCompile(c.ValuePattern).MatchString(s) {
				continue
			}
		}
		DeleteField(body, c.Path)
	}
	for _, s := range k.Secrets {
		if s.Mode == SecretGenerated {
			DeleteField(body, s.Path)
		}
	}
	for _, f := range k.VolatileFields() {
		DeleteField(body, f)
	}
	for _, f := range k.ReadOnly {
		DeleteField(body, f)
	}
	for _, f := range k.NullFilled {
		if v, ok := Lookup(body, f); ok && dropNulls(v) {
			DeleteField(body, f)
		}
	}
}

// dropNulls removes the null members of v's objects, recursively, and
// objects left empty; it reports whether v itself is null or was left an
// empty object. Arrays are kept as they are: a null item is a value.
func dropNulls(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case map[string]any:
		if len(t) == 0 {
			return false // an empty object Okta answered is a value
		}
		for key, e := range t {
			if dropNulls(e) {
				delete(t, key)
			}
		}
		return len(t) == 0
	}
	return false
}

// matchesPatterns reports whether every field named in pats holds a string
// matching its regular expression.
func matchesPatterns(body map[string]any, pats map[string]string) bool {
	for path, pat := range pats {
		v, _ := Lookup(body, path)
		s, ok := v.(string)
		if !ok || !compiledPattern(pat).MatchString(s) {
			return false
		}
	}
	return true
}

// patterns caches the compiled descriptor patterns: system rules match
// every object read, many times over.
var patterns sync.Map // string → *regexp.Regexp

func compiledPattern(pat string) *regexp.Regexp {
	if re, ok := patterns.Load(pat); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := patterns.LoadOrStore(pat, regexp.MustCompile(pat))
	return re.(*regexp.Regexp)
}
