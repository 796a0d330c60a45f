package main

import (
	"fmt"
	"os"

	"github.com/oktasync/oktasync/internal/okta"
	"github.com/urfave/cli/v2"
)

// orgFlags are the flags every command that talks to an org takes. The
// token is deliberately not a flag: a flag shows in process lists and shell
// history. It comes from OKTA_CLIENT_TOKEN or okta.yaml, as with Okta's SDKs.
func orgFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "org-url", DefaultText: "OKTA_CLIENT_ORGURL or okta.yaml", Usage: "the org's `URL`, e.g. https://acme.okta.com"},
		&cli.IntFlag{Name: "max-capacity", Value: okta.DefaultMaxCapacity,
			Usage: "use at most `PCT` percent of each rate-limit bucket; the rest is left to other clients of the org"},
		&cli.IntFlag{Name: "max-in-flight", Value: okta.DefaultMaxInFlight, Usage: "`N` requests in flight at once (Okta's org concurrency cap is 15–75)"},
	}
}

// newClient builds the Okta client from okta.yaml, the environment and the
// flags, in the Okta SDKs' precedence.
func newClient(cctx *cli.Context, observer okta.Observer) (*okta.Client, error) {
	home, _ := os.UserHomeDir()
	wd, _ := os.Getwd()
	cfg, err := okta.LoadConfig(okta.ConfigSources{
		Env: os.Getenv, HomeDir: home, WorkDir: wd,
		Overrides: okta.Config{
			OrgURL:      cctx.String("org-url"),
			MaxCapacity: cctx.Int("max-capacity"),
			MaxInFlight: cctx.Int("max-in-flight"),
			Observer:    observer,
		},
	})
	if err != nil {
		return nil, err
	}
	okta.Version = toolVersion()
	c, err := okta.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("org configuration: %w", err)
	}
	return c, nil
}
