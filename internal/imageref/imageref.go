// Package imageref normalises container image references for comparison.
// Each function answers one question; none of them validates (use
// github.com/distribution/reference for that).
package imageref

import (
	"strings"

	"github.com/distribution/reference"
)

// Repository strips the tag and digest from an image reference and
// lower-cases it: "MCR.microsoft.com/azureml/base:1@sha256:..." becomes
// "mcr.microsoft.com/azureml/base".
func Repository(ref string) string {
	s := strings.TrimSpace(ref)
	if i := strings.IndexByte(s, '@'); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 && !strings.Contains(s[i:], "/") {
		s = s[:i]
	}
	return strings.ToLower(s)
}

// dockerHubPrefixes are the hosts (and the MCR mirror path) under which
// Docker Hub's images are also reachable.
var dockerHubPrefixes = []string{"docker.io/", "index.docker.io/", "registry-1.docker.io/", "mcr.microsoft.com/mirror/docker/"}

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
	for _, host := range dockerHubPrefixes {
		if rest, ok := strings.CutPrefix(s, host); ok {
			s = rest
			break
		}
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
