package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// ProblemCode classifies a problem that stops a plan.
type ProblemCode int

const (
	// ProblemUndefinedVar: a ${var:NAME} with no value.
	ProblemUndefinedVar ProblemCode = iota + 1
	// ProblemPlaceholder: a malformed placeholder.
	ProblemPlaceholder
	// ProblemDanglingRef: a ${ref:<path>} (or a relation, or a parent) that
	// names no object of the desired tree.
	ProblemDanglingRef
	// ProblemAmbiguous: a desired object matches several current objects,
	// or several desired objects match one current object.
	ProblemAmbiguous
	// ProblemDuplicate: two desired objects share an identity or a role.
	ProblemDuplicate
	// ProblemCycle: the steps' dependencies form a cycle.
	ProblemCycle
	// ProblemTooManyDeletes: more deletes than --max-deletes.
	ProblemTooManyDeletes
	// ProblemSecret: a secret field holds a literal value.
	ProblemSecret
	// ProblemInput: anything else wrong with the input (unknown kind, no
	// registry).
	ProblemInput
)

func (c ProblemCode) String() string {
	switch c {
	case ProblemUndefinedVar:
		return "undefined-variable"
	case ProblemPlaceholder:
		return "malformed-placeholder"
	case ProblemDanglingRef:
		return "dangling-reference"
	case ProblemAmbiguous:
		return "ambiguous-match"
	case ProblemDuplicate:
		return "duplicate-identity"
	case ProblemCycle:
		return "dependency-cycle"
	case ProblemTooManyDeletes:
		return "too-many-deletes"
	case ProblemSecret:
		return "literal-secret"
	case ProblemInput:
		return "input"
	}
	return fmt.Sprintf("ProblemCode(%d)", int(c))
}

// Problem is one reason a plan could not be made, located by file and line
// (File is relative to its tree; empty when the problem is about the plan as
// a whole, such as too many deletes).
type Problem struct {
	model.Problem
	Code ProblemCode
}

func (p Problem) String() string {
	s := p.Message
	if p.Hint != "" {
		s += " (" + p.Hint + ")"
	}
	switch {
	case p.File != "" && p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, s)
	case p.File != "":
		return p.File + ": " + s
	}
	return s
}

// Error is returned by Compute when the plan cannot be made. It lists every
// problem found, sorted by file and line, rather than only the first, so one
// run shows everything to fix.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 {
		b.WriteString("plan: 1 problem:")
	} else {
		fmt.Fprintf(&b, "plan: %d problems:", len(e.Problems))
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// problems collects Problems during Compute.
type problems struct{ list []Problem }

func (ps *problems) add(code ProblemCode, file string, line int, msg, hint string) {
	ps.list = append(ps.list, Problem{Code: code, Problem: model.Problem{File: file, Line: line, Message: msg, Hint: hint, Severity: model.SeverityError}})
}

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	sorted := make([]Problem, len(ps.list))
	copy(sorted, ps.list)
	sort.SliceStable(sorted, func(i, j int) bool { return problemLess(sorted[i].Problem, sorted[j].Problem) })
	// Drop exact duplicates (the same dangling ref reached twice).
	dedup := sorted[:0]
	for i, p := range sorted {
		if i > 0 && p.String() == sorted[i-1].String() {
			continue
		}
		dedup = append(dedup, p)
	}
	return &Error{Problems: dedup}
}

func problemLess(a, b model.Problem) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Message < b.Message
}
