package model

import (
	"fmt"
	"regexp"
	"strings"
)

// guardRE is the form of a ToggleAction.Guard: a name apply's --allow takes.
var guardRE = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// This file holds the descriptor parts of the engine capabilities wave 2
// needs (issue 18, part 2, half B): objects that exist once their parent
// does (Kind.Implicit), toggle state (Kind.Toggles), DNS-bound objects
// (Kind.Verify), secrets that are JSON objects or PEM blocks
// (SecretField.Format), and the call budget of child lists (List.When,
// List.Field). Each is data a descriptor sets; the engines read it and
// never a kind's name. docs/adding-a-kind.md ("Engine capabilities") says
// how a descriptor uses each.

// Toggle is a body field whose value Okta changes through an action
// endpoint per value, not through an update: a provisioning connection's
// status (POST …/lifecycle/activate|deactivate), a group push mapping's
// status (PATCH {status}), an org feature (POST …/ENABLE|DISABLE). The
// field stays in the file as the state it should have; the plan makes a
// toggle step when it differs, after the object's other writes.
//
// Lifecycle is the oldest toggle (status → activate/deactivate) and keeps
// its own preconditions; Lifecycle.Toggle expresses it as one.
type Toggle struct {
	// Field is the dotted path of the field ("status").
	Field string
	// Actions set the field to each value a file may hold.
	Actions []ToggleAction
	// Created is the value Okta gives a new object: on create, or when it
	// makes an implicit object with its parent. The field is then left out
	// of the create body and set by a toggle step when the file wants
	// another value. Empty means the create body sets it (the kind's create
	// accepts the field); an implicit kind's toggles must say.
	Created string
}

// ToggleAction is the request that sets a toggle's field to Value.
type ToggleAction struct {
	// Value is the field's value the action gives, as ToggleValue names
	// it ("ACTIVE"; "true" for a boolean field).
	Value string
	// Verb is how a plan names the action ("enable"); empty shows
	// "set <field> to <value>".
	Verb string
	// Endpoint is the request; its path uses the usual placeholders.
	Endpoint Endpoint
	// Body is a fixed request body (a group push mapping's
	// {"status": "ACTIVE"}); nil sends none.
	Body map[string]any
	// Consent is a field of the live object (a dotted path) that, when
	// present, holds the URL of a consent Okta needs from a person before
	// this action can succeed (an OAuth 2.0 provisioning connection's
	// _links.authorize.href): apply does not send the action then, and
	// reports the URL as a warning.
	Consent string
	// Guard names a permission apply must be given (apply --allow
	// <Guard>) before it sends this action: an action that opens the
	// org, which neither a restore nor a promotion may take on its own
	// (granting Okta Support staff access). The plan shows the step, with
	// GuardNote; apply without the permission refuses the whole run
	// before anything is written.
	Guard string
	// GuardNote says what the guarded action does, for the plan.
	GuardNote string
}

