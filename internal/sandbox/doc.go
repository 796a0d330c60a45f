// Package sandbox is an in-memory Okta org that speaks the Management API
// the way the real one does: the public entry point (New, Options, Server)
// every other package uses. See engine for the model.
package sandbox
