package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML110 reports v1 environment definitions without a docker section.
var AML110 = &lint.Rule{
	ID:       "AML110",
	Name:     "missing-docker-definition",
	Summary:  "A v1 azureml_environment.json without a docker section",
	Severity: lint.Error,
	Guide:    "Missing Docker definition",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML110"),
	Bad: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "train-env",
  "python": {"userManagedDependencies": true}
}
`},
	Good: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "train-env",
  "python": {"userManagedDependencies": true},
  "docker": {"baseImage": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1"}
}
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.Format != ir.FormatV1 || e.V1 == nil || e.V1.Docker != nil {
				continue
			}
			p.Reportf(envLoc(e), "v1 environment has no docker section; add \"docker\" with one of baseImage, baseDockerfile or buildContext")
		}
	},
}
