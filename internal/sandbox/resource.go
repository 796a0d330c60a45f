package sandbox

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
type resource struct {
	name     string // table name
	typeName string // Okta's type name in 404 summaries ("UserGroup")
	prefix   string // id prefix ("00g")
	area     string // OAuth scope area ("groups" → okta.groups.read/manage)

	coll        string // collection pattern, e.g. /api/v1/policies/{policyId}/rules
	idParam     string // item wildcard name, e.g. ruleId
	parentParam string // parent wildcard in coll, "" for top-level
	parent      *resource

	page pageSpec

	createStatus int // 200 unless Okta documents 201
	deleteStatus int // 204 unless Okta documents 202
	updateMethod string

	noCreate, noUpdate, noDelete, noList bool

	life lifecycle
	sib  *siblings

	fields   []field  // shape checks on create and update
	readOnly []string // ignored in request bodies
	keep     []string // server-owned fields carried over on update

	// prepare validates and fills in defaults, in place, on create
	// (cur == nil) and on update (cur is the stored object).
	prepare func(c *call, parentID string, body, cur Obj) *apiError
	// afterCreate adds side objects (a catch-all rule, a default policy).
	afterCreate func(c *call, parentID string, obj Obj) *apiError
	// beforeDelete refuses a delete (in use, system object, …).
	beforeDelete func(c *call, parentID string, cur Obj) *apiError
	// afterDelete cascades (child tables, references).
	afterDelete func(c *call, parentID string, cur Obj)
	// beforeStatus refuses an activation or deactivation.
	beforeStatus func(c *call, parentID string, cur Obj, status string) *apiError
	// filter applies list query parameters; a required one that is
	// missing is an error.
	filter func(c *call, parentID string, items []Obj) ([]Obj, *apiError)
	// links adds kind-specific _links to the defaults.
	links func(c *call, parentID string, o Obj, l Obj)
	// system reports objects Okta created and protects.
	system func(o Obj) bool

	defaults sync.Once // see install
}

// lifecycle is how status changes for a kind.
type lifecycle struct {
	enabled bool
	// activateParam: create honours ?activate= (default true).
	activateParam bool
	// createdInactive: always created INACTIVE (group rules).
	createdInactive bool
	// inactiveToUpdate / inactiveToDelete are Okta's preconditions.
	inactiveToUpdate bool
	inactiveToDelete bool
	// reply is how the activate/deactivate endpoints answer.
	reply lifecycleReply
}

type lifecycleReply int

const (
	replyObject      lifecycleReply = iota // 200 with the object
	replyNoContent                         // 204
	replyEmptyObject                       // 200 with {}
)

// siblings keeps a priority field dense and ordered, the way Okta renumbers
// policies and rules when one is inserted, moved or removed.
type siblings struct {
	field string
	// group partitions a table into sibling sets (policies by type).
	group func(o Obj) string
	// pinned objects (system policies and rules) stay after the others.
	pinned func(o Obj) bool
}

var commonReadOnly = []string{"id", "created", "lastUpdated", "_links", "_embedded"}

func (res *resource) itemPattern() string { return res.coll + "/{" + res.idParam + "}" }

func (res *resource) parentID(c *call) string {
	if res.parentParam == "" {
		return ""
	}
	return c.param(res.parentParam)
}

// checkParent answers 404 when the parent object does not exist.
func (res *resource) checkParent(c *call, parentID string) *apiError {
	if res.parent == nil {
		return nil
	}
	pp := res.parent.parentIDOf(c)
	if c.o.get(res.parent.name, pp, parentID) == nil {
		return errNotFound(parentID, res.parent.typeName)
	}
	return nil
}

// parentIDOf returns this resource's own parent id from the request, for
// grandchildren (auth server → policy → rule).
func (res *resource) parentIDOf(c *call) string {
	if res.parentParam == "" {
		return ""
	}
	return c.param(res.parentParam)
}

// install registers the generic endpoints. Resources are package-level
// values shared by every Server in the process, so their defaults are
// filled in once: servers built concurrently (parallel tests) must not
// race on them.
func (res *resource) install(rt *router) { res.installWrapped(rt, nil) }

