package rules

import (
	"path/filepath"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// AML107 reports conda specifications used where an environment definition
// is expected.
var AML107 = &lint.Rule{
	ID:       "AML107",
	Name:     "conda-file-as-environment",
	Summary:  "A conda specification (top-level channels/dependencies) where an environment definition is expected",
	Severity: lint.Error,
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML107"),
	Bad: lint.Example{Path: "environment.yml", Src: `
$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json
name: train-env
channels: [conda-forge]
dependencies:
  - python=3.11
`},
	Good: lint.Example{Path: "environment.yml", Src: `
$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json
name: train-env
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
conda_file: conda.yml
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.Format == ir.FormatV1 || e.Node == nil || e.Node.Kind != yaml.MappingNode {
				continue
			}
			for i := 0; i+1 < len(e.Node.Content); i += 2 {
				k := e.Node.Content[i]
				if k.Value != "channels" && k.Value != "dependencies" {
					continue
				}
				what := "environment definition"
				if e.Format == ir.FormatInline {
					what = "inline environment"
				}
				fix := "move the conda specification to its own file (conda.yml), reference it with conda_file: conda.yml and add an image"
				if e.Image != nil || e.Build != nil {
					fix = "move the conda specification to its own file (conda.yml) and reference it with conda_file: conda.yml"
				}
				p.Reportf(nodeLoc(e.File, k), "top-level %s makes this %s a conda file, which the SDK refuses; %s", k.Value, what, fix)
				break
			}
		}
		for _, r := range p.Facts.EnvRefs() {
			j, ref := r.Job, r.Ref
			if j.File == nil || j.File.Abs == "" {
				continue
			}
			v := strings.TrimSpace(ref.Value)
			if !strings.HasPrefix(strings.ToLower(v), "file:") {
				continue
			}
			rel := strings.TrimSpace(v[len("file:"):])
			target := filepath.FromSlash(rel)
			if !filepath.IsAbs(target) {
				target = filepath.Join(filepath.Dir(j.File.Abs), target)
			}
			target = filepath.Clean(target)
			for _, f := range p.Prog.Files {
				if f.Abs == target && f.Kind == ir.KindConda {
					p.Reportf(ref.Loc, "environment %q loads a conda file, not an environment definition; write an environment YAML with an image and conda_file: %s, and point file: at it",
						textutil.Truncate(v, 80), textutil.Truncate(filepath.ToSlash(rel), 60))
					break
				}
			}
		}
	},
}
