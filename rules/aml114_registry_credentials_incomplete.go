package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML114 reports a base image registry with only half of its basic credentials.
var AML114 = &lint.Rule{
	ID:       "AML114",
	Name:     "registry-credentials-incomplete",
	Summary:  "baseImageRegistry has a username without a password, or a password without a username",
	Severity: lint.Error,
	Guide:    "Container registry credentials missing either username or password",
	Tags:     []string{"correctness", "security"},
	Doc:      ruleDoc("AML114"),
	Bad: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "train-env",
  "docker": {
    "baseImage": "myregistry.azurecr.io/train:1.4.2",
    "baseImageRegistry": {"address": "myregistry.azurecr.io", "username": "puller", "password": null}
  }
}
`},
	Good: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "train-env",
  "docker": {
    "baseImage": "myregistry.azurecr.io/train:1.4.2",
    "baseImageRegistry": {"address": "myregistry.azurecr.io", "username": null, "password": null}
  }
}
`, Note: "with the credentials stored in a workspace connection for `myregistry.azurecr.io`."},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.V1 == nil || e.V1.Registry == nil {
				continue
			}
			r := e.V1.Registry
			user, pass := dsSet(r.Username), dsSet(r.Password)
			switch {
			case user && !pass:
				p.Report(lint.Diagnostic{
					Loc:     keyOr(r.Username),
					Message: "baseImageRegistry has a username but no password; add the password or, better, set both to null and use a workspace connection",
					Related: []lint.Related{related(r.Key, "registry defined here")},
				})
			case pass && !user:
				p.Report(lint.Diagnostic{
					Loc:     keyOr(r.Password),
					Message: "baseImageRegistry has a password but no username; add the username or, better, set both to null and use a workspace connection",
					Related: []lint.Related{related(r.Key, "registry defined here")},
				})
			}
		}
	},
}
