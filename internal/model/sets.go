package model

import (
	"bytes"
	"sort"
)

// SortSets sorts, in place, the arrays of body that k declares set-like,
// by the canonical JSON of their elements.
func SortSets(k *Kind, body map[string]any) {
	for _, p := range k.Sets {
		for _, m := range Find(body, p) {
			arr, ok := m.Value.([]any)
			if !ok || len(arr) < 2 {
				continue
			}
			sort.SliceStable(arr, func(i, j int) bool {
				return bytes.Compare(CanonicalJSON(arr[i]), CanonicalJSON(arr[j])) < 0
			})
		}
	}
}
