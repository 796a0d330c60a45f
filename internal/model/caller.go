package model

import "strings"

// CallerPath is the path of the object oktasync authenticates as: the
// object of a kind with a Caller field whose live value is clientID (the
// service app oktasync's credentials belong to). It is "" for an API
// token (no clientID) or when the state does not hold the object.
func CallerPath(s *Snapshot, clientID string) string {
	if s == nil || clientID == "" {
		return ""
	}
	reg := s.Registry()
	if reg == nil {
		return ""
	}
	for _, k := range reg.Kinds() {
		if k.Caller == "" {
			continue
		}
		for _, o := range s.ByKind(k.Name) {
			if o.Live == nil {
				continue
			}
			if v, _ := Lookup(o.Live.Raw, k.Caller); v == clientID {
				return o.Path
			}
		}
	}
	return ""
}

// Under reports whether path is root or an object below it.
func Under(path, root string) bool {
	return root != "" && (path == root || strings.HasPrefix(path, root+"/"))
}
