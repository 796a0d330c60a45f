package tree

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// Names of the directories Write uses beside the kind directories.
const (
	stagingPrefix = ".oktasync-staging-"
	backupPrefix  = ".oktasync-old-"
)

// Read reads the tree rooted at dir. See ReadFS.
func Read(dir string, reg *model.Registry) (*model.Snapshot, []model.Problem) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		msg := fmt.Sprintf("%s is not a directory", dir)
		if err != nil {
			msg = err.Error()
		}
		return model.NewSnapshot(reg), []model.Problem{{File: dir, Message: msg, Hint: "pass the directory that export wrote"}}
	}
	return ReadFS(dirFS{os.DirFS(dir), dir}, reg)
}

// ReadSharing is Read for a tree read beside another: a file whose bytes
// equal those of prev's object at the same path (model.Object.Content) is
// not parsed again, its object is a Twin of prev's, sharing its body. Two
// trees compared (diff) hold mostly equal files, and parsing them is much
// of the cost of reading. The objects and problems are those Read returns;
// prev's objects and the new ones must not be changed afterwards (Clone
// first).
func ReadSharing(dir string, reg *model.Registry, prev *model.Snapshot) (*model.Snapshot, []model.Problem) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return Read(dir, reg)
	}
	return readFS(dirFS{os.DirFS(dir), dir}, reg, false, prev)
}

// ReadFS reads every object file of the tree in fsys. The tree owns the
// top-level directories named after top-level kinds; everything else at the
// top (README.md, .git, okta.yaml, vars/, …) belongs to the user and is
// ignored, except that a foreign directory or top-level file holding
// oktasync-looking YAML (a "kind:" key) is reported, since it is most likely
// a misplaced or misspelt kind. Inside owned directories every file must be
// "<path>.yaml" for a valid ref path; anything else is a stray file (hidden
// files such as .DS_Store are ignored).
//
// Problems are sorted by file and line. Files with errors in their
// structure are left out of the snapshot.
func ReadFS(fsys fs.FS, reg *model.Registry) (*model.Snapshot, []model.Problem) {
	return readFS(fsys, reg, false, nil)
}

// readFS is ReadFS, with every file read by the YAML library when
// libraryOnly is set (the reference the fast path is tested against), and
// files equal to prev's shared with it (ReadSharing).
func readFS(fsys fs.FS, reg *model.Registry, libraryOnly bool, prev *model.Snapshot) (*model.Snapshot, []model.Problem) {
	r := &treeReader{fsys: fsys, reg: reg, snap: model.NewSnapshot(reg), libraryOnly: libraryOnly, prev: prev}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		r.add(".", 0, model.SeverityError, err.Error(), "check that the directory exists and is readable")
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, backupPrefix):
			r.add(name, 0, model.SeverityWarning, "an earlier write was interrupted; this directory holds the tree as it was before",
				"compare it with the current tree, then delete it")
		case strings.HasPrefix(name, "."):
		case e.Type()&fs.ModeSymlink != 0:
			// A link is never followed, not even to look for a
			// misplaced object file; one named like a kind is an error.
			if k, ok := reg.Kind(name); ok && k.IsTopLevel() {
				r.add(name, 0, model.SeverityError, symlinkMsg, symlinkHint)
			}
		case !e.IsDir():
			if e.Type().IsRegular() && strings.HasSuffix(name, ".yaml") {
				r.probe(name)
			}
		default:
			if k, ok := reg.Kind(name); ok && k.IsTopLevel() {
				r.readKindDir(name)
			} else {
				r.probeDir(name)
			}
		}
	}
	model.SortProblems(r.problems)
	return r.snap, r.problems
}

type treeReader struct {
	fsys     fs.FS
	reg      *model.Registry
	snap     *model.Snapshot
	problems []model.Problem
	// parsed receives the object of a per-file reader (snap == nil).
	parsed *model.Object
	// libraryOnly turns the fast path (readFast) off.
	libraryOnly bool
	// prev is the tree whose objects are shared with files of equal
	// bytes (ReadSharing); nil for none.
	prev *model.Snapshot
}

