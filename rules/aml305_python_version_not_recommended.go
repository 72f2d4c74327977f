package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML305 reports Python versions within a year of their end of life.
var AML305 = &lint.Rule{
	ID:       "AML305",
	Name:     "python-version-not-recommended",
	Summary:  "The spec chooses a Python version that reaches its end of life within a year",
	Severity: lint.Warning,
	Guide:    "Python version not recommended",
	Doc:      ruleDoc("AML305"),
	Bad: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.11   # end of life 2027-10
`},
	Good: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.13
`},
	Run: func(p *lint.Pass) { pythonEOLFindings(p, false) },
}
