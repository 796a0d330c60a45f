// Command specsubset extracts the operations the sandbox's conformance
// tests validate against a newer Okta spec than the one the official SDK
// v5.0.2 ships (see docs/sandbox.md), with every component they refer to:
//
//	go run ./scripts/specsubset
//
// It reads the list of paths from
// internal/sandbox/conformance/testdata/spec-v6-paths.txt (one path per
// line, as the spec writes it; '#' starts a comment), finds Okta's
// okta-sdk-golang v6.1.0 module with `go mod download` (the module cache
// has it on any machine that can build the project; nothing is imported),
// and writes internal/sandbox/conformance/testdata/okta-v6.1.0-subset.json:
// the spec's info and security schemes, the listed paths, and the
// transitive closure of the components they reference. Examples are
// dropped: the tests validate shapes, and examples only add size.
//
// The output is deterministic (JSON with sorted keys), so a rerun with the
// same list changes nothing.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

const (
	module   = "github.com/okta/okta-sdk-golang/v6"
	version  = "v6.1.0"
	listFile = "internal/sandbox/conformance/testdata/spec-v6-paths.txt"
	outFile  = "internal/sandbox/conformance/testdata/okta-v6.1.0-subset.json"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "specsubset:", err)
		os.Exit(1)
	}
}

func run() error {
	paths, err := readList(listFile)
	if err != nil {
		return err
	}
	dir, err := moduleDir()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(filepath.Join(dir, "okta", "api", "openapi.yaml"))
	if err != nil {
		return err
	}
	var spec map[string]any
	if err := yaml.Unmarshal(data, &spec); err != nil {
		return fmt.Errorf("parsing the %s spec: %w", version, err)
	}
	out, err := subset(spec, paths)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	return os.WriteFile(outFile, buf.Bytes(), 0o644)
}

func readList(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line != "" {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}

// moduleDir returns the extracted module in the module cache (go mod
// download extracts it from the cached zip, or fetches it through the
// module proxy when the cache lacks it).
func moduleDir() (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", module+"@"+version)
	cmd.Stderr = os.Stderr
	data, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %w", module, version, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(data, &info); err != nil {
		return "", err
	}
	if info.Error != "" || info.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", module, version, info.Error)
	}
	return info.Dir, nil
}

// subset keeps the listed paths and the components they reach.
func subset(spec map[string]any, paths []string) (map[string]any, error) {
	allPaths, _ := spec["paths"].(map[string]any)
	components, _ := spec["components"].(map[string]any)
	keptPaths := map[string]any{}
	for _, p := range paths {
		item, ok := allPaths[p]
		if !ok {
			return nil, fmt.Errorf("%s has no path %s", version, p)
		}
		keptPaths[p] = dropExamples(item)
	}
	keptComponents := map[string]any{}
	if ss, ok := components["securitySchemes"]; ok {
		keptComponents["securitySchemes"] = ss
	}
	var queue []string
	seen := map[string]bool{}
	enqueue := func(v any) {
		for _, ref := range refsIn(v) {
			if !seen[ref] {
				seen[ref] = true
				queue = append(queue, ref)
			}
		}
	}
	enqueue(keptPaths)
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		section, name, ok := strings.Cut(strings.TrimPrefix(ref, "#/components/"), "/")
		if !ok || !strings.HasPrefix(ref, "#/components/") {
			return nil, fmt.Errorf("unsupported reference %s", ref)
		}
		src, _ := components[section].(map[string]any)
		v, ok := src[name]
		if !ok {
			return nil, fmt.Errorf("%s: no component %s", version, ref)
		}
		v = dropExamples(v)
		dst, _ := keptComponents[section].(map[string]any)
		if dst == nil {
			dst = map[string]any{}
			keptComponents[section] = dst
		}
		dst[name] = v
		enqueue(v)
	}
	info, _ := spec["info"].(map[string]any)
	return map[string]any{
		"openapi":    spec["openapi"],
		"info":       map[string]any{"title": fmt.Sprintf("%v (subset of %s@%s)", info["title"], module, version), "version": info["version"]},
		"paths":      keptPaths,
		"components": keptComponents,
	}, nil
}

// refsIn returns every $ref value inside v, sorted.
func refsIn(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			if r, ok := t["$ref"].(string); ok {
				out = append(out, r)
			}
			for _, x := range t {
				walk(x)
			}
		case []any:
			for _, x := range t {
				walk(x)
			}
		}
	}
	walk(v)
	sort.Strings(out)
	return out
}

// dropExamples removes "examples" and "example" maps of media types and
// parameters (schemas keep "example", which is a plain value).
func dropExamples(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			if k == "examples" {
				continue
			}
			out[k] = dropExamples(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = dropExamples(x)
		}
		return out
	}
	return v
}
