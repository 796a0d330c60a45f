package idps

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The IdP key store (api-facts §1.5): org-global X.509 trust certificates
// that SAML 2.0 identity providers name in protocol.credentials.trust.kid.
// Keys are addressed by a UUID kid rather than an Okta-prefixed id, carry no
// status, lifecycle or _links (VCR TestAccResourceOktaIdpSaml_crud), so the
// endpoints are written by hand instead of through a resource.
//
// A key is created from {"x5c": [base64 DER]}; everything else is computed
// from the certificate: the RSA public key as a JWK (e, n), the SHA-256
// thumbprint, and expiresAt from NotAfter. x5c is returned exactly as sent,
// line breaks included, as Okta does.

const idpKeysColl = "/api/v1/idps/credentials/keys"

var idpKeyPage = engine.PageSpec{Def: 20, Max: 200, Cursor: true}

func init() {
	engine.Register(engine.Module{
		Name: "idp-keys", Phase: 10,
		Routes: func(rt *engine.Router) {
			item := idpKeysColl + "/{idpKeyId}"
			rt.Handle("GET", idpKeysColl, engine.ScopeFor("idps", "GET"), idpKeyList)
			rt.Handle("POST", idpKeysColl, engine.ScopeFor("idps", "POST"), idpKeyCreate)
			rt.Handle("GET", item, engine.ScopeFor("idps", "GET"), idpKeyGet)
			rt.Handle("PUT", item, engine.ScopeFor("idps", "PUT"), idpKeyReplace)
			rt.Handle("DELETE", item, engine.ScopeFor("idps", "DELETE"), idpKeyDelete)
		},
		Sample: sampleIdPKeys,
	})
}

