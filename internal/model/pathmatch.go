package model

import (
	"fmt"
	"path"
	"strings"
)

// PathPatterns is a list of patterns over ref paths, as a tree's ignore
// file holds them: each pattern is matched segment by segment with
// path.Match ('*' within a segment, '?', '[a-z]'), and a "**" segment
// matches any number of segments, none included. So "groups/contractors-*"
// matches those groups, "apps/**" every app and everything under one, and
// "policies/*/legacy/**" a policy of any type named legacy with its rules.
type PathPatterns struct {
	patterns [][]string
}

// ParsePathPatterns checks and compiles patterns.
func ParsePathPatterns(patterns []string) (*PathPatterns, error) {
	pp := &PathPatterns{}
	for _, p := range patterns {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") || strings.Contains(p, "//") {
			return nil, fmt.Errorf("pattern %q: write a ref path such as groups/contractors-* (no leading or trailing /)", p)
		}
		segs := strings.Split(p, "/")
		for _, s := range segs {
			if s == "**" {
				continue
			}
			if _, err := path.Match(s, ""); err != nil {
				return nil, fmt.Errorf("pattern %q: %w", p, err)
			}
		}
		pp.patterns = append(pp.patterns, segs)
	}
	return pp, nil
}

// Len is the number of patterns.
func (pp *PathPatterns) Len() int {
	if pp == nil {
		return 0
	}
	return len(pp.patterns)
}

// Match reports whether a ref path matches any pattern.
func (pp *PathPatterns) Match(refPath string) bool {
	if pp == nil {
		return false
	}
	segs := strings.Split(refPath, "/")
	for _, p := range pp.patterns {
		if matchSegments(p, segs) {
			return true
		}
	}
	return false
}

func matchSegments(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegments(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}
