package model

import "fmt"

// Kinds that hold other kinds' objects without being configuration
// themselves, and kinds read only when asked for.
//
// Existing (Kind.Existing): the objects exist in the org whether or not
// oktasync writes anything, and oktasync never creates, updates or
// deletes one. An admin user is a user: the kind lists the users who hold
// an admin role (GET /api/v1/iam/assignees/users), and its children are
// the roles. The identity is one reference by login (${user:<login>}),
// so that:
//
//   - a desired object the list lacks (a user who holds no role yet) is
//     not created: the plan records its identity (plan.Target.Identity)
//     and apply finds its ID by the login, after checking, with every
//     other login, that the user exists. Plan against an org checks it
//     first, at the file's line; a missing user stops both;
//   - a live object the tree lacks is left alone, and its children are
//     deleted, each as a step of its own (they are never implied by a
//     parent delete that does not exist);
//   - a matched object has nothing to update: its file holds only its
//     identity.
//
// OptIn (Kind.OptIn): the kind and its children are read only when asked
// for (export and plan --include-kind, or a tree that already holds
// their files). Reading every admin user's roles costs a call per admin,
// and a tree holding users is not what every team wants in Git.

// OptIn reports whether the kind, or one of its ancestors, is read only
// when asked for (Kind.OptIn).
func (r *Registry) OptIn(name string) bool {
	for k, ok := r.Kind(name); ok; k, ok = r.Kind(k.Parent) {
		if k.OptIn {
			return true
		}
	}
	return false
}

// OptInFamily is the opt-in kind that name belongs to (itself or an
// ancestor marked OptIn) with every kind under it; nil if name is not
// opt-in. Asking for one kind of the family reads the whole family: a
// child needs its parents, and a parent alone holds nothing.
func (r *Registry) OptInFamily(name string) []string {
	var root *Kind
	for k, ok := r.Kind(name); ok; k, ok = r.Kind(k.Parent) {
		if k.OptIn {
			root = k
		}
	}
	if root == nil {
		return nil
	}
	out := []string{root.Name}
	for i := 0; i < len(out); i++ {
		for _, c := range r.children[out[i]] {
			out = append(out, c.Name)
		}
	}
	return out
}

// checkExisting checks an Existing kind: no write endpoint, and an
// identity that is one reference by login.
func checkExisting(k *Kind) []error {
	if !k.Existing {
		return nil
	}
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("kind %q: "+format, append([]any{k.Name}, args...)...))
	}
	if k.Create != nil || k.Update != nil || k.Delete != nil || k.Implicit {
		fail("an existing kind is never written: no create, update or delete endpoint, and not implicit")
	}
	if len(k.Identity) != 1 {
		fail("an existing kind's identity is one reference by login")
		return errs
	}
	if rf, ok := k.Ref(k.Identity[0]); !ok || !rf.ByLogin {
		fail("identity %s must be a reference by login (RefField.ByLogin)", k.Identity[0])
	}
	return errs
}

// IdentityValue is the value of an Existing kind's identity field in a
// file body (${user:<login>}), "" when it has none.
func (k *Kind) IdentityValue(body map[string]any) string {
	if !k.Existing || len(k.Identity) != 1 {
		return ""
	}
	v, _ := Lookup(body, k.Identity[0])
	s, _ := v.(string)
	return s
}
