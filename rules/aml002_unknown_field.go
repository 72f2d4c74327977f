package rules

import (
	"fmt"
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/suggest"
)

// AML002 reports keys that the environment or conda schema does not know.
var AML002 = &lint.Rule{
	ID:       "AML002",
	Name:     "unknown-field",
	Summary:  "A key that the environment or conda schema does not know",
	Severity: lint.Error,
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML002"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: my-env
imgae: python:3.11.9
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: my-env
image: python:3.11.9
`},
	Run: func(p *lint.Pass) {
		walkSchemas(p.Prog, func(f *ir.File, s *schema, k, _ *yaml.Node, fld *schemaField) {
			switch {
			case f.PlaceholderIn(nodeLoc(f, k).Range) != "":
				// a templated key is only known once rendered
			case fld == nil:
				msg := fmt.Sprintf("unknown key %q in %s", k.Value, s.name)
				d := lint.Diagnostic{Loc: nodeLoc(f, k)}
				keys := s.keys()
				slices.Sort(keys)
				if sug := suggest.Closest(k.Value, keys); sug != "" {
					msg += fmt.Sprintf("; did you mean %q?", sug)
					d.Fix = &lint.Fix{Description: fmt.Sprintf("rename %q to %q", k.Value, sug),
						Edits: []lint.Edit{{Range: d.Loc.Range, NewText: sug}}}
				} else {
					msg += fmt.Sprintf(" (known keys: %s)", strings.Join(keys, ", "))
				}
				d.Message = msg
				p.Report(d)
			case fld.readOnly:
				p.Reportf(nodeLoc(f, k), "%q is set by the service and cannot be written in %s; remove it", k.Value, s.name)
			}
		})
	},
}

func walkMapping(f *ir.File, m *yaml.Node, s *schema, visit func(*ir.File, *schema, *yaml.Node, *yaml.Node, *schemaField), depth int) {
	if m == nil || m.Kind != yaml.MappingNode || s.open || depth > 20 {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		fld, ok := s.fields[k.Value]
		if !ok {
			visit(f, s, k, v, nil)
			continue
		}
		visit(f, s, k, v, &fld)
		if fld.sub != nil && v.Kind == yaml.MappingNode {
			walkMapping(f, v, fld.sub, visit, depth+1)
		}
	}
}
