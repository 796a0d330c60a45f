package engine

import (
	"math/rand"
	"sort"
	"sync"
	"time"
)

// Obj is a stored object: a raw JSON value, exactly what the API returns
// minus `_links` (which depend on the request's host and are rendered on
// the way out). Keeping raw maps, not Go structs, is what lets the sandbox
// return fields the spec omits and accept fields it does not know.
type Obj = map[string]any

// Org is the in-memory state of one Okta org. All access goes through the
// server's single mutex: handlers are short, and one lock makes every
// request atomic, which is what Okta's API promises per object.
type Org struct {
	mu     sync.Mutex
	Tables map[string]*Table `json:"tables"`
	Seq    uint64            `json:"seq"`
	OrgID  string            `json:"orgId"`
	// Sub is the org subdomain, used where Okta derives names from it
	// (generated SAML app names).
	Sub string `json:"subdomain"`
	// AdminID is the super administrator who owns the API token.
	AdminID string `json:"adminId"`
	// Features are the optional features the org has on (Options.Features).
	Features map[string]bool `json:"features,omitempty"`
	// Log is the System Log, oldest first (syslog.go); LogSeq numbers its
	// events, which is the cursor GET /api/v1/logs pages by.
	Log    []Obj  `json:"log,omitempty"`
	LogSeq uint64 `json:"logSeq,omitempty"`
	// TokenRevoked is set when the client's SSWS token (Options.Token)
	// has been revoked through the API (Call.RevokeClientToken): the gate
	// refuses it from then on, as Okta refuses a revoked token.
	TokenRevoked bool `json:"tokenRevoked,omitempty"`

	rnd *rand.Rand
	now func() time.Time
}

// Table is one collection: the objects of one resource under one parent,
// in creation order (the order Okta lists them in).
type Table struct {
	IDs   []string       `json:"ids"`
	Items map[string]Obj `json:"items"`
	index map[string]int
}

func newOrg(seed int64, now func() time.Time) *Org {
	o := &Org{Tables: map[string]*Table{}, Sub: "sandbox", now: now}
	o.rnd = rand.New(rand.NewSource(seed))
	o.OrgID = o.NewID("00o")
	return o
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// NewID returns a 20-character Okta-style id with the kind's prefix
// (api-facts §0.1). The suffix is random but drawn from the org's seeded
// source, so a sandbox started with the same seed hands out the same ids.
func (o *Org) NewID(prefix string) string {
	o.Seq++
	b := make([]byte, 20-len(prefix))
	for i := range b {
		b[i] = idAlphabet[o.rnd.Intn(len(idAlphabet))]
	}
	return prefix + string(b)
}

// RandIntn draws from the org's seeded source, for generated values that
// must repeat with the seed (key ids, SAML audiences).
func (o *Org) RandIntn(n int) int { return o.rnd.Intn(n) }

// Secret returns n random characters for generated secrets.
func (o *Org) Secret(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = idAlphabet[o.rnd.Intn(len(idAlphabet))]
	}
	return string(b)
}

// Now is the org's clock (Options.Now), for values derived from the time
// (certificate validity).
func (o *Org) Now() time.Time { return o.now() }

// Timestamp is Okta's date format: ISO 8601 with milliseconds, in UTC.
func (o *Org) Timestamp() string { return o.now().UTC().Format("2006-01-02T15:04:05.000Z") }

func tableKey(resource, parentID string) string {
	if parentID == "" {
		return resource
	}
	return resource + "|" + parentID
}

// Table returns a collection without creating it: nil when it has never
// held an object. Callers only read it.
func (o *Org) Table(resource, parentID string) *Table { return o.Tables[tableKey(resource, parentID)] }

// Lock and Unlock take the org's mutex. The engine holds it for every call,
// so kind code never takes it; tests that read a live server's org do.
func (o *Org) Lock()   { o.mu.Lock() }
func (o *Org) Unlock() { o.mu.Unlock() }

func (o *Org) ensureTable(resource, parentID string) *Table {
	k := tableKey(resource, parentID)
	t := o.Tables[k]
	if t == nil {
		t = &Table{Items: map[string]Obj{}}
		o.Tables[k] = t
	}
	return t
}

// Get returns the object or nil.
func (o *Org) Get(resource, parentID, id string) Obj {
	t := o.Tables[tableKey(resource, parentID)]
	if t == nil {
		return nil
	}
	return t.Items[id]
}

// Put stores an object, appending its id to the table's order when new.
func (o *Org) Put(resource, parentID, id string, obj Obj) {
	t := o.ensureTable(resource, parentID)
	if _, ok := t.Items[id]; !ok {
		t.IDs = append(t.IDs, id)
		t.index = nil
	}
	t.Items[id] = obj
}

// Remove deletes an object; an unknown one is not an error.
func (o *Org) Remove(resource, parentID, id string) {
	t := o.Tables[tableKey(resource, parentID)]
	if t == nil {
		return
	}
	if _, ok := t.Items[id]; !ok {
		return
	}
	delete(t.Items, id)
	for i, x := range t.IDs {
		if x == id {
			t.IDs = append(t.IDs[:i:i], t.IDs[i+1:]...)
			break
		}
	}
	t.index = nil
}

// DropTable removes a whole child collection (cascade on parent delete).
func (o *Org) DropTable(resource, parentID string) {
	delete(o.Tables, tableKey(resource, parentID))
}

// List returns the objects of a collection in creation order.
func (o *Org) List(resource, parentID string) []Obj {
	t := o.Tables[tableKey(resource, parentID)]
	if t == nil {
		return nil
	}
	out := make([]Obj, 0, len(t.IDs))
	for _, id := range t.IDs {
		out = append(out, t.Items[id])
	}
	return out
}

// Find returns the first object of a collection for which match is true.
func (o *Org) Find(resource, parentID string, match func(Obj) bool) Obj {
	for _, obj := range o.List(resource, parentID) {
		if match(obj) {
			return obj
		}
	}
	return nil
}

// Parents returns the parent ids that have a table for resource, sorted, so
// that cross-parent scans (e.g. "which rules name this group") are stable.
func (o *Org) Parents(resource string) []string {
	var out []string
	prefix := resource + "|"
	for k := range o.Tables {
		if len(k) > len(prefix) && k[:len(prefix)] == prefix {
			out = append(out, k[len(prefix):])
		}
	}
	sort.Strings(out)
	return out
}

// Feature reports whether the org has an optional feature on.
func (o *Org) Feature(name string) bool { return o.Features[name] }
