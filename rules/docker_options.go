package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
	"github.com/mlenv-lint/mlenv-lint/internal/suggest"
)

// Helpers for the image sources of an environment (AML112, AML113).

// dockerOption is one of the mutually exclusive ways to get an image.
type dockerOption struct {
	name string
	loc  ir.Location
}

// dockerOptions lists the image sources an environment sets.
func dockerOptions(e *ir.Env) []dockerOption {
	var out []dockerOption
	if e.Image != nil {
		name := "image"
		if e.Format == ir.FormatV1 {
			name = "baseImage"
		}
		out = append(out, dockerOption{name, keyOr(e.Image)})
	}
	if e.BaseDockerfile != nil {
		out = append(out, dockerOption{"baseDockerfile", keyOr(e.BaseDockerfile)})
	}
	if e.Build != nil && (e.Build.Node == nil || !yamlnode.IsNull(e.Build.Node)) {
		name := "build"
		if e.Format == ir.FormatV1 {
			name = "buildContext"
		}
		out = append(out, dockerOption{name, e.Build.Key})
	}
	return out
}

// misspeltSource reports whether a v2 environment has an unknown key whose
// closest known key is image or build ("imgae:", "biuld:"): the typo is one
// problem, reported by AML002, not also a missing image source.
func misspeltSource(e *ir.Env) bool {
	if e.Format == ir.FormatV1 || !yamlnode.IsMap(e.Node) {
		return false
	}
	s := envV2Schema()
	keys := s.keys()
	for i := 0; i+1 < len(e.Node.Content); i += 2 {
		k := e.Node.Content[i].Value
		if _, ok := s.fields[k]; ok {
			continue
		}
		if sug := suggest.Closest(k, keys); sug == "image" || sug == "build" {
			return true
		}
	}
	return false
}

// keyOrEnv is where a finding about a whole embedded environment points: the
// key that holds it (environment:), else its first key.
func keyOrEnv(e *ir.Env) ir.Location {
	if e.Key.Path != "" {
		return e.Key
	}
	return envLoc(e)
}
