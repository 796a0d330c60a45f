package engine

import (
	"net/http"
	"sync"
)

// Resource is the sandbox's description of one Okta collection: where it
// lives, how it pages, what its lifecycle allows, and the hooks through
// which a kind adds its own validation, defaults and side effects. The
// generic engine (resource.go, resource_store.go) serves list/create/get/replace/delete and the
// lifecycle endpoints from it; a kind with unusual endpoints registers
// those by hand next to its resource.
type Resource struct {
	Name     string // table name
	TypeName string // Okta's type name in 404 summaries ("UserGroup")
	Prefix   string // id prefix ("00g")
	Area     string // OAuth scope area ("groups" → okta.groups.read/manage)

	Coll        string // collection pattern, e.g. /api/v1/policies/{policyId}/rules
	IDParam     string // item wildcard name, e.g. ruleId
	ParentParam string // parent wildcard in coll, "" for top-level
	Parent      *Resource

	Page PageSpec
	// Events is what the System Log records for the generic writes; nil
	// for a kind whose writes the engine does not log.
	Events *Events

	CreateStatus int // 200 unless Okta documents 201
	DeleteStatus int // 204 unless Okta documents 202
	UpdateMethod string

	NoCreate, NoUpdate, NoDelete, NoList bool

	Life Lifecycle
	Sib  *Siblings

	Fields   []Field  // shape checks on create and update
	ReadOnly []string // ignored in request bodies
	Keep     []string // server-owned fields carried over on update

	// Prepare validates and fills in defaults, in place, on create
	// (cur == nil) and on update (cur is the stored object).
	Prepare func(c *Call, parentID string, body, cur Obj) *APIError
	// AfterCreate adds side objects (a catch-all rule, a default policy).
	AfterCreate func(c *Call, parentID string, obj Obj) *APIError
	// BeforeDelete refuses a delete (in use, system object, …).
	BeforeDelete func(c *Call, parentID string, cur Obj) *APIError
	// AfterDelete cascades (child tables, references).
	AfterDelete func(c *Call, parentID string, cur Obj)
	// BeforeStatus refuses an activation or deactivation.
	BeforeStatus func(c *Call, parentID string, cur Obj, status string) *APIError
	// Filter applies list query parameters; a required one that is
	// missing is an error.
	Filter func(c *Call, parentID string, items []Obj) ([]Obj, *APIError)
	// Links adds kind-specific _links to the defaults.
	Links func(c *Call, parentID string, o Obj, l Obj)
	// Decorate, when set, completes a rendered object (out, a copy the
	// caller may change) with what depends on the request, such as links
	// nested in its body.
	Decorate func(c *Call, parentID string, out Obj)
	// System reports objects Okta created and protects.
	System func(o Obj) bool

	defaults sync.Once // see install
}

// Lifecycle is how status changes for a kind.
type Lifecycle struct {
	Enabled bool
	// ActivateParam: create honours ?activate= (default true).
	ActivateParam bool
	// CreatedInactive: always created INACTIVE (group rules).
	CreatedInactive bool
	// InactiveToUpdate / InactiveToDelete are Okta's preconditions.
	InactiveToUpdate bool
	InactiveToDelete bool
	// Reply is how the activate/deactivate endpoints answer.
	Reply LifecycleReply
}

// LifecycleReply is how the activate and deactivate endpoints answer.
type LifecycleReply int

const (
	ReplyObject      LifecycleReply = iota // 200 with the object
	ReplyNoContent                         // 204
	ReplyEmptyObject                       // 200 with {}
)

// Siblings keeps a priority field dense and ordered, the way Okta renumbers
// policies and rules when one is inserted, moved or removed.
type Siblings struct {
	Field string
	// Group partitions a table into sibling sets (policies by type).
	Group func(o Obj) string
	// Pinned objects (system policies and rules) stay after the others.
	Pinned func(o Obj) bool
}

var commonReadOnly = []string{"id", "created", "lastUpdated", "_links", "_embedded"}

// ItemPattern is the item endpoint's pattern: Coll/{IDParam}.
func (res *Resource) ItemPattern() string { return res.Coll + "/{" + res.IDParam + "}" }

func (res *Resource) parentID(c *Call) string {
	if res.ParentParam == "" {
		return ""
	}
	return c.Param(res.ParentParam)
}

