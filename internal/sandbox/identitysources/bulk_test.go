package identitysources

import (
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func uploadNamed(name string) upload {
	for _, u := range uploads {
		if u.name == name {
			return u
		}
	}
	panic(name)
}

func profiles(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = engine.Obj{"externalId": "u", "profile": engine.Obj{"userName": "u@example.com"}}
	}
	return out
}

// TestCheckUpload: what each bulk endpoint accepts and how it refuses.
func TestCheckUpload(t *testing.T) {
	user := engine.Obj{"externalId": "U1", "profile": engine.Obj{"userName": "a@example.com", "email": "a@example.com", "mobilePhone": nil}}
	for _, tc := range []struct {
		upload string
		body   engine.Obj
		want   string // "" accepted, else a substring of the error
	}{
		{"bulk-upsert", engine.Obj{"entityType": "USERS", "profiles": []any{user}}, ""},
		{"bulk-upsert", engine.Obj{"entityType": "GROUPS", "profiles": []any{user}}, "400 E0000001 Api validation failed: entityType"},
		{"bulk-upsert", engine.Obj{"profiles": []any{user}}, "entityType"},
		{"bulk-upsert", engine.Obj{"entityType": "USERS"}, "Api validation failed: profiles"},
		{"bulk-upsert", engine.Obj{"entityType": "USERS", "profiles": []any{}}, "Api validation failed: profiles"},
		{"bulk-upsert", engine.Obj{"entityType": "USERS", "profiles": "x"}, "E0000003"},
		{"bulk-upsert", engine.Obj{"entityType": "USERS", "profiles": profiles(maxItems)}, ""},
		{"bulk-upsert", engine.Obj{"entityType": "USERS", "profiles": profiles(maxItems + 1)}, "Api validation failed: profiles"},
		{"bulk-upsert", engine.Obj{"entityType": "USERS", "profiles": []any{engine.Obj{"profile": engine.Obj{}}}}, "profiles[0]"},
		{"bulk-upsert", engine.Obj{"entityType": "USERS", "profiles": []any{engine.Obj{"externalId": strings.Repeat("x", 513)}}}, "profiles[0]"},
		{"bulk-upsert", engine.Obj{"entityType": "USERS", "profiles": []any{engine.Obj{"externalId": "U", "profile": engine.Obj{"age": engine.JSONInt(3)}}}}, "profiles[0]"},
		{"bulk-delete", engine.Obj{"entityType": "USERS", "profiles": []any{engine.Obj{"externalId": "U1"}}}, ""},
		{"bulk-delete", engine.Obj{"entityType": "USERS", "profiles": []any{"U1"}}, "profiles[0]"},
		{"bulk-groups-upsert", engine.Obj{"profiles": []any{engine.Obj{"externalId": "G1", "profile": engine.Obj{"displayName": "Eng"}}}}, ""},
		{"bulk-groups-upsert", engine.Obj{"profiles": []any{engine.Obj{"externalId": "G1", "profile": engine.Obj{}}}}, "profiles[0]"},
		{"bulk-groups-delete", engine.Obj{"externalIds": []any{"G1"}}, ""},
		{"bulk-groups-delete", engine.Obj{"externalIds": []any{""}}, "externalIds[0]"},
		{"bulk-group-memberships-upsert", engine.Obj{"memberships": []any{engine.Obj{"groupExternalId": "G1", "memberExternalIds": []any{"U1"}}}}, ""},
		{"bulk-group-memberships-upsert", engine.Obj{"memberships": []any{engine.Obj{"memberExternalIds": []any{"U1"}}}}, "memberships[0]"},
		{"bulk-group-memberships-delete", engine.Obj{"memberships": []any{engine.Obj{"groupExternalId": "G1", "memberExternalIds": []any{}}}}, "memberships[0]"},
	} {
		t.Run(tc.upload+"/"+tc.want, func(t *testing.T) {
			_, err := checkUpload(uploadNamed(tc.upload), tc.body)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}
