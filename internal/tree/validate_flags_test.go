package tree

import (
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
)

// TestValidateDefaultFlags: a template's customizations must have exactly
// one default (Okta keeps one and refuses to clear it): a second default
// is an error at its isDefault line, none at all an error at the first
// file; a ${var:} may hold true, so it counts.
func TestValidateDefaultFlags(t *testing.T) {
	reg := testRegistry(t)
	const dir = "brands/acme/email-templates/useractivation/customizations/"
	custom := func(lang, isDefault string) string {
		return "kind: email-customizations\nname: " + lang + "\nbody:\n  body: <p>" + lang + "</p>\n  isDefault: " + isDefault +
			"\n  language: " + lang + "\n  subject: Hi\n"
	}
	tests := []struct {
		name      string
		langs     map[string]string // language → isDefault
		file      string
		line      int
		want      string
		wantClean bool
	}{
		{name: "one default", langs: map[string]string{"en": "true", "fr": "false"}, wantClean: true},
		{name: "a variable may be the default", langs: map[string]string{"en": "${var:EN_DEFAULT}", "fr": "false"}, wantClean: true},
		{name: "two defaults", langs: map[string]string{"en": "true", "fr": "true"}, file: dir + "fr.yaml", line: 5,
			want: dir + "en.yaml and " + dir + "fr.yaml both have isDefault: true"},
		{name: "no default", langs: map[string]string{"en": "false", "fr": "false"}, file: dir + "en.yaml", line: 1,
			want: "none of the 2 email-customizations under brands/acme/email-templates/useractivation has isDefault: true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"brands/acme.yaml": "kind: brands\nname: acme\nbody:\n  name: Acme\n",
				"brands/acme/email-templates/useractivation.yaml": "kind: email-template-settings\nname: useractivation\nbody:\n  name: UserActivation\n  recipients: ALL_USERS\n",
			}
			for lang, def := range tt.langs {
				files[dir+lang+".yaml"] = custom(lang, def)
			}
			s, problems := Read(writeFiles(t, files), reg)
			problems = append(problems, Validate(s, reg)...)
			if tt.wantClean {
				if len(problems) > 0 {
					t.Fatalf("want no problems, got %v", problems)
				}
				return
			}
			var hit *model.Problem
			for i, p := range problems {
				if strings.Contains(p.Message, tt.want) {
					hit = &problems[i]
				}
			}
			if hit == nil {
				t.Fatalf("want a problem containing %q, got %v", tt.want, problems)
			}
			if hit.File != tt.file || hit.Line != tt.line || hit.Severity != model.SeverityError || hit.Hint == "" {
				t.Errorf("got %s, want %s:%d error with a hint", hit, tt.file, tt.line)
			}
		})
	}
}
