// Command mlenv-lint lints Azure Machine Learning environment specs.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
	// exitCanceled is the shell's code for a process stopped by SIGINT.
	exitCanceled = 130
)

// app is what every subcommand gets: streams and the process environment,
// so that tests can run commands in-process.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	cwd            string
	stdoutTTY      bool
	now            func() time.Time // the day rules judge dates by (Python end of life); nil: time.Now
}

// today is the time the rules judge dates by.
func (a *app) today() time.Time {
	if a.now != nil {
		return a.now()
	}
	return time.Now()
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, a *app, args []string) int
}

func commands() []command {
	return []command{
		{"lint", "lint environment specs (the default command)", cmdLint},
		{"rules", "list all rules", cmdRules},
		{"explain", "print the documentation of a rule", cmdExplain},
		{"diagnose", "explain a failed image build from its log", cmdDiagnose},
		{"build", "build environment images with BuildKit", cmdBuild},
		{"version", "print the version", cmdVersion},
	}
}

func main() { os.Exit(run()) }

func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(os.Stderr, "mlenv-lint: cannot read working directory: %v\n", err)
		return exitUsage
	}
	a := &app{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		getenv: os.Getenv, cwd: cwd,
		stdoutTTY: term.IsTerminal(int(os.Stdout.Fd())),
	}
	return a.main(ctx, os.Args[1:])
}

func (a *app) main(ctx context.Context, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "--help":
			if len(args) > 1 {
				return a.main(ctx, []string{args[1], "--help"})
			}
			a.usage(a.stdout)
			return exitOK
		case "--version":
			return cmdVersion(ctx, a, nil)
		}
		for _, c := range commands() {
			if c.name == args[0] {
				return c.run(ctx, a, args[1:])
			}
		}
	}
	return cmdLint(ctx, a, args)
}

func (a *app) usage(w io.Writer) {
	fmt.Fprintf(w, "mlenv-lint checks Azure Machine Learning environment specs before any cloud build.\n\n")
	fmt.Fprintf(w, "Usage:\n  mlenv-lint [lint] [flags] [path...]\n  mlenv-lint <command> [flags] [args]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'mlenv-lint <command> --help' for the flags of a command.\n")
}

// errorf prints one clear line to stderr and returns the usage exit code.
func (a *app) errorf(format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintf(a.stderr, "mlenv-lint: %s\n", strings.TrimSpace(msg))
	return exitUsage
}

// flagError turns a pflag parse error into one line and the right exit code.
func (a *app) flagError(cmd string, err error) int {
	if errors.Is(err, errHelp) {
		return exitOK
	}
	return a.errorf("%s: %v (see 'mlenv-lint %s --help')", cmd, err, cmd)
}
