package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// versionBound reports whether a bare word (glued to an unquoted > or <)
// reads as a package with a version bound: a name, then <, <=, >, >=
// (optionally != or == after a comma), then a digit. "x>/dev/null" and
// "x>log.txt" are deliberate redirections.
func versionBound(bare string) (name, bound string, ok bool) {
	i := strings.IndexAny(bare, "<>")
	if i <= 0 || reqName(bare[:i]) == "" {
		return "", "", false
	}
	j := i
	for j < len(bare) && strings.IndexByte("<>=!", bare[j]) >= 0 {
		j++
	}
	if j >= len(bare) || bare[j] < '0' || bare[j] > '9' {
		return "", "", false
	}
	return bare[:i], bare[i:], true
}

// AML501 reports package specs with an unquoted > or < in RUN installs.
var AML501 = &lint.Rule{
	ID:       "AML501",
	Name:     "unquoted-version-bound",
	Summary:  "A conda/pip install in a Dockerfile RUN has an unquoted > or < version bound, which the shell reads as a redirection",
	Severity: lint.Error,
	Guide:    "Conda bare redirection",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML501"),
	Bad: lint.Example{Path: "Dockerfile", Src: `
FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
RUN pip install numpy>=1.20 "pandas<3"
`},
	Good: lint.Example{Path: "Dockerfile", Src: `
FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
RUN pip install 'numpy>=1.20' "pandas<3"
`},
	Run: func(p *lint.Pass) {
		for _, d := range p.Facts.Dockerfiles() {
			for _, in := range d.Instructions {
				for _, c := range p.Facts.Installs(in) {
					for i, b := range c.Bare {
						name, bound, ok := versionBound(b)
						if !ok {
							continue
						}
						effect := "output redirection, so " + name + " is installed without the bound"
						if bound[0] == '<' {
							effect = "input redirection from a file that does not exist, so the install fails"
						}
						p.Reportf(c.BareLocs[i],
							"unquoted %q in %s install: the shell reads %q as %s; quote it: '%s'",
							textutil.Truncate(b, 60), c.Tool, textutil.Truncate(bound, 40), effect, textutil.Truncate(b, 60))
					}
				}
			}
		}
	},
}
