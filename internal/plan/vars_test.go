package plan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadVars(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.yaml", "# base\nHOST: a.example.com\nPORT: 0800\nEMPTY:\nON: true\n")
	b := write("b.json", `{"HOST": "b.example.com", "SKEW": 120000}`)
	env := []string{"PATH=/bin", "OKTASYNC_VAR_HOST=env.example.com", "OKTASYNC_VAR_TOKEN=t", "OKTASYNC_VARX=ignored"}
	got, err := LoadVars([]string{a, b}, env)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"HOST":  "b.example.com", // later files win over earlier files and the environment
		"PORT":  "0800",          // kept as written
		"EMPTY": "",
		"ON":    "true",
		"SKEW":  "120000",
		"TOKEN": "t",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("vars (-want +got):\n%s", diff)
	}

	for name, tc := range map[string]struct {
		files []string
		env   []string
		want  string
	}{
		"bad env name":   {env: []string{"OKTASYNC_VAR_lower=x"}, want: "not a variable name"},
		"bad file name":  {files: []string{write("c.yaml", "lower: x\n")}, want: "c.yaml:1"},
		"nested value":   {files: []string{write("d.yaml", "A:\n  b: c\n")}, want: "single value"},
		"not a mapping":  {files: []string{write("e.yaml", "- A\n")}, want: "mapping of NAME: value"},
		"missing file":   {files: []string{filepath.Join(dir, "nope.yaml")}, want: "nope.yaml"},
		"duplicate name": {files: []string{write("f.yaml", "A: 1\nA: 2\n")}, want: ""},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := LoadVars(tc.files, tc.env)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

func TestTypedVar(t *testing.T) {
	for in, want := range map[string]any{"120": "120", "true": true, "false": false, "1.5e3": "1.5e3", "0800": "0800", "abc": "abc", "": ""} {
		got := typedVar(in)
		if s, ok := got.(interface{ String() string }); ok {
			got = s.String()
		}
		if got != want {
			t.Errorf("typedVar(%q) = %#v, want %#v", in, got, want)
		}
	}
}

func TestIsJSONNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-0": true, "120000": true, "1.5": true, "1.50": true, "-1e5": true, "1E+5": true, "1.2e-3": true,
		"": false, "-": false, "0800": false, "1.": false, ".5": false, "1e": false, "+1": false, "1x": false, "NaN": false, "0x10": false,
	} {
		if got := isJSONNumber(s); got != want {
			t.Errorf("isJSONNumber(%q) = %v, want %v", s, got, want)
		}
	}
}
