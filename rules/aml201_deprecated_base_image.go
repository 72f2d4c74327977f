package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/imageref"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// deprecatedImages are the base images the troubleshooting guide lists as
// deprecated ("Base image is deprecated"), without registry host or tag.
var deprecatedImages = []string{
	"azureml/base",
	"azureml/base-gpu",
	"azureml/base-lite",
	"azureml/intelmpi2018.3-cuda10.0-cudnn7-ubuntu16.04",
	"azureml/intelmpi2018.3-cuda9.0-cudnn7-ubuntu16.04",
	"azureml/intelmpi2018.3-ubuntu16.04",
	"azureml/o16n-base/python-slim",
	"azureml/openmpi3.1.2-cuda10.0-cudnn7-ubuntu16.04",
	"azureml/openmpi3.1.2-ubuntu16.04",
	"azureml/openmpi3.1.2-cuda10.0-cudnn7-ubuntu18.04",
	"azureml/openmpi3.1.2-cuda10.1-cudnn7-ubuntu18.04",
	"azureml/openmpi3.1.2-cuda10.2-cudnn7-ubuntu18.04",
	"azureml/openmpi3.1.2-cuda10.2-cudnn8-ubuntu18.04",
}

// matchesImage reports whether repo (from imageref.Repository) names image, which
// may be given with or without a registry host; images listed without a
// host also match on mcr.microsoft.com and Docker Hub.
func matchesImage(repo, image string) bool {
	image = strings.ToLower(strings.TrimSpace(image))
	if repo == image {
		return true
	}
	for _, host := range []string{"mcr.microsoft.com/", "docker.io/", "index.docker.io/"} {
		if repo == host+image {
			return true
		}
	}
	return false
}

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
			repo := imageref.Repository(b.Ref.Value)
			for _, img := range append(append([]string(nil), deprecatedImages...), p.Opts.ExtraDeprecatedImages...) {
				if matchesImage(repo, img) {
					p.Reportf(b.Ref.Loc, "base image %q is deprecated (%s): it gets no security updates or build support; move to a current image such as mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04",
						textutil.Truncate(b.Ref.Value, 80), img)
					break
				}
			}
		}
	},
}
