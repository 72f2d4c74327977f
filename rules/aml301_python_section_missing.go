package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// AML301 reports v1 environment definitions without a python section.
var AML301 = &lint.Rule{
	ID:       "AML301",
	Name:     "python-section-missing",
	Summary:  "A v1 environment definition without a python section",
	Severity: lint.Error,
	Guide:    "Python section missing",
	Tags:     []string{"correctness", "v1"},
	Doc:      ruleDoc("AML301"),
	Bad: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "my-env",
  "docker": {"baseImage": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1"}
}
`},
	Good: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "my-env",
  "python": {
    "userManagedDependencies": false,
    "interpreterPath": "python",
    "baseCondaEnvironment": null,
    "condaDependencies": {
      "channels": ["conda-forge"],
      "dependencies": ["python=3.12"]
    }
  },
  "docker": {"baseImage": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1"}
}
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.Format != ir.FormatV1 || e.V1 == nil {
				continue
			}
			py := e.V1.Python
			switch {
			case py == nil:
				p.Reportf(envLoc(e), "the v1 environment has no python section; add \"python\" with condaDependencies that pin python (or userManagedDependencies: true to use the image's Python)")
			case yamlnode.IsNull(py):
				p.Reportf(e.V1.PythonKey, "the python section is null; give it condaDependencies that pin python (or userManagedDependencies: true to use the image's Python)")
			}
		}
	},
}
