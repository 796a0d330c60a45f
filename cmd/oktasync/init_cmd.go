package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/oktasync/oktasync/internal/initrepo"
	"github.com/urfave/cli/v2"
)

// initOptions are `oktasync init`'s arguments.
type initOptions struct {
	Dir   string
	Force bool
}

func initCommand() *cli.Command {
	return &cli.Command{
		HideHelpCommand: true,
		Name:            "init",
		Usage:           "set up a repository: GitHub Actions workflows, a starter okta.yaml, var files, a README section and a .gitignore",
		ArgsUsage:       "[DIR]",
		Description: "Writes .github/workflows/{plan,apply,backup,drift}.yml (the same files as examples/github-actions),\n" +
			"okta.yaml (the org URL only: credentials never go in the repository), vars/preview.yaml and\n" +
			"vars/production.yaml, and appends a section to README.md and one to .gitignore (what oktasync\n" +
			"may write in the repository). Existing files are left alone and nothing is written unless\n" +
			"--force is given.",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "force", Usage: "replace existing files (and the README's oktasync section)"},
		},
		Action: func(cctx *cli.Context) error {
			if cctx.NArg() > 1 {
				return errors.New("init takes at most one argument: the repository's directory")
			}
			o := initOptions{Dir: cctx.Args().First(), Force: cctx.Bool("force")}
			if o.Dir == "" {
				o.Dir = "."
			}
			res, err := initrepo.Write(initrepo.Options{Dir: o.Dir, Force: o.Force})
			if err != nil {
				return err
			}
			printInitResult(cctx.App.Writer, o.Dir, res)
			return nil
		},
	}
}

func printInitResult(w io.Writer, dir string, res *initrepo.Result) {
	replaced := map[string]bool{}
	for _, p := range res.Overwritten {
		replaced[p] = true
	}
	fmt.Fprintf(w, "Wrote in %s:\n", dir)
	for _, p := range res.Written {
		note := ""
		if replaced[p] {
			note = " (replaced)"
		}
		fmt.Fprintf(w, "  %s%s\n", p, note)
	}
	fmt.Fprintf(w, "  README.md: %s\n", res.Readme)
	fmt.Fprintf(w, "  .gitignore: %s\n", res.Gitignore)
	fmt.Fprint(w, `
Next:
  1. Put your org's URL in okta.yaml, or in the repository variable OKTA_ORG_URL.
  2. Create an Okta API service app with private-key JWT authentication and the scopes
     listed in .github/workflows/plan.yml (read) and apply.yml (manage); store its client ID
     and private key as the secrets OKTA_CLIENT_ID and OKTA_PRIVATE_KEY.
  3. Export the org and commit it:  oktasync export --out okta
  4. Pin oktasync/oktasync@main in the workflows to a release tag.
`)
}
