package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML304 reports Python versions past their end of life.
var AML304 = &lint.Rule{
	ID:       "AML304",
	Name:     "python-version-unsupported",
	Summary:  "The conda specification pins a Python version past its end of life",
	Severity: lint.Error,
	Guide:    "Python version not supported",
	Tags:     []string{"security"},
	Doc: `
A Python series past its end of life gets no security fixes, and Azure Machine Learning does not
support it. Move to a supported version. The end-of-life dates are those of the Python developer
guide; the date checked against is today, or ` + "`today:`" + ` in ` + "`.mlenv-lint.yaml`" + `.

## Bad

` + "```yaml" + `
dependencies:
  - python=3.8
` + "```" + `

## Good

` + "```yaml" + `
dependencies:
  - python=3.12
` + "```",
	SecuritySeverity: "5.0",
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			py, major, minor, eol, ok := pythonSeriesEOL(c)
			if !ok || !p.Opts.Today.After(eol) {
				continue
			}
			p.Reportf(py.Spec.Loc, "Python %d.%d reached its end of life on %s and is not supported; use a newer Python", major, minor, eol.Format("2006-01-02"))
		}
	},
}
