package model

import (
	"fmt"
	"strings"
)

// LockMarker describes the object that holds oktasync's apply lock. An
// apply must run alone against an org, across machines (a laptop and CI),
// so the lock lives in the org itself: a marker object with a fixed
// identity that Okta refuses to create twice. Creating it is then an atomic
// test-and-set, done by Okta: the apply whose create succeeds holds the
// lock; any other gets ConflictCode and reads who holds it from the
// marker's note. Deleting the marker releases the lock.
//
// Export never reads the marker as configuration (IsLockMarker), so plans,
// trees and backups never hold it, and no apply could delete it as an
// object the tree lacks.
type LockMarker struct {
	// Name is the marker's identity value (a group name).
	Name string
	// NameField and NoteField are the body fields that hold the name and
	// the note naming the holder.
	NameField, NoteField string
	// Query is the list query that finds the marker without listing the
	// whole kind (a name search).
	Query string
	// ConflictCode is Okta's errorCode for a create whose identity is taken.
	ConflictCode string
}

// IsLockMarker reports whether a live body is the apply lock's marker.
func (k *Kind) IsLockMarker(body map[string]any) bool {
	if k.Lock == nil {
		return false
	}
	v, _ := Lookup(body, k.Lock.NameField)
	s, _ := v.(string)
	return s != "" && foldCase(s) == foldCase(k.Lock.Name)
}

// LockKind returns the kind that carries the apply lock, if any.
func (r *Registry) LockKind() (*Kind, bool) {
	for _, k := range r.kinds {
		if k.Lock != nil {
			return k, true
		}
	}
	return nil, false
}

// foldCase is the case folding of identities Okta compares without regard
// to case: upper then lower case, so that letters with several upper or
// lower forms (the long s, the Kelvin sign) meet in one.
func foldCase(s string) string { return strings.ToLower(strings.ToUpper(s)) }

// checkLock checks a lock marker: one kind at most carries it, its name is
// the kind's whole identity, and the kind can be created, listed and
// deleted, which is all the lock does.
func (r *Registry) checkLock(k *Kind) []error {
	if k.Lock == nil {
		return nil
	}
	var errs []error
	fail := func(msg string) { errs = append(errs, fmt.Errorf("kind %q: lock marker: %s", k.Name, msg)) }
	for _, o := range r.kinds {
		if o != k && o.Lock != nil && o.Name < k.Name {
			fail(fmt.Sprintf("kind %q carries the lock already", o.Name))
		}
	}
	if len(k.Identity) != 1 || k.Identity[0] != k.Lock.NameField {
		fail("the name field must be the kind's whole identity, or Okta would not refuse a second marker")
	}
	if k.Parent != "" || k.Create == nil || k.Delete == nil || k.Update == nil || k.List.Path == "" {
		fail("the kind must be top-level, with create, update, delete and list endpoints")
	}
	if k.Lock.Name == "" || k.Lock.NoteField == "" || k.Lock.ConflictCode == "" {
		fail("name, note field and conflict code are required")
	}
	return errs
}
