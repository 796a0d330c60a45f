package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// run builds the command tree and runs it. It is main without os.Exit, so
// tests drive the real CLI in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := &cli.App{
		Name:                 "oktasync",
		Usage:                "keep an Okta org's configuration in git",
		Version:              version,
		Writer:               stdout,
		ErrWriter:            stderr,
		EnableBashCompletion: false,
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
