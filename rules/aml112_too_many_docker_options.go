package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML112 reports environments that set more than one image source.
var AML112 = &lint.Rule{
	ID:       "AML112",
	Name:     "too-many-docker-options",
	Summary:  "More than one of image / build (v2) or baseImage / baseDockerfile / buildContext (v1)",
	Severity: lint.Error,
	Guide:    "Too many Docker options",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML112"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: my-env
image: python:3.11.9
build:
  path: ./context
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: my-env
build:
  path: ./context
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			opts := dockerOptions(e)
			if len(opts) < 2 {
				continue
			}
			var names []string
			for _, o := range opts {
				names = append(names, o.name)
			}
			d := lint.Diagnostic{
				Loc:     opts[1].loc,
				Message: "only one of " + strings.Join(names, ", ") + " may be set; keep the one that builds this environment and remove the others",
			}
			for i, o := range opts {
				if i != 1 {
					d.Related = append(d.Related, related(o.loc, "%s is also set here", o.name))
				}
			}
			p.Report(d)
		}
	},
}
