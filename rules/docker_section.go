package rules

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// dsIsMap reports whether n is a mapping.
func dsIsMap(n *yaml.Node) bool {
	n = yamlnode.Resolve(n)
	return n != nil && n.Kind == yaml.MappingNode
}

// dsString reports whether s is a string-like scalar (not a mapping or list).
func dsString(s *ir.Scalar) bool {
	return s != nil && (s.Node == nil || yamlnode.Resolve(s.Node).Kind == yaml.ScalarNode)
}

// dsSet reports whether s holds a non-blank scalar value.
func dsSet(s *ir.Scalar) bool {
	return dsString(s) && strings.TrimSpace(s.Value) != ""
}

// dsBuild returns the environment's build context when it is written as a
// mapping (null, absent or wrongly typed build contexts are left to other
// rules).
func dsBuild(e *ir.Env) *ir.Build {
	if e.Build == nil || !dsIsMap(e.Build.Node) {
		return nil
	}
	return e.Build
}

// dsBuildName is the build context's key as the dialect spells it.
func dsBuildName(e *ir.Env) string {
	if e.Format == ir.FormatV1 {
		return "buildContext"
	}
	return "build"
}

// v1 DockerBuildContext.LocationType values (the enum is case-sensitive).
const (
	locationGit     = "git"
	locationStorage = "storageAccount"
)
