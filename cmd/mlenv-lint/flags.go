package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"
)

var errHelp = pflag.ErrHelp

// newFlags makes a flag set that reports errors instead of exiting and prints
// its help to out.
func newFlags(name, synopsis, description string, out io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(out)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage:\n  %s\n\n%s\n\nFlags:\n%s", synopsis, description, fs.FlagUsages())
	}
	return fs
}

// parseFlags parses args; on --help it prints usage to stdout and returns errHelp.
func (a *app) parseFlags(fs *pflag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		fs.SetOutput(a.stdout)
		fs.Usage()
		return errHelp
	}
	return err
}