// ToggleValue is how a toggle names a field's value: a string as it is,
// a boolean as "true" or "false" (an org's optOutEmailUsers, switched by
// …/optIn and …/optOut). ok is false for any other type, which no
// toggle action sets.
func ToggleValue(v any) (s string, ok bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case bool:
		if t {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// Action returns the action that sets the toggle to value.
func (t *Toggle) Action(value string) (ToggleAction, bool) {
	for _, a := range t.Actions {
		if a.Value == value {
			return a, true
		}
	}
	return ToggleAction{}, false
}

// Values lists the values a file may hold, in the descriptor's order.
func (t *Toggle) Values() []string {
	out := make([]string, len(t.Actions))
	for i, a := range t.Actions {
		out[i] = a.Value
	}
	return out
}

// Toggle expresses the lifecycle as a toggle of its status field, ACTIVE
// by the activate endpoint and INACTIVE by the deactivate one. The plan
// keeps its own steps for it (activate, deactivate), with the
// preconditions only a lifecycle has; apply sends both through the same
// code as every other toggle.
func (L *Lifecycle) Toggle() Toggle {
	t := Toggle{Field: L.StatusField, Created: L.CreatedStatus}
	if L.Activate != nil {
		t.Actions = append(t.Actions, ToggleAction{Value: "ACTIVE", Verb: "activate", Endpoint: *L.Activate, Body: L.Activate.Body})
	}
	if L.Deactivate != nil {
		t.Actions = append(t.Actions, ToggleAction{Value: "INACTIVE", Verb: "deactivate", Endpoint: *L.Deactivate, Body: L.Deactivate.Body})
	}
	return t
}

// ToggleOf returns the kind's toggle of the dotted field, if any (not the
// lifecycle's).
func (k *Kind) ToggleOf(field string) (*Toggle, bool) {
	for i := range k.Toggles {
		if k.Toggles[i].Field == field {
			return &k.Toggles[i], true
		}
	}
	return nil, false
}

// Verification describes a DNS-bound object (a custom domain, an email
// domain): Okta creates it at once, but it is usable only after the
// customer publishes DNS records and Okta has checked them. Apply calls
// Endpoint right after the create, prints the records, and reports an
// object that is not yet verified as a warning, not a failure. The status,
// the records and Volatile are server-owned and change as verification goes
// on: export strips them, the plan ignores them, and the staleness check
// does not see them.
type Verification struct {
	// Endpoint asks Okta to check the records (POST …/{id}/verify); it
	// answers the object. A 400 answer also means "not yet verified".
	Endpoint Endpoint
	// StatusField holds the verification status ("validationStatus");
	// Verified are the values that mean done (VERIFIED, COMPLETED).
	StatusField string
	Verified    []string
	// Records is where the object lists the DNS records to publish.
	Records DNSRecords
	// Volatile are further fields that change with verification
	// (a certificate Okta obtains once the domain verifies).
	Volatile []string
}

// DNSRecords says where a body lists DNS records and how to read one.
type DNSRecords struct {
	// Path is the array of records ("dnsRecords").
	Path string
	// Type, Name and Value are fields of one record ("recordType", "fqdn",
	// "values"); Value may hold a string or a list of strings.
	Type, Name, Value string
}

// DNSRecord is one record to publish, as Verification.Records reads it.
type DNSRecord struct {
	Type, Name string
	Values     []string
}

func (r DNSRecord) String() string {
	return fmt.Sprintf("%s %s → %s", r.Type, r.Name, strings.Join(r.Values, ", "))
}

// IsVerified reports whether a live body says verification is done.
func (v *Verification) IsVerified(body map[string]any) bool {
	s, _ := lookupString(body, v.StatusField)
	for _, ok := range v.Verified {
		if s == ok {
			return true
		}
	}
	return false
}

// Status is the verification status a live body holds ("" if none).
func (v *Verification) Status(body map[string]any) string {
	s, _ := lookupString(body, v.StatusField)
	return s
}

// RecordsOf lists the DNS records a live body asks to publish.
func (v *Verification) RecordsOf(body map[string]any) []DNSRecord {
	list, _ := Lookup(body, v.Records.Path)
	items, _ := list.([]any)
	var out []DNSRecord
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		r := DNSRecord{}
		r.Type, _ = lookupString(m, v.Records.Type)
		r.Name, _ = lookupString(m, v.Records.Name)
		switch val, _ := Lookup(m, v.Records.Value); t := val.(type) {
		case string:
			r.Values = []string{t}
		case []any:
			for _, e := range t {
				if s, ok := e.(string); ok {
					r.Values = append(r.Values, s)
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// fields are the server-owned fields of a verification.
func (v *Verification) fields() []string {
	out := append([]string{v.StatusField}, v.Volatile...)
	if v.Records.Path != "" {
		out = append(out, v.Records.Path)
	}
	return out
}

// VolatileFields are the fields that change without a configuration
// change: Volatile, and a DNS-bound kind's verification fields. They are
// stripped on export, ignored by the plan and left out of fingerprints.
func (k *Kind) VolatileFields() []string {
	if k.Verify == nil {
		return k.Volatile
	}
	return append(append([]string(nil), k.Volatile...), k.Verify.fields()...)
}

// SecretFormat is what a secret's value holds. Apply reads the value from
// the environment or the secrets file accordingly, and masks every part of
// it.
type SecretFormat int

const (
	// SecretText is a string (a password, a token).
	SecretText SecretFormat = iota
	// SecretJSON is a JSON object sent as one (an FCM service-account key
	// file): the environment holds its JSON text, the secrets file a
	// mapping or its JSON text.
	SecretJSON
	// SecretPEM is a PEM block, a multi-line string (a private key): the
	// secrets file holds it as a block scalar (|), the environment with
	// real line breaks or with \n escapes, as CI secret stores often keep
	// them.
	SecretPEM
)

func (f SecretFormat) String() string {
	switch f {
	case SecretText:
		return "text"
	case SecretJSON:
		return "json"
	case SecretPEM:
		return "pem"
	}
	return "SecretFormat(?)"
}

// Condition tests a field of a body: the field is not empty, holds a
// value in its array, holds one of a list of values, or is a number above
// a bound. Exactly one test is set.
type Condition struct {
	// Field is a dotted path.
	Field string
	// NotEmpty: the field holds a non-empty array, map or string.
	NotEmpty bool
	// Contains: the field is an array holding this value.
	Contains string
	// OneOf: the field is one of these values.
	OneOf []string
	// Above: the field is a number greater than this one (a template's
	// _embedded.customizationCount above 0).
	Above *float64
}

// Holds reports whether body passes the test.
func (c *Condition) Holds(body map[string]any) bool {
	v, _ := Lookup(body, c.Field)
	switch {
	case c.NotEmpty:
		switch t := v.(type) {
		case []any:
			return len(t) > 0
		case map[string]any:
			return len(t) > 0
		case string:
			return t != ""
		}
		return v != nil
	case c.Contains != "":
		list, _ := v.([]any)
		for _, e := range list {
			if s, ok := e.(string); ok && s == c.Contains {
				return true
			}
		}
		return false
	case c.Above != nil:
		n, ok := number(v)
		return ok && n > *c.Above
	case len(c.OneOf) > 0:
		s := scalarString(v)
		for _, want := range c.OneOf {
			if s == want {
				return true
			}
		}
		return false
	}
	return true
}

func (c *Condition) String() string {
	switch {
	case c.NotEmpty:
		return c.Field + " is not empty"
	case c.Contains != "":
		return c.Field + " contains " + c.Contains
	case len(c.OneOf) > 0:
		return c.Field + " is one of " + strings.Join(c.OneOf, ", ")
	case c.Above != nil:
		return fmt.Sprintf("%s is above %g", c.Field, *c.Above)
	}
	return "always"
}

// ListsUnder reports whether the kind's list is worth calling under a
// parent whose live body is given: List.When holds (or there is none). A
// parent that fails the test has no objects of the kind, so reading it
// would spend a call of the parent's rate-limit bucket for nothing.
func (k *Kind) ListsUnder(parentBody map[string]any) bool {
	return k.List.When == nil || k.List.When.Holds(parentBody)
}

func lookupString(body map[string]any, path string) (string, bool) {
	if path == "" {
		return "", false
	}
	v, ok := Lookup(body, path)
	s, isStr := v.(string)
	return s, ok && isStr
}

// checkCapabilities checks the capability parts of a descriptor.
func (r *Registry) checkCapabilities(k *Kind) []error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("kind %q: "+format, append([]any{k.Name}, args...)...))
	}
	path := func(what, p string) {
		if _, err := ParseFieldPath(p); err != nil {
			fail("%s: %v", what, err)
		}
	}
	if k.Implicit && (k.Create != nil || k.Delete != nil) {
		fail("an implicit kind exists with its parent: it has no create or delete endpoint")
	}
	errs = append(errs, checkExisting(k)...)
	owned := map[string]bool{}
	for _, f := range append(append([]string(nil), k.ReadOnly...), k.VolatileFields()...) {
		owned[f] = true
	}
	seen := map[string]bool{}
	for _, t := range k.Toggles {
		path("toggle", t.Field)
		switch {
		case seen[t.Field]:
			fail("toggle %s is declared twice", t.Field)
		case k.Lifecycle != nil && t.Field == k.Lifecycle.StatusField:
			fail("toggle %s is the lifecycle's status field", t.Field)
		case owned[t.Field]:
			fail("toggle %s is read-only or volatile, so a file could not hold it", t.Field)
		case len(t.Actions) == 0:
			fail("toggle %s has no actions", t.Field)
		case k.Implicit && t.Created == "":
			fail("toggle %s: an implicit kind's toggle must say the value Okta gives a new object (Created)", t.Field)
		}
		seen[t.Field] = true
		values := map[string]bool{}
		for _, a := range t.Actions {
			if a.Value == "" || values[a.Value] {
				fail("toggle %s: empty or repeated value %q", t.Field, a.Value)
			}
			values[a.Value] = true
			if a.Endpoint.Method == "" || !strings.HasPrefix(a.Endpoint.Path, "/") {
				fail("toggle %s=%s: the endpoint needs a method and a path", t.Field, a.Value)
			}
			if (a.Guard == "") != (a.GuardNote == "") || a.Guard != "" && !guardRE.MatchString(a.Guard) {
				fail("toggle %s=%s: a guard needs a lower-case name (apply --allow <name>) and a note", t.Field, a.Value)
			}
		}
		if t.Created != "" && !values[t.Created] {
			fail("toggle %s: Created %q is not one of its values", t.Field, t.Created)
		}
	}
	if v := k.Verify; v != nil {
		if k.Create == nil {
			fail("verify: only an object oktasync creates is verified by it")
		}
		if v.Endpoint.Method == "" || !strings.HasPrefix(v.Endpoint.Path, "/") {
			fail("verify: the endpoint needs a method and a path")
		}
		if v.StatusField == "" || len(v.Verified) == 0 {
			fail("verify: needs a status field and the values that mean verified")
		}
		for _, f := range v.fields() {
			path("verify", f)
		}
	}
	for _, s := range k.Secrets {
		if s.Format < SecretText || s.Format > SecretPEM {
			fail("secret %s: unknown format %d", s.Path, int(s.Format))
		}
	}
	if w := k.List.When; w != nil {
		tests := 0
		for _, set := range []bool{w.NotEmpty, w.Contains != "", len(w.OneOf) > 0, w.Above != nil} {
			if set {
				tests++
			}
		}
		switch {
		case k.Parent == "":
			fail("list: When tests the parent's body, and a top-level kind has none")
		case tests != 1:
			fail("list: When needs exactly one test (NotEmpty, Contains, OneOf or Above)")
		}
		path("list condition", w.Field)
	}
	checkList(k, fail)
	if k.List.Field != "" && (k.List.Paged || k.List.Singleton) {
		fail("list: a list answered inside an object (Field) is paged by its body, not by Link headers, and is not a singleton")
	}
	return errs
}
