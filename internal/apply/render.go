package apply

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/plan"
)

// RenderOptions control the renderers. The zero value is deterministic:
// durations are left out, so the same run renders to the same bytes.
type RenderOptions struct {
	// Durations adds each step's duration and the run's elapsed time.
	Durations bool
}

// summary is the one-line outcome, shared by every renderer.
func (r *Report) summary() string {
	c := r.Counts
	s := fmt.Sprintf("%d step(s): %d applied, %d failed, %d skipped", c.Total, c.Applied, c.Failed, c.Skipped)
	var extra []string
	if c.Resumed > 0 {
		extra = append(extra, fmt.Sprintf("%d from an earlier run", c.Resumed))
	}
	if c.Adopted > 0 {
		extra = append(extra, fmt.Sprintf("%d adopted after a lost answer", c.Adopted))
	}
	if c.Warned > 0 {
		extra = append(extra, fmt.Sprintf("%d with warnings", c.Warned))
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s + "."
}

// headline says whether the run did what the plan asked.
func (r *Report) headline() string {
	switch {
	case r.Error != "":
		return "Apply refused: " + r.Error
	case r.Interrupted:
		return "Apply interrupted: resume the run to finish it."
	case r.Counts.Failed > 0 || r.Counts.Skipped > 0:
		return "Apply finished with failures."
	}
	return "Apply complete."
}

func (s StepResult) detail(o RenderOptions) string {
	var parts []string
	if s.CreatedID != "" {
		parts = append(parts, "id "+s.CreatedID)
	}
	if s.Reason != "" {
		parts = append(parts, s.Reason)
	}
	if s.Error != nil {
		parts = append(parts, s.Error.Message)
	}
	if o.Durations && s.Duration > 0 {
		parts = append(parts, s.Duration.Round(time.Millisecond).String())
	}
	return strings.Join(parts, "; ")
}

// RenderText writes the report for a terminal: the outcome, then the root
// causes, the skipped steps and the applied ones, each in plan order.
func RenderText(w io.Writer, r *Report, o RenderOptions) error {
	b := bufio.NewWriter(w)
	fmt.Fprintln(b, r.headline())
	fmt.Fprintln(b, r.summary())
	if o.Durations && r.Elapsed > 0 {
		fmt.Fprintf(b, "Elapsed: %s.\n", r.Elapsed.Round(time.Millisecond))
	}
	if r.Backup != "" {
		fmt.Fprintf(b, "Backup of the state before the run: %s\n", r.Backup)
	}
	if warned := r.warned(); len(warned) > 0 {
		fmt.Fprintln(b)
		fmt.Fprintln(b, "Warnings (applied, but something is left to do):")
		for _, s := range warned {
			for _, w := range s.Warnings {
				fmt.Fprintf(b, "  ! %s  %s\n", s.ID, w)
			}
		}
	}
	sections := []struct {
		title string
		mark  string // "" for the action's own symbol
		st    Status
	}{
		{"Failed (root causes):", "!", StatusFailed},
		{"Skipped:", ".", StatusSkipped},
		{"Applied:", "", StatusApplied},
	}
	for _, sec := range sections {
		steps := r.ByStatus(sec.st)
		if len(steps) == 0 || (sec.st == StatusSkipped && r.Error != "") {
			continue
		}
		fmt.Fprintln(b)
		fmt.Fprintln(b, sec.title)
		for _, s := range steps {
			mark := sec.mark
			if mark == "" {
				mark = ActionSymbol(s.Action)
			}
			line := fmt.Sprintf("  %s %s", mark, s.ID)
			if d := s.detail(o); d != "" {
				line += "  " + d
			}
			fmt.Fprintln(b, line)
		}
	}
	return b.Flush()
}

// RenderJSON writes the report as indented JSON (the same value the other
// renderers read).
func RenderJSON(w io.Writer, r *Report, o RenderOptions) error {
	out := *r
	if !o.Durations {
		out.Elapsed = 0
		out.Steps = make([]StepResult, len(r.Steps))
		for i, s := range r.Steps {
			s.Duration = 0
			out.Steps[i] = s
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}

// RenderMarkdown writes the report for a pull-request comment: the
// outcome, a table of root causes, and the other steps folded away.
func RenderMarkdown(w io.Writer, r *Report, o RenderOptions) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "### oktasync apply\n\n**%s** %s\n", mdText(r.headline()), mdText(r.summary()))
	if r.Backup != "" {
		fmt.Fprintf(b, "\nBackup of the state before the run: `%s`\n", r.Backup)
	}
	if causes := r.RootCauses(); len(causes) > 0 {
		fmt.Fprintf(b, "\n#### Failed (root causes)\n\n| Step | Error |\n|---|---|\n")
		for _, s := range causes {
			fmt.Fprintf(b, "| `%s` | %s |\n", s.ID, mdCell(s.detail(o)))
		}
	}
	if warned := r.warned(); len(warned) > 0 {
		fmt.Fprintf(b, "\n#### Warnings (applied, but something is left to do)\n\n| Step | Warning |\n|---|---|\n")
		for _, s := range warned {
			for _, w := range s.Warnings {
				fmt.Fprintf(b, "| `%s` | %s |\n", s.ID, mdCell(w))
			}
		}
	}
	for _, sec := range []struct {
		title string
		st    Status
	}{{"Skipped", StatusSkipped}, {"Applied", StatusApplied}} {
		steps := r.ByStatus(sec.st)
		if len(steps) == 0 || (sec.st == StatusSkipped && r.Error != "") {
			continue
		}
		fmt.Fprintf(b, "\n<details><summary>%s (%d)</summary>\n\n| | Step | Details |\n|---|---|---|\n", sec.title, len(steps))
		for _, s := range steps {
			fmt.Fprintf(b, "| %s | `%s` | %s |\n", mdText(ActionSymbol(s.Action)), s.ID, mdCell(s.detail(o)))
		}
		fmt.Fprintf(b, "\n</details>\n")
	}
	return b.Flush()
}

// warned are the steps with warnings, in plan order.
func (r *Report) warned() []StepResult {
	var out []StepResult
	for _, s := range r.Steps {
		if len(s.Warnings) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// mdText escapes the characters Markdown would interpret in prose.
func mdText(s string) string {
	return strings.NewReplacer("*", `\*`, "_", `\_`, "`", "'", "<", "&lt;", ">", "&gt;").Replace(s)
}

// mdCell makes text safe inside a table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}

// ActionSymbol marks a step by what it does, as the plan does: "+" a
// create, "-" a delete, "~" anything that changes an object in place
// (update, reorder, activate, deactivate, set-relation, toggle, items of
// an item set, a DNS verification).
func ActionSymbol(a plan.Action) string {
	switch a {
	case plan.ActionCreate:
		return "+"
	case plan.ActionDelete:
		return "-"
	case plan.ActionUpdate, plan.ActionReorder, plan.ActionActivate, plan.ActionDeactivate, plan.ActionSetRelation,
		plan.ActionAddItem, plan.ActionUpdateItem, plan.ActionRemoveItem, plan.ActionToggle, plan.ActionVerify:
		return "~"
	}
	return "?"
}
