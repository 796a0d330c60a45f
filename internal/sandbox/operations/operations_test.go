package operations_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
)

// org is a sandbox on a loopback server and a client with its token.
type org struct {
	url string
	srv *sandbox.Server
	t   *testing.T
}

func newOrg(t *testing.T, opts sandbox.Options) *org {
	t.Helper()
	opts.Token = "tok"
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &org{url: hs.URL, srv: srv, t: t}
}

// call sends a request and decodes the JSON answer (nil for none).
func (o *org) call(method, path, body string) (int, http.Header, any) {
	o.t.Helper()
	var rd io.Reader = http.NoBody
	if body != "" || method == "POST" || method == "PUT" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, o.url+path, rd)
	req.Header.Set("Authorization", "SSWS tok")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		o.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var v any
	if len(data) > 0 {
		if err := json.Unmarshal(data, &v); err != nil {
			o.t.Fatalf("%s %s: %v: %s", method, path, err, data)
		}
	}
	return resp.StatusCode, resp.Header, v
}

func (o *org) list(path string) []map[string]any {
	o.t.Helper()
	st, _, v := o.call("GET", path, "")
	arr, ok := v.([]any)
	if st != http.StatusOK || !ok {
		o.t.Fatalf("GET %s: %d %v", path, st, v)
	}
	out := make([]map[string]any, len(arr))
	for i, x := range arr {
		out[i] = x.(map[string]any)
	}
	return out
}

// deviceWith returns the id of the first device with the status.
func (o *org) deviceWith(status string) string {
	o.t.Helper()
	for _, d := range o.list("/api/v1/devices") {
		if d["status"] == status {
			return d["id"].(string)
		}
	}
	o.t.Fatalf("no %s device", status)
	return ""
}

// TestDeviceLifecycle: each lifecycle call from each status, as Okta's
// device lifecycle allows it (204) or refuses it (400 E0000001), and
// delete only once deactivated.
func TestDeviceLifecycle(t *testing.T) {
	for _, tc := range []struct {
		from, call string
		status     int
		to         string
	}{
		{"ACTIVE", "activate", 204, "ACTIVE"},
		{"ACTIVE", "suspend", 204, "SUSPENDED"},
		{"ACTIVE", "unsuspend", 400, "ACTIVE"},
		{"ACTIVE", "deactivate", 204, "DEACTIVATED"},
		{"SUSPENDED", "activate", 400, "SUSPENDED"},
		{"SUSPENDED", "suspend", 204, "SUSPENDED"},
		{"SUSPENDED", "unsuspend", 204, "ACTIVE"},
		{"SUSPENDED", "deactivate", 204, "DEACTIVATED"},
		{"DEACTIVATED", "activate", 204, "ACTIVE"},
		{"DEACTIVATED", "suspend", 400, "DEACTIVATED"},
		{"DEACTIVATED", "unsuspend", 400, "DEACTIVATED"},
		{"DEACTIVATED", "deactivate", 204, "DEACTIVATED"},
	} {
		t.Run(tc.from+" "+tc.call, func(t *testing.T) {
			o := newOrg(t, sandbox.Options{Sample: true})
			id := o.deviceWith(tc.from)
			st, _, v := o.call("POST", "/api/v1/devices/"+id+"/lifecycle/"+tc.call, "")
			if st != tc.status {
				t.Fatalf("status %d, want %d (%v)", st, tc.status, v)
			}
			if st == 400 && v.(map[string]any)["errorCode"] != "E0000001" {
				t.Errorf("refusal: %v", v)
			}
			_, _, d := o.call("GET", "/api/v1/devices/"+id, "")
			if got := d.(map[string]any)["status"]; got != tc.to {
				t.Errorf("now %v, want %s", got, tc.to)
			}
		})
	}
}

func TestDeviceDelete(t *testing.T) {
	for _, tc := range []struct {
		from   string
		status int
	}{
		{"ACTIVE", 400}, {"SUSPENDED", 400}, {"DEACTIVATED", 204},
	} {
		t.Run(tc.from, func(t *testing.T) {
			o := newOrg(t, sandbox.Options{Sample: true})
			id := o.deviceWith(tc.from)
			if st, _, v := o.call("DELETE", "/api/v1/devices/"+id, ""); st != tc.status {
				t.Fatalf("delete: %d, want %d (%v)", st, tc.status, v)
			}
			want := http.StatusOK
			if tc.status == 204 {
				want = http.StatusNotFound
			}
			if st, _, _ := o.call("GET", "/api/v1/devices/"+id, ""); st != want {
				t.Errorf("get after delete: %d, want %d", st, want)
			}
		})
	}
}

var nextLink = regexp.MustCompile(`<([^>]*)>; rel="next"`)

