package authenticators

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"regexp"
	"sort"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Custom AAGUIDs (SPEC v6 listAllCustomAAGUIDs … deleteCustomAAGUID; VCR
// TestAccDataSourceOktaAuthenticatorWebauthnCustomAAGUIDs_read,
// TestAccResourceOktaAuthenticatorWebauthnCustomAAGUID_crud): the security
// key models an admin adds to the webauthn authenticator, by their
// Authenticator Attestation GUID. An entry is {aaguid, name,
// authenticatorCharacteristics, attestationRootCertificates?, _links.self}
// and is addressed by its aaguid. Create answers 200 (SPEC); PUT replaces
// name, characteristics and certificates, PATCH changes the fields it
// carries; DELETE answers 204. A root certificate is sent as {x5c} and
// comes back with its SHA-256 thumbprint (x5t#S256), issuer and expiry.
// Only the webauthn authenticator has custom AAGUIDs: another
// authenticator's are 404, as its _links have no aaguids relation.
const tableAAGUIDs = "authenticatorAAGUIDs"

var aaguidPattern = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)

func init() {
	engine.Register(engine.Module{
		Name: "authenticator-aaguids", Phase: 11,
		Routes: func(rt *engine.Router) {
			read, manage := engine.ScopeFor("authenticators", "GET"), engine.ScopeFor("authenticators", "POST")
			coll := "/api/v1/authenticators/{authenticatorId}/aaguids"
			item := coll + "/{aaguid}"
			rt.Handle("GET", coll, read, aaguidList)
			rt.Handle("POST", coll, manage, aaguidCreate)
			rt.Handle("GET", item, read, func(c *engine.Call) engine.Reply {
				aid, a, err := aaguidLookup(c)
				if err != nil {
					return engine.Fail(err)
				}
				return engine.OK(aaguidRender(c, aid, a))
			})
			rt.Handle("PUT", item, engine.ScopeFor("authenticators", "PUT"), func(c *engine.Call) engine.Reply { return aaguidUpdate(c, true) })
			rt.Handle("PATCH", item, engine.ScopeFor("authenticators", "PUT"), func(c *engine.Call) engine.Reply { return aaguidUpdate(c, false) })
			rt.Handle("DELETE", item, engine.ScopeFor("authenticators", "DELETE"), func(c *engine.Call) engine.Reply {
				aid, a, err := aaguidLookup(c)
				if err != nil {
					return engine.Fail(err)
				}
				c.Org.Remove(tableAAGUIDs, aid, engine.Str(a, "aaguid"))
				return engine.NoContent()
			})
		},
	})
}

// aaguidAuthenticator is the webauthn authenticator the path names.
func aaguidAuthenticator(c *engine.Call) (string, *engine.APIError) {
	id := c.Param("authenticatorId")
	a := c.Org.Get(engine.TableAuthenticators, "", id)
	if a == nil || engine.Str(a, "key") != "webauthn" {
		return "", engine.ErrNotFound(id, "Authenticator")
	}
	return id, nil
}

func aaguidLookup(c *engine.Call) (string, engine.Obj, *engine.APIError) {
	aid, err := aaguidAuthenticator(c)
	if err != nil {
		return "", nil, err
	}
	a := c.Org.Get(tableAAGUIDs, aid, c.Param("aaguid"))
	if a == nil {
		return "", nil, engine.ErrNotFound(c.Param("aaguid"), "CustomAAGUID")
	}
	return aid, a, nil
}

func aaguidList(c *engine.Call) engine.Reply {
	aid, err := aaguidAuthenticator(c)
	if err != nil {
		return engine.Fail(err)
	}
	items := c.Org.List(tableAAGUIDs, aid)
	sort.SliceStable(items, func(i, j int) bool { return engine.Str(items[i], "aaguid") < engine.Str(items[j], "aaguid") })
	out := make([]any, len(items))
	for i, a := range items {
		out[i] = aaguidRender(c, aid, a)
	}
	return engine.OK(out)
}

var aaguidFields = []engine.Field{
	{Path: "aaguid", Type: engine.TString},
	{Path: "name", Type: engine.TString},
	{Path: "authenticatorCharacteristics", Type: engine.TObject},
	{Path: "authenticatorCharacteristics.hardwareProtected", Type: engine.TBool},
	{Path: "authenticatorCharacteristics.platformAttached", Type: engine.TBool},
	{Path: "authenticatorCharacteristics.fipsCompliant", Type: engine.TBool},
	{Path: "attestationRootCertificates", Type: engine.TArray},
}

