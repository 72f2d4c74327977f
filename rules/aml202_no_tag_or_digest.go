package rules

import (
	"github.com/distribution/reference"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// AML202 reports base images without a tag or digest.
var AML202 = &lint.Rule{
	ID:       "AML202",
	Name:     "no-tag-or-digest",
	Summary:  "Base image without a version tag or digest",
	Severity: lint.Warning,
	Guide:    "No tag or digest",
	Tags:     []string{"reproducibility"},
	Doc:      ruleDoc("AML202"),
	Bad: lint.Example{Path: "Dockerfile", Src: `
FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04
`},
	Good: lint.Example{Path: "Dockerfile", Src: `
FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
`},
	Run: func(p *lint.Pass) {
		for _, b := range p.Facts.BaseImages() {
			named, err := reference.ParseNormalizedNamed(b.Ref.Value)
			if err != nil {
				continue // not a valid reference: not this rule's concern
			}
			if reference.IsNameOnly(named) && !movingOffImage(p, b.Ref.Value) {
				p.Reportf(b.Ref.Loc, "base image %q has no tag or digest, so every build may get a different image; pin a version tag or a digest (%s@sha256:…)",
					textutil.Truncate(b.Ref.Value, 80), reference.FamiliarName(named))
			}
		}
	},
}
