package engine

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"sync"
)

// resource is the sandbox's description of one Okta collection: where it
// lives, how it pages, what its lifecycle allows, and the hooks through
// which a kind file adds its own validation, defaults and side effects.
// The generic engine below serves list/create/get/replace/delete and the
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

	CreateStatus int // 200 unless Okta documents 201
	DeleteStatus int // 204 unless Okta documents 202
	UpdateMethod string

	NoCreate, NoUpdate, NoDelete, NoList bool

	Life Lifecycle
	Sib  *Siblings

	Fields   []Field  // shape checks on create and update
	ReadOnly []string // ignored in request bodies
	Keep     []string // server-owned fields carried over on update

	// prepare validates and fills in defaults, in place, on create
	// (cur == nil) and on update (cur is the stored object).
	Prepare func(c *Call, parentID string, body, cur Obj) *APIError
	// afterCreate adds side objects (a catch-all rule, a default policy).
	AfterCreate func(c *Call, parentID string, obj Obj) *APIError
	// beforeDelete refuses a delete (in use, system object, …).
	BeforeDelete func(c *Call, parentID string, cur Obj) *APIError
	// afterDelete cascades (child tables, references).
	AfterDelete func(c *Call, parentID string, cur Obj)
	// beforeStatus refuses an activation or deactivation.
	BeforeStatus func(c *Call, parentID string, cur Obj, status string) *APIError
	// filter applies list query parameters; a required one that is
	// missing is an error.
	Filter func(c *Call, parentID string, items []Obj) ([]Obj, *APIError)
	// links adds kind-specific _links to the defaults.
	Links func(c *Call, parentID string, o Obj, l Obj)
	// system reports objects Okta created and protects.
	System func(o Obj) bool

	defaults sync.Once // see install
}

// lifecycle is how status changes for a kind.
type Lifecycle struct {
	Enabled bool
	// activateParam: create honours ?activate= (default true).
	ActivateParam bool
	// createdInactive: always created INACTIVE (group rules).
	CreatedInactive bool
	// inactiveToUpdate / inactiveToDelete are Okta's preconditions.
	InactiveToUpdate bool
	InactiveToDelete bool
	// reply is how the activate/deactivate endpoints answer.
	Reply LifecycleReply
}

type LifecycleReply int

const (
	ReplyObject      LifecycleReply = iota // 200 with the object
	ReplyNoContent                         // 204
	ReplyEmptyObject                       // 200 with {}
)

// siblings keeps a priority field dense and ordered, the way Okta renumbers
// policies and rules when one is inserted, moved or removed.
type Siblings struct {
	Field string
	// group partitions a table into sibling sets (policies by type).
	Group func(o Obj) string
	// pinned objects (system policies and rules) stay after the others.
	Pinned func(o Obj) bool
}

var commonReadOnly = []string{"id", "created", "lastUpdated", "_links", "_embedded"}

func (res *Resource) ItemPattern() string { return res.Coll + "/{" + res.IDParam + "}" }

func (res *Resource) parentID(c *Call) string {
	if res.ParentParam == "" {
		return ""
	}
	return c.Param(res.ParentParam)
}

// checkParent answers 404 when the parent object does not exist.
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

// install registers the generic endpoints. Resources are package-level
// values shared by every Server in the process, so their defaults are
// filled in once: servers built concurrently (parallel tests) must not
// race on them.
func (res *Resource) Install(rt *Router) { res.InstallWrapped(rt, nil) }

// installWrapped is install with every generic handler passed through wrap
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
	rt.Handle("GET", item, ScopeFor(res.Area, "GET"), w(res.HandleGet))
	if !res.NoUpdate {
		rt.Handle(res.UpdateMethod, item, ScopeFor(res.Area, res.UpdateMethod), w(res.HandleUpdate))
	}
	if !res.NoDelete {
		rt.Handle("DELETE", item, ScopeFor(res.Area, "DELETE"), w(res.HandleDelete))
	}
	if res.Life.Enabled {
		rt.Handle("POST", item+"/lifecycle/activate", ScopeFor(res.Area, "POST"), w(res.LifecycleHandler("ACTIVE")))
		rt.Handle("POST", item+"/lifecycle/deactivate", ScopeFor(res.Area, "POST"), w(res.LifecycleHandler("INACTIVE")))
	}
}

