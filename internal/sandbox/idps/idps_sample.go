package idps

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// OIDCBody is a generic OIDC IdP as a client would send it.
func OIDCBody(name, host, clientID, secret string) engine.Obj {
	return engine.Obj{
		"type": "OIDC", "name": name,
		"protocol": engine.Obj{
			"type": "OIDC",
			"endpoints": engine.Obj{
				"authorization": engine.Obj{"url": host + "/oauth2/v1/authorize", "binding": "HTTP-REDIRECT"},
				"token":         engine.Obj{"url": host + "/oauth2/v1/token", "binding": "HTTP-POST"},
				"userInfo":      engine.Obj{"url": host + "/oauth2/v1/userinfo", "binding": "HTTP-REDIRECT"},
				"jwks":          engine.Obj{"url": host + "/oauth2/v1/keys", "binding": "HTTP-REDIRECT"},
			},
			"algorithms":  engine.Obj{"request": engine.Obj{"signature": engine.Obj{"algorithm": "HS256", "scope": "REQUEST"}}},
			"scopes":      []any{"openid", "profile", "email"},
			"issuer":      engine.Obj{"url": host},
			"credentials": engine.Obj{"client": engine.Obj{"client_id": clientID, "client_secret": secret}},
		},
	}
}

// SAMLBody is a SAML 2.0 IdP trusting the key kid.
func SAMLBody(name, host, kid string) engine.Obj {
	return engine.Obj{
		"type": "SAML2", "name": name,
		"protocol": engine.Obj{
			"type": "SAML2",
			"endpoints": engine.Obj{
				"sso": engine.Obj{"url": host + "/sso/saml", "binding": "HTTP-POST", "destination": host + "/sso/saml"},
				"acs": engine.Obj{"binding": "HTTP-POST", "type": "INSTANCE"},
			},
			"credentials": engine.Obj{"trust": engine.Obj{"issuer": host + "/saml2/metadata", "kid": kid}},
			"settings":    engine.Obj{"nameFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", "honorPersistentNameId": true},
		},
	}
}

// SocialBody is a social IdP as a client would send it.
func SocialBody(typ, name, clientID, secret string, scopes ...string) engine.Obj {
	return engine.Obj{
		"type": typ, "name": name,
		"protocol": engine.Obj{
			"type":        idpSocial[typ].protocol,
			"scopes":      engine.AnyStrings(scopes),
			"credentials": engine.Obj{"client": engine.Obj{"client_id": clientID, "client_secret": secret}},
		},
	}
}

func sampleIdPs(c *engine.Call) error {
	groups := func(names ...string) []any {
		out := []any{}
		for _, n := range names {
			if g := c.Org.Find(engine.TableGroups, "", func(o engine.Obj) bool { return engine.Str(o, "profile.name") == n }); g != nil {
				out = append(out, engine.Str(g, "id"))
			}
		}
		return out
	}
	keys := c.Org.List("idpKeys", "")
	if len(keys) < 3 {
		return fmt.Errorf("sample IdPs need 3 IdP keys, the key store has %d", len(keys))
	}
	kid := func(i int) string { return engine.Str(keys[i], "kid") }

	acme := SAMLBody("Acme Partner SAML", "https://idp.acme-partner.example", kid(0))
	engine.Set(acme, "policy.provisioning.groups", engine.Obj{"action": "ASSIGN", "assignments": groups("Contractors")})
	engine.Set(acme, "policy.subject.userNameTemplate.template", "idpuser.subjectNameId")

	contoso := SAMLBody("Contoso ADFS", "https://adfs.contoso.example", kid(1))
	engine.Set(contoso, "policy.provisioning", engine.Obj{"action": "AUTO", "profileMaster": true,
		"groups": engine.Obj{"action": "SYNC", "filter": groups("Engineering", "Support")}})
	engine.Set(contoso, "policy.maxClockSkew", engine.JSONInt(120000))

	fabrikam := SAMLBody("Fabrikam SSO", "https://sso.fabrikam.example", kid(2))
	engine.Set(fabrikam, "policy.accountLink", engine.Obj{"action": "AUTO", "filter": engine.Obj{"groups": engine.Obj{"include": groups("Contractors")}}})
	engine.Set(fabrikam, "policy.subject.matchType", "EMAIL")

	google := SocialBody("GOOGLE", "Google Workspace", "102030405060-sandbox.apps.googleusercontent.com",
		c.Org.Secret(24), "openid", "profile", "email")
	engine.Set(google, "policy.provisioning.groups", engine.Obj{"action": "ASSIGN", "assignments": groups("All Employees")})

	entra := SocialBody("MICROSOFT", "Microsoft Entra ID", "3f1c2b7e-sandbox-entra-client",
		c.Org.Secret(40), "https://graph.microsoft.com/User.Read", "openid", "profile", "email")
	engine.Set(entra, "policy.provisioning.groups", engine.Obj{"action": "APPEND", "filter": groups("Engineering", "Sales", "Support")})
	engine.Set(entra, "policy.accountLink.filter", engine.Obj{"groups": engine.Obj{"include": groups("All Employees")}})
	engine.Set(entra, "policy.subject.userNameTemplate.template", "idpuser.userPrincipalName")

	northwind := OIDCBody("Northwind Partner OIDC", "https://login.northwind.example", "northwind-okta", c.Org.Secret(40))
	engine.Set(northwind, "policy.provisioning.groups", engine.Obj{"action": "ASSIGN", "assignments": groups("Portal Users")})
	engine.Set(northwind, "policy.trustClaims", true)

	facebook := SocialBody("FACEBOOK", "Customer Facebook Login", "998877665544", c.Org.Secret(32), "public_profile", "email")
	engine.Set(facebook, "policy.provisioning.groups", engine.Obj{"action": "ASSIGN", "assignments": groups("Portal Users")})

	for _, x := range []struct {
		body     engine.Obj
		inactive bool
	}{{acme, false}, {contoso, false}, {fabrikam, true}, {google, false}, {entra, false}, {northwind, false}, {facebook, true}} {
		if g := engine.Str(x.body, "policy.provisioning.groups.action"); (g == "ASSIGN" && len(engine.StringsAt(x.body, "policy.provisioning.groups.assignments")) == 0) ||
			(g != "ASSIGN" && g != "" && len(engine.StringsAt(x.body, "policy.provisioning.groups.filter")) == 0) {
			// The sample groups are missing (groups module changed):
			// keep the IdP, without group provisioning.
			engine.Set(x.body, "policy.provisioning.groups", engine.Obj{"action": "NONE"})
		}
		obj, err := idpsRes.Insert(c, "", x.body, nil)
		if err != nil {
			return fmt.Errorf("idp %q: %w", engine.Str(x.body, "name"), err)
		}
		if x.inactive {
			obj["status"] = "INACTIVE"
		}
	}
	return nil
}
