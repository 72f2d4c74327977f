package rules

import (
	"fmt"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// AML003 reports values of the wrong type.
var AML003 = &lint.Rule{
	ID:       "AML003",
	Name:     "wrong-type",
	Summary:  "A value of the wrong type for its key",
	Severity: lint.Error,
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML003"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: my-env
image: python:3.11.9
build: ./context
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: my-env
build:
  path: ./context
`},
	Run: func(p *lint.Pass) {
		walkSchemas(p.Prog, func(f *ir.File, s *schema, k, v *yaml.Node, fld *schemaField) {
			if fld == nil || fld.readOnly {
				return
			}
			if v.Kind == yaml.ScalarNode && f.PlaceholderIn(nodeLoc(f, v).Range) != "" {
				return // a template placeholder: the type is only known once rendered
			}
			if got, ok := typeOK(v, fld.typ); !ok {
				at := nodeLoc(f, v)
				if v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode {
					at = nodeLoc(f, k) // a collection's first token is its first nested key or item
				}
				msg := fmt.Sprintf("%q in %s must be %s, not %s", k.Value, s.name, fld.typ, got)
				if fld.typ == tStr && quotableKeys[k.Value] && v.Kind == yaml.SequenceNode && len(v.Content) == 1 && v.Content[0].Kind == yaml.ScalarNode {
					// dockerfile_path: [Dockerfile]: the one item is what was meant
					msg += fmt.Sprintf("; write %s: %s", k.Value, textutil.Truncate(v.Content[0].Value, 80))
				}
				p.Report(lint.Diagnostic{Loc: at, Message: msg})
			}
		})
	},
}

// typeOK checks v against t and describes what v is.
func typeOK(v *yaml.Node, t vtype) (string, bool) {
	got := describe(v)
	if yamlnode.IsNull(v) {
		return got, true
	}
	switch t {
	case tStr:
		return got, v.Kind == yaml.ScalarNode && (v.Tag == "!!str" || v.Tag == "!!timestamp" || v.Tag == "!binary")
	case tStrNum:
		return got, v.Kind == yaml.ScalarNode && v.Tag != "!!bool"
	case tInt:
		return got, v.Kind == yaml.ScalarNode && v.Tag == "!!int"
	case tBool:
		return got, v.Kind == yaml.ScalarNode && v.Tag == "!!bool"
	case tMap:
		return got, v.Kind == yaml.MappingNode
	case tSeq:
		return got, v.Kind == yaml.SequenceNode
	case tStrOrMap:
		return got, v.Kind == yaml.MappingNode || (v.Kind == yaml.ScalarNode && v.Tag == "!!str")
	}
	return got, true
}

// quotableKeys hold paths and names, never secrets, so AML003 may quote
// their value in its fix.
var quotableKeys = map[string]bool{"dockerfile_path": true, "path": true, "conda_file": true, "image": true, "name": true, "version": true, "os_type": true}
