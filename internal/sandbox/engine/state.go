package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
)

// loadState restores the org from Options.StateFile when the file exists.
func (s *Server) loadState() (bool, error) {
	if s.opts.StateFile == "" {
		return false, nil
	}
	data, err := os.ReadFile(s.opts.StateFile)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sandbox: reading state: %w", err)
	}
	o := &Org{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(o); err != nil {
		return false, fmt.Errorf("sandbox: state file %s is not valid (%w); remove it to start a fresh org", s.opts.StateFile, err)
	}
	if o.Tables == nil {
		o.Tables = map[string]*Table{}
	}
	// The id source continues from a point derived from the saved
	// sequence, so ids handed out after a restart do not repeat.
	o.rnd = rand.New(rand.NewSource(s.opts.Seed + int64(o.Seq)))
	o.now = s.opts.Now
	s.org = o
	return true, nil
}

// Save writes the org to Options.StateFile atomically (temp file + rename).
func (s *Server) Save() error {
	if s.opts.StateFile == "" {
		return nil
	}
	s.org.mu.Lock()
	data, err := json.Marshal(s.org)
	s.org.mu.Unlock()
	if err != nil {
		return err
	}
	dir := filepath.Dir(s.opts.StateFile)
	tmp, err := os.CreateTemp(dir, ".sandbox-state-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), s.opts.StateFile)
}
