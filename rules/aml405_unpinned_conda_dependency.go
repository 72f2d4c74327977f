package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
)

// AML405 reports conda packages without a version.
var AML405 = &lint.Rule{
	ID:       "AML405",
	Name:     "unpinned-conda-dependency",
	Summary:  "A conda dependency without a version",
	Severity: lint.Warning,
	Guide:    "Unpinned dependencies",
	Tags:     []string{"reproducibility"},
	Doc:      ruleDoc("AML405"),
	Bad: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.12
  - numpy
  - pandas>=2
`},
	Good: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.12
  - numpy=1.26.4
  - pandas=2.2.2
`},
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			for _, d := range c.Dependencies {
				checkCondaPin(p, d)
			}
		}
		for _, d := range p.Facts.Dockerfiles() {
			for _, in := range d.Instructions {
				for _, inst := range p.Facts.Installs(in) {
					for _, dep := range inst.Conda {
						checkCondaPin(p, dep)
					}
				}
			}
		}
	},
}

// checkCondaPin reports a conda dependency that fixes no release series.
func checkCondaPin(p *lint.Pass, d *ir.CondaDep) {
	if d.Err != "" || d.Spec == nil || d.Spec.Unknown() || d.Name == "python" || d.Name == "pip" {
		return
	}
	switch pkgspec.CondaPin(d.Version, d.Build) {
	case pkgspec.PinNone:
		p.Reportf(d.Spec.Loc, "conda package %s has no version; pin it, e.g. %s=<version>", quoteSpec(d), d.Name)
	case pkgspec.PinRange:
		p.Reportf(d.Spec.Loc, "conda package %s allows a range of versions; pin a release, e.g. %s=<major>.<minor>", quoteSpec(d), d.Name)
	}
}
