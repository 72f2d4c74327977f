package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML304 reports Python versions past their end of life.
var AML304 = &lint.Rule{
	ID:       "AML304",
	Name:     "python-version-unsupported",
	Summary:  "The spec chooses a Python version past its end of life (conda pin or range, python image tag, conda install in RUN)",
	Severity: lint.Error,
	Guide:    "Python version not supported",
	Tags:     []string{"security"},
	Doc:      ruleDoc("AML304"),
	Bad: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.8
`},
	Good: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.12
`},
	SecuritySeverity: "5.0",
	Run:              func(p *lint.Pass) { pythonEOLFindings(p, true) },
}
