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
	// Validated says that the desired snapshot passed tree.Validate
	// without errors, against the same registry: the plan then leaves out
	// the checks validation already made of it (references, relations and
	// parents that name no object in the tree).
	Validated bool
	// Clean, when set, reports whether validation found no problem at all,
	// not even a warning, in a desired object's file (tree.Memo.Clean):
	// the plan then does not check the text of its body again when no
	// variable changed it. Only with Validated.
	Clean func(*model.Object) bool
	// Verify adds a verify step for every DNS-bound object the current
	// state shows unverified (model.Verification), once its DNS records
	// are published. Without it, such objects only get a warning: a plan
	// of an unchanged tree stays empty.
	Verify bool

	// Kinds, when not empty, scopes what the plan manages: an object of
	// the current state that the desired tree lacks is left alone (neither
	// deleted nor reported as unmanaged) unless its kind is listed. Files
	// of any kind in the desired tree are still planned.
	Kinds []string
	// Ignore, when set, names current paths the team leaves unmanaged on
	// purpose (the tree's ignore file): such an object, when the desired
	// tree lacks it, is left alone like an object outside Kinds.
	Ignore func(path string) bool

	// ClientID is the client_id of the OAuth service app the current state
	// was read with ("" with an API token): that app and its admin roles
	// (model.CallerPath) are never deleted or replaced, since that would
	// lock the tool out.
	ClientID string

	// Org is the org the current state was read from, recorded in the plan
	// so that apply refuses another org; nil for a plan between two trees.
	Org *OrgBinding
	// SigningKey, when set, signs the plan's digest (Plan.Signature).
	SigningKey []byte

	// ToolVersion, CreatedAt, Desired and Current are copied into the plan
	// as metadata. They are inputs, not read from the clock, so that the
	// same inputs always give the same plan.
	ToolVersion string
	CreatedAt   time.Time
	Desired     string
	Current     string
	// Read is how the current state was read from the org, recorded in
	// the plan for people (nil for a tree).
	Read *ReadInfo
	// ChangedBy maps current paths to their last change in the org since
	// the tree's export (from the System Log); the plan keeps the entries
	// of the objects it names.
	ChangedBy map[string]ChangedBy

	// noShortcuts turns off the work Compute skips where it can prove the
	// result the same (equal twin bodies, shared resolutions): for the
	// test that checks it is.
	noShortcuts bool
}

// inScope reports whether a current-only object at path, of kind kind, is
// managed by this plan (see Kinds and Ignore).
func (o Options) inScope(kind, path string) bool {
	if len(o.Kinds) > 0 {
		found := false
		for _, k := range o.Kinds {
			if k == kind {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return o.Ignore == nil || !o.Ignore(path)
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
