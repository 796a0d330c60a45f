package plan

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
)

// TestCreateNote: a kind's CreateNote is carried by its create steps, not
// by its other steps, and every rendering shows it.
func TestCreateNote(t *testing.T) {
	const note = "tell the endpoint about the new key"
	kinds := model.BuiltinKinds()
	for i := range kinds {
		if kinds[i].Name == "groups" {
			kinds[i].CreateNote = note
		}
	}
	reg, err := model.NewRegistryFrom(kinds, os.DirFS("../../schemas"))
	if err != nil {
		t.Fatal(err)
	}
	p := mustCompute(t, reg,
		[]obj{{kind: "groups", path: "groups/new", body: `{"profile":{"name":"New"}}`},
			{kind: "groups", path: "groups/old", body: `{"profile":{"name":"Old","description":"changed"}}`}},
		[]obj{{kind: "groups", path: "groups/old", body: `{"profile":{"name":"Old"}}`}}, Options{})
	for _, s := range p.Steps {
		if (s.Action == ActionCreate) != (s.Note == note) {
			t.Errorf("%s: note %q", s.ID, s.Note)
		}
	}
	var txt, md, js bytes.Buffer
	if err := RenderText(&txt, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := RenderMarkdown(&md, p, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := RenderJSON(&js, p); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": txt.String(), "markdown": md.String(), "json": js.String()} {
		if strings.Count(out, note) != 1 {
			t.Errorf("%s shows the note %d times, want once:\n%s", name, strings.Count(out, note), out)
		}
	}
	back, err := Load(bytes.NewReader(js.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := back.Step("groups/new:create"); s == nil || s.Note != note {
		t.Errorf("the saved plan lost the note: %+v", s)
	}
}