// installWrapped is install with every generic handler passed through wrap
// (when not nil), for kinds that adjust each request or answer (the
// authorization servers resolve the `default` alias and fix issuers).
func (res *resource) installWrapped(rt *router, wrap func(handlerFunc) handlerFunc) {
	w := func(h handlerFunc) handlerFunc {
		if wrap == nil {
			return h
		}
		return wrap(h)
	}
	res.defaults.Do(func() {
		if res.createStatus == 0 {
			res.createStatus = http.StatusOK
		}
		if res.deleteStatus == 0 {
			res.deleteStatus = http.StatusNoContent
		}
		if res.updateMethod == "" {
			res.updateMethod = http.MethodPut
		}
	})
	item := res.itemPattern()
	if !res.noList {
		rt.handle("GET", res.coll, scopeFor(res.area, "GET"), w(res.handleList))
	}
	if !res.noCreate {
		rt.handle("POST", res.coll, scopeFor(res.area, "POST"), w(res.handleCreate))
	}
	rt.handle("GET", item, scopeFor(res.area, "GET"), w(res.handleGet))
	if !res.noUpdate {
		rt.handle(res.updateMethod, item, scopeFor(res.area, res.updateMethod), w(res.handleUpdate))
	}
	if !res.noDelete {
		rt.handle("DELETE", item, scopeFor(res.area, "DELETE"), w(res.handleDelete))
	}
	if res.life.enabled {
		rt.handle("POST", item+"/lifecycle/activate", scopeFor(res.area, "POST"), w(res.lifecycleHandler("ACTIVE")))
		rt.handle("POST", item+"/lifecycle/deactivate", scopeFor(res.area, "POST"), w(res.lifecycleHandler("INACTIVE")))
	}
}

// installWithPut registers a resource's generic endpoints with a
// hand-written PUT, for kinds whose replace does more than the engine's
// (zones honour status on PUT; IdPs answer with created: null). The
// resource must set createStatus, deleteStatus and updateMethod itself, as
// install() is not called for it.
func (res *resource) installWithPut(rt *router, put handlerFunc) {
	item := res.itemPattern()
	rt.handle("GET", res.coll, scopeFor(res.area, "GET"), res.handleList)
	rt.handle("POST", res.coll, scopeFor(res.area, "POST"), res.handleCreate)
	rt.handle("GET", item, scopeFor(res.area, "GET"), res.handleGet)
	rt.handle("PUT", item, scopeFor(res.area, "PUT"), put)
	rt.handle("DELETE", item, scopeFor(res.area, "DELETE"), res.handleDelete)
	rt.handle("POST", item+"/lifecycle/activate", scopeFor(res.area, "POST"), res.lifecycleHandler("ACTIVE"))
	rt.handle("POST", item+"/lifecycle/deactivate", scopeFor(res.area, "POST"), res.lifecycleHandler("INACTIVE"))
}

func (res *resource) handleList(c *call) reply {
	pid := res.parentID(c)
	if err := res.checkParent(c, pid); err != nil {
		return fail(err)
	}
	items := c.o.list(res.name, pid)
	if res.filter != nil {
		var err *apiError
		if items, err = res.filter(c, pid, items); err != nil {
			return fail(err)
		}
	}
	items, hdr := page(c, res.page, items, func(o Obj) string { return str(o, "id") })
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = res.render(c, pid, it)
	}
	return reply{status: http.StatusOK, body: out, header: hdr}
}

func (res *resource) handleCreate(c *call) reply {
	pid := res.parentID(c)
	if err := res.checkParent(c, pid); err != nil {
		return fail(err)
	}
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	obj, err := res.insert(c, pid, body, c.query())
	if err != nil {
		return fail(err)
	}
	return reply{status: res.createStatus, body: res.render(c, pid, obj)}
}

func (res *resource) handleGet(c *call) reply {
	pid := res.parentID(c)
	obj, err := res.lookup(c, pid, c.param(res.idParam))
	if err != nil {
		return fail(err)
	}
	return ok(res.render(c, pid, obj))
}

func (res *resource) handleUpdate(c *call) reply {
	pid := res.parentID(c)
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	obj, err := res.replace(c, pid, c.param(res.idParam), body)
	if err != nil {
		return fail(err)
	}
	return ok(res.render(c, pid, obj))
}

func (res *resource) handleDelete(c *call) reply {
	pid := res.parentID(c)
	if err := res.remove(c, pid, c.param(res.idParam)); err != nil {
		return fail(err)
	}
	return reply{status: res.deleteStatus}
}

func (res *resource) lifecycleHandler(status string) handlerFunc {
	return func(c *call) reply {
		pid := res.parentID(c)
		obj, err := res.setStatus(c, pid, c.param(res.idParam), status)
		if err != nil {
			return fail(err)
		}
		switch res.life.reply {
		case replyNoContent:
			return noContent()
		case replyEmptyObject:
			return ok(map[string]any{})
		}
		return ok(res.render(c, pid, obj))
	}
}

