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
	Doc: `
Without a version, the solver picks a different package whenever the channel changes, so rebuilding
the same environment can install different packages and fail in new ways. Pin each conda package:
` + "`numpy=1.26`" + ` pins a release series, ` + "`numpy==1.26.4`" + ` (or ` + "`numpy=1.26.4`" + `) one release. A release
series is a pin, written in any of conda's forms (` + "`=1.26`, `1.26.*`, `~=1.26.4`, `>=1.26,<1.27`" + `); ranges
(` + "`>=`, `<`, `|`, `~=1.26`" + `) and major-only pins (` + "`numpy=1`" + `) are reported as unpinned. A build
selection with any version (` + "`blas=*=mkl`" + `, the usual way to choose a variant of a metapackage) is
left alone. The same judgement applies to pip requirements (AML406). Dependencies are read as conda
reads them: blanks around operators are dropped (` + "`PyJWT < 2.0.0`" + ` is a range, not an invalid spec), and
both ` + "`name=version=build`" + ` and ` + "`name==version=build`" + ` carry a build string. ` + "`python`" + ` and ` + "`pip`" + ` have
rules of their own (AML302, AML408).

## Bad

` + "```yaml" + `
dependencies:
  - python=3.12
  - numpy
  - pandas>=2
` + "```" + `

## Good

` + "```yaml" + `
dependencies:
  - python=3.12
  - numpy=1.26.4
  - pandas=2.2.2
` + "```",
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			for _, d := range c.Dependencies {
				checkCondaPin(p, d)
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
