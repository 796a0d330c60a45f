package model

// ExistsWithParent reports whether an object of this kind exists because
// its parent (or the org) does: Okta makes it and it cannot be created or
// deleted on its own (a singleton such as the group schema or a brand's
// theme). Such an object missing from a tree is not drift: plan never
// reports it as unmanaged.
//
// This is the hook for the descriptor predicate of objects that exist with
// their parent (engine capabilities, "implicit objects"): until a kind can
// declare it, singletons are the objects that do.
func (k *Kind) ExistsWithParent(body map[string]any) bool {
	return k.Singleton != ""
}
