package rules

import (
	"slices"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML302 reports conda specifications that do not say which Python to use.
var AML302 = &lint.Rule{
	ID:       "AML302",
	Name:     "python-version-missing",
	Summary:  "A conda specification without a pinned python",
	Severity: lint.Warning,
	Guide:    "Python version missing",
	Tags:     []string{"reproducibility"},
	Doc:      ruleDoc("AML302"),
	Bad: lint.Example{Path: "conda.yml", Src: `
channels: [conda-forge]
dependencies:
  - numpy=1.26.4
`},
	Good: lint.Example{Path: "conda.yml", Src: `
channels: [conda-forge]
dependencies:
  - python=3.12
  - numpy=1.26.4
`},
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			if c.DepsKey == nil && len(c.Dependencies) == 0 {
				continue // no dependencies at all: AML401/AML003 territory
			}
			py := condaPython(c)
			switch {
			case py == nil && slices.ContainsFunc(c.Dependencies, isPythonSpec):
				// a malformed python entry: AML306
			case py == nil && slices.ContainsFunc(c.Dependencies, func(d *ir.CondaDep) bool { return d.Spec.Unknown() }):
				// a template placeholder may be python
			case py == nil:
				p.Reportf(condaTop(c), "the conda dependencies do not include python; add python=X.Y so every build uses the same Python")
			case py.Version == "":
				p.Reportf(py.Spec.Loc, "python has no version; pin the Python series, e.g. python=3.12")
			}
		}
	},
}
