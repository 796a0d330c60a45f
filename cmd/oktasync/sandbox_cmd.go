package main

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"net"
	"net/http"
	"regexp"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/urfave/cli/v2"
)

// sandboxOptions are the parsed flags of `oktasync sandbox`.
type sandboxOptions struct {
	listen string
	sandbox.Options
}

func sandboxCommand() *cli.Command {
	return &cli.Command{
		HideHelpCommand: true,
		Name:            "sandbox",
		Usage:           "run an in-memory Okta org (an emulator of the Management API)",
		Description: "The sandbox answers the Okta Management API on loopback with real server defaults,\n" +
			"lifecycle rules, error codes, Link paging and per-bucket rate limits.\n" +
			"It prints a line containing \"listening on http://HOST:PORT\" once it accepts requests.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8080", Usage: "the `ADDR` to listen on (port 0: any free port)"},
			&cli.StringFlag{Name: "token", Value: "sandbox-token", Usage: "the SSWS API `TOKEN` clients must send", EnvVars: []string{"OKTASYNC_SANDBOX_TOKEN"}},
			&cli.BoolFlag{Name: "sample", Usage: "seed a realistic small org (about 10 objects of every kind, with references)"},
			&cli.StringFlag{Name: "generate", Usage: "build a large org from `COUNTS` per kind, e.g. groups=5000,apps=1000,policies=200"},
			&cli.StringFlag{Name: "tier", Value: "enterprise", Usage: "the rate-limit `TIER`: developer, enterprise or workforce"},
			&cli.Float64Flag{Name: "rate-scale", Value: 1, Usage: "shorten the rate-limit windows to 60/`F` seconds"},
			&cli.IntFlag{Name: "concurrency", DefaultText: "the tier's: 15 developer, 75 enterprise and workforce", Usage: "the org concurrency cap: `N` requests at once"},
			&cli.DurationFlag{Name: "latency", Usage: "a `DURATION` added to every request, with ±25% jitter (e.g. 20ms)"},
			&cli.StringFlag{Name: "faults", Usage: "inject `FAULTS`: fault=probability pairs, e.g. 500=0.05,503=0.05,reset=0.02,429=0.02"},
			&cli.StringFlag{Name: "state", Usage: "persist the org in `FILE`: loaded at start, saved on exit"},
			&cli.Int64Flag{Name: "seed", Value: 1, Usage: "derive ids and secrets from `SEED` (same seed, same ids)"},
			&cli.StringFlag{Name: "org-name", DefaultText: "dev-NNNNNNNN, from the seed", Usage: "the org's `NAME` (its subdomain), which Okta builds into generated app names such as NAME_myapp_1"},
		},
		Action: func(cctx *cli.Context) error {
			opts, err := parseSandboxFlags(cctx)
			if err != nil {
				return err
			}
			return runSandbox(cctx.Context, opts, cctx.App.Writer)
		},
	}
}

func parseSandboxFlags(cctx *cli.Context) (sandboxOptions, error) {
	faults, err := sandbox.ParseFaults(cctx.String("faults"))
	if err != nil {
		return sandboxOptions{}, err
	}
	gen, err := sandbox.ParseGenerate(cctx.String("generate"))
	if err != nil {
		return sandboxOptions{}, err
	}
	if cctx.Float64("rate-scale") <= 0 {
		return sandboxOptions{}, errors.New("--rate-scale must be a positive number")
	}
	orgName := cctx.String("org-name")
	if orgName == "" {
		orgName = defaultOrgName(cctx.Int64("seed"))
	}
	if !orgNamePattern.MatchString(orgName) {
		return sandboxOptions{}, fmt.Errorf("--org-name %q: an org name is lower-case letters, digits and hyphens, starting with a letter", orgName)
	}
	return sandboxOptions{
		listen: cctx.String("listen"),
		Options: sandbox.Options{
			Token:       cctx.String("token"),
			Tier:        sandbox.Tier(cctx.String("tier")),
			RateScale:   cctx.Float64("rate-scale"),
			Concurrency: cctx.Int("concurrency"),
			Latency:     cctx.Duration("latency"),
			Faults:      faults,
			Sample:      cctx.Bool("sample"),
			Generate:    gen,
			StateFile:   cctx.String("state"),
			Seed:        cctx.Int64("seed"),
			Subdomain:   orgName,
		},
	}, nil
}

// orgNamePattern is what an Okta subdomain looks like (oie-00, dev-12345678, acme).
var orgNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)

// defaultOrgName is a developer org's name, as Okta gives them
// (dev-12345678), derived from the seed so that the same seed gives the
// same names.
func defaultOrgName(seed int64) string {
	h := fnv.New32a()
	fmt.Fprint(h, seed)
	return fmt.Sprintf("dev-%08d", h.Sum32()%100000000)
}

// runSandbox serves the org until ctx is cancelled, then saves its state.
func runSandbox(ctx context.Context, opts sandboxOptions, out interface{ Write([]byte) (int, error) }) error {
	srv, err := sandbox.New(opts.Options)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.listen)
	if err != nil {
		return fmt.Errorf("sandbox: cannot listen on %s: %w", opts.listen, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	fmt.Fprintf(out, "oktasync sandbox listening on http://%s (tier %s, window %s)\n",
		ln.Addr(), srv.Stats().Tier, time.Duration(srv.Stats().WindowSeconds*float64(time.Second)))
	select {
	case <-ctx.Done():
	case err := <-errc:
		return err
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = hs.Shutdown(shutCtx)
	return srv.Save()
}
