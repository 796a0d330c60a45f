package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestListField(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    []map[string]any
		wantErr string
	}{
		{"two", `{"email-servers":[{"id":"a"},{"id":"b"}]}`, []map[string]any{{"id": "a"}, {"id": "b"}}, ""},
		{"empty", `{"email-servers":[]}`, []map[string]any{}, ""},
		{"missing", `{}`, nil, ""},
		{"null", `{"email-servers":null}`, nil, ""},
		{"an array answer", `[{"id":"a"}]`, nil, "not a JSON object holding"},
		{"not an array", `{"email-servers":{"id":"a"}}`, nil, "in the answer is not an array"},
		{"not objects", `{"email-servers":["a"]}`, nil, `an item of "email-servers" is not an object`},
		{"not JSON", `{`, nil, "EOF"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ListField([]byte(tc.body), "email-servers")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}