func (r *treeReader) add(file string, line int, sev model.Severity, msg, hint string) {
	r.problems = append(r.problems, model.Problem{File: file, Line: line, Severity: sev, Message: msg, Hint: hint})
}

const strayHint = "only <name>.yaml object files belong in oktasync's kind directories; move it elsewhere (the next export would remove it)"

// A link in the tree could make it read a file outside it (a secrets file,
// another team's tree), so links are never followed.
const (
	symlinkMsg  = "symbolic link: oktasync does not follow links in a tree (it could read a file outside the tree)"
	symlinkHint = "replace the link with the file itself"
)

func (r *treeReader) readFile(p string, d fs.DirEntry) {
	if d.Type()&fs.ModeSymlink != 0 {
		r.add(p, 0, model.SeverityError, symlinkMsg, symlinkHint)
		return
	}
	if !d.Type().IsRegular() {
		r.add(p, 0, model.SeverityError, "not a regular file", strayHint)
		return
	}
	if !strings.HasSuffix(p, ".yaml") {
		msg := "stray file: not an object file"
		if strings.HasSuffix(p, ".yml") {
			msg = "stray file: object files end in .yaml, not .yml"
		}
		r.add(p, 0, model.SeverityError, msg, strayHint)
		return
	}
	refPath := strings.TrimSuffix(p, ".yaml")
	info, err := r.reg.ParsePath(refPath)
	if err != nil {
		r.add(p, 0, model.SeverityError, "stray file: its location does not fit the tree layout: "+err.Error(), strayHint)
		return
	}
	data, buf, err := readLimited(r.fsys, p, d)
	if err != nil {
		r.add(p, 0, model.SeverityError, err.Error(), "check file permissions")
		return
	}
	// data is in a reused buffer until it is copied (below), which a
	// file shared with prev's object never is.
	defer putReadBuf(buf)
	// The read is limited to one byte over the limit, which is how an
	// oversized file shows, without a stat per file (reading a large tree
	// is mostly syscalls).
	if len(data) > MaxFileSize {
		r.add(p, 0, model.SeverityError, fmt.Sprintf("file is more than the %d-byte limit", MaxFileSize),
			"split the object or remove unneeded content; no Okta object is this large")
		return
	}
	if !isASCII(data) {
		for _, l := range fourByteLines(data) {
			r.add(p, l, model.SeverityError, fourByteMsg, fourByteHint)
		}
	}
	content := contentID(data)
	if r.prev != nil {
		// Equal bytes at the same path read to the same object with the
		// same problems (those above, found again): the parse is shared.
		if po, ok := r.prev.Get(refPath); ok && po.Content() == content && po.File() == p {
			r.keep(p, po.Twin())
			return
		}
	}
	if buf != nil {
		// The object keeps the bytes (its line source).
		data = keepBytes(data)
	}
	if !r.libraryOnly {
		if o, ok := r.readFast(p, info, data); ok {
			o.SetContent(content)
			r.keep(p, o)
			return
		}
	}
	v, lines, issues := decodeYAML(data)
	for _, is := range issues {
		r.add(p, is.line, model.SeverityError, is.msg, is.hint)
	}
	if len(issues) > 0 {
		return
	}
	o, ok := r.buildObject(p, info, v, lines)
	if !ok {
		return
	}
	o.SetContent(content)
	r.keep(p, o)
}

// contentID identifies a file's bytes (model.Object.Content).
func contentID(data []byte) string {
	sum := sha256.Sum256(data)
	return string(sum[:])
}

// readFast reads a file through fastDecode, when it is in the canonical
// subset and its top level is right, with lines found only when asked for
// (by decodeYAML, on the same bytes). Otherwise it leaves the file to the
// library and buildObject, whose messages and lines are the reference.
func (r *treeReader) readFast(p string, info model.PathInfo, data []byte) (*model.Object, bool) {
	doc, kindLine, ok := fastDecode(data)
	if !ok || kindLine == 0 {
		return nil, false
	}
	scratch := &treeReader{fsys: r.fsys, reg: r.reg}
	o, ok := scratch.buildObject(p, info, doc, map[string]int{"/kind": kindLine})
	if !ok || len(scratch.problems) > 0 {
		return nil, false
	}
	o.SetLineSource(func() map[string]int {
		_, lines, _ := decodeYAML(data)
		return lines
	})
	return o, true
}

