package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML305 reports Python versions within a year of their end of life.
var AML305 = &lint.Rule{
	ID:       "AML305",
	Name:     "python-version-not-recommended",
	Summary:  "The conda specification pins a Python version that reaches its end of life within a year",
	Severity: lint.Warning,
	Guide:    "Python version not recommended",
	Doc: `
A Python series in its last year of support will soon stop getting security fixes and become
unsupported (AML304). Plan the move to a newer version now.

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
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			py, major, minor, eol, ok := pythonSeriesEOL(c)
			today := p.Opts.Today
			if !ok || today.After(eol) || today.AddDate(1, 0, 0).Before(eol) {
				continue
			}
			p.Reportf(py.Spec.Loc, "Python %d.%d reaches its end of life on %s; plan the move to a newer Python", major, minor, eol.Format("2006-01-02"))
		}
	},
}
