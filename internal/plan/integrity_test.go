package plan

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// integrityPlan is a small plan with an update, a create, targets and
// fingerprints, saved and loaded as apply would read it.
func integrityPlan(t *testing.T, key []byte) *Plan {
	t.Helper()
	sc := loadScenario(t, "testdata/scenarios/update")
	p, err := Compute(sc.desired, sc.current, Options{Registry: sc.reg, SigningKey: key,
		Org: &OrgBinding{ID: "00o1", URL: "https://acme.okta.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Steps) == 0 || len(p.Fingerprints) == 0 {
		t.Fatalf("the fixture plan has %d steps and %d fingerprints", len(p.Steps), len(p.Fingerprints))
	}
	var buf bytes.Buffer
	if err := p.Save(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func TestVerifyRefusesEdits(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(p *Plan)
	}{
		{"a body field", func(p *Plan) { p.Steps[0].Body["extra"] = "x" }},
		{"a live ID", func(p *Plan) { p.Steps[0].Live = &LiveRef{ID: "00gOTHERGROUP0000000"} }},
		{"a target ID", func(p *Plan) {
			for k, v := range p.Targets {
				v.ID = "00gOTHERGROUP0000000"
				p.Targets[k] = v
			}
		}},
		{"a fingerprint", func(p *Plan) {
			for k := range p.Fingerprints {
				p.Fingerprints[k] = "0000"
			}
		}},
		{"the change shown", func(p *Plan) { p.Steps[0].Changes[0].After = "something else" }},
		{"the org", func(p *Plan) { p.Org.ID = "00o2" }},
		{"allow delete", func(p *Plan) { p.AllowDelete = true }},
		{"a step removed", func(p *Plan) { p.Steps = p.Steps[1:] }},
		{"the metadata", func(p *Plan) { p.Current = "org https://evil.example.com" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := integrityPlan(t, nil)
			if err := p.Verify(nil, ""); err != nil {
				t.Fatalf("untouched plan: %v", err)
			}
			reviewed := p.Digest
			tc.edit(p)
			err := p.Verify(nil, "")
			if !IsIntegrityError(err) || !strings.Contains(err.Error(), "changed after it was made") {
				t.Fatalf("edited plan: %v", err)
			}
			// Recomputing the digest hides the edit from Verify alone, but
			// not from the digest the reviewer saw.
			if err := p.Seal(nil); err != nil {
				t.Fatal(err)
			}
			if err := p.Verify(nil, ""); err != nil {
				t.Fatalf("resealed: %v", err)
			}
			err = p.Verify(nil, reviewed)
			if !IsIntegrityError(err) || !strings.Contains(err.Error(), "not the reviewed one") {
				t.Fatalf("resealed, against the reviewed digest: %v", err)
			}
		})
	}
}

func TestVerifySignature(t *testing.T) {
	key := []byte("a key that lives in CI secrets")
	signed := integrityPlan(t, key)
	if !strings.HasPrefix(signed.Signature, SignaturePrefix) {
		t.Fatalf("signature %q", signed.Signature)
	}
	unsigned := integrityPlan(t, nil)
	for _, tc := range []struct {
		name string
		p    *Plan
		key  []byte
		want string
	}{
		{"signed, right key", signed, key, ""},
		{"signed, no key: the digest alone is checked", signed, nil, ""},
		{"signed, wrong key", signed, []byte("another key"), "does not match the configured signing key"},
		{"unsigned, key configured", unsigned, key, "not signed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Verify(tc.key, "")
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
	// Resealing an edited signed plan without the key drops the signature.
	signed.Steps[0].Body["extra"] = "x"
	if err := signed.Seal(nil); err != nil {
		t.Fatal(err)
	}
	if err := signed.Verify(key, ""); err == nil || !strings.Contains(err.Error(), "not signed") {
		t.Fatalf("edited and resealed without the key: %v", err)
	}
}

// TestDigestCoversEveryField guards the claim that nothing is picked by
// hand: every key of the saved plan's JSON, at any depth, changes the
// digest when its value changes.
func TestDigestCoversEveryField(t *testing.T) {
	p := integrityPlan(t, nil)
	var buf bytes.Buffer
	if err := p.Save(&buf); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "digest")
	delete(doc, "signature")
	checked := 0
	var walk func(v any, path string, set func(any))
	walk = func(v any, path string, set func(any)) {
		switch t := v.(type) {
		case map[string]any:
			for k, e := range t {
				k := k
				walk(e, path+"/"+k, func(n any) { t[k] = n })
			}
			return
		case []any:
			for i, e := range t {
				i := i
				walk(e, path, func(n any) { t[i] = n })
			}
			return
		}
		checked++
		before := p.Digest
		set("tampered")
		data, _ := json.Marshal(doc)
		if q, err := Load(bytes.NewReader(data)); err == nil {
			if d, _ := q.ComputeDigest(); d == before {
				t.Errorf("changing %s leaves the digest as it was", path)
			}
		}
		set(v)
	}
	walk(doc, "", nil)
	if checked < 30 {
		t.Fatalf("only %d leaves checked", checked)
	}
}