// lookup returns the stored object or a 404 naming it.
func (res *resource) lookup(c *call, parentID, id string) (Obj, *apiError) {
	if err := res.checkParent(c, parentID); err != nil {
		return nil, err
	}
	obj := c.o.get(res.name, parentID, id)
	if obj == nil {
		return nil, errNotFound(id, res.typeName)
	}
	return obj, nil
}

// insert creates an object: the path the POST endpoint takes, and the one
// seeding and sample building take, so that both get the same defaults.
func (res *resource) insert(c *call, parentID string, body Obj, q url.Values) (Obj, *apiError) {
	body = cloneObj(body)
	for _, p := range append(commonReadOnly, res.readOnly...) {
		del(body, p)
	}
	status := ""
	if res.life.enabled {
		status = "ACTIVE"
		if s, _ := body["status"].(string); s == "INACTIVE" {
			status = "INACTIVE"
		}
		if res.life.activateParam && q.Get("activate") == "false" {
			status = "INACTIVE"
		}
		if res.life.createdInactive {
			status = "INACTIVE"
		}
	}
	delete(body, "status")
	if err := checkShape(body, res.fields); err != nil {
		return nil, err
	}
	if res.prepare != nil {
		if err := res.prepare(c, parentID, body, nil); err != nil {
			return nil, err
		}
	}
	id, _ := body["id"].(string)
	if id == "" {
		id = c.o.newID(res.prefix)
	}
	now := c.o.timestamp()
	body["id"] = id
	if status != "" {
		body["status"] = status
	}
	setDefault(body, "created", now)
	body["lastUpdated"] = now
	c.o.put(res.name, parentID, id, body)
	if res.sib != nil {
		requested, has := intAt(body, res.sib.field)
		res.reorder(c, parentID, body, nil, requested, has)
	}
	if res.afterCreate != nil {
		if err := res.afterCreate(c, parentID, body); err != nil {
			c.o.remove(res.name, parentID, id)
			return nil, err
		}
	}
	return body, nil
}

// replace is PUT semantics: the body replaces the object, except for the
// fields the server owns, which are carried over.
func (res *resource) replace(c *call, parentID, id string, body Obj) (Obj, *apiError) {
	cur, err := res.lookup(c, parentID, id)
	if err != nil {
		return nil, err
	}
	if res.life.inactiveToUpdate && str(cur, "status") == "ACTIVE" {
		return nil, errBadRequest("Cannot update an active " + res.typeName + ". Deactivate it first.")
	}
	body = cloneObj(body)
	for _, p := range append(commonReadOnly, res.readOnly...) {
		del(body, p)
	}
	delete(body, "status")
	if err := checkShape(body, res.fields); err != nil {
		return nil, err
	}
	if res.prepare != nil {
		if err := res.prepare(c, parentID, body, cur); err != nil {
			return nil, err
		}
	}
	for _, k := range append([]string{"id", "created", "status"}, res.keep...) {
		if v := at(cur, k); v != nil {
			set(body, k, clone(v))
		}
	}
	body["lastUpdated"] = c.o.timestamp()
	c.o.put(res.name, parentID, id, body)
	if res.sib != nil {
		requested, has := intAt(body, res.sib.field)
		prev, _ := intAt(cur, res.sib.field)
		if !has {
			requested, has = prev, true
		}
		res.reorder(c, parentID, body, nil, requested, has)
	}
	return body, nil
}

func (res *resource) remove(c *call, parentID, id string) *apiError {
	cur, err := res.lookup(c, parentID, id)
	if err != nil {
		return err
	}
	if res.system != nil && res.system(cur) {
		return &apiError{http.StatusForbidden, "E0000006",
			"You do not have permission to perform the requested action",
			[]string{"Cannot delete a system " + res.typeName}}
	}
	if res.life.inactiveToDelete && str(cur, "status") == "ACTIVE" {
		return errBadRequest("Cannot delete an active "+res.typeName+". Deactivate it first.",
			res.typeName+" "+id+" must be INACTIVE before it can be deleted")
	}
	if res.beforeDelete != nil {
		if err := res.beforeDelete(c, parentID, cur); err != nil {
			return err
		}
	}
	c.o.remove(res.name, parentID, id)
	if res.sib != nil {
		res.reorder(c, parentID, nil, cur, 0, false)
	}
	if res.afterDelete != nil {
		res.afterDelete(c, parentID, cur)
	}
	if c.s != nil {
		for _, h := range c.s.onDelete[res.name] {
			h(c, parentID, cur)
		}
	}
	return nil
}

