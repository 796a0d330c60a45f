package engine

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
)

// Lookup returns the stored object or a 404 naming it.
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

// Insert creates an object: the path the POST endpoint takes, and the one
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
	res.emitFor(c, parentID, body, func(e *Events) string { return e.Create })
	return body, nil
}

// Replace is PUT semantics: the body replaces the object, except for the
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
	res.emitFor(c, parentID, body, func(e *Events) string { return e.Update })
	return body, nil
}

// Remove deletes an object after the system, lifecycle and BeforeDelete
// checks, renumbers its siblings, then runs AfterDelete and the other
// modules' OnDelete hooks for this table.
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
	// The event names the object while its parents still exist.
	res.emitFor(c, parentID, cur, func(e *Events) string { return e.Delete })
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

// SetStatus activates or deactivates an object (BeforeStatus may refuse).
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
		res.emitFor(c, parentID, cur, func(e *Events) string {
			if status == "ACTIVE" {
				return e.Activate
			}
			return e.Deactivate
		})
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

// JSONInt is n as a stored JSON number.
func JSONInt(n int) any { return jsonNumber(strconv.Itoa(n)) }
