package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// AML140 reports the deprecated v1 r section.
var AML140 = &lint.Rule{
	ID:       "AML140",
	Name:     "r-section-deprecated",
	Summary:  "v1 environment with an r section (the Azure ML SDK for R is deprecated)",
	Severity: lint.Warning,
	Guide:    "R section is deprecated",
	Tags:     []string{"maintainability", "v1"},
	Doc:      ruleDoc("AML140"),
	Bad: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "r-env",
  "r": {"rVersion": "4.0.0", "cranPackages": [{"name": "forecast"}]},
  "docker": {"baseImage": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1"}
}
`},
	Good: lint.Example{Path: "environment.yml", Src: `
# environment.yml (CLI v2)
name: r-env
build:
  path: docker-context   # Dockerfile: FROM rocker/tidyverse:4.4.1 ...
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.V1 == nil || e.V1.R == nil || yamlnode.IsNull(e.V1.R) {
				continue
			}
			p.Reportf(e.V1.RKey, "the r section is deprecated with the Azure ML SDK for R; remove it and install R in the image (a Dockerfile or an R base image) with CLI v2")
		}
	},
}
