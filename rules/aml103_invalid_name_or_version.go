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
	Doc: `
Environment names may only contain letters, digits, ` + "`-`, `_` and `.`" + ` (the SDK's set of valid
asset-name characters) and must start with a letter or a digit; the service answers other names with
"Resource name can only contain alphanumeric characters, dashes, and underscores". The version
becomes part of every reference to the environment (` + "`azureml:<name>:<version>`" + `) and of its URL
(` + "`.../environments/<name>/versions/<version>`" + `), so it must not contain spaces, ` + "`/`, `:`, `@`" + ` or
similar characters. A value that holds a template placeholder (` + "`<VERSION>`, `{{name}}`, `${ENV}`" + `) is
left alone: it is only known once the template is rendered (` + "`placeholders: []`" + ` in ` + "`.mlenv-lint.yaml`" + `
judges such values as written).

Only environment definitions (v2 YAML and v1 JSON) are checked; inline environments in jobs take no
name or version (AML104).

## Bad

` + "```yaml" + `
name: my env/gpu
version: 1:2
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
` + "```" + `

## Good

` + "```yaml" + `
name: my-env-gpu
version: "1.2"
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
` + "```",
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
