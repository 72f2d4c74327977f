package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// baseVersion is the version of the source tree; releases are tagged with it.
const baseVersion = "0.1.0"

// version is the module version when installed with go install, else
// baseVersion with "-devel" and the VCS revision the binary was built from.
// It always starts with a number, as SARIF consumers compare versions.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return baseVersion + "-devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return baseVersion + "-devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return baseVersion + "-devel+" + rev
}

func cmdVersion(_ context.Context, a *app, args []string) int {
	fs := newFlags("version", "mlenv-lint version", "Print the version of mlenv-lint and of the libraries that matter.", a.stdout)
	if err := a.parseFlags(fs, args); err != nil {
		return a.flagError("version", err)
	}
	fmt.Fprintf(a.stdout, "mlenv-lint %s\n", version())
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/moby/buildkit" {
				fmt.Fprintf(a.stdout, "buildkit   %s\n", d.Version)
			}
		}
	}
	fmt.Fprintf(a.stdout, "go         %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitOK
}
