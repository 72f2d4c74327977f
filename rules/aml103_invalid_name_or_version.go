package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// AML103 reports environment names and versions with characters the
// service does not allow.
var AML103 = &lint.Rule{
	ID:       "AML103",
	Name:     "invalid-name-or-version",
	Summary:  "Environment name or version with characters the service does not allow",
	Severity: lint.Error,
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML103"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: my env/gpu
version: 1:2
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: my-env-gpu
version: "1.2"
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.Format == ir.FormatInline {
				continue
			}
			if e.Name != nil && isScalarNode(e.Name) && !e.Name.Unknown() {
				if msg := nameProblem(e.Name.Value); msg != "" {
					p.Reportf(e.Name.Loc, "environment name %q %s", textutil.Truncate(e.Name.Value, 60), msg)
				}
			}
			if e.Version != nil && isScalarNode(e.Version) && !e.Version.Unknown() {
				if msg := versionProblem(e.Version.Value); msg != "" {
					p.Reportf(e.Version.Loc, "environment version %q %s", textutil.Truncate(e.Version.Value, 40), msg)
				}
			}
		}
	},
}
