package apply

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/oktasync/oktasync/internal/plan"
)

// The journal is an append-only file of JSON lines, one per event, each
// written and fsynced before the run goes on (lines written at the same
// time share one fsync: journal_write.go), so that a crash loses at most
// the lines being written:
//
//	{"type":"plan","plan":"sha256:…","steps":532,"time":"…"}   first line: which plan
//	{"type":"start","step":"groups/eng:create","time":"…"}     a create is about to be sent
//	{"type":"step","step":"groups/eng:create","status":"applied","id":"00g…","time":"…"}
//	{"type":"resume","time":"…"}                              a later run continues the file
//
// "start" exists only for creates, the one write that is not idempotent: a
// create with a start line and no step line was in flight when the run
// stopped, so a resumed run looks the object up by identity before sending
// it again. Lines hold step IDs, statuses and Okta IDs, never bodies, so no
// secret value can reach the file.

// journalRecord is one line.
type journalRecord struct {
	Type   string `json:"type"`
	Plan   string `json:"plan,omitempty"`
	Steps  int    `json:"steps,omitempty"`
	Step   string `json:"step,omitempty"`
	Status Status `json:"status,omitempty"`
	ID     string `json:"id,omitempty"`
	Time   string `json:"time,omitempty"`
}

const (
	recordPlan   = "plan"
	recordStart  = "start"
	recordStep   = "step"
	recordResume = "resume"
)

// PlanHash is the identity of a plan: the SHA-256 of its saved JSON form
// (which is deterministic), as "sha256:<hex>".
func PlanHash(p *plan.Plan) (string, error) {
	var buf bytes.Buffer
	if err := p.Save(&buf); err != nil {
		return "", err
	}
	sum := sha256.Sum256(buf.Bytes())
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// JournalState is what a journal says about an earlier run of a plan.
type JournalState struct {
	// Applied maps the ID of every step journaled as applied to the ID of
	// the object it created ("" for steps that create nothing).
	Applied map[string]string
	// InFlight are creates that were started and never applied: their
	// outcome is unknown, so a resumed run looks them up by identity
	// before sending them again.
	InFlight map[string]bool
	// Steps is the plan's step count, from the first line; LastTime is the
	// time of the last line.
	Steps    int
	LastTime string
}

// Complete reports whether the journal records every step as applied.
func (st *JournalState) Complete() bool { return st.Steps > 0 && len(st.Applied) == st.Steps }

// ReadJournal reads a journal and checks that it was written for the plan
// whose hash is planHash. A last line cut short by a crash is ignored.
func ReadJournal(path, planHash string) (*JournalState, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("journal %s does not exist: there is no run to resume", path)
		}
		return nil, fmt.Errorf("journal: %w", err)
	}
	st := &JournalState{Applied: map[string]string{}, InFlight: map[string]bool{}}
	lines := bytes.Split(data, []byte("\n"))
	first := true
	for i, line := range lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var r journalRecord
		if err := json.Unmarshal(line, &r); err != nil {
			if i == len(lines)-1 || (i == len(lines)-2 && len(lines[len(lines)-1]) == 0) {
				break // the line being written when the run stopped
			}
			return nil, fmt.Errorf("journal %s line %d: %w", path, i+1, err)
		}
		if first {
			if r.Type != recordPlan {
				return nil, fmt.Errorf("journal %s: the first line does not name a plan", path)
			}
			if r.Plan != planHash {
				return nil, fmt.Errorf("journal %s was written for another plan (%s, this one is %s): refusing to resume it; make a new plan, or remove the journal to start over", path, r.Plan, planHash)
			}
			first = false
			st.Steps, st.LastTime = r.Steps, r.Time
			continue
		}
		if r.Time != "" {
			st.LastTime = r.Time
		}
		switch r.Type {
		case recordStart:
			st.InFlight[r.Step] = true
		case recordStep:
			// Only success settles a started create: one that failed
			// (interrupted, or after transient errors) may still have
			// made its object.
			if r.Status == StatusApplied {
				delete(st.InFlight, r.Step)
				st.Applied[r.Step] = r.ID
			} else {
				delete(st.Applied, r.Step)
			}
		}
	}
	if first {
		return nil, fmt.Errorf("journal %s is empty: there is no run to resume", path)
	}
	return st, nil
}

// openJournal opens the journal for a run. A new run refuses a journal that
// already holds records: it belongs to an earlier run, which --resume
// continues.
func openJournal(path, planHash string, steps int, resume bool, now func() time.Time) (*journal, error) {
	if path == "" {
		return nil, nil
	}
	if !resume {
		if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
			return nil, fmt.Errorf("journal %s already exists: it records an earlier run; pass --resume to continue that run, or remove the file to start over", path)
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	j := newJournal(f, path, now)
	head := journalRecord{Type: recordPlan, Plan: planHash, Steps: steps}
	if resume {
		head = journalRecord{Type: recordResume}
	}
	if err := j.write(head); err != nil {
		_ = j.close()
		return nil, err
	}
	return j, nil
}
