package model

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"sort"
	"strings"
)

// WriteOnlyPart is a group of top-level fields of a file that Okta takes
// through an endpoint of their own and never reads back, except as a
// digest of one of them (a custom domain's MANUAL certificate: PUT
// …/certificate {certificate, certificateChain, privateKey}, shown only as
// publicCertificate.fingerprint).
//
// The plan compares the part by digest: the digest of the file's
// Digest.Field against the live value at Digest.Live. A different (or
// missing) live digest is one change that writes every field of the part;
// an equal one is no change, whatever the other fields hold (a private
// key is a secret, unknown to the plan). Apply sends the part's fields,
// with Write.Body's constants, through Write ({id}) after the object's own
// update, with its secrets resolved. Export carries the part over from the
// previous tree when the live digest matches the file's, since Okta never
// returns it.
type WriteOnlyPart struct {
	// Name is what the part is called in plans and messages.
	Name string
	// Fields are the part's top-level body fields; when Digest.Field is in
	// the file, every one of them must be.
	Fields []string
	// Write is the endpoint that takes them; Body holds constant fields.
	Write  Endpoint
	Digest PartDigest
	// When restricts the part to bodies matching these field values (a
	// certificate only on a MANUAL domain): validate refuses it elsewhere.
	When map[string]any
}

// PartDigest says how the file's part is compared with Okta's.
type PartDigest struct {
	// Field is the file field digested: a PEM certificate (its first
	// CERTIFICATE block), digested as SHA-256 of its DER bytes.
	Field string
	// Live is the live body's field holding Okta's digest, hex with or
	// without colons, in either case.
	Live string
	// PEM are the part's fields that hold PEM certificates (the digested
	// one and a chain): validate parses them.
	PEM []string
}

// CertFingerprint returns the SHA-256 fingerprint of the first certificate
// of a PEM text as Okta shows it: upper-case hex pairs joined by colons.
func CertFingerprint(text string) (string, error) {
	certs, err := ParseCertPEM(text)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(certs[0].Raw)
	pairs := make([]string, len(sum))
	for i, b := range sum {
		pairs[i] = strings.ToUpper(hex.EncodeToString([]byte{b}))
	}
	return strings.Join(pairs, ":"), nil
}

// ParseCertPEM parses a PEM text that holds one or more CERTIFICATE
// blocks and nothing else but white space.
func ParseCertPEM(text string) ([]*x509.Certificate, error) {
	rest := []byte(text)
	var certs []*x509.Certificate
	for n := 1; ; n++ {
		block, r := pem.Decode(rest)
		if block == nil {
			if strings.TrimSpace(string(rest)) != "" {
				if n == 1 {
					return nil, fmt.Errorf("not a PEM certificate (no -----BEGIN CERTIFICATE----- block)")
				}
				return nil, fmt.Errorf("text after PEM block %d is not a PEM block", n-1)
			}
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("PEM block %d is a %s, not a CERTIFICATE", n, block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("PEM block %d is not a valid certificate: %w", n, err)
		}
		certs = append(certs, cert)
		rest = r
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("not a PEM certificate (no -----BEGIN CERTIFICATE----- block)")
	}
	return certs, nil
}

// SameDigest reports whether two hex digests are equal, ignoring colons
// and case.
func SameDigest(a, b string) bool {
	norm := func(s string) string { return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), ":", "")) }
	return a != "" && norm(a) == norm(b)
}

// PartField reports whether field (dotted) is one of the kind's write-only
// part's fields.
func (k *Kind) PartField(field string) bool {
	if k.WriteOnly == nil {
		return false
	}
	for _, f := range k.WriteOnly.Fields {
		if f == field {
			return true
		}
	}
	return false
}

