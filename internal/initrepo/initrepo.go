package initrepo

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// templates holds the files Write copies. go:embed only fills package
// variables; it is never written to.
//
//go:embed templates
var templates embed.FS

// The README section's markers; they are the first and last lines of
// templates/README.md.
const (
	sectionBegin = "<!-- oktasync:begin -->"
	sectionEnd   = "<!-- oktasync:end -->"
	readmeName   = "README.md"
	// The .gitignore's section markers: the first and last lines of
	// templates/gitignore.
	ignoreBegin = "# oktasync:begin"
	ignoreEnd   = "# oktasync:end"
	ignoreName  = ".gitignore"
)

// File maps one template to where it goes in the repository.
type File struct {
	// Template is the path inside templates/.
	Template string
	// Target is the path in the repository, slash-separated.
	Target string
}

// Files lists what Write writes, in order, README last. The .gitignore and
// the README get a marked section: appended to an existing file, never
// replacing it.
func Files() []File {
	return []File{
		{"plan.yml", ".github/workflows/plan.yml"},
		{"apply.yml", ".github/workflows/apply.yml"},
		{"backup.yml", ".github/workflows/backup.yml"},
		{"drift.yml", ".github/workflows/drift.yml"},
		{"okta.yaml", "okta.yaml"},
		{"vars/preview.yaml", "vars/preview.yaml"},
		{"vars/production.yaml", "vars/production.yaml"},
		{"gitignore", ignoreName},
		{"README.md", readmeName},
	}
}

// Template returns a template's bytes.
func Template(name string) ([]byte, error) {
	return templates.ReadFile(path.Join("templates", name))
}

// Workflows returns the workflow templates' names (plan.yml, …).
func Workflows() []string {
	var out []string
	for _, f := range Files() {
		if strings.HasPrefix(f.Target, ".github/workflows/") {
			out = append(out, f.Template)
		}
	}
	return out
}

// Options say where to write and whether existing files may be replaced.
type Options struct {
	// Dir is the repository's root.
	Dir string
	// Force replaces existing files (and an existing oktasync README
	// section).
	Force bool
}

// ReadmeAction says what Write did with the README.
type ReadmeAction string

// What Write can do with the README.
const (
	ReadmeCreated  ReadmeAction = "created"
	ReadmeAppended ReadmeAction = "appended the oktasync section"
	ReadmeReplaced ReadmeAction = "replaced the oktasync section"
	ReadmeKept     ReadmeAction = "kept (it has an oktasync section already)"
)

// Result reports what Write did.
type Result struct {
	// Written are the targets written, slash-separated, README and
	// .gitignore excluded.
	Written []string
	// Overwritten are those among them that existed before (with Force).
	Overwritten []string
	Readme      ReadmeAction
	// Gitignore is what Write did with the .gitignore's oktasync section.
	Gitignore ReadmeAction
}

// ExistsError is the refusal to overwrite files.
type ExistsError struct{ Paths []string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("refusing to overwrite %s (use --force to replace them)", strings.Join(e.Paths, ", "))
}

// Write copies the templates into o.Dir.
func Write(o Options) (*Result, error) {
	if o.Dir == "" {
		o.Dir = "."
	}
	if fi, err := os.Stat(o.Dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", o.Dir)
	}
	// Check everything first, so a refusal writes nothing.
	var exists []string
	for _, f := range Files() {
		if f.Target == readmeName || f.Target == ignoreName {
			continue
		}
		fi, err := os.Lstat(filepath.Join(o.Dir, filepath.FromSlash(f.Target)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, err
		case fi.IsDir():
			return nil, fmt.Errorf("%s is a directory", f.Target)
		default:
			exists = append(exists, f.Target)
		}
	}
	if len(exists) > 0 && !o.Force {
		return nil, &ExistsError{Paths: exists}
	}
	res := &Result{Overwritten: exists}
	for _, f := range Files() {
		data, err := Template(f.Template)
		if err != nil {
			return res, err
		}
		target := filepath.Join(o.Dir, filepath.FromSlash(f.Target))
		switch f.Target {
		case readmeName:
			if res.Readme, err = writeSection(target, data, sectionBegin, sectionEnd, o.Force); err != nil {
				return res, err
			}
			continue
		case ignoreName:
			if res.Gitignore, err = writeSection(target, data, ignoreBegin, ignoreEnd, o.Force); err != nil {
				return res, err
			}
			continue
		}
		if err := writeFile(target, data, o.Force); err != nil {
			return res, err
		}
		res.Written = append(res.Written, f.Target)
	}
	return res, nil
}

// writeFile creates path. Without force it fails if path appeared since
// the check (O_EXCL), so a concurrent writer's file is never clobbered.
// With force it replaces path atomically, through a temporary file and a
// rename, so a crash never leaves half a workflow.
func writeFile(target string, data []byte, force bool) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	if !force {
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), ".oktasync-init-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), target)
}

// writeSection adds a marked section to a file (the README, the
// .gitignore): a new file is just the section; an existing one gets it
// appended; one that has it keeps it, unless force asks for the current
// text between the markers.
func writeSection(target string, section []byte, sectionBegin, sectionEnd string, force bool) (ReadmeAction, error) {
	old, err := os.ReadFile(target)
	if errors.Is(err, fs.ErrNotExist) {
		return ReadmeCreated, writeFile(target, section, false)
	}
	if err != nil {
		return "", err
	}
	begin := bytes.Index(old, []byte(sectionBegin))
	end := bytes.Index(old, []byte(sectionEnd))
	if begin >= 0 && end > begin {
		if !force {
			return ReadmeKept, nil
		}
		end += len(sectionEnd)
		if end < len(old) && old[end] == '\n' {
			end++
		}
		var b bytes.Buffer
		b.Write(old[:begin])
		b.Write(section)
		b.Write(old[end:])
		return ReadmeReplaced, writeFile(target, b.Bytes(), true)
	}
	var b bytes.Buffer
	b.Write(old)
	if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
		b.WriteByte('\n')
	}
	if len(old) > 0 {
		b.WriteByte('\n')
	}
	b.Write(section)
	return ReadmeAppended, writeFile(target, b.Bytes(), true)
}
