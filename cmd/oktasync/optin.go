package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/urfave/cli/v2"
)

// Opt-in kinds (model.Kind.OptIn: users' admin roles) are read only when
// asked for: by --include-kind, by name in export --kinds, or because the
// tree already holds them (once opted in, a tree stays so).

func includeKindFlag() cli.Flag {
	return &cli.StringSliceFlag{Name: "include-kind", Usage: "also read these opt-in `KINDS` (k,...), off by default: user-role-assignments (with admin-users); a tree that holds them reads them anyway"}
}

// exportInclude is what export reads of the opt-in kinds: those asked for
// by --include-kind or --kinds, and those whose directory the tree at out
// already has.
func exportInclude(reg *model.Registry, out string, include, kinds []string) []string {
	asked := append(append([]string(nil), include...), kinds...)
	for _, k := range reg.Kinds() {
		if !k.OptIn || !k.IsTopLevel() {
			continue
		}
		if st, err := os.Stat(filepath.Join(out, k.Dir())); err == nil && st.IsDir() {
			asked = append(asked, k.Name)
		}
	}
	return asked
}

// planInclude is what a plan reads of the opt-in kinds: those asked for
// and those the desired tree holds objects of.
func planInclude(reg *model.Registry, include []string, desired *model.Snapshot) []string {
	asked := append([]string(nil), include...)
	for _, k := range reg.Kinds() {
		if reg.OptIn(k.Name) && desired != nil && len(desired.ByKind(k.Name)) > 0 {
			asked = append(asked, k.Name)
		}
	}
	return asked
}

// checkInclude refuses an --include-kind that names no opt-in kind.
func checkInclude(reg *model.Registry, include []string) error {
	var optIn []string
	for _, k := range reg.Kinds() {
		if reg.OptIn(k.Name) {
			optIn = append(optIn, k.Name)
		}
	}
	for _, n := range include {
		if _, ok := reg.Kind(n); !ok {
			return fmt.Errorf("--include-kind: unknown kind %q; run `oktasync kinds` for the list", n)
		}
		if !reg.OptIn(n) {
			return fmt.Errorf("--include-kind: %s is read by default; the opt-in kinds are %v", n, optIn)
		}
	}
	return nil
}
