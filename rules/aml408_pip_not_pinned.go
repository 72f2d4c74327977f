package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML408 reports pip listed among conda dependencies without a version.
var AML408 = &lint.Rule{
	ID:       "AML408",
	Name:     "pip-not-pinned",
	Summary:  "pip is a conda dependency without a version",
	Severity: lint.Warning,
	Guide:    "Pip not pinned",
	Tags:     []string{"reproducibility"},
	Doc: `
Different pip versions resolve the same requirements differently (the 2020 resolver changed many
outcomes), so an unpinned pip can make a rebuild fail. Pin it.

## Bad

` + "```yaml" + `
dependencies:
  - python=3.12
  - pip
` + "```" + `

## Good

` + "```yaml" + `
dependencies:
  - python=3.12
  - pip=24.0
` + "```",
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			for _, d := range depsNamed(c, "pip") {
				switch condaPin(d.Version) {
				case condaUnpinned:
					p.Reportf(d.Spec.Loc, "pip has no version; pin it, e.g. pip=24.0")
				case condaRange:
					p.Reportf(d.Spec.Loc, "pip %q allows a range of versions; pin one, e.g. pip=24.0", d.Version)
				}
			}
		}
	},
}
