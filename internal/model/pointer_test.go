package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPointerEscaping(t *testing.T) {
	tests := []struct {
		key, token string
	}{
		{"name", "name"},
		{"x5t#S256", "x5t#S256"},
		{"a/b", "a~1b"},
		{"a~b", "a~0b"},
		{"~1", "~01"}, // "~1" the key, not an escaped "/"
		{"/~", "~1~0"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := EscapePointer(tt.key); got != tt.token {
			t.Errorf("EscapePointer(%q) = %q, want %q", tt.key, got, tt.token)
		}
		if got := UnescapePointer(tt.token); got != tt.key {
			t.Errorf("UnescapePointer(%q) = %q, want %q", tt.token, got, tt.key)
		}
	}
}

func TestSplitAndDisplayPointer(t *testing.T) {
	tests := []struct {
		ptr     string
		keys    []string
		display string
	}{
		{"", nil, ""},
		{"/profile/name", []string{"profile", "name"}, "profile.name"},
		{"/conditions/include/0", []string{"conditions", "include", "0"}, "conditions.include.0"},
		{"/headers/a~1b/c~0d", []string{"headers", "a/b", "c~d"}, "headers.a/b.c~d"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.keys, SplitPointer(tt.ptr)); diff != "" {
			t.Errorf("SplitPointer(%q) (-want +got):\n%s", tt.ptr, diff)
		}
		if got := DisplayPointer(tt.ptr); got != tt.display {
			t.Errorf("DisplayPointer(%q) = %q, want %q", tt.ptr, got, tt.display)
		}
	}
}

func TestRemoveAt(t *testing.T) {
	const doc = `{"a":{"b":"x","list":[{"c":"y"}],"s/l":{"t":1}},"top":true}`
	tests := []struct {
		name    string
		ptr     string
		removed string
		value   string // canonical JSON of the removed value
		ok      bool
		after   string
	}{
		{"leaf", "/a/b", "/a/b", `"x"`, true, `{"a":{"list":[{"c":"y"}],"s/l":{"t":1}},"top":true}`},
		{"through an array removes the array", "/a/list/0/c", "/a/list", `[{"c":"y"}]`, true, `{"a":{"b":"x","s/l":{"t":1}},"top":true}`},
		{"escaped key", "/a/s~1l/t", "/a/s~1l/t", `1`, true, `{"a":{"b":"x","list":[{"c":"y"}],"s/l":{}},"top":true}`},
		{"whole subtree", "/a", "/a", `{"b":"x","list":[{"c":"y"}],"s/l":{"t":1}}`, true, `{"top":true}`},
		{"missing key", "/a/nope", "", `null`, false, doc},
		{"through a scalar", "/top/x", "", `null`, false, doc},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := mustJSON(t, doc)
			removed, v, ok := RemoveAt(body, tt.ptr)
			if removed != tt.removed || ok != tt.ok || string(CanonicalJSON(v)) != tt.value {
				t.Errorf("RemoveAt(%q) = %q, %s, %v; want %q, %s, %v", tt.ptr, removed, CanonicalJSON(v), ok, tt.removed, tt.value, tt.ok)
			}
			if got := string(CanonicalJSON(body)); got != tt.after {
				t.Errorf("body after = %s, want %s", got, tt.after)
			}
		})
	}
}
