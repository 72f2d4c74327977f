package rules

import (
	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// AML130 reports v1 environmentVariables set in an environment definition.
var AML130 = &lint.Rule{
	ID:       "AML130",
	Name:     "runtime-variable-in-environment",
	Summary:  "v1 environmentVariables set in the environment definition instead of the run configuration",
	Severity: lint.Warning,
	Guide:    "Misplaced runtime variables",
	Tags:     []string{"maintainability", "v1"},
	Doc: `
Runtime variables do not belong in an environment definition: the v1 ` + "`environmentVariables`" + `
property is deprecated ("Use RunConfiguration.environment_variables to set runtime variables"), and
variables kept with the environment change its identity, so two runs that differ only in a variable
build and cache two images. Set them where the run is configured: ` + "`RunConfiguration.environment_variables`" + `
in SDK v1, or ` + "`environment_variables:`" + ` in a CLI v2 job or deployment YAML. An empty map or ` + "`null`" + `
is not reported.

## Bad

` + "```json" + `
{
  "name": "train-env",
  "environmentVariables": {"NCCL_DEBUG": "INFO"},
  "python": {"userManagedDependencies": false}
}
` + "```" + `

## Good

` + "```json" + `
{
  "name": "train-env",
  "python": {"userManagedDependencies": false}
}
` + "```" + `

` + "```yaml" + `
# job.yml
environment: azureml:train-env:1
environment_variables:
  NCCL_DEBUG: INFO
` + "```",
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.V1 == nil || e.V1.EnvironmentVariables == nil {
				continue
			}
			ev := e.V1.EnvironmentVariables
			if ev.Kind != yaml.MappingNode || len(ev.Content) == 0 {
				continue // null or {} (wrong types are AML003's)
			}
			n := len(ev.Content) / 2
			if n == 1 && ev.Content[0].Value == "EXAMPLE_ENV_VAR" {
				p.Reportf(e.V1.EnvironmentVarsKey, "environmentVariables still holds the scaffold's EXAMPLE_ENV_VAR; remove the section and set runtime variables in the run configuration")
				continue
			}
			p.Reportf(e.V1.EnvironmentVarsKey, "environmentVariables sets %d runtime variable(s) (%s first) in the environment definition; set them in the run configuration (RunConfiguration.environment_variables, or environment_variables: in a v2 job) instead",
				n, textutil.Truncate(ev.Content[0].Value, 40))
		}
	},
}
