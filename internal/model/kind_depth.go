package model

import (
	"fmt"
	"strings"
)

// This file holds the descriptor parts issue 13 (applications in depth)
// added: references that may point at one of several kinds
// (RefField.Others), default values Okta does not echo (Kind.Defaults),
// IDs written as a field of the object they name (Kind.Lookups), lists of
// summaries (List.Detail), update bodies narrower than the object
// (Kind.UpdateFields, Kind.UpdateField), fixed bodies on action endpoints
// (Endpoint.Body), a create that takes its status (Lifecycle.
// CreateTakesStatus) and actions that need a person's consent
// (ToggleAction.Consent). docs/adding-a-kind.md says how a descriptor uses
// each.

// RefersTo reports whether the field may refer to an object of kind.
func (rf RefField) RefersTo(kind string) bool {
	for _, t := range rf.Targets() {
		if t == kind {
			return true
		}
	}
	return false
}

// DefaultValue is a value Okta gives a field it was not sent and then
// leaves out of its answers (an app user schema attribute's
// required: false, master {type: PROFILE_MASTER}): a desired field that
// holds it equals an absent live field, so a file that spells the default
// out does not show a change on every plan.
type DefaultValue struct {
	// Path is a dotted path; a "*" segment stands for every key of a map
	// (definitions.custom.properties.*.required).
	Path  string
	Value any
}

// IsDefault reports whether v, at the dotted path of a body, is a value
// Okta leaves out because it is the default.
func (k *Kind) IsDefault(dotted string, v any) bool {
	for _, d := range k.Defaults {
		if dottedMatches(d.Path, dotted) && string(CanonicalJSON(v)) == string(CanonicalJSON(d.Value)) {
			return true
		}
	}
	return false
}

// IsPatchWhole reports whether the object at a dotted path is sent whole
// in a partial update (Kind.PatchWhole).
func (k *Kind) IsPatchWhole(dotted string) bool {
	for _, p := range k.PatchWhole {
		if dottedMatches(p, dotted) {
			return true
		}
	}
	return false
}

// dottedMatches matches a dotted path against a pattern whose "*"
// segments match any one key.
func dottedMatches(pattern, dotted string) bool {
	ps, ds := strings.Split(pattern, "."), strings.Split(dotted, ".")
	if len(ps) != len(ds) {
		return false
	}
	for i := range ps {
		if ps[i] != "*" && ps[i] != ds[i] {
			return false
		}
	}
	return true
}

// FieldLookup writes an ID that is not portable as a field of the object
// it names: export reads the object (Get, with {value} the ID, one call
// per distinct ID), writes its Value field at Into and drops Field. A
// create sends Into, which Okta takes instead of the ID: a group push
// mapping's targetGroupId (an APP_GROUP, which oktasync does not export)
// becomes targetGroupName, and Okta links or makes the app group of that
// name.
type FieldLookup struct {
	Field string
	Get   Endpoint
	Value string
	Into  string
}

// GetPath fills the lookup's endpoint for one ID.
func (l FieldLookup) GetPath(id string) string {
	return strings.ReplaceAll(l.Get.Path, "{value}", id)
}

// checkDepth checks the issue-13 parts of a descriptor.
func (r *Registry) checkDepth(k *Kind) []error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("kind %q: "+format, append([]any{k.Name}, args...)...))
	}
	for _, ref := range k.Refs {
		for _, o := range ref.Others {
			if ref.External || len(ref.Patterns) > 0 {
				fail("ref %s: an external reference, or one with patterns, has no other targets", ref.Path)
			}
			if _, ok := r.byName[o]; !ok {
				fail("ref %s: other target %q is not a known kind", ref.Path, o)
			}
		}
	}
	for _, d := range k.Defaults {
		if d.Path == "" || strings.Contains(d.Path, "..") || strings.HasPrefix(d.Path, ".") || strings.HasSuffix(d.Path, ".") {
			fail("default: bad path %q", d.Path)
		}
	}
	for _, l := range k.Lookups {
		for _, p := range []string{l.Field, l.Value, l.Into} {
			if _, err := ParseFieldPath(p); err != nil {
				fail("lookup: %v", err)
			}
		}
		if l.Get.Method == "" || !strings.Contains(l.Get.Path, "{value}") {
			fail("lookup %s: the endpoint needs a method and a path with {value}", l.Field)
		}
	}
	for _, p := range k.PatchWhole {
		if p == "" || strings.Contains(p, "..") || strings.HasPrefix(p, ".") || strings.HasSuffix(p, ".") {
			fail("patch whole: bad path %q", p)
		}
	}
	if len(k.PatchWhole) > 0 && k.UpdateMode != UpdatePartial {
		fail("PatchWhole is for a partial update; a full replace sends everything anyway")
	}
	if k.UpdateField != "" && k.Update == nil {
		fail("UpdateField without an update endpoint")
	}
	if len(k.UpdateFields) > 0 && k.Update == nil {
		fail("UpdateFields without an update endpoint")
	}
	if k.List.Detail && (k.Get == nil || k.List.Singleton || k.List.Field != "") {
		fail("list: Detail reads each listed object with Get, so it needs one (and a plain list)")
	}
	if L := k.Lifecycle; L != nil && L.CreateTakesStatus && L.CreateActivateParam != "" {
		fail("lifecycle: a create takes its status from the body or from a parameter, not both")
	}
	return errs
}
