package rules

import (
	"errors"
	"strings"
	"unicode"

	"github.com/distribution/reference"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/imageref"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// imageRefProblem says why s is not a valid image reference, or returns ""
// when it is one (a name with optional tag and digest, or a bare image ID).
func imageRefProblem(s string) string {
	_, err := reference.ParseNormalizedNamed(s)
	if err == nil {
		return ""
	}
	if _, err2 := reference.ParseAnyReference(s); err2 == nil {
		if !strings.ContainsAny(s, "/:@") || strings.HasPrefix(s, "sha256:") {
			return "" // an image ID (64 hex digits or sha256:…)
		}
	}
	name, tag, tagDigest := imageref.Split(s)
	switch {
	case strings.IndexFunc(s, unicode.IsSpace) >= 0:
		return "it contains whitespace"
	case strings.Contains(s, "://"):
		return "it starts with the URL scheme " + s[:strings.Index(s, "://")+3]
	case s == "" || strings.HasPrefix(s, "/") || strings.HasPrefix(s, ":") || strings.HasPrefix(s, "@"):
		return "the repository name is empty"
	case strings.HasPrefix(strings.ToLower(s), "azureml:"):
		return "azureml:NAME:VERSION is an Azure ML environment, not an image"
	case strings.HasSuffix(s, "/"):
		return "it ends with '/'"
	case errors.Is(err, reference.ErrNameTooLong):
		return "the repository name is longer than 255 characters"
	case strings.Contains(err.Error(), "must be lowercase"), errors.Is(err, reference.ErrNameContainsUppercase):
		return "repository names must be lower-case"
	case strings.Count(tagDigest, "@") > 1 || strings.HasPrefix(s, "@"):
		return "it has more than one '@'"
	case tagDigest != "":
		if n, err := reference.ParseNormalizedNamed(name); err == nil && reference.IsNameOnly(n) {
			return "the digest must be @sha256: followed by 64 lower-case hex digits"
		}
	case strings.HasSuffix(s, ":"):
		return "the tag after ':' is empty"
	case tag != "" && !strings.Contains(tag, "/"):
		if n, err := reference.ParseNormalizedNamed(name); err == nil && reference.IsNameOnly(n) {
			return "the tag may only hold letters, digits, '_', '.' and '-' (not first), at most 128 characters"
		}
	}
	if before, _, _ := strings.Cut(s, "@"); strings.Count(before, ":") > 1 && !strings.Contains(before, "/") {
		return "it has more than one ':' (a registry port needs a '/' after it)"
	}
	return "path components may only hold lower-case letters, digits and the separators '.', '_', '__', '-'"
}

// AML204 reports base images that are not valid image references.
var AML204 = &lint.Rule{
	ID:       "AML204",
	Name:     "invalid-image-reference",
	Summary:  "Base image that is not a valid image reference",
	Severity: lint.Error,
	Guide:    "Failed to pull Docker image",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML204"),
	Bad: lint.Example{Path: "environment.yml", Src: `
image: https://mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
`},
	Good: lint.Example{Path: "environment.yml", Src: `
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
`},
	Run: func(p *lint.Pass) {
		for _, b := range p.Facts.BaseImages() {
			s := strings.TrimSpace(b.Ref.Value)
			if s == "" || strings.Contains(s, "$") || strings.Contains(s, "{{") || strings.EqualFold(s, "scratch") {
				continue
			}
			if why := imageRefProblem(s); why != "" {
				p.Reportf(b.Ref.Loc, "base image %q is not a valid image reference (%s); write it as [REGISTRY/]REPOSITORY[:TAG][@DIGEST], e.g. my-registry.io/test/image:3.2",
					textutil.Truncate(redact.URL(s, redact.MaskSecrets), 80), why)
			}
		}
	},
}
