// Package apply carries out a plan against an org: exactly the reviewed
// steps, as fast as the org's rate limits allow, surviving 429s, 5xx
// errors and dropped connections without losing or duplicating anything,
// and leaving a state the user can resume or roll back.
//
// # Run
//
// Run is what `oktasync apply` calls. First, with nothing sent, it checks
// the plan's integrity (plan.Plan.Verify: the content matches its digest,
// the digest is the expected one, the signature is the configured key's)
// and whether its journal says it was applied already
// (AlreadyAppliedError). Then preflight (the one place that refuses a
// whole run, called once by Run and once by Execute alone) refuses a plan
// with steps of unknown kinds, a plan with deletes (plain deletes, and
// removes of items whose set says removing is a delete) unless both the
// plan and the run allow them, a plan with replaces unless both allow
// replaces (--allow-replace or --allow-delete), and a create whose
// ${secret:} has no value. Run then checks that the org is the one the
// plan was made for (ReadOrg, /.well-known/okta-organization: ID and URL).
// Every login the plan names (${user:<login>}) is looked up in the org,
// once each (internal/userdir): a login the org does not have refuses the
// run, naming the object's file, the field and the login, since oktasync
// never creates users; and when the plan holds ${org:…}, the org's ID and
// URL are read from its well-known document and its ORN partition from an
// app's ORN (model.OrgIdentity). Run takes the org's apply lock (lock.go:
// a marker group with a fixed name, whose create Okta refuses twice,
// renewed while the run goes on, stale after DefaultLockTTL, broken by ID
// with --force-unlock), reads the org (the kinds the plan touches,
// TouchedKinds, from each step's plan.Step.Refs) and refuses a plan that
// deletes a system object, and a stale plan (saying so when the org holds
// the plan's own result, applied.go): CheckStale recomputes
// model.Fingerprint (item sets included) for every object a step updates,
// deletes, activates, deactivates, reorders, sets a relation of or writes
// items of, and for every existing parent of a created object, and
// compares it with the
// fingerprint the plan recorded; a vanished object, or a new object holding
// the identity of one the plan creates, is stale too, and so is an ID the
// plan writes that no longer names the object it read (stale_ids.go): a
// step's own, parent and grandparent IDs, and every object a step only
// refers to. The error names each object and says to plan again. During
// the run, the first create of a kind under an existing parent lists that
// kind once, and a create whose identity an object took after planning
// fails without being sent (guard.go). It writes a backup of the state before
// the run (BackupDir/<timestamp>, an ordinary tree: planned and applied
// with deletes allowed, it undoes the run), and then executes.
//
// # The executor
//
// Execute walks the plan's step DAG (Step.DependsOn). A single coordinator
// goroutine owns the scheduling state; workers run under an errgroup with
// SetLimit(Parallelism), each writes its own pre-sized result slot, and
// reports completion on a channel buffered for every step, which feeds the
// ready queue. Nothing polls. A step that fails settles all its
// transitive dependents as skipped, naming it as their cause, and the
// independent branches go on: every step ends applied, failed or skipped,
// with a reason, and the report lists the failed ones (the root causes)
// first. Besides the global limit, at most half the workers write to one
// rate-limit bucket at a time, so that a bucket waiting for its reset does
// not hold up the others. The bucket of a step is okta.BucketFor of the
// endpoint it writes, the same function the client's governor paces
// requests by, so the scheduler and the governor agree on what a bucket is.
//
// Endpoints that lose concurrent writes are serialised by a mutex per key
// derived from the descriptors (serial.go): the sibling sets of kinds with
// an order field, and partially updated singletons (profile schemas). One
// ordering the plan does not express is added from the descriptors as
// well: a singleton Okta makes with its parent, as a copy of a sibling's
// (a user type's schema), is created before that sibling is updated.
//
// Each step resolves its body at the last moment: ${ref:<path>} becomes the
// ID of an object the plan matched (Plan.Targets) or that this run created
// (the create's response, handed to dependents through an atomic slot per
// object), or that Okta made with a parent created in this run (found by
// listing the parent's children); in fields whose descriptor names a
// TargetField it becomes that field of the target (an app's client_id, a
// scope's name) from this run's responses, the state read before the run,
// or one cached GET; inside expression strings it is replaced in place;
// ${user:<login>} and ${org:…} take the values read before the run, so
// that an ORN or a URL names this org's objects.
// {parentId} and {grandparentId} come from the step's live address or the
// parent's (honouring ParentKey). An update step without a live ID is for
// an object Okta made with a parent created in this run: the only child of
// a singleton kind (a brand's theme), or, when the step names a role
// (plan.Step.Role), the child whose Kind.RoleOf is that role (a new
// policy's catch-all rule), or, for an implicit kind, the child whose path,
// computed from its body, is the step's (an app's features); it then goes
// on as any update. ${secret:NAME} comes from OKTASYNC_SECRET_NAME or the
// secrets file; in an update a secret without a value is left out of the
// patch, so the live secret stays (not in an adopted object's, which has
// none yet: plan.Step.Adopt). A field whose descriptor says its secret is a
// JSON object or a PEM block (model.SecretFormat) gets the value in that
// form: a mapping or JSON text, a PEM block with real or \n-escaped line
// breaks; preflight refuses a value of the wrong form before anything is
// sent. Secret values, their JSON-escaped forms, the lines of a multi-line
// one and the strings of a JSON one are masked out of every error and
// never written anywhere.
//
// Creates use the kind's create endpoint (a POST, or a PUT to an item path
// whose {id} is in the body); updates read the live object and PUT the
// plan's merge patch applied to it (RFC 7386, so fields the file does not
// manage keep their values), or send the patch as is for a partial update;
// an update that would change nothing is not sent. Lifecycle, toggle,
// delete and relation steps use their endpoints; a lifecycle step is a
// toggle of the status field (model.Lifecycle.Toggle), sent by the same
// code. A verify step asks Okta to check a DNS-bound object's records; an
// object not yet verified (or a 400 from the check) is not a failure: the
// step is applied with a warning listing the records to publish
// (StepResult.Warnings), and the report shows it.
// Item steps use their set's endpoints (model.ItemSet): {item} is the
// resolved key, {itemId} the live ID the plan recorded; adds go one per
// request, or in batches of at most MaxPerRequest; a remove of an item
// already gone (404) is done; a POST add whose answer was lost lists the
// set before it is sent again.
//
// # Retries
//
// The client already retries what is safe: 429s always, 5xx and transport
// errors for idempotent requests (apply marks its lifecycle calls and
// updates idempotent). Apply adds a bounded number of attempts per step for
// errors the client classifies as transient, and nothing else. A POST
// create whose outcome is unknown (a 5xx or a reset: Okta may have made
// the object) is never sent again blindly: the next attempt first lists
// the kind under its parent and looks for the desired identity
// (Kind.IdentityOf); if the object is there it is adopted. So a retry
// never leaves a duplicate.
//
// # Journal and resume
//
// With a journal, every finished step is appended as a JSON line and
// fsynced before the run goes on, with the ID a create made; creates also
// get a line before they are sent (see journal.go). The journal's first
// line names the plan by the hash of its JSON (PlanHash). A resumed run
// refuses another plan's journal, treats the steps journaled as applied as
// done (restoring their created IDs), looks up the creates left in flight
// before sending them again, and, instead of the stale check (the objects
// were changed by the interrupted run itself), checks that every object
// the journal says was created or changed still exists.
package apply