// installWithPut registers a resource's generic endpoints with a
// hand-written PUT, for kinds whose replace does more than the engine's
// (zones honour status on PUT; IdPs answer with created: null). The
// resource must set createStatus, deleteStatus and updateMethod itself, as
// install() is not called for it.
func (res *Resource) InstallWithPut(rt *Router, put HandlerFunc) {
	item := res.ItemPattern()
	rt.Handle("GET", res.Coll, ScopeFor(res.Area, "GET"), res.HandleList)
	rt.Handle("POST", res.Coll, ScopeFor(res.Area, "POST"), res.HandleCreate)
	rt.Handle("GET", item, ScopeFor(res.Area, "GET"), res.HandleGet)
	rt.Handle("PUT", item, ScopeFor(res.Area, "PUT"), put)
	rt.Handle("DELETE", item, ScopeFor(res.Area, "DELETE"), res.HandleDelete)
	rt.Handle("POST", item+"/lifecycle/activate", ScopeFor(res.Area, "POST"), res.LifecycleHandler("ACTIVE"))
	rt.Handle("POST", item+"/lifecycle/deactivate", ScopeFor(res.Area, "POST"), res.LifecycleHandler("INACTIVE"))
}

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

func (res *Resource) HandleGet(c *Call) Reply {
	pid := res.parentID(c)
	obj, err := res.Lookup(c, pid, c.Param(res.IDParam))
	if err != nil {
		return Fail(err)
	}
	return OK(res.Render(c, pid, obj))
}

func (res *Resource) HandleUpdate(c *Call) Reply {
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

func (res *Resource) HandleDelete(c *Call) Reply {
	pid := res.parentID(c)
	if err := res.Remove(c, pid, c.Param(res.IDParam)); err != nil {
		return Fail(err)
	}
	return Reply{Status: res.DeleteStatus}
}

func (res *Resource) LifecycleHandler(status string) HandlerFunc {
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
		}
		return OK(res.Render(c, pid, obj))
	}
}

// lookup returns the stored object or a 404 naming it.
func (res *Resource) Lookup(c *Call, parentID, id string) (Obj, *APIError) {
	if err := res.CheckParent(c, parentID); err != nil {
		return nil, err
	}
	obj := c.Org.Get(res.Name, parentID, id)
	if obj == nil {
		return nil, ErrNotFound(id, res.TypeName)
	}
	return obj, nil
}

// insert creates an object: the path the POST endpoint takes, and the one
// seeding and sample building take, so that both get the same defaults.
func (res *Resource) Insert(c *Call, parentID string, body Obj, q url.Values) (Obj, *APIError) {
	body = CloneObj(body)
	for _, p := range append(commonReadOnly, res.ReadOnly...) {
		Del(body, p)
	}
	status := ""
	if res.Life.Enabled {
		status = "ACTIVE"
		if s, _ := body["status"].(string); s == "INACTIVE" {
			status = "INACTIVE"
		}
		if res.Life.ActivateParam && q.Get("activate") == "false" {
			status = "INACTIVE"
		}
		if res.Life.CreatedInactive {
			status = "INACTIVE"
		}
	}
	delete(body, "status")
	if err := CheckShape(body, res.Fields); err != nil {
		return nil, err
	}
	if res.Prepare != nil {
		if err := res.Prepare(c, parentID, body, nil); err != nil {
			return nil, err
		}
	}
	id, _ := body["id"].(string)
	if id == "" {
		id = c.Org.NewID(res.Prefix)
	}
	now := c.Org.Timestamp()
	body["id"] = id
	if status != "" {
		body["status"] = status
	}
	SetDefault(body, "created", now)
	body["lastUpdated"] = now
	c.Org.Put(res.Name, parentID, id, body)
	if res.Sib != nil {
		requested, has := IntAt(body, res.Sib.Field)
		res.reorder(c, parentID, body, nil, requested, has)
	}
	if res.AfterCreate != nil {
		if err := res.AfterCreate(c, parentID, body); err != nil {
			c.Org.Remove(res.Name, parentID, id)
			return nil, err
		}
	}
	return body, nil
}

// replace is PUT semantics: the body replaces the object, except for the
// fields the server owns, which are carried over.
func (res *Resource) Replace(c *Call, parentID, id string, body Obj) (Obj, *APIError) {
	cur, err := res.Lookup(c, parentID, id)
	if err != nil {
		return nil, err
	}
	if res.Life.InactiveToUpdate && Str(cur, "status") == "ACTIVE" {
		return nil, ErrBadRequest("Cannot update an active " + res.TypeName + ". Deactivate it first.")
	}
	body = CloneObj(body)
	for _, p := range append(commonReadOnly, res.ReadOnly...) {
		Del(body, p)
	}
	delete(body, "status")
	if err := CheckShape(body, res.Fields); err != nil {
		return nil, err
	}
	if res.Prepare != nil {
		if err := res.Prepare(c, parentID, body, cur); err != nil {
			return nil, err
		}
	}
	for _, k := range append([]string{"id", "created", "status"}, res.Keep...) {
		if v := At(cur, k); v != nil {
			Set(body, k, Clone(v))
		}
	}
	body["lastUpdated"] = c.Org.Timestamp()
	c.Org.Put(res.Name, parentID, id, body)
	if res.Sib != nil {
		requested, has := IntAt(body, res.Sib.Field)
		prev, _ := IntAt(cur, res.Sib.Field)
		if !has {
			requested, has = prev, true
		}
		res.reorder(c, parentID, body, nil, requested, has)
	}
	return body, nil
}

