package hooks

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleHookKeys makes the key the sample's private_key_jwt inline hook
// signs with, and a spare one kept for a planned rotation.
func sampleHookKeys(c *engine.Call) error {
	for _, name := range []string{"Token hook signing key", "Token hook signing key (next)"} {
		if _, err := hookKeysRes.Insert(c, "", engine.Obj{"name": name}, nil); err != nil {
			return err
		}
	}
	return nil
}

// sampleHookKeyID is the id of the sample key called name.
func sampleHookKeyID(c *engine.Call, name string) string {
	k := c.Org.Find(tableHookKeys, "", func(o engine.Obj) bool { return engine.Str(o, "name") == name })
	return engine.Str(k, "id")
}