// keep adds a file's object to the snapshot (or hands it to the merging
// reader).
func (r *treeReader) keep(p string, o *model.Object) {
	if r.snap == nil {
		r.parsed = o
		return
	}
	if err := r.snap.Add(o); err != nil {
		r.add(p, 0, model.SeverityError, err.Error(), "")
	}
}

// readLimited reads the file p (entry d of the walk) up to one byte over
// MaxFileSize. The bytes are in buf when it is not nil, valid until
// putReadBuf(buf).
func readLimited(fsys fs.FS, p string, d fs.DirEntry) (data []byte, buf *[]byte, err error) {
	if dfs, ok := fsys.(dirFS); ok {
		return dfs.readLimited(p, d, MaxFileSize+1)
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	// One byte over the limit is enough for decodeYAML to report the size.
	data, err = io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	return data, nil, err
}

// buildObject checks the file's top level and turns it into an Object.
func (r *treeReader) buildObject(file string, info model.PathInfo, v any, lines map[string]int) (*model.Object, bool) {
	doc, isMap := v.(map[string]any)
	if !isMap {
		r.add(file, 1, model.SeverityError, "the file must be a mapping with kind, name and body", "start the file with \"kind: "+info.Kind.Name+"\"")
		return nil, false
	}
	line := func(key string) int {
		if l, ok := lines["/"+key]; ok {
			return l
		}
		return 1
	}
	ok := true
	fail := func(key, msg, hint string) {
		r.add(file, line(key), model.SeverityError, msg, hint)
		ok = false
	}
	known := map[string]bool{}
	for _, k := range fileKeys {
		known[k] = true
	}
	var unknown []string
	for k := range doc {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		fail(k, fmt.Sprintf("unknown top-level key %q", k), "a file has only kind, name, role, relations and body; Okta's fields go under body")
	}

	kind, isStr := doc["kind"].(string)
	switch {
	case doc["kind"] == nil:
		fail("kind", "missing kind", "add \"kind: "+info.Kind.Name+"\"")
	case !isStr:
		fail("kind", "kind must be a string", "write \"kind: "+info.Kind.Name+"\"")
	default:
		if _, exists := r.reg.Kind(kind); !exists {
			fail("kind", fmt.Sprintf("unknown kind %q", kind), "known kinds: "+kindNames(r.reg))
		} else if other, _ := r.reg.Kind(kind); kind != info.Kind.Name && sharesDir(other, info.Kind) && info.Name != info.Kind.Singleton {
			// Singletons sharing a directory (a page's customized and
			// preview variants) are told apart by the file's name; a
			// name none of them has is the file's kind's, misnamed.
			info.Kind = other
		} else if kind != info.Kind.Name && sharesDir(other, info.Kind) {
			fail("kind", fmt.Sprintf("a %s file is named %s.yaml in this directory; %s.yaml holds %s", kind, other.Singleton, info.Name, info.Kind.Name),
				fmt.Sprintf("rename the file %s.yaml, or fix the kind", other.Singleton))
		} else if kind != info.Kind.Name {
			fail("kind", fmt.Sprintf("kind %q does not match the file's directory, which holds %s", kind, info.Kind.Name),
				"move the file to the directory of its kind, or fix the kind")
		}
	}

	name, isStr := doc["name"].(string)
	switch {
	case doc["name"] == nil:
		fail("name", "missing name", fmt.Sprintf("add \"name: %s\" (the file's location)", info.Name))
	case !isStr:
		fail("name", "name must be a string", fmt.Sprintf("write \"name: %s\"", info.Name))
	case strings.Contains(name, "..") || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || path.IsAbs(name):
		fail("name", fmt.Sprintf("name %q must not contain \"..\", a backslash, or start with \"/\"", name),
			fmt.Sprintf("a name is the object's slug, here %q", info.Name))
	case name != info.Name:
		fail("name", fmt.Sprintf("name %q does not match the file's location (expected %q)", name, info.Name),
			"rename the file or fix the name; a copied file needs both changed")
	}
	if s := info.Kind.Singleton; s != "" && info.Name != s {
		// A kind with one object per parent has a fixed name: under any
		// other, the plan would look for a second object Okta cannot make.
		fail("name", fmt.Sprintf("%s has one object, named %q, not %q", info.Kind.Name, s, info.Name),
			fmt.Sprintf("name the file %s.yaml", s))
	}

	o := &model.Object{Kind: info.Kind.Name, Name: info.Name, Path: strings.TrimSuffix(file, ".yaml"),
		Source: model.Position{File: file, Line: 1}}
	o.SetLines(lines)
	o.SetUTF8Checked()
	if l, has := lines["/kind"]; has {
		o.Source.Line = l
	}
	if rv, has := doc["role"]; has && rv != nil {
		if s, isStr := rv.(string); isStr {
			o.Role = s
		} else {
			fail("role", "role must be a string", "write the role of the system object, e.g. role: OKTA_SIGN_ON")
		}
	}
	if rv, has := doc["relations"]; has && rv != nil {
		m, isMap := rv.(map[string]any)
		if !isMap {
			fail("relations", "relations must be a mapping of relation name to ${ref:…}", "")
		} else {
			o.Relations = map[string]string{}
			for n, tv := range m {
				s, isStr := tv.(string)
				if !isStr {
					r.add(file, o.Line("/relations/"+model.EscapePointer(n)), model.SeverityError,
						fmt.Sprintf("relation %q must be a string like ${ref:policies/access-policy/my-policy}", n), "")
					ok = false
					continue
				}
				o.Relations[n] = s
			}
		}
	}
	switch b := doc["body"].(type) {
	case map[string]any:
		o.Body = b
	case nil:
		fail("body", "missing body", "add body: with the object's fields as Okta defines them")
	default:
		fail("body", "body must be a mapping", "write the object's fields under body:")
	}
	return o, ok
}

func kindNames(reg *model.Registry) string {
	var names []string
	for _, k := range reg.Kinds() {
		names = append(names, k.Name)
	}
	return strings.Join(names, ", ")
}

// probeDir looks at the YAML files directly inside a foreign top-level
// directory and reports any that look like oktasync objects.
func (r *treeReader) probeDir(dir string) {
	entries, err := fs.ReadDir(r.fsys, dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".yaml") {
			r.probe(dir + "/" + e.Name())
		}
	}
}

