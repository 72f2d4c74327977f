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
	Doc:      ruleDoc("AML005"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: my-env
image: python:3.11.9
conda_file: ../../other-repo/conda.yml
`},
	Good: lint.Example{Path: "train/environment.yml", Src: `
name: my-env
image: python:3.11.9
conda_file: ../shared/conda.yml   # inside the same repository
`, Files: map[string]string{"shared/conda.yml": "channels:\n  - conda-forge\ndependencies:\n  - python=3.11.9\n"}},
	Run: func(p *lint.Pass) {
		for _, r := range p.Prog.Refs {
			if r.Escapes && !r.Template && r.From != nil {
				p.Reportf(r.From.Loc, "%s %q resolves outside the project root %s, so it was not read; move it into the project (or set --root)", r.Kind, r.From.Value, p.Prog.Root)
			}
		}
	},
}
