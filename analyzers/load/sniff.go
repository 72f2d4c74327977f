package load

import (
	"path/filepath"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
)

// sniffableName reports whether a file named on the command line whose
// name says nothing may still be a requirements file by content: a .txt or
// .in file, or one without an extension. Source code, Markdown and config
// files (train.py, README.md, setup.cfg) never are.
func sniffableName(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	return ext == "" || ext == ".txt" || ext == ".in"
}

// requirementsText reports whether src is unmistakably a pip requirements
// file: every logical line parses as a requirement or a pip option, and at
// least one line says so beyond a bare word (a version specifier, an
// option, a URL or an environment marker). Prose ("remember to do things")
// fails the first test, a one-word note ("numpy", "TODO") the second.
func requirementsText(src []byte) bool {
	strong := false
	logical := ""
	for _, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(stripComment(strings.TrimRight(line, "\r")))
		if rest, ok := strings.CutSuffix(t, `\`); ok {
			logical += rest + " "
			continue
		}
		t = strings.TrimSpace(logical + t)
		logical = ""
		if t == "" {
			continue
		}
		r := pkgspec.ParseRequirement(t)
		if r.Err != "" {
			return false
		}
		switch {
		case r.Kind == ir.ReqPackage && r.Name == "":
			return false
		case r.Kind != ir.ReqPackage || r.Specifier != "" || r.Marker != "" || len(r.Extras) > 0:
			strong = true
		}
	}
	return strong
}
