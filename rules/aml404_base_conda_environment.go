package rules

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// AML404 reports v1 definitions that build on a base conda environment.
var AML404 = &lint.Rule{
	ID:       "AML404",
	Name:     "base-conda-environment",
	Summary:  "A v1 python.baseCondaEnvironment is set",
	Severity: lint.Warning,
	Guide:    "Base conda environment not recommended",
	Tags:     []string{"reproducibility", "v1"},
	Doc:      ruleDoc("AML404"),
	Bad: lint.Example{Path: "azureml_environment.json", Src: `
"python": {
  "baseCondaEnvironment": "/opt/conda/envs/base-ml",
  "condaDependencies": {"channels": ["conda-forge"], "dependencies": ["python=3.12", "pandas=2.2.2"]}
}
`},
	Good: lint.Example{Path: "azureml_environment.json", Src: `
"python": {
  "baseCondaEnvironment": null,
  "condaDependencies": {"channels": ["conda-forge"], "dependencies": ["python=3.12", "numpy=1.26.4", "pandas=2.2.2"]}
}
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.Format != ir.FormatV1 || e.V1 == nil {
				continue
			}
			b := e.V1.BaseCondaEnvironment
			if b == nil || b.Node == nil || b.Node.Kind != yaml.ScalarNode || strings.TrimSpace(b.Value) == "" {
				continue // unset, null, empty, or a wrong type (AML003)
			}
			p.Reportf(b.Loc, "baseCondaEnvironment %q makes Azure ML update an existing conda environment, which can leave conflicting packages; set it to null and list every package in condaDependencies",
				textutil.Truncate(b.Value, 80))
		}
	},
}
