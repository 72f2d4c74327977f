package rules

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// AML122 reports v1 build contexts whose location type is missing or not
// one the service accepts; git, accepted but not buildable, is a warning.
var AML122 = &lint.Rule{
	ID:       "AML122",
	Name:     "unsupported-location-type",
	Summary:  "v1 buildContext.locationType missing or not \"storageAccount\" (\"git\" is accepted but cannot be built yet)",
	Severity: lint.Error,
	Guide:    "Location type not supported/Unknown location type",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML122"),
	Bad: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "my-env",
  "docker": {
    "buildContext": {
      "locationType": "blob",
      "location": "https://mystorage.blob.core.windows.net/azureml-environments/ctx/",
      "dockerfilePath": "Dockerfile"
    }
  }
}
`},
	Good: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "my-env",
  "docker": {
    "buildContext": {
      "locationType": "storageAccount",
      "location": "https://mystorage.blob.core.windows.net/azureml-environments/ctx/",
      "dockerfilePath": "Dockerfile"
    }
  }
}
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			b := dsBuild(e)
			if b == nil || e.Format != ir.FormatV1 {
				continue
			}
			lt := b.LocationType
			if lt == nil {
				loc := b.Key
				if k, v := yamlnode.Entry(b.Node, "locationType"); k != nil && yamlnode.IsNull(v) {
					loc = nodeLoc(e.File, v)
				}
				p.Reportf(loc, "buildContext has no locationType; set it to %q, with the context's blob URL as location", locationStorage)
				continue
			}
			if lt.Node != nil && yamlnode.Resolve(lt.Node).Kind != yaml.ScalarNode {
				continue // wrong type: AML003
			}
			v := strings.TrimSpace(lt.Value)
			switch {
			case v == locationStorage:
			case v == locationGit:
				p.Report(lint.Diagnostic{
					Loc:      lt.Loc,
					Severity: lint.Warning,
					Message:  "buildContext locationType \"git\" is accepted but Azure ML cannot build images from git yet; upload the context to a storage account and use \"storageAccount\"",
				})
			case strings.EqualFold(v, locationStorage), strings.EqualFold(v, locationGit):
				want := locationStorage
				if strings.EqualFold(v, locationGit) {
					want = locationGit
				}
				p.Reportf(lt.Loc, "locationType %q is not recognised: the value is case-sensitive, write %q", textutil.Truncate(v, 40), want)
			default:
				p.Reportf(lt.Loc, "unsupported buildContext locationType %q; use %q", textutil.Truncate(v, 40), locationStorage)
			}
		}
	},
}
