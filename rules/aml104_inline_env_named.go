package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// anonymousEnvName is the name azure-ai-ml gives (and writes back for)
// every inline environment.
const anonymousEnvName = "CliV2AnonymousEnvironment"

// AML104 reports inline environments that set a name or a version.
var AML104 = &lint.Rule{
	ID:       "AML104",
	Name:     "inline-env-named",
	Summary:  "An inline environment in a job, deployment or component sets name or version",
	Severity: lint.Warning,
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML104"),
	Bad: lint.Example{Path: "job.yml", Src: `
command: python train.py
environment:
  name: train-env
  version: 3
  image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
`},
	Good: lint.Example{Path: "job.yml", Src: `
command: python train.py
environment:
  image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
`, Note: "or, after `az ml environment create --file train-env.yml`:\n\n```yaml\ncommand: python train.py\nenvironment: azureml:train-env:3\n```"},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.Format != ir.FormatInline {
				continue
			}
			if e.Name != nil && e.Name.Value == anonymousEnvName {
				continue // written back by the SDK itself (az ml job show)
			}
			// One problem, one finding: name and version together are
			// reported once, at the name.
			const fix = "inline environments are anonymous; remove %s, or register the environment and reference it as azureml:<name>:<version>"
			switch {
			case e.Name != nil && e.Version != nil:
				p.Reportf(keyOr(e.Name), "inline environment sets name %q and version %q, which are ignored: "+fix,
					textutil.Truncate(e.Name.Value, 60), textutil.Truncate(e.Version.Value, 40), "them")
			case e.Name != nil:
				p.Reportf(keyOr(e.Name), "inline environment sets name %q, which is ignored: "+fix,
					textutil.Truncate(e.Name.Value, 60), "it")
			case e.Version != nil:
				p.Reportf(keyOr(e.Version), "inline environment sets version %q, which is ignored: "+fix,
					textutil.Truncate(e.Version.Value, 40), "it")
			}
		}
	},
}
