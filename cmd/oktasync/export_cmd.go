package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/urfave/cli/v2"
)

func exportCommand() *cli.Command {
	return &cli.Command{
		HideHelpCommand: true,
		Name:            "export",
		Usage:           "snapshot an org into a deterministic tree of YAML files",
		Description: "Reads every kind (or the ones chosen) and writes one file per object under --out,\n" +
			"with references written as ${ref:<path>} and secrets as ${secret:NAME} placeholders.\n" +
			"The write is atomic; unchanged files keep their modification time; placeholders and\n" +
			"variables written by hand in the previous tree are kept.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "out", Usage: "the `DIR` to write the tree to", Required: true},
			&cli.StringSliceFlag{Name: "kinds", Usage: "export only these `KINDS` (comma-separated; oktasync kinds lists them)"},
			&cli.StringSliceFlag{Name: "exclude-kinds", Usage: "do not read these `KINDS` (comma-separated; references to them stay IDs)"},
			includeKindFlag(),
			progressFlag(),
		}, orgFlags()...),
		Action: func(cctx *cli.Context) error {
			reg, err := registry()
			if err != nil {
				return err
			}
			if err := checkInclude(reg, splitList(cctx.StringSlice("include-kind"))); err != nil {
				return err
			}
			progress := startProgress(cctx.App.ErrWriter, cctx.Duration("progress-interval"))
			client, err := newClient(cctx, progress.observer())
			if err != nil {
				progress.finish()
				return err
			}
			progress.setClient(client)
			opts := export.Options{
				Kinds:   splitList(cctx.StringSlice("kinds")),
				Exclude: splitList(cctx.StringSlice("exclude-kinds")),
				Include: exportInclude(reg, cctx.String("out"), splitList(cctx.StringSlice("include-kind")), splitList(cctx.StringSlice("kinds"))),
				OrgURL:  client.OrgURL(),
			}
			if progress != nil {
				opts.Observer = progress
			}
			start := time.Now()
			w, err := export.Export(cctx.Context, client, reg, cctx.String("out"), opts)
			progress.finish()
			if err != nil {
				return explainOrgError(err)
			}
			printExportSummary(cctx.App.ErrWriter, cctx.String("out"), w, client.Stats(), time.Since(start))
			return nil
		},
	}
}

// splitList accepts both repeated flags and comma-separated values.
func splitList(in []string) []string {
	var out []string
	for _, s := range in {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func printExportSummary(w io.Writer, dir string, res *export.Written, st okta.Stats, elapsed time.Duration) {
	total := 0
	for _, n := range res.Counts {
		total += n
	}
	fmt.Fprintf(w, "Exported %d objects to %s in %s (%d files written, %d unchanged, %d removed).\n",
		total, dir, elapsed.Round(time.Millisecond), len(res.Files.Written), len(res.Files.Unchanged), len(res.Files.Removed))
	fmt.Fprintln(w, "\nObjects per kind:")
	for _, k := range res.Kinds {
		fmt.Fprintf(w, "  %-26s %6d\n", k, res.Counts[k])
	}
	fmt.Fprintf(w, "\nAPI calls: %d, 429s: %d, retries: %d, rate-limit waits: %d (%s waited, summed over concurrent requests)\n",
		st.Calls, st.TooManyRequests, st.Retries, st.Waits, st.WaitTime.Round(time.Millisecond))
	buckets := make([]string, 0, len(st.Buckets))
	for b := range st.Buckets {
		buckets = append(buckets, b)
	}
	sort.Strings(buckets)
	for _, b := range buckets {
		s := st.Buckets[b]
		fmt.Fprintf(w, "  %-28s %6d calls  %d 429s  limit %d/window\n", b, s.Calls, s.TooManyRequests, s.Limit)
	}
	if len(res.Warnings) > 0 {
		fmt.Fprintf(w, "\n%d warnings:\n", len(res.Warnings))
		for _, wr := range res.Warnings {
			fmt.Fprintf(w, "  warning: %s\n", wr)
		}
	}
	if len(res.PreviousProblems) > 0 {
		fmt.Fprintf(w, "\nThe previous tree had %d problems; placeholders were carried over only from files that read cleanly.\n",
			len(res.PreviousProblems))
	}
}

// explainOrgError adds what to do to the errors a user meets first.
func explainOrgError(err error) error {
	var te *okta.TransportError
	switch {
	case okta.ErrorCode(err) == "E0000011":
		return fmt.Errorf("%w\nThe API token was refused: check OKTA_CLIENT_TOKEN (or okta.yaml) and that the token is not revoked or expired", err)
	case okta.ErrorCode(err) == "E0000006":
		return fmt.Errorf("%w\nThe credentials lack a permission: the token's admin needs a role that can read this kind (or, for OAuth, the okta.*.read scope)", err)
	case errors.As(err, &te):
		return fmt.Errorf("%w\nThe org is unreachable: check the org URL (OKTA_CLIENT_ORGURL or --org-url) and the network", err)
	}
	return err
}