// FilePartDigest returns the digest of a file body's write-only part: ok
// is false when the body has no digested field, or holds a placeholder
// there; err says why its value is not a certificate.
func (k *Kind) FilePartDigest(body map[string]any) (digest string, ok bool, err error) {
	if k.WriteOnly == nil {
		return "", false, nil
	}
	v, found := Lookup(body, k.WriteOnly.Digest.Field)
	s, isStr := v.(string)
	if !found || !isStr || s == "" || strings.Contains(s, "${") {
		return "", false, nil
	}
	d, err := CertFingerprint(s)
	if err != nil {
		return "", false, err
	}
	return d, true, nil
}

// LivePartDigest returns Okta's digest of the write-only part in a live
// body, or "".
func (k *Kind) LivePartDigest(live map[string]any) string {
	if k.WriteOnly == nil || live == nil {
		return ""
	}
	v, _ := Lookup(live, k.WriteOnly.Digest.Live)
	s, _ := v.(string)
	return s
}

// CheckPart checks a file body's write-only part: PEM fields parse, and
// when the digested field is there every field of the part is. report
// gets the JSON pointer of the field at fault.
func (k *Kind) CheckPart(body map[string]any, report func(ptr, msg, hint string)) {
	p := k.WriteOnly
	if p == nil {
		return
	}
	for _, f := range p.Digest.PEM {
		v, found := Lookup(body, f)
		s, isStr := v.(string)
		if !found || (isStr && strings.Contains(s, "${")) {
			continue
		}
		if !isStr {
			report("/"+EscapePointer(f), fmt.Sprintf("%s must be a PEM text", f), "write the PEM as a block scalar (|)")
			continue
		}
		if _, err := ParseCertPEM(s); err != nil {
			report("/"+EscapePointer(f), fmt.Sprintf("%s: %v", f, err), "paste the PEM file as a block scalar (|), from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----")
		}
	}
	if _, has := Lookup(body, p.Digest.Field); !has {
		return
	}
	if p.When != nil && !Matches(body, p.When) {
		report("/"+EscapePointer(p.Digest.Field), fmt.Sprintf("a %s is written only where %s", p.Name, describeWhen(p.When)),
			fmt.Sprintf("remove the %s, or set %s", p.Name, describeWhen(p.When)))
		return
	}
	for _, f := range p.Fields {
		if _, has := Lookup(body, f); !has {
			report("/"+EscapePointer(p.Digest.Field), fmt.Sprintf("the %s needs %s as well", p.Name, f),
				fmt.Sprintf("add %s (a secret is written ${secret:NAME})", f))
		}
	}
}

// describeWhen spells a When map: "a is X, b is Y".
func describeWhen(when map[string]any) string {
	keys := make([]string, 0, len(when))
	for k := range when {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s is %v", k, when[k])
	}
	return strings.Join(parts, ", ")
}

// checkWriteOnly checks a WriteOnlyPart descriptor.
func checkWriteOnly(k *Kind, fail func(string, ...any)) {
	p := k.WriteOnly
	if p == nil {
		return
	}
	if p.Write.Path == "" || !strings.Contains(p.Write.Path, "{id}") {
		fail("write-only part %q needs a write endpoint with {id}", p.Name)
	}
	if len(k.CreateFields) == 0 {
		fail("write-only part %q needs CreateFields: the create sends the object without its part", p.Name)
	}
	in := map[string]bool{}
	for _, f := range p.Fields {
		if strings.ContainsAny(f, ".[") {
			fail("write-only part %q: field %s is not top-level", p.Name, f)
		}
		for _, c := range k.CreateFields {
			if c == f {
				fail("write-only part %q: field %s is sent by the create", p.Name, f)
			}
		}
		in[f] = true
	}
	if !in[p.Digest.Field] {
		fail("write-only part %q: digested field %s is not one of its fields", p.Name, p.Digest.Field)
	}
	for _, f := range p.Digest.PEM {
		if !in[f] {
			fail("write-only part %q: PEM field %s is not one of its fields", p.Name, f)
		}
	}
	if p.Digest.Live == "" {
		fail("write-only part %q needs the live field of Okta's digest", p.Name)
	}
}
