package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// AML101 reports environment names that use a curated prefix.
var AML101 = &lint.Rule{
	ID:       "AML101",
	Name:     "curated-prefix",
	Summary:  "Environment name starts with Microsoft or AzureML, prefixes reserved for curated environments",
	Severity: lint.Error,
	Guide:    "Curated prefix not allowed",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML101"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: AzureML-sklearn-custom
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: team-sklearn
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.Name == nil || e.Format == ir.FormatInline {
				continue
			}
			low := strings.ToLower(e.Name.Value)
			for _, prefix := range []string{"microsoft", "azureml"} {
				if strings.HasPrefix(low, prefix) {
					p.Reportf(e.Name.Loc, "environment name %q starts with %q, a prefix reserved for curated environments; choose another name",
						textutil.Truncate(e.Name.Value, 60), e.Name.Value[:len(prefix)])
					break
				}
			}
		}
	},
}
