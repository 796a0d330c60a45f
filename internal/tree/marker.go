package tree

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// MarkerFile is the tree's own metadata: where the org's System Log stood
// when export read the org, and the live identity of every object it
// wrote, so that a plan can start from the tree and read only what changed
// since (see Marker). It is a top-level dot file: Read skips it, Write
// never touches it, and export rewrites it only when its content changes,
// so that an unchanged org leaves it byte for byte the same.
const MarkerFile = ".oktasync-marker.json"

// MarkerFormat is the version of the marker's JSON form; a marker of
// another version is ignored (the plan reads the whole org).
const MarkerFormat = 1

// Marker records the System Log position and the objects of an export.
type Marker struct {
	Format int `json:"format"`
	// Org is the org's URL: a marker is good only for the org it was read
	// from.
	Org string `json:"org"`
	// Published and UUID are the last System Log event before the read.
	// Events after it are the changes the tree does not hold. When the
	// log was empty, UUID is empty and Published is when an export first
	// found it so.
	Published string `json:"published,omitempty"`
	UUID      string `json:"uuid,omitempty"`
	// Objects maps every path the export wrote to its live identity.
	Objects map[string]MarkedObject `json:"objects"`
}

// MarkedObject is one exported object's live identity: its IDs, the
// fingerprint of its live body, the hash of its file as written (a file
// that no longer hashes the same was changed in the tree), and the few
// live fields its kind's descriptor needs beyond the file (Raw).
type MarkedObject struct {
	Kind          string         `json:"kind"`
	ID            string         `json:"id"`
	ParentID      string         `json:"parentId,omitempty"`
	GrandparentID string         `json:"grandparentId,omitempty"`
	Fingerprint   string         `json:"fingerprint"`
	File          string         `json:"file"`
	Raw           map[string]any `json:"raw,omitempty"`
	// Unwritten is set for an implicit object left at Okta's default,
	// which export writes no file for (model.Kind.DefaultBody): what its
	// file would hold, so that a plan can take it from the marker.
	Unwritten *UnwrittenObject `json:"unwritten,omitempty"`
}

// UnwrittenObject is the file an export left out.
type UnwrittenObject struct {
	Name      string            `json:"name"`
	Role      string            `json:"role,omitempty"`
	Relations map[string]string `json:"relations,omitempty"`
	Body      map[string]any    `json:"body"`
}

// ReadMarker reads dir's marker; (nil, nil) when the tree has none.
func ReadMarker(dir string) (*Marker, error) {
	data, err := os.ReadFile(filepath.Join(dir, MarkerFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m Marker
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", MarkerFile, err)
	}
	return &m, nil
}

// EncodeMarker is the marker's bytes: keys sorted, one object per line, so
// that the same export gives the same bytes and a diff shows the objects
// that changed.
func EncodeMarker(m *Marker) ([]byte, error) {
	var b bytes.Buffer
	head := struct {
		Format    int    `json:"format"`
		Org       string `json:"org"`
		Published string `json:"published,omitempty"`
		UUID      string `json:"uuid,omitempty"`
	}{m.Format, m.Org, m.Published, m.UUID}
	h, err := json.Marshal(head)
	if err != nil {
		return nil, err
	}
	b.Write(h[:len(h)-1])
	b.WriteString(",\"objects\":{")
	paths := make([]string, 0, len(m.Objects))
	for p := range m.Objects {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for i, p := range paths {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(p)
		v, err := json.Marshal(m.Objects[p])
		if err != nil {
			return nil, err
		}
		b.WriteString("\n")
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteString("\n}}\n")
	return b.Bytes(), nil
}

// WriteMarker writes dir's marker when its bytes differ from the file's
// (an unchanged marker keeps its mtime); nil removes the marker.
func WriteMarker(dir string, m *Marker) error {
	path := filepath.Join(dir, MarkerFile)
	if m == nil {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	data, err := EncodeMarker(m)
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp, err := os.CreateTemp(dir, ".oktasync-marker-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	// The tree's files are 0644; CreateTemp made this one 0600.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
