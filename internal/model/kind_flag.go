package model

// DefaultFlag is a boolean field that at most one sibling holds true, and
// that Okta moves rather than sets: an email template's customizations
// have exactly one isDefault. Okta makes the first sibling created the
// default whatever the body says, refuses a create that names a second
// default, moves the flag when an update sets it on another sibling
// (clearing it on the old one itself), refuses an update that clears it
// on the sibling that holds it, and refuses to delete that sibling while
// others remain. So:
//
//   - the plan writes the sibling that gets the flag (its create or
//     update) before every other write of its siblings, and deletes the
//     sibling that holds it after its siblings' deletes;
//   - apply creates an object without the flag and, when Okta did not
//     make it the default, moves the flag to it with an update;
//   - apply deletes the sibling that still holds the flag, once it is the
//     last, with DeleteAll (Okta's collection DELETE);
//   - validate requires exactly one sibling of a parent to hold it.
type DefaultFlag struct {
	// Field is the dotted path of the boolean ("isDefault").
	Field string
	// DeleteAll removes every sibling (DELETE …/customizations); its path
	// uses {parentId} and {grandparentId} as the list's does.
	DeleteAll Endpoint
}

// FlagSet reports whether a body holds the kind's default flag as true.
func (k *Kind) FlagSet(body map[string]any) bool {
	if k.Default == nil || body == nil {
		return false
	}
	v, _ := Lookup(body, k.Default.Field)
	b, _ := v.(bool)
	return b
}

func checkDefaultFlag(k *Kind, fail func(format string, args ...any)) {
	f := k.Default
	if f == nil {
		return
	}
	if _, err := ParseFieldPath(f.Field); err != nil {
		fail("default flag: %v", err)
	}
	if k.Parent == "" || k.Create == nil || k.Update == nil || k.Delete == nil {
		fail("default flag: siblings under a parent that oktasync creates, updates and deletes")
	}
	if f.DeleteAll.Method == "" || f.DeleteAll.Path == "" {
		fail("default flag: DeleteAll needs a method and a path")
	}
}
