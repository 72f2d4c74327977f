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
			case fld == nil && s.name == "environment" && k.Value == "docker":
				// The early-preview CLI v2 format nested the image in a docker
				// section; the released schema has it at the top level.
				p.Reportf(nodeLoc(f, k), "unknown key %q in %s: docker: is the early-preview CLI v2 format; move docker.image to image: (and docker.build to build:) at the top level", k.Value, s.name)
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
