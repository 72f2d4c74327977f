package rules

import (
	"path/filepath"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML004 reports references to files or directories that do not exist.
var AML004 = &lint.Rule{
	ID:       "AML004",
	Name:     "missing-file",
	Summary:  "A conda file, build context, Dockerfile or -r file that does not exist",
	Severity: lint.Error,
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML004"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: my-env
image: python:3.11.9
conda_file: envs/conda.yml   # the file is at env/conda.yml
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: my-env
image: python:3.11.9
conda_file: env/conda.yml
`, Files: map[string]string{"env/conda.yml": "channels:\n  - conda-forge\ndependencies:\n  - python=3.11.9\n"}},
	Run: func(p *lint.Pass) {
		for _, r := range p.Prog.Refs {
			if r.Remote || r.Template || r.Escapes || r.From == nil {
				continue
			}
			rel := relTo(p.Prog.Root, r.Path)
			switch {
			case !r.Exists && r.Kind == ir.RefDockerfile && r.InContext:
				p.Reportf(r.From.Loc, "no Dockerfile in build context %q (looked for %s); add the Dockerfile there, or set build.dockerfile_path to its path relative to the context", r.From.Value, rel)
			case !r.Exists && r.Kind == ir.RefDockerfile:
				p.Reportf(r.From.Loc, "Dockerfile %q not found in the build context (looked for %s); set build.dockerfile_path to the Dockerfile's path relative to the context", r.From.Value, rel)
			case !r.Exists && r.Unprefixed != "":
				p.Reportf(r.From.Loc, "%s %q not found (looked for %s); drop the file: prefix: %s exists", r.Kind, r.From.Value, rel, r.Unprefixed)
			case !r.Exists:
				p.Reportf(r.From.Loc, "%s %q not found (looked for %s)", r.Kind, r.From.Value, rel)
			case r.Kind == ir.RefContext && !r.IsDir:
				p.Reportf(r.From.Loc, "build context %q is a file; build.path must be the directory that holds the Dockerfile", r.From.Value)
			case r.Kind != ir.RefContext && r.IsDir:
				p.Reportf(r.From.Loc, "%s %q is a directory, not a file", r.Kind, r.From.Value)
			}
		}
	},
}

// relTo shows p relative to root when it is inside it.
func relTo(root, p string) string {
	if rel, err := filepath.Rel(root, p); err == nil && !filepath.IsAbs(rel) && rel != ".." && (len(rel) < 3 || rel[:3] != "../") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(p)
}
