package apply

import (
	"errors"
	"time"

	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// Report is the outcome of a run: one result per plan step, in plan order.
// Like the plan, it is a value; the text, JSON and Markdown renderers read
// the same structure.
type Report struct {
	// Plan is the identity of the plan that was executed (see PlanHash).
	Plan string `json:"plan"`
	// Error is set when the run was refused before any step was started
	// (missing secrets, deletes not allowed, an unusable journal). Every
	// step is then skipped and nothing was sent.
	Error string `json:"error,omitempty"`
	// Interrupted is set when the context ended before every step ran.
	Interrupted bool `json:"interrupted,omitempty"`
	// Backup is the directory holding the state before the run (Run only).
	Backup string `json:"backup,omitempty"`
	// Journal is the journal file, when one was kept.
	Journal string        `json:"journal,omitempty"`
	Counts  Counts        `json:"counts"`
	Steps   []StepResult  `json:"steps"`
	Elapsed time.Duration `json:"elapsed_ns,omitempty"`
}

// Counts are the number of steps per status, plus how many applied steps
// came from an earlier run's journal or adopted an object whose create
// answer was lost.
type Counts struct {
	Total   int `json:"total"`
	Applied int `json:"applied"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
	Resumed int `json:"resumed,omitempty"`
	Adopted int `json:"adopted,omitempty"`
	// Warned counts the applied steps with warnings (a domain not yet
	// verified).
	Warned int `json:"warned,omitempty"`
}

// StepResult is how one step ended.
type StepResult struct {
	ID     string      `json:"id"`
	Action plan.Action `json:"action"`
	Kind   string      `json:"kind"`
	Path   string      `json:"path"`
	Status Status      `json:"status"`
	// Reason says why a step was skipped or failed, or anything notable
	// about an applied one (adopted, resumed, already gone).
	Reason string `json:"reason,omitempty"`
	// Cause is, for a skipped step, the ID of the failed step at the root
	// of its skip.
	Cause string `json:"cause,omitempty"`
	// Error is the last error of a failed step.
	Error *ErrorInfo `json:"error,omitempty"`
	// CreatedID is the Okta ID of the object a create made (or adopted).
	CreatedID string `json:"created_id,omitempty"`
	// Attempts is the number of times apply sent the step's write (the
	// client's own transparent retries are not counted).
	Attempts int `json:"attempts,omitempty"`
	// Adopted: a create whose outcome was unknown found its object by
	// identity instead of creating it again.
	Adopted bool `json:"adopted,omitempty"`
	// Resumed: the journal of an earlier run says the step was applied.
	Resumed bool `json:"resumed,omitempty"`
	// Warnings are what the user must do that the step could not (publish
	// a DNS-bound object's records): the step is applied, not failed.
	Warnings []string      `json:"warnings,omitempty"`
	Duration time.Duration `json:"duration_ns,omitempty"`
}

// ErrorInfo is a failed request, from the client's typed errors. It never
// holds a request body, and secret values are masked out of its message.
type ErrorInfo struct {
	Method    string `json:"method,omitempty"`
	Path      string `json:"path,omitempty"`
	Status    int    `json:"status,omitempty"`
	ErrorCode string `json:"error_code,omitempty"`
	Summary   string `json:"summary,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// Message is the whole error as text.
	Message string `json:"message"`
}

// errorInfo describes err with what the client's typed errors carry.
func errorInfo(err error, mask func(string) string) *ErrorInfo {
	if err == nil {
		return nil
	}
	info := &ErrorInfo{Message: mask(err.Error())}
	var ae *okta.APIError
	var te *okta.TransportError
	switch {
	case errors.As(err, &ae):
		info.Method, info.Path, info.Status = ae.Method, ae.Path, ae.Status
		info.ErrorCode, info.Summary, info.RequestID = ae.ErrorCode, mask(ae.ErrorSummary), ae.RequestID
	case errors.As(err, &te):
		info.Method, info.Path = te.Method, te.Path
	}
	return info
}

// HasFailures reports whether the CLI must exit 1: a step failed, the run
// was refused, or it was interrupted before finishing.
func (r *Report) HasFailures() bool {
	return r.Error != "" || r.Interrupted || r.Counts.Failed > 0
}

// RootCauses returns the failed steps, in plan order. Every skipped step
// names one of them as its Cause (or was skipped because the run was
// refused or interrupted).
func (r *Report) RootCauses() []StepResult {
	var out []StepResult
	for _, s := range r.Steps {
		if s.Status == StatusFailed {
			out = append(out, s)
		}
	}
	return out
}

// ByStatus returns the results with status s, in plan order.
func (r *Report) ByStatus(s Status) []StepResult {
	var out []StepResult
	for _, x := range r.Steps {
		if x.Status == s {
			out = append(out, x)
		}
	}
	return out
}

// Result returns the result of the step with the given ID.
func (r *Report) Result(id string) (StepResult, bool) {
	for _, s := range r.Steps {
		if s.ID == id {
			return s, true
		}
	}
	return StepResult{}, false
}

// count fills Counts from Steps.
func (r *Report) count() {
	c := Counts{Total: len(r.Steps)}
	for _, s := range r.Steps {
		switch s.Status {
		case StatusApplied:
			c.Applied++
		case StatusFailed:
			c.Failed++
		case StatusSkipped:
			c.Skipped++
		}
		if s.Resumed {
			c.Resumed++
		}
		if s.Adopted {
			c.Adopted++
		}
		if len(s.Warnings) > 0 {
			c.Warned++
		}
	}
	r.Counts = c
}
