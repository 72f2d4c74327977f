package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/internal/imageref"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// imageFacts is what is certainly known about a base image repository.
type imageFacts struct {
	repo    string // normalised repository (see imageref.Short); a trailing * matches a prefix
	noConda bool   // has no conda (nor mamba) on its PATH
	noMPI   bool   // has no MPI implementation (no mpicc)
}

// knownImages lists the base images whose contents are certain. Docker Hub
// official images are written without host or "library/"; their
// mcr.microsoft.com/mirror/docker/library/ copies normalise to the same
// name. Anything not listed is unknown, and the rules stay silent on it.
var knownImages = []imageFacts{
	// Official OS and Python images: neither conda nor MPI.
	{repo: "python", noConda: true, noMPI: true},
	{repo: "ubuntu", noConda: true, noMPI: true},
	{repo: "debian", noConda: true, noMPI: true},
	{repo: "alpine", noConda: true, noMPI: true},
	{repo: "busybox", noConda: true, noMPI: true},
	{repo: "centos", noConda: true, noMPI: true},
	{repo: "fedora", noConda: true, noMPI: true},
	{repo: "amazonlinux", noConda: true, noMPI: true},
	{repo: "nvidia/cuda", noConda: true, noMPI: true},
	{repo: "nvcr.io/nvidia/cuda", noConda: true, noMPI: true},
	// Conda distributions: conda, but no MPI.
	{repo: "continuumio/miniconda3", noMPI: true},
	{repo: "continuumio/anaconda3", noMPI: true},
	{repo: "condaforge/miniforge3", noMPI: true},
	{repo: "condaforge/mambaforge", noMPI: true},
	{repo: "mambaorg/micromamba", noMPI: true},
	// Azure ML's minimal inference images carry no MPI.
	{repo: "mcr.microsoft.com/azureml/minimal-*", noMPI: true},
}

// factsOf returns what is known about an image, or false when it is unknown.
func factsOf(ref string) (imageFacts, bool) {
	repo := imageref.Short(ref)
	if repo == "" {
		return imageFacts{}, false
	}
	for _, f := range knownImages {
		if prefix, ok := strings.CutSuffix(f.repo, "*"); ok {
			if strings.HasPrefix(repo, prefix) && !strings.Contains(repo, "mpi") {
				return f, true
			}
		} else if repo == f.repo {
			return f, true
		}
	}
	return imageFacts{}, false
}

func quoteImage(s string) string { return "\"" + textutil.Truncate(s, 80) + "\"" }
