package model

// userDirectory is where users are looked up (see UserDirectory). Users
// are not a kind: oktasync never creates, changes or deletes one. GET
// /api/v1/users/{id} takes an ID or a login (spec getUser: "ID, login, or
// login shortname (as long as the shortname is unambiguous)"), and is
// charged to the users bucket.
func userDirectory() UserDirectory {
	return UserDirectory{
		Get:        Endpoint{Method: "GET", Path: "/api/v1/users/{id}"},
		LoginField: "profile.login",
		ScopeArea:  "users",
	}
}