func (res *Resource) Remove(c *Call, parentID, id string) *APIError {
	cur, err := res.Lookup(c, parentID, id)
	if err != nil {
		return err
	}
	if res.System != nil && res.System(cur) {
		return &APIError{http.StatusForbidden, "E0000006",
			"You do not have permission to perform the requested action",
			[]string{"Cannot delete a system " + res.TypeName}}
	}
	if res.Life.InactiveToDelete && Str(cur, "status") == "ACTIVE" {
		return ErrBadRequest("Cannot delete an active "+res.TypeName+". Deactivate it first.",
			res.TypeName+" "+id+" must be INACTIVE before it can be deleted")
	}
	if res.BeforeDelete != nil {
		if err := res.BeforeDelete(c, parentID, cur); err != nil {
			return err
		}
	}
	c.Org.Remove(res.Name, parentID, id)
	if res.Sib != nil {
		res.reorder(c, parentID, nil, cur, 0, false)
	}
	if res.AfterDelete != nil {
		res.AfterDelete(c, parentID, cur)
	}
	if c.s != nil {
		for _, h := range c.s.onDelete[res.Name] {
			h(c, parentID, cur)
		}
	}
	return nil
}

func (res *Resource) SetStatus(c *Call, parentID, id, status string) (Obj, *APIError) {
	cur, err := res.Lookup(c, parentID, id)
	if err != nil {
		return nil, err
	}
	if res.BeforeStatus != nil {
		if err := res.BeforeStatus(c, parentID, cur, status); err != nil {
			return nil, err
		}
	}
	if Str(cur, "status") != status {
		cur["status"] = status
		cur["lastUpdated"] = c.Org.Timestamp()
	}
	return cur, nil
}

// reorder renumbers the sibling set of obj (or, after a delete, of gone)
// after obj was placed at priority p (1 is first). Pinned objects keep their
// place after the others; a pinned object whose priority is 99 (Okta's
// catch-all rules) keeps 99. Only that one set is touched, so building a
// large org stays linear per set, and a sibling whose priority changes gets
// a new lastUpdated, as at Okta.
func (res *Resource) reorder(c *Call, parentID string, obj, gone Obj, p int, has bool) {
	sib := res.Sib
	key := func(o Obj) string {
		if sib.Group == nil {
			return ""
		}
		return sib.Group(o)
	}
	ref := obj
	if ref == nil {
		ref = gone
	}
	group := key(ref)
	var free, pinned []Obj
	for _, o := range c.Org.List(res.Name, parentID) {
		if key(o) != group || (obj != nil && Str(o, "id") == Str(obj, "id")) {
			continue
		}
		if sib.Pinned != nil && sib.Pinned(o) {
			pinned = append(pinned, o)
		} else {
			free = append(free, o)
		}
	}
	byPriority := func(s []Obj) {
		sort.SliceStable(s, func(i, j int) bool {
			a, _ := IntAt(s[i], sib.Field)
			b, _ := IntAt(s[j], sib.Field)
			return a < b
		})
	}
	byPriority(free)
	byPriority(pinned)
	if obj != nil {
		if sib.Pinned != nil && sib.Pinned(obj) {
			pinned = append(pinned, obj)
		} else {
			pos := len(free)
			if has && p >= 1 && p-1 < len(free) {
				pos = p - 1
			}
			free = append(free[:pos], append([]Obj{obj}, free[pos:]...)...)
		}
	}
	now := c.Org.Timestamp()
	setPriority := func(o Obj, n int) {
		if cur, ok := IntAt(o, sib.Field); ok && cur == n {
			return
		}
		o[sib.Field] = JSONInt(n)
		if obj == nil || Str(o, "id") != Str(obj, "id") {
			o["lastUpdated"] = now
		}
	}
	for i, o := range free {
		setPriority(o, i+1)
	}
	for i, o := range pinned {
		if n, _ := IntAt(o, sib.Field); n == 99 {
			continue
		}
		setPriority(o, len(free)+i+1)
	}
}

func JSONInt(n int) any { return jsonNumber(strconv.Itoa(n)) }

// render returns the object as the API shows it: a copy with _links.
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
