package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// AML111 reports build contexts that do not say where the context is.
var AML111 = &lint.Rule{
	ID:       "AML111",
	Name:     "missing-build-context-location",
	Summary:  "A build context (v2 build / v1 buildContext) without its path or location",
	Severity: lint.Error,
	Guide:    "Missing Docker build context location",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML111"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: my-env
build:
  dockerfile_path: Dockerfile
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: my-env
build:
  path: ./docker-context
  dockerfile_path: Dockerfile
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			b := dsBuild(e)
			if b == nil {
				continue
			}
			key, what := "path", "build.path to the directory (or URL) that holds the Dockerfile"
			if e.Format == ir.FormatV1 {
				key, what = "location", "location to the storage account URL (https://<account>.blob.core.windows.net/<container>/<path>/) of the context"
			}
			_, v := yamlnode.Entry(b.Node, key)
			switch {
			case b.Path == nil && yamlnode.IsNull(v):
				p.Reportf(nodeLoc(e.File, v), "%s.%s is null; set %s", dsBuildName(e), key, what)
			case b.Path == nil:
				p.Reportf(b.Key, "%s has no %s; set %s", dsBuildName(e), key, what)
			case dsString(b.Path) && !dsSet(b.Path):
				p.Reportf(b.Path.Loc, "%s.%s is empty; set %s", dsBuildName(e), key, what)
			}
		}
	},
}
