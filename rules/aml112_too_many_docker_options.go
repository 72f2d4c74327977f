package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// dockerOption is one of the mutually exclusive ways to get an image.
type dockerOption struct {
	name string
	loc  ir.Location
}

// dockerOptions lists the image sources an environment sets.
func dockerOptions(e *ir.Env) []dockerOption {
	var out []dockerOption
	if e.Image != nil {
		name := "image"
		if e.Format == ir.FormatV1 {
			name = "baseImage"
		}
		out = append(out, dockerOption{name, keyOr(e.Image)})
	}
	if e.BaseDockerfile != nil {
		out = append(out, dockerOption{"baseDockerfile", keyOr(e.BaseDockerfile)})
	}
	if e.Build != nil && (e.Build.Node == nil || !yamlnode.IsNull(e.Build.Node)) {
		name := "build"
		if e.Format == ir.FormatV1 {
			name = "buildContext"
		}
		out = append(out, dockerOption{name, e.Build.Key})
	}
	return out
}

// AML112 reports environments that set more than one image source.
var AML112 = &lint.Rule{
	ID:       "AML112",
	Name:     "too-many-docker-options",
	Summary:  "More than one of image / build (v2) or baseImage / baseDockerfile / buildContext (v1)",
	Severity: lint.Error,
	Seed:     "Too many Docker options",
	Tags:     []string{"correctness"},
	Doc: `
An environment gets its image in exactly one way. In v2 YAML that is ` + "`image`" + ` (optionally with a
` + "`conda_file`" + `) or ` + "`build`" + `; the SDK refuses both ("Docker image or Dockerfile should be provided not
both"). In v1 JSON it is one of ` + "`docker.baseImage`, `docker.baseDockerfile`, `docker.buildContext`" + `;
setting a second one silently clears the first.

## Bad

` + "```yaml" + `
name: my-env
image: python:3.11.9
build:
  path: ./context
` + "```" + `

## Good

` + "```yaml" + `
name: my-env
build:
  path: ./context
` + "```",
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			opts := dockerOptions(e)
			if len(opts) < 2 {
				continue
			}
			var names []string
			for _, o := range opts {
				names = append(names, o.name)
			}
			d := lint.Diagnostic{
				Loc:     opts[1].loc,
				Message: "only one of " + strings.Join(names, ", ") + " may be set; keep the one that builds this environment and remove the others",
			}
			for i, o := range opts {
				if i != 1 {
					d.Related = append(d.Related, related(o.loc, "%s is also set here", o.name))
				}
			}
			p.Report(d)
		}
	},
}

// AML113 reports environments that set no image source at all.
var AML113 = &lint.Rule{
	ID:       "AML113",
	Name:     "missing-docker-option",
	Summary:  "No image, build context or base Dockerfile: the environment has nothing to build from",
	Severity: lint.Error,
	Seed:     "Missing Docker option",
	Tags:     []string{"correctness"},
	Doc: `
Every environment needs a base: ` + "`image`" + ` or ` + "`build`" + ` in v2 YAML ("Docker image or Dockerfile is
required for environments"), or one of ` + "`baseImage`, `baseDockerfile`, `buildContext`" + ` in the v1
` + "`docker`" + ` section. A conda file alone is not enough: it is installed on top of an image. v1 files
without a ` + "`docker`" + ` section at all are left to AML110.

## Bad

` + "```yaml" + `
name: my-env
conda_file: conda.yml
` + "```" + `

## Good

` + "```yaml" + `
name: my-env
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
conda_file: conda.yml
` + "```",
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if len(dockerOptions(e)) > 0 {
				continue
			}
			switch e.Format {
			case ir.FormatV1:
				if e.V1 == nil || e.V1.Docker == nil {
					continue
				}
				p.Reportf(e.V1.DockerKey, "the docker section sets none of baseImage, baseDockerfile or buildContext; set exactly one")
			case ir.FormatInline:
				p.Reportf(envLoc(e), "inline environment sets neither image nor build; add one (or reference a registered environment with azureml:<name>:<version>)")
			default:
				p.Reportf(envLoc(e), "environment sets neither image nor build; add an image (with an optional conda_file) or a build context")
			}
		}
	},
}
