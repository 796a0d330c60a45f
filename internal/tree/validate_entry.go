package tree

import (
	"encoding/binary"
	"unsafe"

	"github.com/oktasync/oktasync/internal/model"
)

// A Cache keeps, for a file found clean, what the rest of its validation
// needs of its content (a memo entry without problems): its identity key
// and its checks against the rest of the tree, so that a file unchanged
// since an earlier run is not walked again. encodeEntry writes them;
// decodeEntry reads them back for the same kind. Reference fields and item
// sets are named by their index in the kind's descriptor (the cache is
// trusted only from the same program, see Cache); a reference field made
// for a pattern form (validator.patternField: a path and a target kind) is
// written out.

// encodeEntry returns the cache's form of e, an entry of kind k.
func encodeEntry(e *memoEntry, k *model.Kind) []byte {
	b := appendEntryString(nil, e.ident)
	for _, list := range [][]crossCheck{e.cross.pre, e.cross.post} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for i := range list {
			b = appendCheck(b, &list[i], k)
		}
	}
	return b
}

func appendCheck(b []byte, c *crossCheck, k *model.Kind) []byte {
	b = append(b, byte(c.op), byte(c.sev))
	for _, s := range [...]string{c.ptr, c.target, c.msg, c.hint, c.name, c.id, c.kind} {
		b = appendEntryString(b, s)
	}
	// The reference field: 0 none, i+1 the kind's i-th, else a pattern
	// form's path and target.
	switch i := refIndex(k, c.rf); {
	case c.rf == nil:
		b = binary.AppendUvarint(b, 0)
	case i >= 0:
		b = binary.AppendUvarint(b, uint64(i+1))
	default:
		b = binary.AppendUvarint(b, uint64(len(k.Refs)+1))
		b = appendEntryString(b, c.rf.Path)
		b = appendEntryString(b, c.rf.Target)
	}
	set := 0
	for i := range k.ItemSets {
		if c.set == &k.ItemSets[i] {
			set = i + 1
		}
	}
	return binary.AppendUvarint(b, uint64(set))
}

func refIndex(k *model.Kind, rf *model.RefField) int {
	for i := range k.Refs {
		if rf == &k.Refs[i] {
			return i
		}
	}
	return -1
}

func appendEntryString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// entryReader reads what encodeEntry wrote; its strings point into the
// bytes, which the cache never changes.
type entryReader struct {
	b   []byte
	bad bool
}

func (r *entryReader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *entryReader) byte() byte {
	if len(r.b) == 0 {
		r.bad = true
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *entryReader) string() string {
	n := r.uint()
	if r.bad || n > uint64(len(r.b)) {
		r.bad = true
		return ""
	}
	if n == 0 {
		return ""
	}
	s := unsafe.String(&r.b[0], int(n))
	r.b = r.b[n:]
	return s
}

// decodeEntry reads the cross checks and identity key encodeEntry wrote
// for an entry of kind k; false for bytes it did not write.
func decodeEntry(b []byte, k *model.Kind) (*crossChecks, string, bool) {
	r := &entryReader{b: b}
	ident := r.string()
	var lists [2][]crossCheck
	for l := range lists {
		n := r.uint()
		if r.bad || n > uint64(len(r.b)) {
			return nil, "", false
		}
		if n > 0 {
			lists[l] = make([]crossCheck, n)
		}
		for i := range lists[l] {
			c := &lists[l][i]
			c.op, c.sev = crossOp(r.byte()), model.Severity(r.byte())
			for _, s := range [...]*string{&c.ptr, &c.target, &c.msg, &c.hint, &c.name, &c.id, &c.kind} {
				*s = r.string()
			}
			switch rf := r.uint(); {
			case rf == 0:
			case rf <= uint64(len(k.Refs)):
				c.rf = &k.Refs[rf-1]
			case rf == uint64(len(k.Refs))+1:
				c.rf = &model.RefField{Path: r.string(), Target: r.string()}
			default:
				return nil, "", false
			}
			switch set := r.uint(); {
			case set == 0:
			case set <= uint64(len(k.ItemSets)):
				c.set = &k.ItemSets[set-1]
			default:
				return nil, "", false
			}
			if r.bad || c.op > crossRelation || (c.op == crossTarget && c.rf == nil) || (c.op == crossJoin && (c.set == nil || c.set.Join == nil)) {
				return nil, "", false
			}
		}
	}
	if r.bad || len(r.b) != 0 {
		return nil, "", false
	}
	return &crossChecks{pre: lists[0], post: lists[1]}, ident, true
}
