package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
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