func aaguidCreate(c *engine.Call) engine.Reply {
	aid, err := aaguidAuthenticator(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, aaguidFields); err != nil {
		return engine.Fail(err)
	}
	id := engine.Str(body, "aaguid")
	if !aaguidPattern.MatchString(id) {
		return engine.Fail(engine.ErrValidation("aaguid", "aaguid: '"+id+"' is not an AAGUID (a UUID)"))
	}
	if c.Org.Get(tableAAGUIDs, aid, id) != nil {
		return engine.Fail(engine.ErrValidation("aaguid", "aaguid: The AAGUID "+id+" already exists"))
	}
	a := engine.Obj{"aaguid": id}
	if err := aaguidApply(c, a, body, true); err != nil {
		return engine.Fail(err)
	}
	c.Org.Put(tableAAGUIDs, aid, id, a)
	return engine.OK(aaguidRender(c, aid, a))
}

// aaguidUpdate is PUT (replace) or PATCH (the fields sent); the aaguid
// itself can't change.
func aaguidUpdate(c *engine.Call, replace bool) engine.Reply {
	aid, cur, err := aaguidLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, aaguidFields); err != nil {
		return engine.Fail(err)
	}
	if id := engine.Str(body, "aaguid"); id != "" && id != engine.Str(cur, "aaguid") {
		return engine.Fail(engine.ErrValidation("aaguid", "aaguid: The AAGUID of an entry can't be changed"))
	}
	next := engine.CloneObj(cur)
	if err := aaguidApply(c, next, body, replace); err != nil {
		return engine.Fail(err)
	}
	c.Org.Put(tableAAGUIDs, aid, engine.Str(cur, "aaguid"), next)
	return engine.OK(aaguidRender(c, aid, next))
}

// aaguidApply sets name, characteristics and certificates from body: all
// of them when replace is set (absent ones are cleared), else those sent.
func aaguidApply(_ *engine.Call, a, body engine.Obj, replace bool) *engine.APIError {
	if _, has := body["name"]; has || replace {
		a["name"] = engine.Str(body, "name")
	}
	if ch, ok := body["authenticatorCharacteristics"].(map[string]any); ok {
		out := engine.Obj{}
		for _, k := range []string{"hardwareProtected", "platformAttached", "fipsCompliant"} {
			if v, ok := ch[k].(bool); ok {
				out[k] = v
			}
		}
		a["authenticatorCharacteristics"] = out
	} else if replace {
		delete(a, "authenticatorCharacteristics")
	}
	if certs, ok := body["attestationRootCertificates"].([]any); ok {
		out := make([]any, 0, len(certs))
		for _, x := range certs {
			m, _ := x.(map[string]any)
			cert, err := aaguidRootCert(engine.Str(m, "x5c"))
			if err != nil {
				return err
			}
			out = append(out, cert)
		}
		a["attestationRootCertificates"] = out
	} else if replace {
		delete(a, "attestationRootCertificates")
	}
	return nil
}

// aaguidRootCert reads one attestation root certificate (base64 DER, as
// in a JWK's x5c) into what Okta answers: x5c, x5t#S256, iss and exp.
func aaguidRootCert(x5c string) (engine.Obj, *engine.APIError) {
	bad := engine.ErrValidation("attestationRootCertificates", "attestationRootCertificates.x5c: The certificate could not be parsed")
	der, err := base64.StdEncoding.DecodeString(x5c)
	if err != nil {
		return nil, bad
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, bad
	}
	sum := sha256.Sum256(der)
	return engine.Obj{"x5c": x5c, "x5t#S256": base64.RawURLEncoding.EncodeToString(sum[:]),
		"iss": cert.Issuer.String(), "exp": cert.NotAfter.UTC().Format(time.RFC3339)}, nil
}

func aaguidRender(c *engine.Call, aid string, a engine.Obj) engine.Obj {
	out := engine.CloneObj(a)
	out["_links"] = engine.Obj{"self": engine.Obj{
		"href":  c.Base + "/api/v1/authenticators/" + aid + "/aaguids/" + engine.Str(a, "aaguid"),
		"hints": engine.Obj{"allow": []any{"GET", "PUT", "DELETE"}}}}
	return out
}
