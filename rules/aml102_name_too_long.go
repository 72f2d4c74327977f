package rules

import (
	"unicode/utf8"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// maxNameLength is the longest environment name the service accepts.
const maxNameLength = 255

// AML102 reports environment names longer than 255 characters.
var AML102 = &lint.Rule{
	ID:       "AML102",
	Name:     "name-too-long",
	Summary:  "Environment name longer than 255 characters",
	Severity: lint.Error,
	Guide:    "Environment name is too long",
	Tags:     []string{"correctness"},
	Doc: `
Environment names can be up to 255 characters long; longer names are rejected when the environment
is registered. Generated names (a concatenation of a project, a branch and a hash) are the usual
culprit: shorten them.

## Bad

` + "```yaml" + `
name: training-environment-for-the-forecasting-team-with-all-the-packages-we-ever-needed-... (300 characters)
` + "```" + `

## Good

` + "```yaml" + `
name: forecasting-train
` + "```",
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.Name == nil || e.Format == ir.FormatInline {
				continue
			}
			if n := utf8.RuneCountInString(e.Name.Value); n > maxNameLength {
				p.Reportf(e.Name.Loc, "environment name is %d characters long (%q); the limit is %d", n, textutil.Truncate(e.Name.Value, 40), maxNameLength)
			}
		}
	},
}
