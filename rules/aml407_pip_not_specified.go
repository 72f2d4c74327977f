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
	Doc: `
The packages of a ` + "`pip:`" + ` list are installed by whatever pip the environment happens to have. List
` + "`pip`" + ` (pinned, see AML408) among the conda dependencies so the same pip resolves them every time.
The suggested version is one that installs on the spec's Python (see AML408).

## Bad

` + "```yaml" + `
dependencies:
  - python=3.12
  - pip:
      - azureml-core==1.57.0
` + "```" + `

## Good

` + "```yaml" + `
dependencies:
  - python=3.12
  - pip=26.1.1
  - pip:
      - azureml-core==1.57.0
` + "```",
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			if len(c.PipKeys) == 0 || len(depsNamed(c, "pip")) > 0 {
				continue
			}
			pip, why := suggestPip(c, "")
			p.Reportf(c.PipKeys[0].Loc, "this pip: list is installed without pip in the conda dependencies; add a pinned pip, e.g. pip=%s%s", pip, why)
		}
	},
}
