package main

import (
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/schemas"
)

// registry builds the kind registry with the embedded schemas. It is
// checked at construction: a broken registry is a bug in oktasync, and no
// command runs with one.
func registry() (*model.Registry, error) { return model.NewRegistry(schemas.FS()) }
