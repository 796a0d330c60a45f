package model

// KeepOne is a guard that kinds share by Name: the org must keep at least
// one object, across every kind that declares the guard, whose body passes
// When. The org's last SUPER_ADMIN assignment, whether a user's, a group's
// or a service app's, is never removed: Okta refuses it (E0000006), and a
// plan that tries it would fail half-way. The plan refuses every delete
// (a delete of its own, or implied by a parent's) of such an object when
// it would leave none of the objects it read, even with --allow-delete;
// creates do not count, as apply may run a delete before an unrelated
// create. A kind that declares the guard but was not read (an opt-in kind
// left out) may hold more: the refusal names it.
type KeepOne struct {
	// Name identifies the guard among kinds and names it in messages
	// ("SUPER_ADMIN assignment").
	Name string
	// When is the test an object must pass to count.
	When Condition
}

// Keeps reports whether body is an object the kind's guard counts.
func (k *Kind) Keeps(body map[string]any) bool {
	return k.Keep != nil && k.Keep.When.Holds(body)
}
