// Package userdir looks users up in an org. oktasync never manages users,
// but configuration names them (the users a rule excludes, admin role
// assignments, binding members), and a user's ID differs in every org
// while the login does not. So files hold logins (${user:<login>}): export
// turns IDs into logins, and apply, and plan when it plans against an org,
// turn logins into IDs, checking that every one exists before anything is
// written.
//
// A Directory asks the org once per distinct user (by ID or login, the
// same endpoint takes both: model.UserDirectory), caches the answer for
// its lifetime, and looks many up a few at a time. A user the org does not
// have is an answer, not an error: the caller decides (export keeps the
// ID with a warning; plan and apply refuse, naming the login).
package userdir
