package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML306 reports python dependencies whose version cannot be read.
var AML306 = &lint.Rule{
	ID:       "AML306",
	Name:     "invalid-python-version",
	Summary:  "The python dependency's version is malformed",
	Severity: lint.Error,
	Guide:    "Failed to validate Python version",
	Doc:      ruleDoc("AML306"),
	Bad: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.x
  - python=three
`},
	Good: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.12
`},
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			for _, d := range c.Dependencies {
				if d.Spec.Unknown() {
					continue
				}
				if d.Spec == nil || !isPythonSpec(d) {
					continue
				}
				switch {
				case d.Err != "":
					p.Reportf(d.Spec.Loc, "python dependency %s is malformed (%s); write it like python=3.12", quoteSpec(d), d.Err)
				case d.Version != "" && !validPythonVersion(d.Version):
					p.Reportf(d.Spec.Loc, "python version %q is not a version number; write it like python=3.12", d.Version)
				}
			}
		}
	},
}