// TestDevicePaging: walking the next links of a generated org's devices
// visits each device once, limit pages at most 200, and search narrows
// the list.
func TestDevicePaging(t *testing.T) {
	o := newOrg(t, sandbox.Options{Generate: map[string]int{"users": 7, "devices": 45}})
	for _, tc := range []struct {
		query string
		total int
		pages int
	}{
		{"?limit=10", 45, 5},
		{"?limit=45", 45, 1},
		{"", 45, 1},
		{"?limit=5&search=" + strings.ReplaceAll(`profile.platform eq "IOS"`, " ", "%20"), 11, 3},
		{"?search=" + strings.ReplaceAll(`status eq "SUSPENDED"`, " ", "%20"), 0, 1},
	} {
		t.Run(tc.query, func(t *testing.T) {
			seen := map[string]bool{}
			path, pages := "/api/v1/devices"+tc.query, 0
			for path != "" {
				st, hdr, v := o.call("GET", path, "")
				if st != http.StatusOK {
					t.Fatalf("%s: %d %v", path, st, v)
				}
				pages++
				for _, x := range v.([]any) {
					id := x.(map[string]any)["id"].(string)
					if seen[id] {
						t.Fatalf("%s listed twice", id)
					}
					seen[id] = true
				}
				path = ""
				for _, l := range hdr.Values("Link") {
					if m := nextLink.FindStringSubmatch(l); m != nil {
						path = strings.TrimPrefix(m[1], o.url)
					}
				}
			}
			if len(seen) != tc.total || pages != tc.pages {
				t.Errorf("%d devices in %d pages, want %d in %d", len(seen), pages, tc.total, tc.pages)
			}
		})
	}
	st, _, v := o.call("GET", "/api/v1/devices?search=owner%20eq%20%22x%22", "")
	if st != 400 || v.(map[string]any)["errorCode"] != "E0000001" {
		t.Errorf("search on an unknown field: %d %v", st, v)
	}
}

// TestAgentPoolUpdateLifecycle: which lifecycle calls an update accepts
// from which status (201) and which it refuses (400 E0000001).
func TestAgentPoolUpdateLifecycle(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	pid := o.list("/api/v1/agentPools")[0]["id"].(string)
	coll := "/api/v1/agentPools/" + pid + "/updates"
	_, _, v := o.call("POST", coll, `{"name":"u","agentType":"AD"}`)
	item := coll + "/" + v.(map[string]any)["id"].(string)
	for _, tc := range []struct {
		call   string
		status int
		to     string
	}{
		{"resume", 400, "Scheduled"},
		{"retry", 400, "Scheduled"},
		{"pause", 201, "Paused"},
		{"pause", 400, "Paused"},
		{"activate", 201, "Paused"},
		{"resume", 201, "Scheduled"},
		{"stop", 201, "Cancelled"},
		{"stop", 400, "Cancelled"},
		{"pause", 400, "Cancelled"},
		{"retry", 201, "Scheduled"},
		{"deactivate", 201, "Scheduled"},
	} {
		st, _, v := o.call("POST", item+"/"+tc.call, "")
		if st != tc.status {
			t.Fatalf("%s: %d, want %d (%v)", tc.call, st, tc.status, v)
		}
		_, _, u := o.call("GET", item, "")
		if got := u.(map[string]any)["status"]; got != tc.to {
			t.Fatalf("after %s: %v, want %s", tc.call, got, tc.to)
		}
	}
}

// TestAgentPoolList: limitPerPoolType, poolType and after over the sample
// pool, and their refusals.
func TestAgentPoolList(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	pools := o.list("/api/v1/agentPools")
	if len(pools) != 1 {
		t.Fatalf("pools: %v", pools)
	}
	for _, tc := range []struct {
		query  string
		status int
		n      int
	}{
		{"?poolType=AD", 200, 1},
		{"?poolType=LDAP", 200, 0},
		{"?limitPerPoolType=1", 200, 1},
		{"?after=" + pools[0]["id"].(string), 200, 0},
		{"?poolType=NT4", 400, 0},
		{"?limitPerPoolType=0", 400, 0},
	} {
		st, _, v := o.call("GET", "/api/v1/agentPools"+tc.query, "")
		if st != tc.status {
			t.Errorf("%s: %d, want %d", tc.query, st, tc.status)
			continue
		}
		if arr, ok := v.([]any); st == 200 && (!ok || len(arr) != tc.n) {
			t.Errorf("%s: %v, want %d pools", tc.query, v, tc.n)
		}
	}
}

// TestDeletedUserLeavesDevices: deleting a user (deactivate, then
// delete) drops the user's stored links to devices (the API would hide a
// link to a missing user anyway); the devices stay.
func TestDeletedUserLeavesDevices(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	var dev, uid string
	for _, d := range o.list("/api/v1/devices") {
		if users := o.list("/api/v1/devices/" + d["id"].(string) + "/users"); len(users) == 1 && d["status"] == "ACTIVE" {
			dev, uid = d["id"].(string), users[0]["user"].(map[string]any)["id"].(string)
			break
		}
	}
	if dev == "" {
		t.Fatal("no active device with a user")
	}
	for i := 0; i < 2; i++ {
		if st, _, v := o.call("DELETE", "/api/v1/users/"+uid, ""); st != http.StatusNoContent {
			t.Fatalf("delete user (%d): %d %v", i, st, v)
		}
	}
	if users := o.list("/api/v1/devices/" + dev + "/users"); len(users) != 0 {
		t.Errorf("device still lists the deleted user: %v", users)
	}
	if links := o.srv.Objects("deviceUsers", dev); len(links) != 0 {
		t.Errorf("device keeps a stored link to the deleted user: %v", links)
	}
	if st, _, _ := o.call("GET", "/api/v1/devices/"+dev, ""); st != http.StatusOK {
		t.Errorf("the device went with its user: %d", st)
	}
}