// CheckParent answers 404 when the parent object does not exist.
func (res *Resource) CheckParent(c *Call, parentID string) *APIError {
	if res.Parent == nil {
		return nil
	}
	pp := res.Parent.parentIDOf(c)
	if c.Org.Get(res.Parent.Name, pp, parentID) == nil {
		return ErrNotFound(parentID, res.Parent.TypeName)
	}
	return nil
}

// parentIDOf returns this resource's own parent id from the request, for
// grandchildren (auth server → policy → rule).
func (res *Resource) parentIDOf(c *Call) string {
	if res.ParentParam == "" {
		return ""
	}
	return c.Param(res.ParentParam)
}

// Install registers the generic endpoints. Resources are package-level
// values shared by every Server in the process, so their defaults are
// filled in once: servers built concurrently (parallel tests) must not
// race on them.
func (res *Resource) Install(rt *Router) { res.InstallWrapped(rt, nil) }

// InstallWrapped is Install with every generic handler passed through wrap
// (when not nil), for kinds that adjust each request or answer (the
// authorization servers resolve the `default` alias and fix issuers).
func (res *Resource) InstallWrapped(rt *Router, wrap func(HandlerFunc) HandlerFunc) {
	w := func(h HandlerFunc) HandlerFunc {
		if wrap == nil {
			return h
		}
		return wrap(h)
	}
	res.defaults.Do(func() {
		if res.CreateStatus == 0 {
			res.CreateStatus = http.StatusOK
		}
		if res.DeleteStatus == 0 {
			res.DeleteStatus = http.StatusNoContent
		}
		if res.UpdateMethod == "" {
			res.UpdateMethod = http.MethodPut
		}
	})
	item := res.ItemPattern()
	if !res.NoList {
		rt.Handle("GET", res.Coll, ScopeFor(res.Area, "GET"), w(res.HandleList))
	}
	if !res.NoCreate {
		rt.Handle("POST", res.Coll, ScopeFor(res.Area, "POST"), w(res.HandleCreate))
	}
	rt.Handle("GET", item, ScopeFor(res.Area, "GET"), w(res.handleGet))
	if !res.NoUpdate {
		rt.Handle(res.UpdateMethod, item, ScopeFor(res.Area, res.UpdateMethod), w(res.handleUpdate))
	}
	if !res.NoDelete {
		rt.Handle("DELETE", item, ScopeFor(res.Area, "DELETE"), w(res.HandleDelete))
	}
	if res.Life.Enabled {
		rt.Handle("POST", item+"/lifecycle/activate", ScopeFor(res.Area, "POST"), w(res.lifecycleHandler("ACTIVE")))
		rt.Handle("POST", item+"/lifecycle/deactivate", ScopeFor(res.Area, "POST"), w(res.lifecycleHandler("INACTIVE")))
	}
}

// InstallWithPut registers a resource's generic endpoints with a
// hand-written PUT, for kinds whose replace does more than the engine's
// (zones honour status on PUT; IdPs answer with created: null). The
// resource must set CreateStatus, DeleteStatus and UpdateMethod itself, as
// Install is not called for it.
func (res *Resource) InstallWithPut(rt *Router, put HandlerFunc) {
	item := res.ItemPattern()
	rt.Handle("GET", res.Coll, ScopeFor(res.Area, "GET"), res.HandleList)
	rt.Handle("POST", res.Coll, ScopeFor(res.Area, "POST"), res.HandleCreate)
	rt.Handle("GET", item, ScopeFor(res.Area, "GET"), res.handleGet)
	rt.Handle("PUT", item, ScopeFor(res.Area, "PUT"), put)
	rt.Handle("DELETE", item, ScopeFor(res.Area, "DELETE"), res.HandleDelete)
	rt.Handle("POST", item+"/lifecycle/activate", ScopeFor(res.Area, "POST"), res.lifecycleHandler("ACTIVE"))
	rt.Handle("POST", item+"/lifecycle/deactivate", ScopeFor(res.Area, "POST"), res.lifecycleHandler("INACTIVE"))
}

// HandleList is the generic list endpoint: parent check, Filter, paging.
func (res *Resource) HandleList(c *Call) Reply {
	pid := res.parentID(c)
	if err := res.CheckParent(c, pid); err != nil {
		return Fail(err)
	}
	items := c.Org.List(res.Name, pid)
	if res.Filter != nil {
		var err *APIError
		if items, err = res.Filter(c, pid, items); err != nil {
			return Fail(err)
		}
	}
	items, hdr := Page(c, res.Page, items, func(o Obj) string { return Str(o, "id") })
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = res.Render(c, pid, it)
	}
	return Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

