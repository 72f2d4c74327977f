package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML407 reports pip: lists in conda specifications that do not install pip.
var AML407 = &lint.Rule{
	ID:       "AML407",
	Name:     "pip-not-specified",
	Summary:  "A conda pip: list without pip in the conda dependencies",
	Severity: lint.Warning,
	Guide:    "Pip not specified",
	Tags:     []string{"reproducibility"},
	Doc:      ruleDoc("AML407"),
	Bad: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.12
  - pip:
      - azureml-core==1.57.0
`},
	Good: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.12
  - pip=26.1.1
  - pip:
      - azureml-core==1.57.0
`},
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			if len(c.PipKeys) == 0 || hasDep(c, "pip") {
				continue
			}
			pip, why := suggestPip(c, "")
			p.Reportf(c.PipKeys[0].Loc, "this pip: list is installed without pip in the conda dependencies; add a pinned pip, e.g. pip=%s%s", pip, why)
		}
	},
}
