package tree

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/oktasync/oktasync/internal/model"
)

// Cache remembers, across runs, the files whose checks of the file alone
// (those a Memo holds: schema, spec types, text, placeholder placement,
// reserved identities) found nothing at all, by kind and content hash
// (model.Object.Content, a SHA-256 of the file's bytes), each with what
// the rest of validation needs of that content (the memo's entry: the
// checks against the rest of the tree, its identity key; see
// encodeEntry). A file unchanged since a run that found it clean skips
// those checks and the walk that finds its references; a changed file,
// one with any problem (an error or a warning) and a file of another kind
// are checked as without a cache. The checks against the rest of the tree
// (references, parents, identities, limits) always run.
//
// The cache is one file, trusted only whole: it names the program it was
// written by (version, see ProgramVersion), and a file written by another
// build, truncated, or failing its checksum is ignored, as if empty. Only
// success is stored, so a stale or forged entry could at worst hide a
// problem of a file whose bytes hash to that entry: SHA-256 makes that a
// file byte-identical to one found clean by the same program.
//
// A nil *Cache is a cache that remembers nothing. Safe for concurrent use.
type Cache struct {
	path    string
	version [32]byte
	// known maps the keys of the file to their entries.
	known map[[32]byte][]byte

	mu sync.Mutex
	// used holds the clean keys of this run, hits and new ones, with their
	// entries, written first by Save.
	used         map[[32]byte][]byte
	added        int
	hits, misses atomic.Int64
}

// cacheMagic starts a cache file; its last digit is the file format.
const cacheMagic = "oktasync validation cache 2\n"

// MaxCacheEntries bounds the file (a key and an entry each): this run's
// entries are kept first, then earlier ones, at most as many as this
// run's (so that a file read by every run stays in proportion to the
// trees), up to the bound.
const MaxCacheEntries = 1 << 19

// OpenCache reads the cache file at path written by the program version.
// A missing, unreadable, corrupt or other program's file gives an empty
// cache, which Save replaces.
func OpenCache(path string, version [32]byte) *Cache {
	c := &Cache{path: path, version: version, known: map[[32]byte][]byte{}, used: map[[32]byte][]byte{}}
	data, err := os.ReadFile(path)
	if err != nil {
		return c
	}
	entries, ok := decodeCache(data, version)
	if !ok {
		return c
	}
	c.known = make(map[[32]byte][]byte, len(entries))
	// A run mostly uses what the last one did: sized once, not grown.
	c.used = make(map[[32]byte][]byte, len(entries))
	for _, e := range entries {
		c.known[e.key] = e.val
	}
	return c
}

// cacheEntry is a key of the cache file and its entry (the bytes of
// encodeEntry; they point into the file's data, never changed).
type cacheEntry struct {
	key [32]byte
	val []byte
}

// decodeCache returns the entries of a cache file of version, or false
// when it is not one (another format or program, truncated, altered).
func decodeCache(data []byte, version [32]byte) ([]cacheEntry, bool) {
	head := len(cacheMagic) + 32 + 8
	if len(data) < head+32 || !bytes.HasPrefix(data, []byte(cacheMagic)) {
		return nil, false
	}
	body, sum := data[:len(data)-32], data[len(data)-32:]
	if sha256.Sum256(body) != [32]byte(sum) {
		return nil, false
	}
	if [32]byte(data[len(cacheMagic):len(cacheMagic)+32]) != version {
		return nil, false
	}
	n := binary.LittleEndian.Uint64(data[head-8 : head])
	if n > MaxCacheEntries || n > uint64(len(body)-head)/33 {
		return nil, false
	}
	entries := make([]cacheEntry, n)
	rest := body[head:]
	for i := range entries {
		if len(rest) < 32 {
			return nil, false
		}
		entries[i].key = [32]byte(rest[:32])
		size, w := binary.Uvarint(rest[32:])
		if w <= 0 || size > uint64(len(rest)-32-w) {
			return nil, false
		}
		rest = rest[32+w:]
		entries[i].val = rest[:size:size]
		rest = rest[size:]
	}
	return entries, len(rest) == 0
}

// encodeCache is the file decodeCache reads.
func encodeCache(entries []cacheEntry, version [32]byte) []byte {
	size := len(cacheMagic) + 32 + 8 + 32
	for _, e := range entries {
		size += 32 + binary.MaxVarintLen64 + len(e.val)
	}
	b := make([]byte, 0, size)
	b = append(b, cacheMagic...)
	b = append(b, version[:]...)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(entries)))
	for _, e := range entries {
		b = append(b, e.key[:]...)
		b = binary.AppendUvarint(b, uint64(len(e.val)))
		b = append(b, e.val...)
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// cacheKey is the key of an object's file: its kind and content.
func cacheKey(o *model.Object) [32]byte {
	return sha256.Sum256([]byte(o.Kind + "\x00" + o.Content()))
}

// clean reports whether o's file was found clean by an earlier run, and
// returns its entry (encodeEntry's bytes).
func (c *Cache) clean(o *model.Object) ([]byte, bool) {
	if c == nil || o.Content() == "" {
		return nil, false
	}
	k := cacheKey(o)
	val, ok := c.known[k]
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	c.hits.Add(1)
	c.mu.Lock()
	c.used[k] = val
	c.mu.Unlock()
	return val, true
}

// knows reports whether o's file was found clean, by an earlier run or
// this one, without counting a lookup.
func (c *Cache) knows(o *model.Object) bool {
	if c == nil || o.Content() == "" {
		return false
	}
	k := cacheKey(o)
	c.mu.Lock()
	_, used := c.used[k]
	c.mu.Unlock()
	_, known := c.known[k]
	return used || known
}

// remember records that o's file was found clean in this run, with its
// entry (encodeEntry's bytes).
func (c *Cache) remember(o *model.Object, val []byte) {
	if c == nil || o.Content() == "" {
		return
	}
	k := cacheKey(o)
	c.mu.Lock()
	if _, ok := c.used[k]; !ok {
		if _, known := c.known[k]; !known {
			c.added++
		}
	}
	c.used[k] = val
	c.mu.Unlock()
}

// Stats returns how many files were found in the cache, and how many were
// looked up and not found.
func (c *Cache) Stats() (hits, misses int) {
	if c == nil {
		return 0, 0
	}
	return int(c.hits.Load()), int(c.misses.Load())
}

// Save writes the cache: this run's clean files, then as many of the
// earlier ones it did not see, up to MaxCacheEntries. It replaces the file atomically
// (written beside it, then renamed), creating its directory. When the run
// found no file clean that the cache did not know, the file stays as it is.
func (c *Cache) Save() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	if c.added == 0 {
		c.mu.Unlock()
		return nil
	}
	keys := make([]cacheEntry, 0, len(c.used)+len(c.known))
	for k, val := range c.used {
		keys = append(keys, cacheEntry{k, val})
	}
	c.mu.Unlock()
	sortKeys(keys)
	var old []cacheEntry
	for k, val := range c.known {
		if _, ok := c.used[k]; !ok {
			old = append(old, cacheEntry{k, val})
		}
	}
	sortKeys(old)
	if len(old) > len(keys) {
		old = old[:len(keys)]
	}
	keys = append(keys, old...)
	if len(keys) > MaxCacheEntries {
		keys = keys[:MaxCacheEntries]
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), filepath.Base(c.path)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(encodeCache(keys, c.version))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), c.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// sortKeys orders keys so that the file does not depend on map order.
func sortKeys(keys []cacheEntry) {
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare(keys[i].key[:], keys[j].key[:]) < 0 })
}
