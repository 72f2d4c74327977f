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
	Doc: `
To pull a base image from a private registry with basic credentials, v1
` + "`docker.baseImageRegistry`" + ` needs both ` + "`username`" + ` and ` + "`password`" + `; with only one of them the
pull cannot authenticate. Credentials written in the definition are deprecated anyway: prefer a
workspace connection (` + "`set_connection`" + `) and set both fields to null.

## Bad

` + "```json" + `
{
  "name": "train-env",
  "docker": {
    "baseImage": "myregistry.azurecr.io/train:1.4.2",
    "baseImageRegistry": {"address": "myregistry.azurecr.io", "username": "puller", "password": null}
  }
}
` + "```" + `

## Good

` + "```json" + `
{
  "name": "train-env",
  "docker": {
    "baseImage": "myregistry.azurecr.io/train:1.4.2",
    "baseImageRegistry": {"address": "myregistry.azurecr.io", "username": null, "password": null}
  }
}
` + "```" + `

with the credentials stored in a workspace connection for ` + "`myregistry.azurecr.io`" + `.`,
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
