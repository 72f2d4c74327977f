package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML001 reports files that cannot be parsed.
var AML001 = &lint.Rule{
	ID:       "AML001",
	Name:     "syntax-error",
	Summary:  "A YAML, JSON, requirements or Dockerfile cannot be parsed",
	Severity: lint.Error,
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML001"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: my-env
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest
conda_file: [conda.yml
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: my-env
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
conda_file: conda.yml
`},
	Run: func(p *lint.Pass) {
		for _, f := range p.Prog.Files {
			for _, s := range f.Syntax {
				p.Report(lint.Diagnostic{Loc: f.Loc(s.Range), Message: s.Message})
			}
		}
	},
}
