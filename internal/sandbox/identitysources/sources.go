package identitysources

import (
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The tables of this package, each per identity source (parent = its app id).
const (
	tableSessions = "identitySourceSessions"
	tableUsers    = "identitySourceUsers"
	tableGroups   = "identitySourceGroups"
)

// appName is the catalog name of a Custom Identity Source app instance
// (recorded apps list, VCR TestAccResourceOktaAppSignOnPolicyRule_AUTH_METHOD_CHAIN).
const appName = "custom_identity_source"

// area is the OAuth scope area of every endpoint (okta.identitySources.read
// and .manage, as the spec's security sections say).
const area = "identitySources"

// base is the collection every endpoint lives under.
const base = "/api/v1/identity-sources/{identitySourceId}"

func init() {
	engine.Register(engine.Module{
		Name: "identity-sources", Phase: 44,
		Routes: routes,
		OnDelete: map[string]engine.DeleteHook{
			engine.TableApps: func(c *engine.Call, _ string, app engine.Obj) {
				id := engine.Str(app, "id")
				for _, t := range []string{tableSessions, tableUsers, tableGroups} {
					c.Org.DropTable(t, id)
				}
			},
		},
	})
}

func routes(rt *engine.Router) {
	h := func(method, path string, fn engine.HandlerFunc) {
		rt.Handle(method, base+path, engine.ScopeFor(area, method), withSource(fn))
	}
	h(http.MethodGet, "/sessions", listSessions)
	h(http.MethodPost, "/sessions", createSession)
	h(http.MethodGet, "/sessions/{sessionId}", getSession)
	h(http.MethodDelete, "/sessions/{sessionId}", cancelSession)
	h(http.MethodPost, "/sessions/{sessionId}/start-import", startImport)
	for _, u := range uploads {
		h(http.MethodPost, "/sessions/{sessionId}/"+u.name, uploadHandler(u))
	}
	h(http.MethodPost, "/users", createUser)
	h(http.MethodGet, "/users/{externalId}", getUser)
	h(http.MethodPatch, "/users/{externalId}", updateUser)
	h(http.MethodDelete, "/users/{externalId}", deleteUser)
	h(http.MethodPost, "/groups", createGroup)
	h(http.MethodGet, "/groups/{groupOrExternalId}", getGroup)
	h(http.MethodPost, "/groups/{groupOrExternalId}", updateGroup)
	h(http.MethodDelete, "/groups/{groupOrExternalId}", deleteGroup)
	h(http.MethodGet, "/groups/{groupOrExternalId}/membership", listMembers)
	h(http.MethodPost, "/groups/{groupOrExternalId}/membership", addMember)
	h(http.MethodDelete, "/groups/{groupOrExternalId}/membership/{memberExternalId}", removeMember)
}

// withSource answers 404 for an identity source the org does not have, and
// otherwise first brings the source's sessions up to the org's clock
// (advance: imports that have finished processing, sessions that expired).
// The engine records a call's System Log events only when it succeeds, so
// when the request fails, what advance did is rolled back and left to the
// next request: an import's completion and its event always go together.
func withSource(fn engine.HandlerFunc) engine.HandlerFunc {
	return func(c *engine.Call) engine.Reply {
		id := c.Param("identitySourceId")
		if source(c, id) == nil {
			// Unverified: the spec documents 404 for every operation;
			// no recording names an unknown identity source.
			return engine.Fail(engine.ErrNotFound(id, "IdentitySource"))
		}
		var before map[string][]engine.Obj
		if due(c, id) {
			before = snapshot(c, id)
			advance(c, id)
		}
		rep := fn(c)
		if rep.Err != nil && before != nil {
			restore(c, id, before)
		}
		return rep
	}
}

// snapshot copies the source's tables; restore puts such a copy back.
func snapshot(c *engine.Call, src string) map[string][]engine.Obj {
	out := map[string][]engine.Obj{}
	for _, t := range []string{tableSessions, tableUsers, tableGroups} {
		for _, o := range c.Org.List(t, src) {
			out[t] = append(out[t], engine.CloneObj(o))
		}
	}
	return out
}

func restore(c *engine.Call, src string, snap map[string][]engine.Obj) {
	for _, t := range []string{tableSessions, tableUsers, tableGroups} {
		c.Org.DropTable(t, src)
		for _, o := range snap[t] {
			c.Org.Put(t, src, engine.Str(o, "id"), o)
		}
	}
}

// source is the Custom Identity Source app with this id, or nil. Any other
// app is not an identity source.
func source(c *engine.Call, id string) engine.Obj {
	app := c.Org.Get(engine.TableApps, "", id)
	if app == nil || engine.Str(app, "name") != appName {
		return nil
	}
	return app
}

// sourceTarget is the System Log target naming the identity source: the
// app instance.
func sourceTarget(c *engine.Call, id string) engine.Target {
	app := source(c, id)
	return engine.Target{ID: id, Type: "AppInstance", DisplayName: engine.Str(app, "label"), AlternateID: engine.Str(app, "name")}
}

// render copies a stored object without the fields the package keeps for
// itself (those starting with "_").
func render(o engine.Obj) engine.Obj {
	out := engine.Obj{}
	for k, v := range o {
		if !strings.HasPrefix(k, "_") {
			out[k] = engine.Clone(v)
		}
	}
	return out
}

// notFound is Okta's 404 for an object of this API.
func notFound(id, typeName string) engine.Reply {
	return engine.Fail(engine.ErrNotFound(id, typeName))
}
