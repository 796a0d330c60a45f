package authenticators

import (
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Authenticator methods (coverage §3.7 E3): the ways an authenticator
// verifies a user (Okta Verify: push, totp, signed_nonce; phone: sms,
// voice). They exist with their authenticator: no create, no delete; GET,
// PUT of their settings, and a lifecycle per method.
//
// What the recordings show (TestAccDataSourceOktaAuthenticatorMethodWebauthn_read):
// {type, status, settings, _links}; the webauthn method of a customised
// authenticator carries userVerification, attachment and aaguidGroups, and
// its only link is self with hints GET and PUT, although it is ACTIVE.
// From the spec's examples: phone's sms method (ACTIVE) offers deactivate,
// its voice method (INACTIVE) activate; webauthn's defaults are
// userVerification DISCOURAGED and attachment ANY. The sandbox reads the
// two together: a method that is its authenticator's only one can't be
// switched on its own (no lifecycle links; a lifecycle call is 400
// E0000001, an unverified choice), since the authenticator's own
// lifecycle does that. Which methods each authenticator has, and the
// settings of those the recordings never show, are Okta's documentation's
// (unverified in traffic): see authenticatorMethodSets.
var methodsRes = &engine.Resource{
	Name: tableMethods, TypeName: "AuthenticatorMethod", Area: "authenticators",
	// Okta's event-type catalog has no events of their own for methods: a
	// method's change is logged as an update of its authenticator, with
	// the method among the targets.
	Events: &engine.Events{Type: "AuthenticatorMethod", Update: methodEvent, Activate: methodEvent, Deactivate: methodEvent},
	Coll:   "/api/v1/authenticators/{authenticatorId}/methods", IDParam: "methodType", ParentParam: "authenticatorId",
	Parent: authenticatorsRes,
	Fields: []engine.Field{
		{Path: "settings", Type: engine.TObject},
		{Path: "settings.aaguidGroups", Type: engine.TArray},
		{Path: "settings.userVerification", Type: engine.TString},
		{Path: "settings.attachment", Type: engine.TString},
		{Path: "settings.algorithms", Type: engine.TArray},
		{Path: "settings.keyProtection", Type: engine.TString},
		{Path: "settings.transactionTypes", Type: engine.TArray},
		{Path: "settings.showSignInWithOV", Type: engine.TString},
	},
	ReadOnly: []string{"verifiableProperties"},
}

const tableMethods = "authenticatorMethods"

// methodEvent is the event of a method's change.
const methodEvent = "security.authenticator.lifecycle.update"

// methodDefault is one method an authenticator has from the start.
type methodDefault struct {
	typ      string
	inactive bool
	settings engine.Obj
}

// authenticatorMethodSets lists each authenticator key's methods, in the
// order Okta lists them.
func authenticatorMethodSets(key string) []methodDefault {
	switch key {
	case "okta_email":
		return []methodDefault{{typ: "email"}}
	case "okta_password":
		return []methodDefault{{typ: "password"}}
	case "phone_number":
		return []methodDefault{{typ: "sms"}, {typ: "voice", inactive: true}}
	case "security_question":
		return []methodDefault{{typ: "security_question"}}
	case "okta_verify":
		algs := []any{"ES256", "RS256"}
		return []methodDefault{
			{typ: "push", settings: engine.Obj{"algorithms": algs, "keyProtection": "ANY", "transactionTypes": []any{"LOGIN"}}},
			{typ: "signed_nonce", settings: engine.Obj{"algorithms": algs, "keyProtection": "ANY", "showSignInWithOV": "ALWAYS"}},
			{typ: "totp", settings: engine.Obj{"timeIntervalInSeconds": engine.JSONInt(30), "encoding": "base32",
				"algorithm": "HMacSHA1", "passCodeLength": engine.JSONInt(6)}},
		}
	case "webauthn":
		return []methodDefault{{typ: "webauthn", settings: engine.Obj{"userVerification": "DISCOURAGED", "attachment": "ANY"}}}
	case "google_otp", "custom_otp", "onprem_mfa", "yubikey_token", "symantec_vip":
		return []methodDefault{{typ: "otp"}}
	case "custom_app":
		return []methodDefault{{typ: "push"}}
	case "duo":
		return []methodDefault{{typ: "duo"}}
	case "external_idp":
		return []methodDefault{{typ: "idp"}}
	case "smart_card_idp":
		return []methodDefault{{typ: "cert"}}
	}
	return nil
}

func init() {
	methodsRes.Prepare = prepareMethod
	methodsRes.Links = methodLinks
	engine.Register(engine.Module{
		Name: "authenticator-methods", Phase: 11,
		Routes: installMethods,
		Sample: sampleMethods,
	})
}

// addAuthenticatorMethods makes a new authenticator's methods (its
// AfterCreate): they exist with it.
func addAuthenticatorMethods(c *engine.Call, _ string, a engine.Obj) *engine.APIError {
	id := engine.Str(a, "id")
	for _, m := range authenticatorMethodSets(engine.Str(a, "key")) {
		obj := engine.Obj{"id": m.typ, "type": m.typ, "status": "ACTIVE"}
		if m.inactive {
			obj["status"] = "INACTIVE"
		}
		if m.settings != nil {
			obj["settings"] = engine.Clone(m.settings)
		}
		c.Org.Put(tableMethods, id, m.typ, obj)
	}
	return nil
}

func installMethods(rt *engine.Router) {
	res := methodsRes
	item := res.ItemPattern()
	read, manage := engine.ScopeFor(res.Area, "GET"), engine.ScopeFor(res.Area, "PUT")
	rt.Handle("GET", res.Coll, read, func(c *engine.Call) engine.Reply {
		pid := c.Param(res.ParentParam)
		if err := res.CheckParent(c, pid); err != nil {
			return engine.Fail(err)
		}
		items := c.Org.List(res.Name, pid)
		out := make([]any, len(items))
		for i, m := range items {
			out[i] = renderMethod(c, pid, m)
		}
		return engine.OK(out)
	})
	rt.Handle("GET", item, read, func(c *engine.Call) engine.Reply {
		pid := c.Param(res.ParentParam)
		m, err := res.Lookup(c, pid, c.Param(res.IDParam))
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(renderMethod(c, pid, m))
	})
	rt.Handle("PUT", item, manage, func(c *engine.Call) engine.Reply {
		pid := c.Param(res.ParentParam)
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		m, err := res.Replace(c, pid, c.Param(res.IDParam), body)
		if err != nil {
			return engine.Fail(err)
		}
		delete(m, "created")
		delete(m, "lastUpdated")
		return engine.OK(renderMethod(c, pid, m))
	})
	for action, status := range map[string]string{"activate": "ACTIVE", "deactivate": "INACTIVE"} {
		rt.Handle("POST", item+"/lifecycle/"+action, manage, func(c *engine.Call) engine.Reply {
			pid := c.Param(res.ParentParam)
			m, err := res.Lookup(c, pid, c.Param(res.IDParam))
			if err != nil {
				return engine.Fail(err)
			}
			if len(c.Org.List(res.Name, pid)) == 1 {
				return engine.Fail(engine.ErrValidation("status",
					"status: The only method of an authenticator is switched with the authenticator's own lifecycle"))
			}
			if engine.Str(m, "status") != status {
				m["status"] = status
				targets := []engine.Target{res.TargetOf(m)}
				if a := c.Org.Get(engine.TableAuthenticators, "", pid); a != nil {
					targets = append(targets, authenticatorsRes.TargetOf(a))
				}
				c.Emit(methodEvent, targets...)
			}
			return engine.OK(renderMethod(c, pid, m))
		})
	}
}

// renderMethod is a method as the API shows it: no id or dates of its own,
// and its links.
func renderMethod(c *engine.Call, pid string, m engine.Obj) engine.Obj {
	out := methodsRes.Render(c, pid, m)
	delete(out, "id")
	return out
}

func prepareMethod(c *engine.Call, pid string, body, cur engine.Obj) *engine.APIError {
	if t := engine.Str(body, "type"); t != "" && t != engine.Str(cur, "type") {
		return engine.ErrValidation("type", "type: The type of a method can't be changed")
	}
	body["type"] = cur["type"]
	if _, has := body["settings"]; !has && cur["settings"] != nil {
		body["settings"] = engine.Clone(cur["settings"])
	}
	enum := func(path string, allowed ...string) *engine.APIError {
		if v := engine.Str(body, path); v != "" && !slices.Contains(allowed, v) {
			return engine.ErrValidation(path, path+": '"+v+"' is not one of "+strings.Join(allowed, ", "))
		}
		return nil
	}
	for _, err := range []*engine.APIError{
		enum("settings.userVerification", "DISCOURAGED", "PREFERRED", "REQUIRED"),
		enum("settings.attachment", "ANY", "BUILT_IN", "ROAMING"),
		enum("settings.keyProtection", "ANY", "HARDWARE"),
		enum("settings.showSignInWithOV", "ALWAYS", "NEVER"),
		aaguidGroups(body),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// aaguidGroups checks settings.aaguidGroups: named groups of AAGUIDs.
func aaguidGroups(body engine.Obj) *engine.APIError {
	groups, _ := engine.At(body, "settings.aaguidGroups").([]any)
	for _, g := range groups {
		m, ok := g.(map[string]any)
		if !ok {
			return engine.ErrMalformed()
		}
		if strings.TrimSpace(engine.Str(m, "name")) == "" {
			return engine.ErrValidation("settings.aaguidGroups", "settings.aaguidGroups.name: The field cannot be left blank")
		}
		if _, ok := m["aaguids"].([]any); !ok {
			return engine.ErrValidation("settings.aaguidGroups", "settings.aaguidGroups.aaguids: must be a list of AAGUIDs")
		}
	}
	return nil
}

// methodLinks: self with GET and PUT; a method that can be switched on its
// own offers activate or deactivate.
func methodLinks(c *engine.Call, pid string, m engine.Obj, l engine.Obj) {
	self := c.Base + "/api/v1/authenticators/" + pid + "/methods/" + engine.Str(m, "type")
	l["self"] = engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"GET", "PUT"}}}
	delete(l, "activate")
	delete(l, "deactivate")
	if len(c.Org.List(tableMethods, pid)) < 2 {
		return
	}
	if engine.Str(m, "status") == "ACTIVE" {
		l["deactivate"] = engine.Obj{"href": self + "/lifecycle/deactivate", "hints": engine.Obj{"allow": []any{"POST"}}}
	} else {
		l["activate"] = engine.Obj{"href": self + "/lifecycle/activate", "hints": engine.Obj{"allow": []any{"POST"}}}
	}
}
