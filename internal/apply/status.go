package apply

import "fmt"

// Status is how a step ended. It is a closed set: every step of a run ends
// in exactly one of these, and every switch over it is exhaustive.
type Status int

const (
	// StatusApplied: the step's request succeeded (or a journal from an
	// earlier run of the same plan says it did, or an object created by an
	// attempt whose answer was lost was found and adopted).
	StatusApplied Status = iota + 1
	// StatusFailed: the step was attempted and did not succeed. Failed steps
	// are the run's root causes.
	StatusFailed
	// StatusSkipped: the step was never sent, because a step it depends on
	// did not succeed, or the run was refused or interrupted before it.
	StatusSkipped
)

// Statuses lists every status in report order.
func Statuses() []Status { return []Status{StatusApplied, StatusFailed, StatusSkipped} }

// String is the status's stable name, used in JSON, the journal and reports.
func (s Status) String() string {
	switch s {
	case StatusApplied:
		return "applied"
	case StatusFailed:
		return "failed"
	case StatusSkipped:
		return "skipped"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// ParseStatus is the inverse of String.
func ParseStatus(s string) (Status, error) {
	for _, v := range Statuses() {
		if v.String() == s {
			return v, nil
		}
	}
	return 0, fmt.Errorf("unknown step status %q", s)
}

// MarshalText makes statuses strings in JSON.
func (s Status) MarshalText() ([]byte, error) {
	if _, err := ParseStatus(s.String()); err != nil {
		return nil, err
	}
	return []byte(s.String()), nil
}

// UnmarshalText parses a status name.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
