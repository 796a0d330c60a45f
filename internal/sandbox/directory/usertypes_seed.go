package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func seedUserTypes(c *engine.Call) error {
	obj, err := userTypesRes.Insert(c, "", engine.Obj{
		"name":        "user",
		"displayName": "User",
		"description": "Okta user profile template with default permission settings",
	}, nil)
	if err != nil {
		return err
	}
	obj["default"] = true
	return nil
}