// HandleCreate is the generic create endpoint (Insert, then Render).
func (res *Resource) HandleCreate(c *Call) Reply {
	pid := res.parentID(c)
	if err := res.CheckParent(c, pid); err != nil {
		return Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return Fail(err)
	}
	obj, err := res.Insert(c, pid, body, c.Query())
	if err != nil {
		return Fail(err)
	}
	return Reply{Status: res.CreateStatus, Body: res.Render(c, pid, obj)}
}

func (res *Resource) handleGet(c *Call) Reply {
	pid := res.parentID(c)
	obj, err := res.Lookup(c, pid, c.Param(res.IDParam))
	if err != nil {
		return Fail(err)
	}
	return OK(res.Render(c, pid, obj))
}

func (res *Resource) handleUpdate(c *Call) Reply {
	pid := res.parentID(c)
	body, err := c.Body()
	if err != nil {
		return Fail(err)
	}
	obj, err := res.Replace(c, pid, c.Param(res.IDParam), body)
	if err != nil {
		return Fail(err)
	}
	return OK(res.Render(c, pid, obj))
}

// HandleDelete is the generic delete endpoint (Remove).
func (res *Resource) HandleDelete(c *Call) Reply {
	pid := res.parentID(c)
	if err := res.Remove(c, pid, c.Param(res.IDParam)); err != nil {
		return Fail(err)
	}
	return Reply{Status: res.DeleteStatus}
}

func (res *Resource) lifecycleHandler(status string) HandlerFunc {
	return func(c *Call) Reply {
		pid := res.parentID(c)
		obj, err := res.SetStatus(c, pid, c.Param(res.IDParam), status)
		if err != nil {
			return Fail(err)
		}
		switch res.Life.Reply {
		case ReplyNoContent:
			return NoContent()
		case ReplyEmptyObject:
			return OK(map[string]any{})
		default:
			return OK(res.Render(c, pid, obj))
		}
	}
}

// Render returns the object as the API shows it: a copy with _links.
func (res *Resource) Render(c *Call, parentID string, obj Obj) Obj {
	out := CloneObj(obj)
	if c.Base == "" {
		return out
	}
	self := c.Base + res.selfPath(c, parentID, obj)
	allow := []string{"GET"}
	if !res.NoUpdate {
		allow = append(allow, res.UpdateMethod)
	}
	sys := res.System != nil && res.System(obj)
	if !res.NoDelete && !sys {
		allow = append(allow, "DELETE")
	}
	l := Obj{"self": Obj{"href": self, "hints": Obj{"allow": AnyStrings(allow)}}}
	if res.Life.Enabled {
		if Str(obj, "status") == "ACTIVE" {
			l["deactivate"] = Obj{"href": self + "/lifecycle/deactivate", "hints": Obj{"allow": []any{"POST"}}}
		} else {
			l["activate"] = Obj{"href": self + "/lifecycle/activate", "hints": Obj{"allow": []any{"POST"}}}
		}
	}
	if res.Links != nil {
		res.Links(c, parentID, obj, l)
	}
	out["_links"] = l
	if res.Decorate != nil {
		res.Decorate(c, parentID, out)
	}
	return out
}

// selfPath builds the object's path from the collection pattern, filling in
// the parent wildcards from the request (or from parentID for the last one).
func (res *Resource) selfPath(c *Call, parentID string, obj Obj) string {
	return fillPattern(c, res.Coll, res.ParentParam, parentID) + "/" + Str(obj, "id")
}

// fillPattern replaces {wildcards} in a pattern with the request's values;
// the wildcard named last gets lastValue when given.
func fillPattern(c *Call, pattern, last, lastValue string) string {
	out := []byte{}
	for i := 0; i < len(pattern); i++ {
		if pattern[i] != '{' {
			out = append(out, pattern[i])
			continue
		}
		j := i
		for j < len(pattern) && pattern[j] != '}' {
			j++
		}
		name := pattern[i+1 : j]
		v := c.Param(name)
		if name == last && lastValue != "" {
			v = lastValue
		}
		out = append(out, v...)
		i = j
	}
	return string(out)
}
