package rules

import (
	"fmt"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlpos"
)

// nodeLoc is the location of a yaml node in f.
func nodeLoc(f *ir.File, n *yaml.Node) ir.Location { return f.Loc(yamlpos.Range(f, n)) }

// envLoc is where a diagnostic about a whole environment points: its first
// key (the top of the file for a v2/v1 env, the inline mapping in a job).
func envLoc(e *ir.Env) ir.Location {
	if e.Node != nil && e.Node.Kind == yaml.MappingNode && len(e.Node.Content) > 0 {
		return nodeLoc(e.File, e.Node.Content[0])
	}
	return e.File.Loc(e.File.LineRange(1))
}

// related makes a related location.
func related(loc ir.Location, format string, args ...any) lint.Related {
	return lint.Related{Loc: loc, Message: fmt.Sprintf(format, args...)}
}

// isScalarNode reports whether s came from a YAML/JSON scalar (not a
// mapping or list, which AML003 reports).
func isScalarNode(s *ir.Scalar) bool {
	return s.Node == nil || s.Node.Kind == yaml.ScalarNode
}

func keyOr(s *ir.Scalar) ir.Location {
	if s.Key.Path != "" {
		return s.Key
	}
	return s.Loc
}
