package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// AML201 reports deprecated Azure ML base images.
var AML201 = &lint.Rule{
	ID:       "AML201",
	Name:     "deprecated-base-image",
	Summary:  "Base image is one of the deprecated azureml/* images",
	Severity: lint.Warning,
	Guide:    "Base image is deprecated",
	Tags:     []string{"security", "maintainability"},
	Doc:      ruleDoc("AML201"),
	Bad: lint.Example{Path: "environment.yml", Src: `
image: mcr.microsoft.com/azureml/openmpi3.1.2-ubuntu16.04:20220516.v1
`},
	Good: lint.Example{Path: "environment.yml", Src: `
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
`},
	Run: func(p *lint.Pass) {
		for _, b := range p.Facts.BaseImages() {
			img, ok := retiredImage(p.Opts, b.Ref.Value)
			if !ok {
				continue
			}
			what := img.name
			if img.why != "" {
				what += ": " + img.why
			}
			p.Reportf(b.Ref.Loc, "base image %q is deprecated (%s): it gets no security updates or build support; move to a current image pinned to a version tag, such as mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1",
				textutil.Truncate(b.Ref.Value, 80), what)
		}
	},
}
