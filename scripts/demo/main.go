// Command demo is `make demo`: it starts `oktasync sandbox --sample` as a
// user would, waits for its "listening on" line, shows what the org holds,
// exports it to a tree and validates the tree, all with the real binary.
// It is written in Go so that a fresh machine with only Go installed can
// run it.
//
// It names no kind: what the org holds is listed from the kind registry
// (each top-level kind's list endpoint), and the edit it makes to the tree
// is data (edit.yaml).
package main

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/schemas"
)

func main() {
	bin := flag.String("bin", "bin/oktasync", "the oktasync binary")
	listen := flag.String("listen", "127.0.0.1:0", "sandbox listen address")
	out := flag.String("out", "demo-out/tree", "where to export the tree")
	flag.Parse()
	if err := run(*bin, *listen, *out); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

const token = "demo-token"

func run(bin, listen, out string) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "sandbox", "--listen", listen, "--token", token, "--sample")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	url, err := waitListening(stdout, 10*time.Second)
	if err != nil {
		return err
	}
	fmt.Printf("sandbox org at %s (token %q)\n\nWhat it holds:\n", url, token)
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		return err
	}
	for _, row := range holdings(reg) {
		n, err := count(url+row.path, row.singleton)
		if err != nil {
			fmt.Printf("  %-36s (%v)\n", row.label, err)
			continue
		}
		fmt.Printf("  %-36s %d\n", row.label, n)
	}
	stats, err := get(url + "/_sandbox/stats")
	if err != nil {
		return err
	}
	fmt.Printf("\nServer-side counters (GET /_sandbox/stats):\n%s\n", stats)

	env := append(os.Environ(), "OKTA_CLIENT_ORGURL="+url, "OKTA_CLIENT_TOKEN="+token)
	if err := step(env, "export the org", bin, "export", "--out", out); err != nil {
		return err
	}
	if err := step(env, "validate the tree", bin, "validate", out); err != nil {
		return err
	}
	if err := step(env, "export again: nothing changes", bin, "export", "--out", out); err != nil {
		return err
	}
	if err := step(env, "plan the tree against the org it came from: no changes", bin, "plan", "--dir", out, "--detailed-exitcode"); err != nil {
		return err
	}
	fmt.Println("\n=== edit the tree as a pull request would (scripts/demo/edit.yaml)")
	if err := editTree(out); err != nil {
		return err
	}
	planFile := filepath.Join(filepath.Dir(out), "plan.json")
	if err := stepExit(env, "plan the change", []int{0, 2}, bin, "plan", "--dir", out, "--out", planFile, "--detailed-exitcode"); err != nil {
		return err
	}
	backups := filepath.Join(filepath.Dir(out), "backups")
	if err := step(env, "apply exactly the reviewed plan", bin, "apply", planFile, "--backup-dir", backups); err != nil {
		return err
	}
	if err := step(env, "plan again: the org matches the tree", bin, "plan", "--dir", out, "--detailed-exitcode"); err != nil {
		return err
	}
	fmt.Printf("\nThe tree is in %s, the saved plan in %s, the backup of the org before the apply in %s.\n", out, planFile, backups)
	return nil
}

// holding is one line of "What it holds": a list endpoint of a top-level
// kind, once per query for kinds listed by query (policies by type).
type holding struct {
	label, path string
	singleton   bool // the endpoint returns one object, not an array
}

// holdings lists every top-level kind's objects from the registry, in
// the registry's order.
func holdings(reg *model.Registry) []holding {
	var out []holding
	for _, k := range reg.Order() {
		if !k.IsTopLevel() {
			continue
		}
		queries := k.List.Queries
		if len(queries) == 0 {
			queries = []string{""}
		}
		for _, q := range queries {
			v, _ := url.ParseQuery(q)
			if k.List.Limit > 0 {
				v.Set("limit", strconv.Itoa(min(k.List.Limit, 200)))
			}
			label := k.Name
			if q != "" {
				label += " " + unescape(q)
			}
			path := k.List.Path
			if len(v) > 0 {
				path += "?" + v.Encode()
			}
			out = append(out, holding{label: label, path: path, singleton: k.List.Singleton})
		}
	}
	return out
}

func unescape(q string) string {
	if u, err := url.QueryUnescape(q); err == nil {
		return u
	}
	return q
}

//go:embed edit.yaml
var editYAML []byte

// edit is edit.yaml: the files a pull request adds to the tree, and the
// text it replaces in files the export wrote.
type edit struct {
	Add     map[string]string `yaml:"add"`
	Replace []struct {
		File, Old, New string
	} `yaml:"replace"`
}

// editTree makes the change edit.yaml describes. A replacement whose text
// is not in the file is an error: the sample org changed and the demo
// must follow.
func editTree(dir string) error {
	var e edit
	if err := yaml.Unmarshal(editYAML, &e); err != nil {
		return fmt.Errorf("edit.yaml: %w", err)
	}
	for name, content := range e.Add {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(content), 0o644); err != nil {
			return err
		}
	}
	for _, r := range e.Replace {
		p := filepath.Join(dir, filepath.FromSlash(r.File))
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !strings.Contains(string(data), r.Old) {
			return fmt.Errorf("edit.yaml: %s does not hold %q", r.File, r.Old)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(data), r.Old, r.New, 1)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// step runs one oktasync command the way a user would type it.
func step(env []string, title, bin string, args ...string) error {
	return stepExit(env, title, []int{0}, bin, args...)
}

// stepExit is step for a command whose exit codes other than 0 are results
// (plan --detailed-exitcode exits 2 when there are changes).
func stepExit(env []string, title string, ok []int, bin string, args ...string) error {
	fmt.Printf("\n=== %s: oktasync %s\n", title, strings.Join(args, " "))
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stdout
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		return err
	}
	for _, c := range ok {
		if c == code {
			return nil
		}
	}
	return fmt.Errorf("oktasync %s: exit status %d", strings.Join(args, " "), code)
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

// waitListening reads the sandbox's stdout until the contract's
// "listening on http://HOST:PORT" line appears.
func waitListening(r io.Reader, timeout time.Duration) (string, error) {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			fmt.Println(sc.Text())
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, r)
	}()
	select {
	case u := <-found:
		return u, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("sandbox did not print its listening line within %s", timeout)
	}
}

func get(url string) ([]byte, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "SSWS "+token)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("%s: %d %s", url, resp.StatusCode, body)
	}
	return body, err
}

func count(url string, singleton bool) (int, error) {
	body, err := get(url)
	if err != nil {
		return 0, err
	}
	if singleton {
		return 1, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		return 0, err
	}
	return len(items), nil
}
