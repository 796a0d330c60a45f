package engine

import "sort"

// Hooks for tests of other packages. They touch the org the way nothing
// in the API can: to simulate Okta adding a field to its responses, or to
// check from the server's side that nothing was duplicated.

// Edit changes a stored object in place, under the org lock. table is the
// sandbox's table name ("groups", "apps", "policyRules", …) and parentID
// the parent's id for child tables. It reports whether the object exists.
func (s *Server) Edit(table, parentID, id string, edit func(obj map[string]any)) bool {
	s.org.mu.Lock()
	defer s.org.mu.Unlock()
	obj := s.org.Get(table, parentID, id)
	if obj == nil {
		return false
	}
	edit(obj)
	return true
}

// Org returns the org itself, for tests that read state the API does not
// show. A test whose server may be handling requests holds Org().Lock().
func (s *Server) Org() *Org { return s.org }

// Objects returns deep copies of a table's objects, in creation order.
func (s *Server) Objects(table, parentID string) []map[string]any {
	s.org.mu.Lock()
	defer s.org.mu.Unlock()
	var out []map[string]any
	for _, o := range s.org.List(table, parentID) {
		out = append(out, CloneObj(o))
	}
	return out
}

// Tables lists the non-empty tables ("name" or "name|parentID").
func (s *Server) Tables() []string {
	s.org.mu.Lock()
	defer s.org.mu.Unlock()
	var out []string
	for k, t := range s.org.Tables {
		if len(t.IDs) > 0 {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Run calls fn with one of the sandbox's own calls (no request), under the
// org lock, as seeding does: for tests that make objects the way an admin
// would, through a family's own code, without an API round trip.
func (s *Server) Run(fn func(c *Call)) {
	s.org.mu.Lock()
	defer s.org.mu.Unlock()
	fn(&Call{s: s, Org: s.org})
}
