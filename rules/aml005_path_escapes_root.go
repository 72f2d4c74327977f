package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML005 reports references that leave the project root.
var AML005 = &lint.Rule{
	ID:       "AML005",
	Name:     "path-escapes-root",
	Summary:  "A referenced path leaves the project root",
	Severity: lint.Error,
	Tags:     []string{"security", "correctness"},
	Doc: `
A spec that points outside its project (` + "`conda_file: ../../../etc/conda.yml`" + `, or a symlink that
leads out) depends on files that are not under version control with it, and so cannot be rebuilt by
anyone else. mlenv-lint never reads such a file. The project root is ` + "`--root`" + ` when given, else the
enclosing git work tree, else the path given on the command line. Relative paths that stay inside the
root, such as ` + "`../shared/conda.yml`" + ` from a subdirectory, are fine.

## Bad

` + "```yaml" + `
name: my-env
image: python:3.11.9
conda_file: ../../other-repo/conda.yml
` + "```" + `

## Good

` + "```yaml" + `
name: my-env
image: python:3.11.9
conda_file: ../shared/conda.yml   # inside the same repository
` + "```",
	Run: func(p *lint.Pass) {
		for _, r := range p.Prog.Refs {
			if r.Escapes && !r.Template && r.From != nil {
				p.Reportf(r.From.Loc, "%s %q resolves outside the project root %s, so it was not read; move it into the project (or set --root)", r.Kind, r.From.Value, p.Prog.Root)
			}
		}
	},
}
