package operations

import (
	"crypto/sha256"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// API tokens (SPEC ApiTokenAPI; v6.1.0 adds PUT upsertApiToken; recorded
// TestAccResourceAPITokenResource_basic, TestAccDataSourceOktaAPIToken_read):
// the metadata of the org's SSWS tokens, never their values. Tokens are
// made in the Admin Console, so the API has no create. What the
// recordings show:
//
//   - the object: {id 00T…, name, userId, clientName "Okta API",
//     tokenWindow "P30D", network{connection: ANYWHERE} or
//     {connection: ZONE, include|exclude: [zone ids]}, expiresAt (created
//     plus the window), created, lastUpdated, _links{self (GET, DELETE),
//     user}};
//   - PUT takes {name, network, and the echoed clientName, created,
//     userId} and answers 200 with the token, a new lastUpdated and the
//     network as sent (an ANYWHERE network drops its zones);
//   - DELETE (revoke) answers 204.
//
// Every org holds the token its client uses: the seed makes it, owned by
// the super admin. DELETE /api-tokens/current ("revokes the API token
// provided in the Authorization header", SPEC), or a DELETE of that
// token's id, revokes it: its record goes, and the sandbox's gate refuses
// the --token it was started with from then on (401 E0000011, as for any
// invalid token; docs/sandbox.md). Revoking logs system.api_token.revoke (Okta's
// catalog); a PUT logs nothing, as the catalog has no event for it. A
// deleted user's tokens go with the user.
var apiTokensRes = &engine.Resource{
	Name: tableAPITokens, TypeName: "ApiToken", Prefix: "00T", Area: "apiTokens",
	Coll: "/api/v1/api-tokens", IDParam: "apiTokenId",
}

const (
	tableAPITokens       = engine.TableAPITokens
	tableAPITokenCurrent = "apiTokenCurrent" // one object {id: "current", tokenId}
	apiTokenWindow       = 30 * 24 * time.Hour
	idAlphabet           = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

func init() {
	engine.Register(engine.Module{
		Name: "api-tokens", Phase: 80,
		Routes: apiTokenRoutes,
		Seed:   seedAPITokens,
		Sample: sampleAPITokens,
		OnDelete: map[string]engine.DeleteHook{
			engine.TableUsers: operationsDropUser,
		},
	})
}

func apiTokenRoutes(rt *engine.Router) {
	res := apiTokensRes
	item := res.ItemPattern()
	read, manage := engine.ScopeFor(res.Area, "GET"), engine.ScopeFor(res.Area, "POST")
	rt.Handle("GET", res.Coll, read, func(c *engine.Call) engine.Reply {
		items := c.Org.List(tableAPITokens, "")
		out := make([]any, len(items))
		for i, t := range items {
			out[i] = renderAPIToken(c, t)
		}
		return engine.OK(out)
	})
	rt.Handle("GET", item, read, func(c *engine.Call) engine.Reply {
		t, err := res.Lookup(c, "", c.Param(res.IDParam))
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(renderAPIToken(c, t))
	})
	rt.Handle("PUT", item, manage, upsertAPIToken)
	rt.Handle("DELETE", item, manage, func(c *engine.Call) engine.Reply {
		t, err := res.Lookup(c, "", c.Param(res.IDParam))
		if err != nil {
			return engine.Fail(err)
		}
		revokeAPIToken(c, t)
		return engine.NoContent()
	})
	rt.Handle("DELETE", res.Coll+"/current", manage, func(c *engine.Call) engine.Reply {
		if cur := c.Org.Get(tableAPITokenCurrent, "", "current"); cur != nil {
			if t := c.Org.Get(tableAPITokens, "", engine.Str(cur, "tokenId")); t != nil {
				revokeAPIToken(c, t)
			}
		}
		// The token in the header is revoked even when its record has
		// gone (with its owner); an OAuth access token is not an API
		// token, so it revokes nothing.
		if r := c.Request(); r != nil && strings.HasPrefix(r.Header.Get("Authorization"), "SSWS ") {
			c.RevokeClientToken()
		}
		return engine.NoContent()
	})
}

func revokeAPIToken(c *engine.Call, t engine.Obj) {
	c.Emit("system.api_token.revoke", engine.Target{ID: engine.Str(t, "id"), Type: "Token", DisplayName: engine.Str(t, "name")})
	c.Org.Remove(tableAPITokens, "", engine.Str(t, "id"))
	if cur := c.Org.Get(tableAPITokenCurrent, "", "current"); cur != nil && engine.Str(cur, "tokenId") == engine.Str(t, "id") {
		c.RevokeClientToken()
	}
}

// upsertAPIToken changes a token's name and network; its owner, client
// and dates are Okta's.
func upsertAPIToken(c *engine.Call) engine.Reply {
	t, err := apiTokensRes.Lookup(c, "", c.Param(apiTokensRes.IDParam))
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{
		{Path: "name", Type: engine.TString},
		{Path: "network", Type: engine.TObject},
		{Path: "network.connection", Type: engine.TString, Enum: []string{"ANYWHERE", "ZONE"}},
		{Path: "network.include", Type: engine.TArray},
		{Path: "network.exclude", Type: engine.TArray},
	}); err != nil {
		return engine.Fail(err)
	}
	if uid, ok := body["userId"].(string); ok && uid != engine.Str(t, "userId") {
		return engine.Fail(engine.ErrValidation("userId", "userId: The owner of an API token can't be changed"))
	}
	next := engine.CloneObj(t)
	if name, ok := body["name"].(string); ok {
		if name == "" {
			return engine.Fail(engine.ErrValidation("name", "name: The field cannot be left blank"))
		}
		next["name"] = name
	}
	if nw, ok := body["network"].(map[string]any); ok {
		network, err := apiTokenNetwork(c, nw)
		if err != nil {
			return engine.Fail(err)
		}
		next["network"] = network
	}
	next["lastUpdated"] = c.Org.Timestamp()
	c.Org.Put(tableAPITokens, "", engine.Str(t, "id"), next)
	return engine.OK(renderAPIToken(c, next))
}

// apiTokenNetwork validates a token's network condition: ANYWHERE, or
// ZONE with zones of the org to include or exclude.
func apiTokenNetwork(c *engine.Call, nw engine.Obj) (engine.Obj, *engine.APIError) {
	conn := engine.Str(nw, "connection")
	if conn == "" || conn == "ANYWHERE" {
		return engine.Obj{"connection": "ANYWHERE"}, nil
	}
	out := engine.Obj{"connection": conn}
	n := 0
	for _, k := range []string{"include", "exclude"} {
		ids := engine.StringsAt(nw, k)
		if len(ids) == 0 {
			continue
		}
		for _, id := range ids {
			if c.Org.Get(engine.TableZones, "", id) == nil {
				return nil, engine.ErrValidation("network."+k, "network."+k+": Network zone "+id+" does not exist")
			}
		}
		out[k] = engine.AnyStrings(ids)
		n++
	}
	if n == 0 {
		return nil, engine.ErrValidation("network", "network: A ZONE connection needs zones to include or exclude")
	}
	return out, nil
}

func renderAPIToken(c *engine.Call, t engine.Obj) engine.Obj {
	out := engine.CloneObj(t)
	self := c.Base + apiTokensRes.Coll + "/" + engine.Str(t, "id")
	out["_links"] = engine.Obj{
		"self": engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"GET", "DELETE"}}},
		"user": engine.Obj{"href": c.Base + "/api/v1/users/" + engine.Str(t, "userId"), "hints": engine.Obj{"allow": []any{"GET"}}},
	}
	return out
}