func idpKeyList(c *engine.Call) engine.Reply {
	items, hdr := engine.Page(c, idpKeyPage, c.Org.List("idpKeys", ""), func(o engine.Obj) string { return engine.Str(o, "kid") })
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = engine.CloneObj(it)
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

func idpKeyCreate(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	key, err := idpKeyInsert(c, body)
	if err != nil {
		return engine.Fail(err)
	}
	c.Emit("system.idp.key.create", idpKeyTarget(key))
	return engine.OK(engine.CloneObj(key))
}

func idpKeyGet(c *engine.Call) engine.Reply {
	key, err := idpKeyLookup(c, c.Param("idpKeyId"))
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(engine.CloneObj(key))
}

// idpKeyReplace swaps the certificate behind a kid (replaceIdentityProviderKey
// in the v5.1 spec): the kid and created stay, the rest is recomputed.
func idpKeyReplace(c *engine.Call) engine.Reply {
	cur, err := idpKeyLookup(c, c.Param("idpKeyId"))
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	key, err := idpKeyFromCert(body)
	if err != nil {
		return engine.Fail(err)
	}
	key["kid"] = cur["kid"]
	key["created"] = cur["created"]
	key["lastUpdated"] = c.Org.Timestamp()
	c.Org.Put("idpKeys", "", engine.Str(cur, "kid"), key)
	c.Emit("system.idp.key.update", idpKeyTarget(key))
	return engine.OK(engine.CloneObj(key))
}

// idpKeyDelete refuses while any identity provider, active or inactive,
// trusts the key (SPEC deleteIdentityProviderKey).
func idpKeyDelete(c *engine.Call) engine.Reply {
	kid := c.Param("idpKeyId")
	if _, err := idpKeyLookup(c, kid); err != nil {
		return engine.Fail(err)
	}
	if idp := idpKeyUser(c, kid); idp != nil {
		return engine.Fail(engine.ErrValidation("kid",
			fmt.Sprintf("kid: The key %s is in use by the identity provider %s and can't be deleted", kid, engine.Str(idp, "name"))))
	}
	c.Emit("system.idp.key.delete", engine.Target{ID: kid, Type: idpKeyTargetType, DisplayName: kid})
	c.Org.Remove("idpKeys", "", kid)
	return engine.NoContent()
}

// idpKeyUser returns an identity provider that trusts kid, or nil.
func idpKeyUser(c *engine.Call, kid string) engine.Obj {
	return c.Org.Find(engine.TableIdPs, "", func(o engine.Obj) bool {
		return engine.Str(o, "protocol.credentials.trust.kid") == kid ||
			slices.Contains(engine.StringsAt(o, "protocol.credentials.trust.additionalKids"), kid)
	})
}

func idpKeyLookup(c *engine.Call, kid string) (engine.Obj, *engine.APIError) {
	key := c.Org.Get("idpKeys", "", kid)
	if key == nil {
		return nil, engine.ErrNotFound(kid, "IdpKeyCredential")
	}
	return key, nil
}

// idpKeyInsert stores a new key: the path the POST takes and the one sample
// building takes.
func idpKeyInsert(c *engine.Call, body engine.Obj) (engine.Obj, *engine.APIError) {
	key, err := idpKeyFromCert(body)
	if err != nil {
		return nil, err
	}
	now := c.Org.Timestamp()
	kid := idpKeyNewKid(c.Org)
	key["kid"] = kid
	key["created"] = now
	key["lastUpdated"] = now
	c.Org.Put("idpKeys", "", kid, key)
	return key, nil
}

// idpKeyNewKid draws a version-4 UUID from the org's seeded source, so that
// the same seed hands out the same kids.
func idpKeyNewKid(o *engine.Org) string {
	o.Seq++
	var b [16]byte
	for i := range b {
		b[i] = byte(o.RandIntn(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// idpKeyFromCert validates the request's x5c and builds the IdPKeyCredential
// fields Okta derives from the certificate.
func idpKeyFromCert(body engine.Obj) (engine.Obj, *engine.APIError) {
	raw, present := body["x5c"]
	arr, isArr := raw.([]any)
	if !present || raw == nil {
		return nil, engine.ErrValidation("x5c", "x5c: The field cannot be left blank")
	}
	if !isArr {
		return nil, engine.ErrMalformed()
	}
	if len(arr) == 0 {
		return nil, engine.ErrValidation("x5c", "x5c: The field cannot be left blank")
	}
	first, isStr := arr[0].(string)
	if !isStr {
		return nil, engine.ErrMalformed()
	}
	cert, err := idpKeyParseCert(first)
	if err != nil {
		return nil, engine.ErrValidation("x5c", "x5c: "+err.Error())
	}
	pub, isRSA := cert.PublicKey.(*rsa.PublicKey)
	if !isRSA {
		return nil, engine.ErrValidation("x5c", "x5c: Only certificates with an RSA public key are supported")
	}
	sum := sha256.Sum256(cert.Raw)
	b64 := base64.RawURLEncoding
	return engine.Obj{
		"kty":       "RSA",
		"expiresAt": cert.NotAfter.UTC().Format("2006-01-02T15:04:05.000Z"),
		"alg":       "RSA",
		"use":       "sig",
		"x5c":       engine.Clone(arr),
		"x5t#S256":  b64.EncodeToString(sum[:]),
		"e":         b64.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		"n":         b64.EncodeToString(pub.N.Bytes()),
	}, nil
}

// idpKeyParseCert decodes a PEM-less base64 DER certificate; Okta accepts
// the line breaks PEM bodies carry.
func idpKeyParseCert(s string) (*x509.Certificate, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\r', ' ', '\t':
			return -1
		}
		return r
	}, s)
	der, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("The certificate is not valid base64-encoded DER")
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("The certificate could not be parsed as X.509")
	}
	return cert, nil
}

// idpKeyTargetType is the target type naming an IdP signing key in the
// System Log events of /api/v1/idps/credentials/keys.
const idpKeyTargetType = "IdpKey"

func idpKeyTarget(key engine.Obj) engine.Target {
	kid := engine.Str(key, "kid")
	return engine.Target{ID: kid, Type: idpKeyTargetType, DisplayName: kid}
}
