package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/tree"
	"github.com/urfave/cli/v2"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		HideHelpCommand: true,
		Name:            "validate",
		Usage:           "check a tree offline: schemas, references, duplicates, unknown kinds and stray files",
		ArgsUsage:       "DIR",
		Action: func(cctx *cli.Context) error {
			if cctx.NArg() != 1 {
				return errors.New("validate takes one argument: the tree's directory")
			}
			reg, err := registry()
			if err != nil {
				return err
			}
			dir := cctx.Args().First()
			snap, problems := tree.Read(dir, reg)
			if snap != nil {
				problems = append(problems, tree.Validate(snap, reg)...)
			}
			model.SortProblems(problems)
			return reportProblems(cctx.App.Writer, dir, snap, problems)
		},
	}
}

// reportProblems prints problems as "file:line: severity: message" with a
// hint, and fails when any is an error.
func reportProblems(w io.Writer, dir string, snap *model.Snapshot, problems []model.Problem) error {
	errs, warns := 0, 0
	for _, p := range problems {
		fmt.Fprintln(w, p.String())
		if p.Severity == model.SeverityError {
			errs++
		} else {
			warns++
		}
	}
	n := 0
	if snap != nil {
		n = snap.Len()
	}
	if errs > 0 {
		return fmt.Errorf("%s: %d errors, %d warnings in %d objects", dir, errs, warns, n)
	}
	fmt.Fprintf(w, "%s: %d objects valid (%d warnings)\n", dir, n, warns)
	return nil
}
