package load

import (
	"strings"
	"unicode/utf8"

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

// valueLoc narrows loc, the range of an option line ("-r file:base.txt"),
// to the option's value: the first occurrence of value after the option
// on loc's first line. loc is returned as it is when value is not there
// (a value joined from continuation lines).
func valueLoc(f *ir.File, loc ir.Location, option, value string) ir.Location {
	if value == "" {
		return loc
	}
	line := f.Line(loc.Range.Start.Line)
	start := 0
	for col := 1; col < loc.Range.Start.Col && start < len(line); col++ {
		_, w := utf8.DecodeRuneInString(line[start:])
		start += w
	}
	if j := strings.Index(line[start:], option); option != "" && j >= 0 {
		start += j + len(option)
	}
	i := strings.Index(line[start:], value)
	if i < 0 {
		return loc
	}
	b := start + i
	loc.Range = ir.Range{
		Start: ir.Pos{Line: loc.Range.Start.Line, Col: colOf(line, b)},
		End:   ir.Pos{Line: loc.Range.Start.Line, Col: colOf(line, b+len(value))},
	}
	return loc
}
