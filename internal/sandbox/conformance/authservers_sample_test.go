package conformance

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// authServerSummary describes the custom servers by name, for comparing
// builds and checking the sample's shape.
func authServerSummary(srv *sandbox.Server) []string {
	org := srv.Org()
	org.Lock()
	defer org.Unlock()
	groupName := map[string]string{}
	for _, g := range org.List("groups", "") {
		groupName[engine.Str(g, "id")] = engine.Str(g, "profile.name")
	}
	var out []string
	for _, as := range org.List("authServers", "") {
		id := engine.Str(as, "id")
		line := fmt.Sprintf("%s [%s] scopes:", engine.Str(as, "name"), engine.Str(as, "status"))
		for _, s := range org.List("authServerScopes", id) {
			if !engine.BoolAt(s, "system") {
				line += " " + engine.Str(s, "name")
			}
		}
		line += " claims:"
		for _, c := range org.List("authServerClaims", id) {
			if !engine.BoolAt(c, "system") {
				line += " " + engine.Str(c, "name") + "/" + engine.Str(c, "status")
			}
		}
		for _, p := range org.List("authServerPolicies", id) {
			line += fmt.Sprintf(" | %s#%v[%s] %v:", engine.Str(p, "name"), p["priority"], engine.Str(p, "status"), engine.At(p, "conditions.clients.include"))
			for _, r := range org.List("authServerPolicyRules", engine.Str(p, "id")) {
				var groups []string
				for _, g := range engine.StringsAt(r, "conditions.people.groups.include") {
					if n := groupName[g]; n != "" {
						g = n
					}
					groups = append(groups, g)
				}
				line += fmt.Sprintf(" %s#%v(%s)", engine.Str(r, "name"), r["priority"], strings.Join(groups, ","))
			}
		}
		out = append(out, line)
	}
	return out
}

func TestAuthServerSample(t *testing.T) {
	build := func() *sandbox.Server {
		srv, err := sandbox.New(sandbox.Options{Token: "t", Sample: true, Now: func() time.Time { return authServerTestNow }})
		if err != nil {
			t.Fatal(err)
		}
		return srv
	}
	a, b := build(), build()
	sa, sb := authServerSummary(a), authServerSummary(b)
	if strings.Join(sa, "\n") != strings.Join(sb, "\n") {
		t.Fatalf("sample is not deterministic:\n%s\n---\n%s", strings.Join(sa, "\n"), strings.Join(sb, "\n"))
	}
	org := a.Org()
	counts := map[string]int{}
	for _, as := range org.List("authServers", "") {
		if engine.BoolAt(as, "default") {
			continue
		}
		counts["servers"]++
		id := engine.Str(as, "id")
		for _, s := range org.List("authServerScopes", id) {
			if !engine.BoolAt(s, "system") {
				counts["scopes"]++
			}
		}
		for _, c := range org.List("authServerClaims", id) {
			if !engine.BoolAt(c, "system") {
				counts["claims"]++
			}
		}
		for _, p := range org.List("authServerPolicies", id) {
			counts["policies"]++
			counts["rules"] += len(org.List("authServerPolicyRules", engine.Str(p, "id")))
		}
	}
	if counts["servers"] != 4 || counts["scopes"] < 8 || counts["claims"] < 8 || counts["policies"] < 5 || counts["rules"] < 8 {
		t.Fatalf("sample counts %v\n%s", counts, strings.Join(sa, "\n"))
	}
	// Rules name real sample groups.
	joined := strings.Join(sa, "\n")
	for _, want := range []string{"Portal users#1(Portal Users)", "Engineers#1(Engineering,Engineering Managers)", "Legacy Billing API [INACTIVE]"} {
		if !strings.Contains(joined, want) {
			t.Errorf("sample lacks %q:\n%s", want, joined)
		}
	}
	// Every sample object renders and passes the spec through the API.
	hs := newConformanceOrg(t, sandbox.Options{Sample: true, Now: func() time.Time { return authServerTestNow }})
	for _, as := range authServerList(t, hs, "/api/v1/authorizationServers") {
		base := "/api/v1/authorizationServers/" + engine.Str(as, "id")
		authServerList(t, hs, base+"/scopes")
		authServerList(t, hs, base+"/claims")
		for _, p := range authServerList(t, hs, base+"/policies") {
			authServerList(t, hs, base+"/policies/"+engine.Str(p, "id")+"/rules")
		}
	}
}

func TestAuthServerGenerate(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Token: "t", Generate: map[string]int{"groups": 3, "authServers": 5}, Now: func() time.Time { return authServerTestNow }})
	if err != nil {
		t.Fatal(err)
	}
	sum := authServerSummary(srv)
	var gen []string
	for _, l := range sum {
		if strings.HasPrefix(l, "gen-authserver-") {
			gen = append(gen, l)
		}
	}
	sort.Strings(gen)
	if len(gen) != 5 {
		t.Fatalf("generated %d servers:\n%s", len(gen), strings.Join(sum, "\n"))
	}
	want := "gen-authserver-00001 [ACTIVE] scopes: gen:read gen:write gen:admin claims: gen_level/ACTIVE | Generated policy#1[ACTIVE] [ALL_CLIENTS]: Generated rule#1(gen-group-00001)"
	if gen[0] != want {
		t.Fatalf("generated server:\n%s\nwant\n%s", gen[0], want)
	}
	if !strings.HasSuffix(gen[3], "(gen-group-00001)") {
		t.Fatalf("groups are not used round robin: %s", gen[3])
	}
}
