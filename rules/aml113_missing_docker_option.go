package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML113 reports environments that set no image source at all.
var AML113 = &lint.Rule{
	ID:       "AML113",
	Name:     "missing-docker-option",
	Summary:  "No image, build context or base Dockerfile: the environment has nothing to build from",
	Severity: lint.Error,
	Guide:    "Missing Docker option",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML113"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: my-env
conda_file: conda.yml
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: my-env
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
conda_file: conda.yml
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if len(dockerOptions(e)) > 0 || misspeltSource(e) {
				continue // a misspelt image or build key is AML002's finding
			}
			switch e.Format {
			case ir.FormatV1:
				if e.V1 == nil || e.V1.Docker == nil {
					continue
				}
				p.Reportf(e.V1.DockerKey, "the docker section sets none of baseImage, baseDockerfile or buildContext; set exactly one")
			case ir.FormatInline:
				p.Reportf(keyOrEnv(e), "inline environment sets neither image nor build; add one (or reference a registered environment with azureml:<name>:<version>)")
			default:
				p.Reportf(envLoc(e), "environment sets neither image nor build; add an image (with an optional conda_file) or a build context")
			}
		}
	},
}