func (res *resource) setStatus(c *call, parentID, id, status string) (Obj, *apiError) {
	cur, err := res.lookup(c, parentID, id)
	if err != nil {
		return nil, err
	}
	if res.beforeStatus != nil {
		if err := res.beforeStatus(c, parentID, cur, status); err != nil {
			return nil, err
		}
	}
	if str(cur, "status") != status {
		cur["status"] = status
		cur["lastUpdated"] = c.o.timestamp()
	}
	return cur, nil
}

// reorder renumbers the sibling set of obj (or, after a delete, of gone)
// after obj was placed at priority p (1 is first). Pinned objects keep their
// place after the others; a pinned object whose priority is 99 (Okta's
// catch-all rules) keeps 99. Only that one set is touched, so building a
// large org stays linear per set, and a sibling whose priority changes gets
// a new lastUpdated, as at Okta.
func (res *resource) reorder(c *call, parentID string, obj, gone Obj, p int, has bool) {
	sib := res.sib
	key := func(o Obj) string {
		if sib.group == nil {
			return ""
		}
		return sib.group(o)
	}
	ref := obj
	if ref == nil {
		ref = gone
	}
	group := key(ref)
	var free, pinned []Obj
	for _, o := range c.o.list(res.name, parentID) {
		if key(o) != group || (obj != nil && str(o, "id") == str(obj, "id")) {
			continue
		}
		if sib.pinned != nil && sib.pinned(o) {
			pinned = append(pinned, o)
		} else {
			free = append(free, o)
		}
	}
	byPriority := func(s []Obj) {
		sort.SliceStable(s, func(i, j int) bool {
			a, _ := intAt(s[i], sib.field)
			b, _ := intAt(s[j], sib.field)
			return a < b
		})
	}
	byPriority(free)
	byPriority(pinned)
	if obj != nil {
		if sib.pinned != nil && sib.pinned(obj) {
			pinned = append(pinned, obj)
		} else {
			pos := len(free)
			if has && p >= 1 && p-1 < len(free) {
				pos = p - 1
			}
			free = append(free[:pos], append([]Obj{obj}, free[pos:]...)...)
		}
	}
	now := c.o.timestamp()
	setPriority := func(o Obj, n int) {
		if cur, ok := intAt(o, sib.field); ok && cur == n {
			return
		}
		o[sib.field] = jsonInt(n)
		if obj == nil || str(o, "id") != str(obj, "id") {
			o["lastUpdated"] = now
		}
	}
	for i, o := range free {
		setPriority(o, i+1)
	}
	for i, o := range pinned {
		if n, _ := intAt(o, sib.field); n == 99 {
			continue
		}
		setPriority(o, len(free)+i+1)
	}
}

func jsonInt(n int) any { return jsonNumber(strconv.Itoa(n)) }

// render returns the object as the API shows it: a copy with _links.
func (res *resource) render(c *call, parentID string, obj Obj) Obj {
	out := cloneObj(obj)
	if c.base == "" {
		return out
	}
	self := c.base + res.selfPath(c, parentID, obj)
	allow := []string{"GET"}
	if !res.noUpdate {
		allow = append(allow, res.updateMethod)
	}
	sys := res.system != nil && res.system(obj)
	if !res.noDelete && !sys {
		allow = append(allow, "DELETE")
	}
	l := Obj{"self": Obj{"href": self, "hints": Obj{"allow": anyStrings(allow)}}}
	if res.life.enabled {
		if str(obj, "status") == "ACTIVE" {
			l["deactivate"] = Obj{"href": self + "/lifecycle/deactivate", "hints": Obj{"allow": []any{"POST"}}}
		} else {
			l["activate"] = Obj{"href": self + "/lifecycle/activate", "hints": Obj{"allow": []any{"POST"}}}
		}
	}
	if res.links != nil {
		res.links(c, parentID, obj, l)
	}
	out["_links"] = l
	return out
}

// selfPath builds the object's path from the collection pattern, filling in
// the parent wildcards from the request (or from parentID for the last one).
func (res *resource) selfPath(c *call, parentID string, obj Obj) string {
	return fillPattern(c, res.coll, res.parentParam, parentID) + "/" + str(obj, "id")
}

// fillPattern replaces {wildcards} in a pattern with the request's values;
// the wildcard named last gets lastValue when given.
func fillPattern(c *call, pattern, last, lastValue string) string {
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
		v := c.param(name)
		if name == last && lastValue != "" {
			v = lastValue
		}
		out = append(out, v...)
		i = j
	}
	return string(out)
}
