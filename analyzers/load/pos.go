package load

import (
	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlpos"
)

func nodeRange(f *ir.File, n *yaml.Node) ir.Range { return yamlpos.Range(f, n) }

func colOf(line string, off int) int { return yamlpos.ColOf(line, off) }

// scalar makes an ir.Scalar for value node v held under key node k (k may be nil).
func scalar(f *ir.File, k, v *yaml.Node) *ir.Scalar {
	if v == nil {
		return nil
	}
	s := &ir.Scalar{Value: v.Value, Loc: f.Loc(nodeRange(f, v)), Node: v}
	if v.Kind != yaml.ScalarNode {
		s.Value = ""
	} else {
		s.Placeholder = f.PlaceholderIn(s.Loc.Range)
	}
	if k != nil {
		s.Key = f.Loc(nodeRange(f, k))
	}
	return s
}

// keyScalar makes an ir.Scalar for a mapping key itself.
func keyScalar(f *ir.File, k *yaml.Node) *ir.Scalar {
	s := scalar(f, nil, k)
	s.Key = s.Loc
	return s
}
