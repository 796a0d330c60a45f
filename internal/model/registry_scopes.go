package model

import "sort"

// ScopeAreas returns the distinct OAuth scope areas of the registry's
// kinds, sorted.
func (r *Registry) ScopeAreas() []string {
	set := map[string]bool{}
	for _, k := range r.kinds {
		set[k.ScopeArea] = true
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// ReadScopes returns the OAuth scopes a service app needs to export and
// plan every kind (okta.<area>.read), sorted. When kinds hold users by
// login, the users' read scope is one of them (export and plan look
// logins up).
func (r *Registry) ReadScopes() []string { return r.scopes((*Kind).ReadScope) }

// ManageScopes returns the OAuth scopes a service app needs to apply to
// every kind (okta.<area>.manage, which include read), sorted. Users are
// only read, even by apply: with kinds that hold users by login, the list
// has the users' read scope, never their manage scope.
func (r *Registry) ManageScopes() []string { return r.scopes((*Kind).ManageScope) }

func (r *Registry) scopes(scope func(*Kind) string) []string {
	set := map[string]bool{}
	for _, k := range r.kinds {
		set[scope(k)] = true
	}
	if r.NamesUsers() {
		set[r.Users().ReadScope()] = true
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
