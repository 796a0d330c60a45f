package apply

import (
	"context"
	"encoding/json"
	"net/url"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
)

// Client is the part of *okta.Client that apply needs. The client owns the
// rate governor, the cap on requests in flight and the transparent retries
// of idempotent requests; apply adds only what needs knowledge of the
// plan (looking a create up by identity before sending it again).
type Client interface {
	Do(ctx context.Context, req okta.Request) (*okta.Response, error)
	List(ctx context.Context, path string, query url.Values, limit int, fn func(page []json.RawMessage) error) error
}

// DefaultParallelism is the number of steps in flight when
// Options.Parallelism is 0.
//
// The org's rate limits, not the worker count, are the real ceiling, and
// the client enforces them: its governor paces every bucket and caps
// requests in flight at okta.DefaultMaxInFlight (10), well under the
// smallest org concurrency cap (15, developer orgs). So the org never sees
// more than 10 requests at once, whatever the parallelism. What the worker
// count decides is whether every bucket is kept busy. A plan's writes fall
// in a few buckets (creates in /api/v1/groups and /api/v1/apps, updates of
// one group or app in /api/v1/groups/{id} and /api/v1/apps/{id}, and
// /api/v1 for policies and most other kinds), and a spent bucket parks its
// workers in the governor until the window resets, without holding an
// in-flight slot. With 16 workers, at most half of them per bucket (see
// walk; the buckets are okta.BucketFor's, the governor's own),
// one bucket's wait leaves 8 workers for the others; with 8, a run held
// up by the apps bucket (100 a minute on enterprise orgs) stalls the rest.
// Measured on the sandbox (enterprise limits, windows compressed 10x,
// 1,000 objects, 1,150 steps): 16 workers finish 10% sooner than 8, both
// under the apps bucket's floor and with no 429.
const DefaultParallelism = 16

// DefaultMaxAttempts bounds how often apply sends one step's write after
// transient errors (the client's own retries of idempotent requests come
// on top). A create whose answer was lost is looked up by identity before
// each new attempt.
const DefaultMaxAttempts = 4

// DefaultRetryDelay is the first back-off between two attempts of a step;
// it doubles per attempt.
const DefaultRetryDelay = 500 * time.Millisecond

// SecretEnvPrefix prefixes the environment variable of a secret:
// ${secret:HOOK_KEY} is read from OKTASYNC_SECRET_HOOK_KEY.
const SecretEnvPrefix = "OKTASYNC_SECRET_"

// Options control Execute.
type Options struct {
	// Parallelism is the number of steps in flight; 0 means
	// DefaultParallelism.
	Parallelism int
	// AllowDelete must be set for a plan with delete steps to run at all.
	// It allows replaces too.
	AllowDelete bool
	// AllowReplace lets a plan replace objects (a delete and a create of
	// the same object), not delete any for good.
	AllowReplace bool
	// Allow are the guarded actions this run may send
	// (model.ToggleAction.Guard, e.g. "okta-support"): a plan with a
	// guarded action not named here is refused before anything is sent.
	Allow []string
	// ClientID is the client_id of the OAuth service app apply runs as
	// ("" with an API token): a plan that would delete or replace that app
	// or one of its admin roles (model.CallerPath) is refused, whoever
	// made it, since the run would lock the tool out.
	ClientID string
	// Journal is the journal file; empty means no journal (and no resume).
	Journal string
	// Resume continues the run the journal records: steps it lists as
	// applied are not sent again, and their created IDs are restored.
	Resume bool
	// SecretsFile is a YAML or JSON map of secret names to values.
	SecretsFile string
	// Environ is the environment secrets are read from (KEY=VALUE, as
	// os.Environ returns it; the CLI passes os.Environ(), tests their own).
	// Values in the environment win over the file.
	Environ []string
	// Current is the state the plan is applied to, as read just before the
	// run. Optional: it saves requests (the value of a reference to an
	// app's client_id, a parent's schema link) and guards system objects.
	Current *model.Snapshot
	// MaxAttempts and RetryDelay bound apply's own retries of a step after
	// transient errors; 0 means the defaults.
	MaxAttempts int
	RetryDelay  time.Duration
	// Progress, when set, is called after each step ends, from a single
	// goroutine, with the number of steps finished so far.
	Progress func(done, total int, r StepResult)
}

func (o Options) withDefaults() Options {
	if o.Parallelism <= 0 {
		o.Parallelism = DefaultParallelism
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = DefaultRetryDelay
	}
	return o
}
