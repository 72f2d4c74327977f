package rules

import (
	"strings"

	"github.com/distribution/reference"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/imageref"
)

// trustedBy returns the entry of trusted that lets the repository name
// (normalised, "docker.io/library/python") in, or "" when none does. An
// entry is a registry host ("mcr.microsoft.com"), a host with a path
// prefix ("mcr.microsoft.com/azureml", matched on whole path segments) or a
// wildcard host ("*.azurecr.io", any subdomain). Docker Hub is "docker.io".
func trustedBy(name string, trusted []string) string {
	name = strings.ToLower(name)
	host, _, _ := strings.Cut(name, "/")
	for _, t := range trusted {
		entry := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(t)), "/")
		switch {
		case entry == "":
			continue
		case strings.HasPrefix(entry, "*."):
			if strings.HasSuffix(host, entry[1:]) {
				return t
			}
		case entry == name || entry == host || strings.HasPrefix(name, entry+"/"):
			return t
		case imageref.IsDockerHubHost(entry) && host == "docker.io":
			return t
		}
	}
	return ""
}

// trustMCR is the configuration AML205's examples run under.
var trustMCR = map[string]string{".mlenv-lint.yaml": "trusted-registries: [mcr.microsoft.com]\n"}

// AML205 reports base images from registries outside trusted-registries.
var AML205 = &lint.Rule{
	ID:       "AML205",
	Name:     "untrusted-registry",
	Summary:  "Base image from a registry that trusted-registries in .mlenv-lint.yaml does not list",
	Severity: lint.Error,
	Guide:    "Reproducibility and vulnerabilities",
	Tags:     []string{"security"},
	Doc:      ruleDoc("AML205"),
	Bad: lint.Example{Path: "environment.yml", Files: trustMCR, Src: `
# .mlenv-lint.yaml: trusted-registries: [mcr.microsoft.com]
image: ghcr.io/someone/trainer:1.0
`},
	Good: lint.Example{Path: "environment.yml", Files: trustMCR, Src: `
# .mlenv-lint.yaml: trusted-registries: [mcr.microsoft.com]
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
`},
	Run: func(p *lint.Pass) {
		trusted := p.Opts.TrustedRegistries
		if len(trusted) == 0 {
			return
		}
		for _, b := range p.Facts.BaseImages() {
			named, err := reference.ParseNormalizedNamed(strings.TrimSpace(b.Ref.Value))
			if err != nil {
				continue // AML204
			}
			if trustedBy(named.Name(), trusted) != "" {
				continue
			}
			p.Reportf(b.Ref.Loc, "base image %s comes from %s, which is not among the trusted registries (%s); use an image from a trusted registry or add the registry to trusted-registries",
				quoteImage(b.Ref.Value), reference.Domain(named), strings.Join(trusted, ", "))
		}
	},
}
