package tree

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestIsASCII: the word-at-a-time check agrees with a byte-by-byte one for
// every length up to three words and a non-ASCII byte at every place.
func TestIsASCII(t *testing.T) {
	for n := 0; n <= 24; n++ {
		for at := -1; at < n; at++ {
			for _, c := range []byte{0x80, 0xC3, 0xF0, 0xFF} {
				data := []byte(strings.Repeat("k", n))
				if at >= 0 {
					data[at] = c
				}
				want := true
				for _, b := range data {
					if b >= utf8.RuneSelf {
						want = false
					}
				}
				if got := isASCII(data); got != want {
					t.Fatalf("isASCII(%q) = %v", data, got)
				}
			}
		}
	}
}

// TestKeepBytes: kept copies hold their bytes after the read buffer and
// other kept copies change, whatever their size, and an append to one
// never reaches its neighbour in the slab.
func TestKeepBytes(t *testing.T) {
	sizes := []int{0, 1, 100, slabSize / 16, slabSize/16 + 1, slabSize - 1, 3000, 3000}
	buf := make([]byte, slabSize)
	var kept [][]byte
	var want [][]byte
	for i, n := range sizes {
		for j := range buf[:n] {
			buf[j] = byte('a' + (i+j)%26)
		}
		kept = append(kept, keepBytes(buf[:n]))
		want = append(want, bytes.Clone(buf[:n]))
	}
	for i := range buf {
		buf[i] = 0
	}
	var grown int
	for _, k := range kept {
		grown += len(append(k, "overwrite?"...))
	}
	if grown == 0 {
		t.Fatal("nothing appended")
	}
	for i := range kept {
		if !bytes.Equal(kept[i], want[i]) {
			t.Errorf("copy %d (%d bytes) changed", i, sizes[i])
		}
	}
}
