package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/imageref"
)

// deprecatedImage is a retired base image, named without registry host or
// tag, and why it is retired when the troubleshooting guide does not say so.
type deprecatedImage struct {
	name string
	why  string // "" for the guide's own list
}

// Why Azure ML's base images beyond the guide's list are retired (sources in
// the rule's documentation).
const (
	whyUbuntu1604 = "Azure ML deprecated its Ubuntu 16.04 images"
	whyUbuntu1804 = "Azure ML stopped updating its Ubuntu 18.04 images in January 2023"
	whyUbuntu2004 = "Azure ML stopped updating its Ubuntu 20.04 images in January 2025"
)

// deprecatedImages are the base images the troubleshooting guide lists as
// deprecated ("Base image is deprecated"), then the ones Azure ML retired
// since, from the AzureML-Containers release notes and Microsoft's
// documentation.
var deprecatedImages = []deprecatedImage{
	{name: "azureml/base"},
	{name: "azureml/base-gpu"},
	{name: "azureml/base-lite"},
	{name: "azureml/intelmpi2018.3-cuda10.0-cudnn7-ubuntu16.04"},
	{name: "azureml/intelmpi2018.3-cuda9.0-cudnn7-ubuntu16.04"},
	{name: "azureml/intelmpi2018.3-ubuntu16.04"},
	{name: "azureml/o16n-base/python-slim"},
	{name: "azureml/openmpi3.1.2-cuda10.0-cudnn7-ubuntu16.04"},
	{name: "azureml/openmpi3.1.2-ubuntu16.04"},
	{name: "azureml/openmpi3.1.2-cuda10.0-cudnn7-ubuntu18.04"},
	{name: "azureml/openmpi3.1.2-cuda10.1-cudnn7-ubuntu18.04"},
	{name: "azureml/openmpi3.1.2-cuda10.2-cudnn7-ubuntu18.04"},
	{name: "azureml/openmpi3.1.2-cuda10.2-cudnn8-ubuntu18.04"},

	{name: "azureml/openmpi3.1.2-cuda9.0-cudnn7-ubuntu16.04", why: whyUbuntu1604},

	{name: "azureml/openmpi3.1.2-ubuntu18.04", why: whyUbuntu1804},
	{name: "azureml/openmpi4.1.0-cuda11.0.3-cudnn8-ubuntu18.04", why: whyUbuntu1804},
	{name: "azureml/openmpi4.1.0-cuda11.1-cudnn8-ubuntu18.04", why: whyUbuntu1804},
	{name: "azureml/minimal-ubuntu18.04-py37-cpu-inference", why: whyUbuntu1804},
	{name: "azureml/minimal-ubuntu18.04-py37-cuda11.0.3-gpu-inference", why: whyUbuntu1804},
	{name: "azureml/mlflow-ubuntu18.04-py37-cpu-inference", why: whyUbuntu1804},

	{name: "azureml/openmpi4.1.0-ubuntu20.04", why: whyUbuntu2004},
	{name: "azureml/openmpi4.1.0-cuda11.1-cudnn8-ubuntu20.04", why: whyUbuntu2004},
	{name: "azureml/openmpi4.1.0-cuda11.2-cudnn8-ubuntu20.04", why: whyUbuntu2004},
	{name: "azureml/openmpi4.1.0-cuda11.3-cudnn8-ubuntu20.04", why: whyUbuntu2004},
	{name: "azureml/openmpi4.1.0-cuda11.6-cudnn8-ubuntu20.04", why: whyUbuntu2004},
	{name: "azureml/minimal-ubuntu20.04-py38-cpu-inference", why: whyUbuntu2004},
	{name: "azureml/minimal-ubuntu20.04-py38-cuda11.6.2-gpu-inference", why: whyUbuntu2004},
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

// retiredImage returns the deprecated image that ref names, from the
// built-in list and the configured extra ones.
func retiredImage(o *lint.Options, ref string) (deprecatedImage, bool) {
	repo := imageref.Repository(ref)
	for _, img := range deprecatedImages {
		if matchesImage(repo, img.name) {
			return img, true
		}
	}
	for _, name := range o.ExtraDeprecatedImages {
		if matchesImage(repo, name) {
			return deprecatedImage{name: name}, true
		}
	}
	return deprecatedImage{}, false
}

// movingOffImage reports whether AML201 reports ref in this run: the fix is
// then to move off the image, so advice on pinning its tag (AML202,
// AML203) would conflict with it at the same place.
func movingOffImage(p *lint.Pass, ref string) bool {
	_, retired := retiredImage(p.Opts, ref)
	return retired && p.Opts.Runs(AML201.ID)
}
