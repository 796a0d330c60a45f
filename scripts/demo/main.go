// Command demo is `make demo`: it starts `oktasync sandbox --sample` as a
// user would, waits for its "listening on" line, shows what the org holds,
// exports it to a tree and validates the tree, all with the real binary.
// It is written in Go so that a fresh machine with only Go installed can
// run it.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
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
	for _, row := range []struct{ label, path string }{
		{"groups", "/api/v1/groups?limit=200"},
		{"group rules", "/api/v1/groups/rules?limit=200"},
		{"user types", "/api/v1/meta/types/user"},
		{"apps", "/api/v1/apps?limit=200"},
		{"policies OKTA_SIGN_ON", "/api/v1/policies?type=OKTA_SIGN_ON"},
		{"policies PASSWORD", "/api/v1/policies?type=PASSWORD"},
		{"policies MFA_ENROLL", "/api/v1/policies?type=MFA_ENROLL"},
		{"policies ACCESS_POLICY", "/api/v1/policies?type=ACCESS_POLICY"},
		{"policies PROFILE_ENROLLMENT", "/api/v1/policies?type=PROFILE_ENROLLMENT"},
		{"policies IDP_DISCOVERY", "/api/v1/policies?type=IDP_DISCOVERY"},
		{"authorization servers", "/api/v1/authorizationServers"},
		{"identity providers", "/api/v1/idps?limit=200"},
		{"IdP keys", "/api/v1/idps/credentials/keys?limit=200"},
		{"network zones", "/api/v1/zones?limit=200"},
		{"trusted origins", "/api/v1/trustedOrigins?limit=200"},
		{"authenticators", "/api/v1/authenticators"},
		{"event hooks", "/api/v1/eventHooks"},
		{"inline hooks", "/api/v1/inlineHooks"},
		{"brands", "/api/v1/brands?limit=200"},
	} {
		n, err := count(url + row.path)
		if err != nil {
			fmt.Printf("  %-28s (%v)\n", row.label, err)
			continue
		}
		fmt.Printf("  %-28s %d\n", row.label, n)
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
	fmt.Println("\n=== edit the tree as a pull request would: a new group, a changed description")
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

// editTree makes the kind of change a pull request makes.
func editTree(dir string) error {
	group := "kind: groups\nname: platform-engineering\nbody:\n  profile:\n    description: Platform engineering (added by make demo)\n    name: Platform Engineering\n"
	if err := os.WriteFile(filepath.Join(dir, "groups", "platform-engineering.yaml"), []byte(group), 0o644); err != nil {
		return err
	}
	p := filepath.Join(dir, "groups", "engineering.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	return os.WriteFile(p, []byte(strings.Replace(string(data), "description: Software engineers", "description: Software engineers and SREs", 1)), 0o644)
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
	if ee, isExit := err.(*exec.ExitError); isExit {
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

func count(url string) (int, error) {
	body, err := get(url)
	if err != nil {
		return 0, err
	}
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		return 0, err
	}
	return len(items), nil
}
