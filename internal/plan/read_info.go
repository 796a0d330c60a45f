package plan

import "sort"

// ReadInfo is how a plan against an org read the org: the whole of it, or
// incrementally from the tree's marker and the System Log (see
// docs/rate-limits.md). It is information for people; apply does not use it.
type ReadInfo struct {
	// Mode is "incremental" or "full".
	Mode string `json:"mode"`
	// Reason says why the whole org was read.
	Reason string `json:"reason,omitempty"`
	// Events is the number of System Log events since the export.
	Events int `json:"events"`
	// Kinds are the kinds read again in an incremental read.
	Kinds []string `json:"kinds_read,omitempty"`
	// Calls is the number of API calls the read made.
	Calls int `json:"calls"`
}

// Read modes.
const (
	ReadIncremental = "incremental"
	ReadFull        = "full"
)

// ChangedBy is the last change the org's System Log records for an object
// since the tree's export: who made it and when. It is what drift
// attribution shows next to a difference.
type ChangedBy struct {
	Actor     string `json:"actor"`
	ActorType string `json:"actor_type,omitempty"`
	When      string `json:"when"`
	Event     string `json:"event"`
}

// attribution keeps the ChangedBy entries of the objects the plan names:
// the current paths of its steps and refusals.
func attribution(p *Plan, all map[string]ChangedBy) map[string]ChangedBy {
	if len(all) == 0 {
		return nil
	}
	out := map[string]ChangedBy{}
	keep := func(paths ...string) {
		for _, path := range paths {
			if c, ok := all[path]; ok && path != "" {
				out[path] = c
			}
		}
	}
	for _, s := range p.Steps {
		keep(s.Path, s.CurrentPath)
	}
	for _, r := range p.Refused {
		keep(r.Path)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// changedPaths are the attributed paths, sorted.
func changedPaths(p *Plan) []string {
	out := make([]string, 0, len(p.ChangedBy))
	for path := range p.ChangedBy {
		out = append(out, path)
	}
	sort.Strings(out)
	return out
}
