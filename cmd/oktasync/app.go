package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"
)

// run builds the command tree and runs it. It is main without os.Exit, so
// tests drive the real CLI in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runApp(ctx, newApp(stdout, stderr, currentBuild()), args, stderr)
}

// newApp builds the command tree. The build information is a parameter so
// that the help and version output can be rendered for review with fixed
// values (testdata/help).
func newApp(stdout, stderr io.Writer, build buildInfo) *cli.App {
	return &cli.App{
		Name:                 "oktasync",
		Usage:                "keep an Okta org's configuration in git",
		Version:              build.Version,
		Writer:               stdout,
		ErrWriter:            stderr,
		EnableBashCompletion: false,
		// urfave/cli's own --version prints only the version; ours adds
		// the commit, the Go version and the module path (versionAction).
		HideVersion: true,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "version", Aliases: []string{"v"}, Usage: "print the version, commit, Go version, module path and platform"},
		},
		Action: func(cctx *cli.Context) error { return rootAction(cctx, build) },
		// Errors are mapped to exit codes in one place (exitCode),
		// never inside the commands.
		ExitErrHandler: func(*cli.Context, error) {},
		Commands: []*cli.Command{
			sandboxCommand(),
			exportCommand(),
			validateCommand(),
			kindsCommand(),
			planCommand(),
			diffCommand(),
			applyCommand(),
			doctorCommand(),
			initCommand(),
			githubCommand(),
		},
	}
}

// rootAction runs when no command is given: --version, the help, or an
// error naming the word that is not a command.
func rootAction(cctx *cli.Context, build buildInfo) error {
	switch {
	case cctx.Bool("version"):
		return build.print(cctx.App.Writer)
	case cctx.Args().Present():
		return fmt.Errorf("unknown command %q (oktasync --help lists them)", cctx.Args().First())
	default:
		return cli.ShowAppHelp(cctx)
	}
}

func runApp(ctx context.Context, app *cli.App, args []string, stderr io.Writer) int {
	err := app.RunContext(ctx, interspersed(app.Commands, args))
	var ee *exitError
	if err != nil && !(errors.As(err, &ee) && ee.err == nil) {
		// An exitError without a cause is a result, not a failure
		// (--detailed-exitcode's 2): nothing to print.
		fmt.Fprintf(stderr, "oktasync: %v\n", err)
	}
	return exitCode(err)
}

// exitError carries a specific exit code (2 = changes found with
// --detailed-exitcode) without being printed as a failure.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

// exitCode maps a command's result to the process exit code:
// 0 success, 1 error, or the code an exitError carries.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}
