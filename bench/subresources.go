package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
)

// SubresourceResult is the export's calls to the child lists of the apps
// bucket (every /api/v1/apps/{id}/… call is charged to it, 100 a minute on
// Enterprise: the export's bottleneck) against the fewest that read them.
// A child kind whose list is gated on its parent's body (model.List.When:
// an app's features only when its features[] is non-empty, about 2% of
// real apps) is called only under the parents that pass; an ungated one
// once per parent.
type SubresourceResult struct {
	Calls   int                        `json:"calls"`
	Minimum int                        `json:"minimum"`
	Kinds   map[string]SubresourceKind `json:"kinds"`
}

// SubresourceKind is one child kind's share.
type SubresourceKind struct {
	Calls   int    `json:"calls"`
	Minimum int    `json:"minimum"`
	Gate    string `json:"gate,omitempty"`
}

var placeholderRE = regexp.MustCompile(`\{[^}/]*\}`)

// shape reduces a path template or a sandbox route pattern to its shape:
// every {wildcard} the same.
func shape(path string) string { return placeholderRE.ReplaceAllString(path, "{}") }

// appSubresources counts, per child kind listed in the apps bucket, the
// sandbox's calls to its list endpoint and the minimum for the tree.
func appSubresources(reg *model.Registry, snap *model.Snapshot, st *sandboxStats) *SubresourceResult {
	res := &SubresourceResult{Kinds: map[string]SubresourceKind{}}
	for _, k := range reg.Kinds() {
		if k.Parent == "" || k.List.Path == "" || okta.BucketFor("GET", k.List.Path) != "/api/v1/apps" {
			continue
		}
		sk := SubresourceKind{Minimum: minimumRequests(reg, snap, func(x *model.Kind) bool { return x == k })}
		if k.List.When != nil {
			sk.Gate = k.List.When.String()
		}
		want := "GET " + shape(k.List.Path)
		for pattern, n := range st.Endpoints {
			if shape(pattern) == want {
				sk.Calls += n
			}
		}
		res.Kinds[k.Name] = sk
		res.Calls += sk.Calls
		res.Minimum += sk.Minimum
	}
	return res
}

// subresourceRows are the Markdown rows of the result, kinds by name.
func subresourceRows(r *SubresourceResult) string {
	names := make([]string, 0, len(r.Kinds))
	for n := range r.Kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		k := r.Kinds[n]
		gate := k.Gate
		if gate == "" {
			gate = "every app"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %d | %d |\n", n, gate, k.Calls, k.Minimum)
	}
	fmt.Fprintf(&b, "| **total** | | **%d** | **%d** |\n", r.Calls, r.Minimum)
	return b.String()
}
