package main

import (
	"fmt"
	"os"

	"github.com/oktasync/oktasync/internal/doctor"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/urfave/cli/v2"
)

// doctorCommand is `oktasync doctor`: it checks the configuration, that the
// org is reachable and which pipeline it runs, that the credentials work,
// that they carry the scopes (or the admin roles) export, plan and apply
// need, and the rate-limit headroom. It prints one line per check and exits
// 1 when any check fails.
func doctorCommand() *cli.Command {
	return &cli.Command{
		HideHelpCommand: true,
		Name:            "doctor",
		Usage:           "check the org, the credentials and their scopes before anything runs",
		Description: "Prints one line per check (PASS, WARN, FAIL or SKIP) with a fix under each one that\n" +
			"does not pass, and exits 1 if any check fails. For an OAuth 2.0 service app it checks\n" +
			"the okta.*.manage scopes apply needs, or with --read-only the okta.*.read scopes export\n" +
			"and plan need. It makes only reads, and prints no token or key.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "org-url", DefaultText: "OKTA_CLIENT_ORGURL or okta.yaml", Usage: "the org's `URL`, e.g. https://acme.okta.com"},
			&cli.BoolFlag{Name: "read-only", Usage: "the credentials are for export and plan only: require okta.*.read scopes, not okta.*.manage"},
		},
		Action: func(cctx *cli.Context) error {
			reg, err := registry()
			if err != nil {
				return err
			}
			okta.Version = toolVersion()
			home, _ := os.UserHomeDir()
			wd, _ := os.Getwd()
			rep := doctor.Run(cctx.Context, reg, doctor.Options{
				Sources: okta.ConfigSources{
					Env: os.Getenv, HomeDir: home, WorkDir: wd,
					Overrides: okta.Config{OrgURL: cctx.String("org-url")},
				},
				ReadOnly: cctx.Bool("read-only"),
			})
			if err := rep.WriteText(cctx.App.Writer); err != nil {
				return err
			}
			if n := rep.Failures(); n > 0 {
				if n == 1 {
					return fmt.Errorf("doctor found 1 problem")
				}
				return fmt.Errorf("doctor found %d problems", n)
			}
			return nil
		},
	}
}
