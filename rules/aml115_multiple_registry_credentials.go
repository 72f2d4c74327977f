package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML115 reports a base image registry with both basic credentials and a
// registry identity.
var AML115 = &lint.Rule{
	ID:       "AML115",
	Name:     "multiple-registry-credentials",
	Summary:  "baseImageRegistry sets both username/password and registryIdentity",
	Severity: lint.Error,
	Guide:    "Multiple credentials for base image registry",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML115"),
	Bad: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "my-env",
  "docker": {
    "baseImage": "myregistry.azurecr.io/train:1.0",
    "baseImageRegistry": {
      "address": "myregistry.azurecr.io",
      "username": "puller",
      "password": "…",
      "registryIdentity": {"clientId": "00000000-0000-0000-0000-000000000000", "resourceId": null}
    }
  }
}
`},
	Good: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "my-env",
  "docker": {
    "baseImage": "myregistry.azurecr.io/train:1.0",
    "baseImageRegistry": {
      "address": "myregistry.azurecr.io",
      "username": null,
      "password": null,
      "registryIdentity": {"clientId": "00000000-0000-0000-0000-000000000000", "resourceId": null}
    }
  }
}
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.V1 == nil || e.V1.Registry == nil {
				continue
			}
			r := e.V1.Registry
			if r.Identity == nil || (!dsSet(r.ClientID) && !dsSet(r.ResourceID)) {
				continue
			}
			var basic []lint.Related
			if dsSet(r.Username) {
				basic = append(basic, related(keyOr(r.Username), "username is set here"))
			}
			if dsSet(r.Password) {
				basic = append(basic, related(keyOr(r.Password), "password is set here"))
			}
			if len(basic) == 0 {
				continue
			}
			p.Report(lint.Diagnostic{
				Loc:     r.IdentityKey,
				Message: "baseImageRegistry sets both username/password and registryIdentity; keep one and set the other to null",
				Related: basic,
			})
		}
	},
}
