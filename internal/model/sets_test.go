package model

import (
	"strings"
	"testing"
)

func TestSortSets(t *testing.T) {
	k := &Kind{Sets: []string{"events.items", "gateways[].tags"}}
	body := mustJSON(t, `{"events":{"items":["b","a",{"x":1},"c"]},"other":["z","y"],
		"gateways":[{"tags":[2,1]},{"tags":"not an array"}]}`)
	SortSets(k, body)
	want := `{"events":{"items":["a","b","c",{"x":1}]},"gateways":[{"tags":[1,2]},{"tags":"not an array"}],"other":["z","y"]}`
	if got := string(CanonicalJSON(body)); got != want {
		t.Errorf("SortSets:\n got %s\nwant %s", got, want)
	}
}

func TestWalkKeysAndStrings(t *testing.T) {
	body := mustJSON(t, `{"a/b":{"k":"v"},"n":1,"list":["x",{"y":"z"}]}`)
	collect := func(walk func(any, func(string, string))) []string {
		var out []string
		walk(body, func(ptr, s string) { out = append(out, ptr+"="+s) })
		return out
	}
	strs := collect(WalkStrings)
	keys := collect(WalkKeysAndStrings)
	wantStrs := []string{"/a~1b/k=v", "/list/0=x", "/list/1/y=z"}
	wantKeys := []string{"/a~1b=a/b", "/a~1b/k=k", "/a~1b/k=v", "/list=list", "/list/0=x", "/list/1/y=y", "/list/1/y=z", "/n=n"}
	if got, want := strings.Join(strs, " "), strings.Join(wantStrs, " "); got != want {
		t.Errorf("WalkStrings:\n got %s\nwant %s", got, want)
	}
	if got, want := strings.Join(keys, " "), strings.Join(wantKeys, " "); got != want {
		t.Errorf("WalkKeysAndStrings:\n got %s\nwant %s", got, want)
	}
}

// TestLookupIsFirstFind: Lookup, which walks without Find's matches, gives
// Find's first match, "[]" steps and absent or non-map steps included.
func TestLookupIsFirstFind(t *testing.T) {
	body := mustJSON(t, `{"a":{"b":[{"c":1},{"c":2}],"n":null,"s":"x"},"list":[{"x":"y"}],"e":[]}`)
	for _, p := range []string{"a", "a.b", "a.b[].c", "a.b[]", "a.n", "a.n.x", "a.s.x", "list[].x", "list[].z", "e[].x", "missing", "a.missing.x", "a..b", ""} {
		want, wantOK := any(nil), false
		if ms := Find(body, p); len(ms) > 0 {
			want, wantOK = ms[0].Value, true
		}
		got, ok := Lookup(body, p)
		if ok != wantOK || string(CanonicalJSON(got)) != string(CanonicalJSON(want)) {
			t.Errorf("Lookup(%q) = %v, %v; Find's first is %v, %v", p, got, ok, want, wantOK)
		}
	}
}
