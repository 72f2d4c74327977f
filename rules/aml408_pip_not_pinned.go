package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
)

// AML408 reports pip listed among conda dependencies without a version.
var AML408 = &lint.Rule{
	ID:       "AML408",
	Name:     "pip-not-pinned",
	Summary:  "pip is a conda dependency without a version",
	Severity: lint.Warning,
	Guide:    "Pip not pinned",
	Tags:     []string{"reproducibility"},
	Doc:      ruleDoc("AML408"),
	Bad: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.12
  - pip
`},
	Good: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.12
  - pip=26.1.1
`},
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			for _, d := range depsNamed(c, "pip") {
				pin := pkgspec.CondaPin(d.Version, d.Build)
				if pin.Pinned() || pin == pkgspec.PinBuild {
					continue
				}
				pip, why := suggestPip(c, d.Version)
				switch {
				case pin == pkgspec.PinNone:
					p.Reportf(d.Spec.Loc, "pip has no version; pin it, e.g. pip=%s%s", pip, why)
				case pip == "":
					p.Reportf(d.Spec.Loc, "pip %q allows a range of versions; pin one version inside it", d.Version)
				default:
					p.Reportf(d.Spec.Loc, "pip %q allows a range of versions; pin one, e.g. pip=%s%s", d.Version, pip, why)
				}
			}
		}
	},
}
