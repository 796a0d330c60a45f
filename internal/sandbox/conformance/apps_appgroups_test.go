package conformance

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func TestAppGroupsCRUD(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	app := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestBookmark("Assigned")), "id")
	base := "/api/v1/apps/" + app + "/groups/"
	g1, g2, g3 := o.group("ag-one"), o.group("ag-two"), o.group("ag-three")

	// Priority is server-assigned when omitted: 0-based, next free.
	a1 := o.obj(http.StatusOK, "PUT", base+g1, engine.Obj{})
	a2 := o.obj(http.StatusOK, "PUT", base+g2, engine.Obj{"id": g2, "profile": engine.Obj{}})
	a3 := o.obj(http.StatusOK, "PUT", base+g3, engine.Obj{"priority": 7, "profile": engine.Obj{"role": "viewer"}})
	for _, c := range []struct {
		a    engine.Obj
		id   string
		prio string
	}{{a1, g1, "0"}, {a2, g2, "1"}, {a3, g3, "7"}} {
		if engine.Str(c.a, "id") != c.id || fmt.Sprint(c.a["priority"]) != c.prio || engine.At(c.a, "lastUpdated") == nil {
			t.Errorf("assignment %v, want id %s priority %s", c.a, c.id, c.prio)
		}
		links := c.a["_links"].(map[string]any)
		if len(links) != 3 || !strings.HasSuffix(engine.Str(c.a, "_links.app.href"), "/api/v1/apps/"+app) ||
			!strings.HasSuffix(engine.Str(c.a, "_links.group.href"), "/api/v1/groups/"+c.id) ||
			!strings.HasSuffix(engine.Str(c.a, "_links.self.href"), base+c.id) {
			t.Errorf("links %v", links)
		}
		if _, has := c.a["created"]; has {
			t.Errorf("assignments carry no created")
		}
	}
	// A replace without priority keeps it; profile is replaced.
	r := o.obj(http.StatusOK, "PUT", base+g3, engine.Obj{"profile": engine.Obj{}})
	if fmt.Sprint(r["priority"]) != "7" || len(r["profile"].(map[string]any)) != 0 {
		t.Errorf("replace: %v", r)
	}
	got := o.obj(http.StatusOK, "GET", base+g3, nil)
	if !reflect.DeepEqual(engine.NormalizeJSON(got), engine.NormalizeJSON(r)) {
		t.Errorf("GET %v != PUT %v", got, r)
	}
	got = o.obj(http.StatusOK, "GET", base+g3+"?expand=group", nil)
	if engine.Str(got, "_embedded.group.profile.name") != "ag-three" {
		t.Errorf("expand=group: %v", got["_embedded"])
	}

	// PATCH (JSON Patch on priority and profile).
	p := o.obj(http.StatusOK, "PATCH", base+g1, []any{
		engine.Obj{"op": "replace", "path": "/priority", "value": 3},
		engine.Obj{"op": "add", "path": "/profile/department", "value": "Eng"},
	})
	if fmt.Sprint(p["priority"]) != "3" || engine.Str(p, "profile.department") != "Eng" {
		t.Errorf("patch: %v", p)
	}
	o.fails(false, http.StatusBadRequest, "E0000001", "PATCH", base+g1, []any{engine.Obj{"op": "replace", "path": "/id", "value": "x"}})

	// Lists are ordered by priority.
	arr, hdr := o.list("GET", "/api/v1/apps/"+app+"/groups")
	var order []string
	for _, a := range arr {
		order = append(order, engine.Str(a.(map[string]any), "id"))
	}
	if !reflect.DeepEqual(order, []string{g2, g1, g3}) {
		t.Errorf("order %v, want %v", order, []string{g2, g1, g3})
	}
	if l := hdr.Get("Link"); !strings.Contains(l, "limit=20") || !strings.Contains(l, `rel="self"`) {
		t.Errorf("self link %q, want limit=20", l)
	}
	arr, _ = o.list("GET", "/api/v1/apps/"+app+"/groups?q=AG-T")
	if len(arr) != 2 {
		t.Errorf("q: %d", len(arr))
	}

	// Errors.
	o.fails(false, http.StatusNotFound, "E0000007", "PUT", base+"00g00000000000000000", engine.Obj{})
	o.fails(false, http.StatusNotFound, "E0000007", "PUT", "/api/v1/apps/0oa00000000000000000/groups/"+g1, engine.Obj{})
	o.fails(false, http.StatusBadRequest, "E0000003", "PUT", base+g1, engine.Obj{"priority": "high"})
	o.fails(false, http.StatusBadRequest, "E0000001", "PUT", base+g1, engine.Obj{"priority": -1})
	o.fails(false, http.StatusNotFound, "E0000007", "GET", "/api/v1/apps/0oa00000000000000000/groups", nil)

	// Delete, then 404.
	if st, _, _ := o.call("DELETE", base+g2, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	o.fails(false, http.StatusNotFound, "E0000007", "GET", base+g2, nil)
	o.fails(false, http.StatusNotFound, "E0000007", "DELETE", base+g2, nil)

	// A deleted group's assignment disappears from the app.
	if st, _, _ := o.call("DELETE", "/api/v1/groups/"+g3, nil); st != http.StatusNoContent {
		t.Fatalf("delete group: %d", st)
	}
	arr, _ = o.list("GET", "/api/v1/apps/"+app+"/groups")
	if len(arr) != 1 || engine.Str(arr[0].(map[string]any), "id") != g1 {
		t.Errorf("after the group was deleted: %v", arr)
	}
	o.fails(false, http.StatusNotFound, "E0000007", "GET", base+g3, nil)

	// Filter apps by assigned group.
	apps, _ := o.list("GET", "/api/v1/apps?filter="+urlq(`group.id eq "`+g1+`"`))
	if len(apps) != 1 || engine.Str(apps[0].(map[string]any), "id") != app {
		t.Errorf("group.id filter: %v", apps)
	}
}

func TestAppGroupsPaging(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	app := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestBookmark("Many")), "id")
	var want []string
	for i := 0; i < 45; i++ {
		g := o.group(fmt.Sprintf("pg-group-%02d", i))
		o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+app+"/groups/"+g, engine.Obj{})
		want = append(want, g)
	}
	// limit below the minimum of 20 is raised to 20.
	next := "/api/v1/apps/" + app + "/groups?limit=5"
	var got []string
	var sizes []int
	for next != "" {
		arr, hdr := o.list("GET", next)
		sizes = append(sizes, len(arr))
		for _, a := range arr {
			got = append(got, engine.Str(a.(map[string]any), "id"))
		}
		next = ""
		for _, l := range hdr.Values("Link") {
			if strings.HasSuffix(l, `rel="next"`) {
				next = strings.TrimPrefix(l[1:strings.Index(l, ">")], o.URL)
			}
		}
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(sizes, []int{20, 20, 5}) {
		t.Fatalf("pages %v, got %d ids (match %v)", sizes, len(got), reflect.DeepEqual(got, want))
	}
	arr, _ := o.list("GET", "/api/v1/apps/"+app+"/groups?limit=500&expand=group")
	if len(arr) != 45 {
		t.Fatalf("limit is capped at 200, all 45 fit: %d", len(arr))
	}
	data, _ := json.Marshal(arr[0])
	if !strings.Contains(string(data), `"_embedded":{"group":`) {
		t.Errorf("expand=group: %s", data)
	}
}
