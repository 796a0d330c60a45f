package security

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// singletonID is the fixed id under which a singleton's one object is kept
// in its table.
const singletonID = "config"

// singleton returns a singleton's stored object, or nil before it is
// seeded.
func singleton(c *engine.Call, table string) engine.Obj {
	return c.Org.Get(table, "", singletonID)
}

// putSingleton stores a singleton's object (without id: it has none in
// the API).
func putSingleton(c *engine.Call, table string, obj engine.Obj) {
	c.Org.Put(table, "", singletonID, obj)
}

// selfLink is a _links entry for path with the methods it allows.
func selfLink(c *engine.Call, path string, allow ...string) engine.Obj {
	return engine.Obj{"href": c.Base + path, "hints": engine.Obj{"allow": engine.AnyStrings(allow)}}
}
