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
	Doc: `
A Python series in its last year of support will soon stop getting security fixes and become
unsupported (AML304). Plan the move to a newer version now. The places Python is read and the judgement of ranges are those of
AML304; a range is reported when the newest series it allows is in its last year.

## Bad

` + "```yaml" + `
dependencies:
  - python=3.11   # end of life 2027-10
` + "```" + `

## Good

` + "```yaml" + `
dependencies:
  - python=3.13
` + "```",
	Run: func(p *lint.Pass) { pythonEOLFindings(p, false) },
}
