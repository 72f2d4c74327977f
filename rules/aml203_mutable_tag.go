package rules

import (
	"regexp"
	"strings"

	"github.com/distribution/reference"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// movingWords are tag words that name whatever was pushed last rather than
// one build: "latest", release channels and branch names.
var movingWords = map[string]bool{
	"latest": true, "stable": true, "edge": true, "nightly": true, "current": true,
	"rolling": true, "canary": true, "unstable": true, "lts": true,
	"main": true, "master": true, "dev": true, "develop": true, "devel": true,
}

// branchWords are moving only as the whole tag: "main-4f2a1c3" is usually a
// branch name plus a commit, which does not move.
var branchWords = map[string]bool{"main": true, "master": true, "dev": true, "develop": true, "devel": true}

var (
	// pinnedPartRE matches tag parts that identify one build: versions with
	// a dot (1.2, v3.11.9), dates and build numbers (20240304, 202301),
	// commit hashes.
	pinnedPartRE = regexp.MustCompile(`^(v?\d+(\.\d+)+|\d{6,}(\.v\d+)?|[0-9a-f]{7,40})$`)
	// bareMajorRE matches a bare major version with an optional variant:
	// "3", "v20", "3-slim", "20-alpine3.19".
	bareMajorRE = regexp.MustCompile(`^v?\d{1,3}(-[a-z][a-z0-9.]*)*$`)
)

// movingTag explains why tag (of the named image) moves, or returns "".
func movingTag(named reference.Named, tag string) string {
	t := strings.ToLower(tag)
	parts := strings.FieldsFunc(t, func(r rune) bool { return r == '-' || r == '_' })
	if len(parts) == 0 {
		return ""
	}
	for _, p := range parts {
		if pinnedPartRE.MatchString(p) && strings.ContainsAny(p, "0123456789") {
			return "" // e.g. nightly-20240304, latest-1.2.3, main-4f2a1c3
		}
	}
	if movingWords[t] {
		return "moving"
	}
	if movingWords[parts[0]] && !branchWords[parts[0]] || movingWords[parts[len(parts)-1]] && !branchWords[parts[len(parts)-1]] {
		return "moving"
	}
	// A bare major version ("python:3", "node:20-alpine") follows every minor
	// release. Only on Docker Hub: elsewhere ("…/curated/x:12", an ACR
	// "app:7") small numbers are usually immutable build numbers.
	if reference.Domain(named) == "docker.io" && bareMajorRE.MatchString(t) {
		return "major-version"
	}
	return ""
}

// AML203 reports base images whose tag moves.
var AML203 = &lint.Rule{
	ID:       "AML203",
	Name:     "mutable-tag",
	Summary:  "Base image tag that moves (latest, stable, nightly, a bare major version)",
	Severity: lint.Warning,
	Guide:    "No tag or digest",
	Tags:     []string{"reproducibility"},
	Doc:      ruleDoc("AML203"),
	Bad: lint.Example{Path: "environment.yml", Src: `
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest
`},
	Good: lint.Example{Path: "environment.yml", Src: `
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
`},
	Run: func(p *lint.Pass) {
		for _, b := range p.Facts.BaseImages() {
			named, err := reference.ParseNormalizedNamed(strings.TrimSpace(b.Ref.Value))
			if err != nil {
				continue // AML204
			}
			if _, ok := named.(reference.Digested); ok {
				continue // pinned by digest, whatever the tag says
			}
			tagged, ok := named.(reference.Tagged)
			if !ok {
				continue // no tag: AML202
			}
			if movingOffImage(p, b.Ref.Value) {
				continue // AML201: move off the image rather than pin it
			}
			repo := reference.FamiliarName(named)
			switch movingTag(named, tagged.Tag()) {
			case "moving":
				p.Reportf(b.Ref.Loc, "base image %q uses the moving tag %q, which points at a new image on every push; pin a version tag or a digest (%s@sha256:…)",
					textutil.Truncate(b.Ref.Value, 80), tagged.Tag(), repo)
			case "major-version":
				p.Reportf(b.Ref.Loc, "base image %q uses the major-version tag %q, which moves with every minor release; pin a full version tag or a digest (%s@sha256:…)",
					textutil.Truncate(b.Ref.Value, 80), tagged.Tag(), repo)
			}
		}
	},
}
