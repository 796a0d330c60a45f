package plan

import (
	"time"

	"github.com/oktasync/oktasync/internal/model"
)

// DefaultMaxDeletes caps the deletes of a plan when Options.MaxDeletes is 0.
// It is small on purpose: a plan that deletes more than a handful of objects
// is more often a wrong --dir or a half-written tree than an intended
// clean-up, and raising the cap is one flag away.
const DefaultMaxDeletes = 10

// Options control Compute.
type Options struct {
	// AllowDelete lets the plan delete current objects that the desired
	// state does not have. Without it such deletes are listed as refused.
	AllowDelete bool
	// AllowReplace lets the plan replace objects (delete and create them
	// again) that cannot be changed in place, without allowing deletes of
	// objects the desired state does not have. AllowDelete allows both.
	AllowReplace bool
	// MaxDeletes caps the delete steps (replaces included); a plan over the
	// cap is an error. 0 means DefaultMaxDeletes; a negative value means no
	// cap.
	MaxDeletes int
	// Vars are the values of ${var:NAME} placeholders (see LoadVars).
	Vars map[string]string
	// Registry describes the kinds; nil means the desired snapshot's.
	Registry *model.Registry
	// Verify adds a verify step for every DNS-bound object the current
	// state shows unverified (model.Verification), once its DNS records
	// are published. Without it, such objects only get a warning: a plan
	// of an unchanged tree stays empty.
	Verify bool

	// ToolVersion, CreatedAt, Desired and Current are copied into the plan
	// as metadata. They are inputs, not read from the clock, so that the
	// same inputs always give the same plan.
	ToolVersion string
	CreatedAt   time.Time
	Desired     string
	Current     string
}

// maxDeletes resolves the documented defaults; -1 means no cap.
func (o Options) maxDeletes() int {
	switch {
	case o.MaxDeletes == 0:
		return DefaultMaxDeletes
	case o.MaxDeletes < 0:
		return -1
	}
	return o.MaxDeletes
}
