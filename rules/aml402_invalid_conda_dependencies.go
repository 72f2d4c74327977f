package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML402 reports conda dependencies that are not valid match specs.
var AML402 = &lint.Rule{
	ID:       "AML402",
	Name:     "invalid-conda-dependencies",
	Summary:  "A conda dependency is not a valid package specification",
	Severity: lint.Error,
	Guide:    "Invalid conda dependencies",
	Doc:      ruleDoc("AML402"),
	Bad: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - numpy=>1.20
  - requests[security]==2.32.3
`},
	Good: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - numpy>=1.20
  - pip=24.0
  - pip:
      - requests[security]==2.32.3
`},
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			for _, d := range c.Dependencies {
				if d.Spec.Unknown() {
					continue
				}
				if d.Err == "" || d.Spec == nil || isPythonSpec(d) {
					continue
				}
				if kind := nodeKind(d.Spec); kind != "" {
					p.Reportf(d.Spec.Loc, "conda dependency is %s, not a package specification: %s", kind, d.Err)
					continue
				}
				p.Reportf(d.Spec.Loc, "conda dependency %s is not a valid package specification: %s", quoteSpec(d), d.Err)
			}
		}
	},
}
