package rules

import (
	"strings"

	"github.com/distribution/reference"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
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
		case isDockerHubAlias(entry) && host == "docker.io":
			return t
		}
	}
	return ""
}

func isDockerHubAlias(s string) bool {
	switch s {
	case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com", "hub.docker.com":
		return true
	}
	return false
}

// AML205 reports base images from registries outside trusted-registries.
var AML205 = &lint.Rule{
	ID:       "AML205",
	Name:     "untrusted-registry",
	Summary:  "Base image from a registry that trusted-registries in .mlenv-lint.yaml does not list",
	Severity: lint.Error,
	Guide:    "Reproducibility and vulnerabilities",
	Tags:     []string{"security"},
	Doc: `
A team that builds only on images it trusts lists their registries in ` + "`.mlenv-lint.yaml`" + `:

` + "```yaml" + `
trusted-registries:
  - mcr.microsoft.com/azureml     # a registry with a path prefix (whole path segments)
  - "*.azurecr.io"                # any registry under a domain
  - docker.io                     # Docker Hub (an image without a host is Docker Hub's)
` + "```" + `

Every base image (an environment's ` + "`image`" + `, a v1 ` + "`baseImage`" + ` and each Dockerfile ` + "`FROM`" + `, ARG
defaults expanded) must then come from one of them; an image from anywhere else is reported. Without
the setting the rule is silent. Images that still hold a variable without a default, template
placeholders, ` + "`scratch`" + ` and earlier build stages are not judged. The guide makes evaluating an
environment's vulnerabilities the user's responsibility ("Reproducibility and vulnerabilities"); an
allow-list of registries is how a team enforces where its bases come from. Azure ML's own images are
on ` + "`mcr.microsoft.com`" + `. Move the image into a trusted registry (for example ` + "`az acr import`" + ` into the
workspace's registry) or, if the registry is trusted after all, add it to the list.

## Bad

` + "```yaml" + `
# .mlenv-lint.yaml: trusted-registries: [mcr.microsoft.com]
image: ghcr.io/someone/trainer:1.0
` + "```" + `

## Good

` + "```yaml" + `
# .mlenv-lint.yaml: trusted-registries: [mcr.microsoft.com]
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
` + "```",
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
