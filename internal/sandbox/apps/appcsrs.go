package apps

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"io"
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Certificate signing requests of an app (SPEC generateCsrForApplication,
// listCsrsForApplication, getCsrForApplication, revokeCsrFromApplication,
// publishCsrFromApplication): Okta makes a key pair and a CSR for the
// subject the client names; the client has a CA sign it and publishes the
// certificate, which becomes a key credential of the app (a new kid the
// app can then switch credentials.signing.kid to). A published
// certificate must carry the CSR's public key. The CSR is consumed by the
// publish. Table appCSRs (parent = app id) keeps {id, created, csr, kty}
// and the public key, never the private one.

const tableAppCSRs = "appCSRs"

func init() {
	engine.Register(engine.Module{
		Name: "app-csrs", Phase: 42,
		Routes: func(rt *engine.Router) {
			read, manage := engine.ScopeFor("apps", "GET"), engine.ScopeFor("apps", "POST")
			coll := "/api/v1/apps/{appId}/credentials/csrs"
			rt.Handle("GET", coll, read, appCSRList)
			rt.Handle("POST", coll, manage, appCSRCreate)
			rt.Handle("GET", coll+"/{csrId}", read, appCSRGet)
			rt.Handle("DELETE", coll+"/{csrId}", engine.ScopeFor("apps", "DELETE"), appCSRRevoke)
			rt.Handle("POST", coll+"/{csrId}/lifecycle/publish", manage, appCSRPublish)
		},
	})
}

func appCSRApp(c *engine.Call) (engine.Obj, *engine.APIError) {
	id := c.Param("appId")
	app := c.Org.Get(engine.TableApps, "", id)
	if app == nil {
		return nil, engine.ErrNotFound(id, appsRes.TypeName)
	}
	return app, nil
}

func appCSRRender(c *engine.Call, appID string, csr engine.Obj) engine.Obj {
	self := c.Base + "/api/v1/apps/" + appID + "/credentials/csrs/" + engine.Str(csr, "id")
	return engine.Obj{
		"id": csr["id"], "created": csr["created"], "csr": csr["csr"], "kty": csr["kty"],
		"_links": engine.Obj{
			"self":    engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"GET", "DELETE"}}},
			"publish": engine.Obj{"href": self + "/lifecycle/publish", "hints": engine.Obj{"allow": []any{"POST"}}},
		},
	}
}

func appCSRList(c *engine.Call) engine.Reply {
	app, err := appCSRApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	id := engine.Str(app, "id")
	out := []any{}
	for _, csr := range c.Org.List(tableAppCSRs, id) {
		out = append(out, appCSRRender(c, id, csr))
	}
	return engine.OK(out)
}

func appCSRLookup(c *engine.Call) (string, engine.Obj, *engine.APIError) {
	app, err := appCSRApp(c)
	if err != nil {
		return "", nil, err
	}
	id := engine.Str(app, "id")
	csr := c.Org.Get(tableAppCSRs, id, c.Param("csrId"))
	if csr == nil {
		return "", nil, engine.ErrNotFound(c.Param("csrId"), "CSR")
	}
	return id, csr, nil
}

func appCSRGet(c *engine.Call) engine.Reply {
	appID, csr, err := appCSRLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(appCSRRender(c, appID, csr))
}

func appCSRRevoke(c *engine.Call) engine.Reply {
	appID, csr, err := appCSRLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	c.Org.Remove(tableAppCSRs, appID, engine.Str(csr, "id"))
	emitApp(c, evCSRRevoke, appID)
	return engine.NoContent()
}

// appCSRCreate makes a key pair and a CSR for the body's subject (201).
func appCSRCreate(c *engine.Call) engine.Reply {
	app, err := appCSRApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	subj, _ := body["subject"].(map[string]any)
	if engine.Str(subj, "commonName") == "" {
		return engine.Fail(engine.ErrValidation("subject", "subject.commonName: The field cannot be left blank"))
	}
	one := func(k string) []string {
		if v := engine.Str(subj, k); v != "" {
			return []string{v}
		}
		return nil
	}
	tmpl := &x509.CertificateRequest{
		Subject: pkix.Name{
			CommonName: engine.Str(subj, "commonName"), Country: one("countryName"), Province: one("stateOrProvinceName"),
			Locality: one("localityName"), Organization: one("organizationName"), OrganizationalUnit: one("organizationalUnitName"),
		},
		DNSNames:           engine.StringsAt(body, "subjectAltNames.dnsNames"),
		SignatureAlgorithm: x509.SHA256WithRSA,
	}
	key, kerr := rsa.GenerateKey(rand.Reader, engine.SigningKeyBits)
	if kerr != nil {
		return engine.Fail(engine.NewError(http.StatusInternalServerError, "E0000009", "Internal Server Error"))
	}
	der, cerr := x509.CreateCertificateRequest(rand.Reader, tmpl, key)
	if cerr != nil {
		return engine.Fail(engine.ErrValidation("subject", "subject: "+cerr.Error()))
	}
	pub, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	id := engine.Str(app, "id")
	csr := engine.Obj{
		"id": appKid("csr:" + id + ":" + c.Org.NewID("")), "created": c.Org.Timestamp(),
		"csr": base64.StdEncoding.EncodeToString(der), "kty": "RSA",
		"publicKey": base64.StdEncoding.EncodeToString(pub),
	}
	c.Org.Put(tableAppCSRs, id, engine.Str(csr, "id"), csr)
	emitApp(c, evCSRGenerate, id)
	return engine.Created(appCSRRender(c, id, csr))
}

// appCSRPublish takes the signed certificate (DER, base64 DER or PEM, as
// the three content types of the spec allow) and makes it a key
// credential of the app (201).
func appCSRPublish(c *engine.Call) engine.Reply {
	appID, csr, err := appCSRLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	raw, rerr := io.ReadAll(io.LimitReader(c.Request().Body, engine.MaxBody))
	if rerr != nil {
		return engine.Fail(engine.ErrMalformed())
	}
	der := appCertDER(raw)
	cert, perr := x509.ParseCertificate(der)
	if perr != nil {
		return engine.Fail(engine.ErrValidation("certificate", "certificate: The certificate could not be parsed"))
	}
	pub, _ := x509.MarshalPKIXPublicKey(cert.PublicKey)
	if base64.StdEncoding.EncodeToString(pub) != engine.Str(csr, "publicKey") {
		return engine.Fail(engine.ErrValidation("certificate", "certificate: The certificate's public key is not the CSR's"))
	}
	key, err := engine.CertJWK(appKid("cert:"+base64.StdEncoding.EncodeToString(der)), der, c.Org.Timestamp())
	if err != nil {
		return engine.Fail(err)
	}
	c.Org.Put(tableAppKeys, appID, engine.Str(key, "kid"), key)
	c.Org.Remove(tableAppCSRs, appID, engine.Str(csr, "id"))
	emitApp(c, evCSRPublish, appID)
	return engine.Created(engine.CloneObj(key))
}

// appCertDER reads a certificate in any of the published forms.
func appCertDER(raw []byte) []byte {
	if b, _ := pem.Decode(raw); b != nil {
		return b.Bytes
	}
	trimmed := bytes.TrimSpace(raw)
	if d, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(trimmed)), "")); err == nil && len(d) > 0 {
		return d
	}
	return raw
}
