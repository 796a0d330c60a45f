// Command schemagen writes schemas/spec: JSON Schemas for the nested types of
// every kind's body, derived from Okta's official OpenAPI spec, so that
// `oktasync validate` finds a wrong type anywhere in a body (minLength:
// "twelve" deep inside a password policy) at its file and line, before
// Okta answers 400 in the middle of an apply.
//
//	go run ./scripts/schemagen            # rewrite schemas/spec
//	go test ./scripts/schemagen           # fails when schemas/spec is out of date
//
// The hand-written schemas/<kind>.json stay what people read (and what
// docs/reference.md is made from): identity fields, enums, the main shapes.
// The generated ones only check types, and are never stricter than Okta:
//
//   - no required fields, no enums, no formats, no lengths (Okta adds enum
//     values and changes limits; the hand-written schemas hold the few that
//     matter);
//   - every value may be null, and every object may hold properties the
//     spec does not name;
//   - read-only properties are not checked at all (plan ignores them);
//   - where a number or a boolean is expected, a string that Okta's JSON
//     reader turns into one ("12", "true") passes, any number passes for
//     an integer (Okta reads 1.20e5 as 120000), and so does a
//     ${var:}/${secret:}/${ref:} placeholder; where an object or a list is
//     expected, a placeholder passes (a secret may be a whole JSON value);
//   - alternatives (oneOf, anyOf) pass when any one does; a discriminator
//     with a mapping (a policy's type, an app's signOnMode) checks the
//     mapped type.
//
// Which spec component describes a kind is derived from its descriptor: the
// request body of its create endpoint, else of its update endpoint, else
// the response of its get endpoint. overrides (below) corrects that where
// the derivation is wrong, and can leave a kind out. Every kind in the
// registry at the time the generator runs is covered or listed as not
// covered, so after new kinds are merged, running it again covers them.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/schemas"
)

// sdkModule holds Okta's official spec, okta/api/openapi.yaml; the module
// is a test dependency of the repository, so it is in the module cache.
const sdkModule = "github.com/okta/okta-sdk-golang/v5"

// overrides maps a kind to the spec component that describes its body when
// the descriptor's endpoints do not lead to it; "" leaves the kind out.
var overrides = map[string]string{
	// The spec types a UI schema's uiSchema.elements as an object; Okta
	// (and the sandbox, from the recordings) answer a list, so checking
	// the files against the spec would reject every exported form.
	"ui-schemas": "",
	// The security notification emails are a private Admin Console
	// endpoint (/api/internal/…) that no Okta spec describes; their JSON
	// Schema in schemas/ is all validate has.
	"security-notification-emails": "",
	// Federated claims and group push mappings are not in the v5.0.2 spec
	// (v6.1.0 has them; the sandbox's conformance tests check them against
	// a subset of it); their JSON Schemas in schemas/ are all validate has.
	"app-federated-claims": "",
	"group-push-mappings":  "",
	// An admin user's file holds only the user by login: the spec's
	// RoleAssignedUser ({id, orn}) is what Okta lists, not what the file
	// holds; its JSON Schema in schemas/ is all validate has.
	"admin-users": "",
}

func main() {
	spec := flag.String("spec", "", "the OpenAPI spec (default: okta/api/openapi.yaml of "+sdkModule+" in the module cache)")
	out := flag.String("out", filepath.Join("schemas", "spec"), "the directory to write")
	flag.Parse()
	if err := run(*spec, *out); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}

func run(specPath, outDir string) error {
	files, report, err := generateFromFile(specPath)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(outDir, name), data, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprint(os.Stderr, report)
	return nil
}

// generateFromFile loads the spec and the registry and generates the files.
func generateFromFile(specPath string) (map[string][]byte, string, error) {
	if specPath == "" {
		p, err := SpecPath()
		if err != nil {
			return nil, "", err
		}
		specPath = p
	}
	data, err := os.ReadFile(specPath)
	if err != nil {
		return nil, "", err
	}
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		return nil, "", err
	}
	return Generate(data, reg.Kinds(), overrides)
}

// SpecPath finds the official spec in the module cache.
func SpecPath() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", sdkModule).Output()
	if err != nil {
		return "", fmt.Errorf("locating %s in the module cache (go mod download): %w", sdkModule, err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "okta", "api", "openapi.yaml"), nil
}