// putAPIToken stores a token's metadata, expiring a window after it was
// made (Okta renews the window on use; the sandbox does not). An empty
// id draws one from the org's random source.
func putAPIToken(c *engine.Call, id, name, userID string) engine.Obj {
	if id == "" {
		id = c.Org.NewID(apiTokensRes.Prefix)
	}
	now := c.Org.Now().UTC()
	stamp := func(t time.Time) string { return t.Format("2006-01-02T15:04:05.000Z") }
	t := engine.Obj{
		"id": id, "name": name, "userId": userID, "clientName": "Okta API", "tokenWindow": "P30D",
		"network": engine.Obj{"connection": "ANYWHERE"}, "expiresAt": stamp(now.Add(apiTokenWindow)),
		"created": stamp(now), "lastUpdated": stamp(now),
	}
	c.Org.Put(tableAPITokens, "", id, t)
	return t
}

// seedAPITokens makes the token the sandbox's client authenticates with.
// Its id derives from the org's id instead of the org's random source:
// seeding runs before the sample is built, and a draw here would change
// the id of every sample object.
func seedAPITokens(c *engine.Call) error {
	sum := sha256.Sum256([]byte(c.Org.OrgID + "/api-token"))
	id := []byte(apiTokensRes.Prefix)
	for _, b := range sum[:17] {
		id = append(id, idAlphabet[int(b)%len(idAlphabet)])
	}
	t := putAPIToken(c, string(id), "oktasync", c.Org.AdminID)
	c.Org.Put(tableAPITokenCurrent, "", "current", engine.Obj{"id": "current", "tokenId": t["id"]})
	return nil
}

// sampleAPITokens adds the tokens a small company's admins made for their
// integrations.
func sampleAPITokens(c *engine.Call) error {
	for _, name := range []string{"Terraform CI", "SIEM log export"} {
		putAPIToken(c, "", name, c.Org.AdminID)
	}
	return nil
}

// operationsDropUser removes a deleted user's device links and API tokens.
func operationsDropUser(c *engine.Call, _ string, cur engine.Obj) {
	uid := engine.Str(cur, "id")
	for _, dev := range c.Org.Parents(tableDeviceUsers) {
		c.Org.Remove(tableDeviceUsers, dev, uid)
	}
	for _, t := range c.Org.List(tableAPITokens, "") {
		if engine.Str(t, "userId") == uid {
			c.Org.Remove(tableAPITokens, "", engine.Str(t, "id"))
		}
	}
}
