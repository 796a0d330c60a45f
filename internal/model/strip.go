package model

import "regexp"

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
		if !matchesAll(body, c.When) {
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
	for _, f := range k.Volatile {
		DeleteField(body, f)
	}
	for _, f := range k.ReadOnly {
		DeleteField(body, f)
	}
}