func (r *treeReader) probe(p string) {
	fi, err := fs.Stat(r.fsys, p)
	if err != nil || fi.Size() > MaxFileSize {
		return
	}
	data, err := fs.ReadFile(r.fsys, p)
	if err != nil {
		return
	}
	v, lines, issues := decodeYAML(data)
	if len(issues) > 0 {
		return
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return
	}
	kind, ok := doc["kind"].(string)
	if !ok {
		return
	}
	line := lines["/kind"]
	top := strings.SplitN(p, "/", 2)[0]
	if k, known := r.reg.Kind(kind); known {
		dir := k.Name
		if !k.IsTopLevel() {
			dir = "its parent's " + k.ChildDir
		}
		r.add(p, line, model.SeverityError, fmt.Sprintf("file of kind %s is outside its directory (%s/), so it is not read", kind, dir),
			"move it into the directory of its kind")
		return
	}
	if top == p {
		return // a top-level user file that happens to have a kind key
	}
	r.add(p, line, model.SeverityError, fmt.Sprintf("unknown kind %q (directory %s/ is not a kind)", kind, top),
		"known kinds: "+kindNames(r.reg))
}

// sharesDir reports whether two singleton kinds live in the same directory
// of the same parent kind, each under its own name.
func sharesDir(a, b *model.Kind) bool {
	return a != nil && b != nil && a.Parent != "" && a.Parent == b.Parent && a.ChildDir == b.ChildDir &&
		a.Singleton != "" && b.Singleton != ""
}
