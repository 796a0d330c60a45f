package plan

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestLoadChecks(t *testing.T) {
	for name, tc := range map[string]struct{ json, want string }{
		"not json":      {`nope`, "not a plan file"},
		"no version":    {`{"steps":[]}`, "no format_version"},
		"other version": {`{"format_version":99,"steps":[]}`, "format version 99 is not supported"},
		// Version 1 plans had no toggle, verify or item steps, no digest and
		// no org; they are made again.
		"version 1":     {`{"format_version":1,"steps":[]}`, "format version 1 is not supported (this oktasync reads version 2)"},
		"unknown field": {`{"format_version":2,"steps":[],"extra":1}`, "unknown field"},
		"bad action":    {`{"format_version":2,"steps":[{"id":"a","action":"explode","kind":"groups","path":"groups/a","depends_on":[]}]}`, "unknown action"},
		"duplicate id": {`{"format_version":2,"steps":[{"id":"a","action":"create","kind":"groups","path":"groups/a","depends_on":[]},
			{"id":"a","action":"create","kind":"groups","path":"groups/b","depends_on":[]}]}`, "appears twice"},
		"forward dependency": {`{"format_version":2,"steps":[{"id":"a","action":"create","kind":"groups","path":"groups/a","depends_on":["b"]},
			{"id":"b","action":"create","kind":"groups","path":"groups/b","depends_on":[]}]}`, "not an earlier step"},
	} {
		t.Run(name, func(t *testing.T) {
			in := tc.json
			if name != "version 1" {
				in = strings.ReplaceAll(in, `"format_version":1`, fmt.Sprintf(`"format_version":%d`, FormatVersion))
			}
			_, err := Load(strings.NewReader(in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load: error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestEmptyPlan(t *testing.T) {
	reg := newRegistry(t)
	p := mustCompute(t, reg, nil, nil, Options{})
	if !p.Empty() || p.HasChanges() || p.HasRefused() {
		t.Errorf("empty plan: Empty=%v HasChanges=%v HasRefused=%v", p.Empty(), p.HasChanges(), p.HasRefused())
	}
	var b bytes.Buffer
	if err := RenderText(&b, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !DigestPattern.MatchString(b.String()) || !strings.HasSuffix(b.String(), "\n\nNo changes.\n") {
		t.Errorf("text = %q", b.String())
	}
	var js bytes.Buffer
	if err := RenderJSON(&js, p); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"steps": []`) {
		t.Errorf("an empty plan's steps must be [], not null:\n%s", js.String())
	}
}

func TestMaxDeletesDefaults(t *testing.T) {
	for in, want := range map[int]int{0: DefaultMaxDeletes, 3: 3, -1: -1} {
		if got := (Options{MaxDeletes: in}).maxDeletes(); got != want {
			t.Errorf("maxDeletes(%d) = %d, want %d", in, got, want)
		}
	}
}
