package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML303 reports python listed more than once in a conda specification.
var AML303 = &lint.Rule{
	ID:       "AML303",
	Name:     "multiple-python-versions",
	Summary:  "python is listed more than once in the conda dependencies",
	Severity: lint.Error,
	Guide:    "Multiple Python versions",
	Doc:      ruleDoc("AML303"),
	Bad: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.10
  - numpy=1.26.4
  - python=3.11
`},
	Good: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.11
  - numpy=1.26.4
`},
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			ds := depsNamed(c, "python")
			for _, d := range ds[min(1, len(ds)):] {
				p.Report(lint.Diagnostic{
					Loc:     d.Spec.Loc,
					Message: "python is listed again (" + quoteSpec(d) + ", first as " + quoteSpec(ds[0]) + "); keep one python entry",
					Related: []lint.Related{related(ds[0].Spec.Loc, "python is first listed here")},
				})
			}
		}
	},
}
