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
	Doc: `
A v1 environment (` + "`azureml_environment.json`" + `) describes its image in the ` + "`docker`" + ` section
(` + "`DockerSection`" + `), which must be populated with a base image, a base Dockerfile or a build context.
A file without a ` + "`docker`" + ` section says nothing about the image: when the SDK loads it, the
environment silently falls back to the SDK's default CPU image, which is rarely what was meant,
and the service refuses a definition whose Docker section is missing.

A ` + "`docker`" + ` section that is present but sets none of ` + "`baseImage`, `baseDockerfile`, `buildContext`" + `
(including ` + "`\"docker\": null`" + ` and ` + "`\"docker\": {}`" + `) is reported by AML113 instead.

## Bad

` + "```json" + `
{
  "name": "train-env",
  "python": {"userManagedDependencies": true}
}
` + "```" + `

## Good

` + "```json" + `
{
  "name": "train-env",
  "python": {"userManagedDependencies": true},
  "docker": {"baseImage": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1"}
}
` + "```",
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.Format != ir.FormatV1 || e.V1 == nil || e.V1.Docker != nil {
				continue
			}
			p.Reportf(envLoc(e), "v1 environment has no docker section; add \"docker\" with one of baseImage, baseDockerfile or buildContext")
		}
	},
}
