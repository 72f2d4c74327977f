package rules

import (
	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// scaffoldVar is the variable SDK v1 writes into every environment it
// saves (EXAMPLE_ENV_VAR: EXAMPLE_VALUE).
const scaffoldVar = "EXAMPLE_ENV_VAR"

// AML130 reports v1 environmentVariables set in an environment definition.
var AML130 = &lint.Rule{
	ID:       "AML130",
	Name:     "runtime-variable-in-environment",
	Summary:  "v1 environmentVariables set in the environment definition instead of the run configuration",
	Severity: lint.Warning,
	Guide:    "Misplaced runtime variables",
	Tags:     []string{"maintainability", "v1"},
	Doc:      ruleDoc("AML130"),
	Bad: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "train-env",
  "environmentVariables": {"NCCL_DEBUG": "INFO"},
  "python": {"userManagedDependencies": false}
}
`},
	Good: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "train-env",
  "python": {"userManagedDependencies": false}
}
`, Note: "```yaml\n# job.yml\nenvironment: azureml:train-env:1\nenvironment_variables:\n  NCCL_DEBUG: INFO\n```"},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.V1 == nil || e.V1.EnvironmentVariables == nil {
				continue
			}
			ev := e.V1.EnvironmentVariables
			if ev.Kind != yaml.MappingNode || len(ev.Content) == 0 {
				continue // null or {} (wrong types are AML003's)
			}
			var names []string
			for i := 0; i+1 < len(ev.Content); i += 2 {
				if ev.Content[i].Value != scaffoldVar {
					names = append(names, ev.Content[i].Value)
				}
			}
			if len(names) == 0 {
				continue // only the SDK's scaffold
			}
			p.Reportf(e.V1.EnvironmentVarsKey, "environmentVariables sets %d runtime variable(s) (%s first) in the environment definition; set them in the run configuration (RunConfiguration.environment_variables, or environment_variables: in a v2 job) instead",
				len(names), textutil.Truncate(names[0], 40))
		}
	},
}
