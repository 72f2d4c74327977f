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
	Doc: `
Different pip versions resolve the same requirements differently (the 2020 resolver changed many
outcomes), so an unpinned pip can make a rebuild fail. Pin it. The suggested version fits the spec:
it installs on the spec's Python (pip 26.1 dropped Python 3.9, 25.1 dropped 3.8, 24.1 dropped 3.7,
22.0 dropped 3.6, 21.0 dropped 3.5 and 2.7, per pip's changelog, so a spec pinned to Python 3.6 gets
` + "`pip=21.3.1`" + `), and lies inside the range already written (` + "`pip<=20.2.4`" + ` gets ` + "`pip=20.2.4`" + `).

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
  - pip=26.1.1
` + "```",
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
