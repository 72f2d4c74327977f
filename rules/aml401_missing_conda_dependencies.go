package rules

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// AML401 reports v1 definitions that ask Azure ML to build the Python
// environment but give it no conda specification.
var AML401 = &lint.Rule{
	ID:       "AML401",
	Name:     "missing-conda-dependencies",
	Summary:  "A v1 python section with userManagedDependencies false and no conda specification",
	Severity: lint.Error,
	Guide:    "Missing conda dependencies",
	Tags:     []string{"correctness", "v1"},
	Doc:      ruleDoc("AML401"),
	Bad: lint.Example{Path: "azureml_environment.json", Src: `
"python": {
  "userManagedDependencies": false,
  "interpreterPath": "python",
  "baseCondaEnvironment": null
}
`},
	Good: lint.Example{Path: "azureml_environment.json", Src: `
"python": {
  "userManagedDependencies": false,
  "interpreterPath": "python",
  "baseCondaEnvironment": null,
  "condaDependencies": {
    "channels": ["conda-forge"],
    "dependencies": ["python=3.12", "numpy=1.26.4"]
  }
}
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.Format != ir.FormatV1 || e.V1 == nil {
				continue
			}
			v := e.V1
			if v.Python == nil || v.Python.Kind != yaml.MappingNode {
				continue // missing or null: AML301; another type: AML003
			}
			if e.Conda != nil || v.CondaDependenciesFile != nil || hasNonNull(v.Python, "condaDependencies") {
				continue // a conda specification (a malformed one is AML003's)
			}
			umd := v.UserManagedDependencies
			if umd == nil {
				p.Reportf(v.PythonKey, "the python section has no condaDependencies while userManagedDependencies defaults to false, so Azure ML has no conda environment to build; add condaDependencies, or set userManagedDependencies to true to use the image's packages")
				continue
			}
			if umd.Node == nil || umd.Node.Kind != yaml.ScalarNode || !strings.EqualFold(umd.Value, "false") {
				continue // true, or a wrong type (AML003)
			}
			p.Reportf(umd.Loc, "userManagedDependencies is false but the python section has no condaDependencies, so Azure ML has no conda environment to build; add condaDependencies, or set it to true to use the image's packages")
		}
	},
}

// hasNonNull reports whether mapping m has key with a non-null value.
func hasNonNull(m *yaml.Node, key string) bool {
	_, v := yamlnode.Entry(m, key)
	return v != nil && !yamlnode.IsNull(v)
}
