package tree

import (
	"encoding/binary"
	"sync"
)

// fileSlabs are the memory read files are copied to (keepBytes), many
// small files to one allocation: a tree's objects keep their files' bytes
// as long as they live, and one allocation per file was a large part of
// the allocations of reading a large tree.
var fileSlabs = sync.Pool{New: func() any { return new([]byte) }}

const slabSize = 256 << 10

// keepBytes returns a copy of data that the caller may keep: in a slab
// shared with other files, capped so that an append cannot reach them.
func keepBytes(data []byte) []byte {
	if len(data) > slabSize/16 {
		return append([]byte(nil), data...)
	}
	sp := fileSlabs.Get().(*[]byte)
	s := *sp
	if cap(s)-len(s) < len(data) {
		s = make([]byte, 0, slabSize)
	}
	off := len(s)
	s = append(s, data...)
	*sp = s
	fileSlabs.Put(sp)
	return s[off:len(s):len(s)]
}

// isASCII reports whether data is all ASCII, eight bytes at a time: such a
// file has no four-byte UTF-8 sequence (fourByteLines), and most have none.
func isASCII(data []byte) bool {
	for len(data) >= 8 {
		if binary.NativeEndian.Uint64(data)&0x8080808080808080 != 0 {
			return false
		}
		data = data[8:]
	}
	for _, c := range data {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
