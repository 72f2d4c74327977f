// Package imageref normalises container image references for comparison.
// Each function answers one question; none of them validates (use
// github.com/distribution/reference for that).
package imageref

import (
	"slices"
	"strings"

	"github.com/distribution/reference"
)

// Repository strips the tag and digest from an image reference and
// lower-cases it: "MCR.microsoft.com/azureml/base:1@sha256:..." becomes
// "mcr.microsoft.com/azureml/base".
func Repository(ref string) string {
	name, _, _ := Split(ref)
	return strings.ToLower(name)
}

// Tag is the tag of an image reference, as written, or "" when it has
// none: "python:3.11-slim@sha256:..." gives "3.11-slim".
func Tag(ref string) string {
	_, tag, _ := Split(ref)
	return tag
}

// Split cuts an image reference (spaces around it trimmed) into the name,
// the tag (after the last ':' that no '/' follows, before any digest) and
// the digest part: everything from the first '@' on, the '@' included, so
// that a malformed "img@" or "img@a@b" shows as written. Nothing is
// validated or lower-cased.
func Split(ref string) (name, tag, digest string) {
	name = strings.TrimSpace(ref)
	if i := strings.IndexByte(name, '@'); i >= 0 {
		name, digest = name[:i], name[i:]
	}
	if i := strings.LastIndexByte(name, ':'); i >= 0 && !strings.Contains(name[i:], "/") {
		name, tag = name[:i], name[i+1:]
	}
	return name, tag, digest
}

// dockerHubRegistries are the hosts that serve Docker Hub's registry: an
// image named under any of them is a Docker Hub image. docker.io is the
// canonical one (reference.ParseNormalizedNamed's domain).
var dockerHubRegistries = []string{"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}

// dockerHubWebSite is Docker Hub's web site, which people also write for
// Docker Hub (in trusted-registries, say), though it serves no images.
const dockerHubWebSite = "hub.docker.com"

// mcrDockerMirror is the path under which MCR mirrors Docker Hub's images.
const mcrDockerMirror = "mcr.microsoft.com/mirror/docker/"

// IsDockerHubHost reports whether host (a bare host name, any case) names
// Docker Hub: one of its registry hosts or its web site. It is the one list
// of Docker Hub's names (trusted registries, registry credentials, the
// registry hosts in build logs).
func IsDockerHubHost(host string) bool {
	host = strings.ToLower(host)
	return host == dockerHubWebSite || slices.Contains(dockerHubRegistries, host)
}

// Short is Repository without the Docker Hub host, its "library/" prefix
// and the MCR mirror prefix: "docker.io/library/python:3.11" and
// "mcr.microsoft.com/mirror/docker/library/python:3.11" both become
// "python". It returns "" for references that hold a variable.
func Short(ref string) string {
	if strings.ContainsAny(strings.TrimSpace(ref), "${} ") {
		return ""
	}
	s := Repository(ref)
	if s == "" {
		return ""
	}
	if rest, ok := strings.CutPrefix(s, mcrDockerMirror); ok {
		s = rest
	} else if host, rest, ok := strings.Cut(s, "/"); ok && slices.Contains(dockerHubRegistries, host) {
		s = rest
	}
	return strings.TrimPrefix(s, "library/")
}

// Canonical is the fully qualified name with tag ("python" becomes
// "docker.io/library/python:latest"), so that the forms a log and a spec
// use compare equal; a reference that does not parse is returned as is.
func Canonical(ref string) string {
	if n, err := reference.ParseNormalizedNamed(strings.TrimSpace(ref)); err == nil {
		return reference.TagNameOnly(n).String()
	}
	return ref
}
