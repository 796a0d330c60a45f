package model

import (
	"fmt"
	"sort"
)

// Severity says whether a Problem blocks the run.
type Severity int

const (
	// SeverityError blocks plan and apply.
	SeverityError Severity = iota
	// SeverityWarning is reported but does not block.
	SeverityWarning
)

func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// Problem is one finding about the tree, located by file and line.
// File is relative to the tree root, with forward slashes. Line is 1-based; 0
// means the finding is about the file as a whole.
type Problem struct {
	File     string
	Line     int
	Message  string
	Hint     string
	Severity Severity
}

func (p Problem) String() string {
	loc := p.File
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	s := fmt.Sprintf("%s: %s: %s", loc, p.Severity, p.Message)
	if p.Hint != "" {
		s += " (" + p.Hint + ")"
	}
	return s
}

// SortProblems orders problems by file, line, severity and message, so that
// output is deterministic.
func SortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Message < b.Message
	})
}

// HasErrors reports whether any problem has SeverityError.
func HasErrors(ps []Problem) bool {
	for _, p := range ps {
		if p.Severity == SeverityError {
			return true
		}
	}
	return false
}
