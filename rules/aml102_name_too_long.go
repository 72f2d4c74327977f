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
	Doc:      ruleDoc("AML102"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: training-environment-for-the-forecasting-team-with-all-the-packages-we-ever-needed-and-then-some-more-because-nobody-ever-removes-anything-from-a-shared-environment-and-the-name-keeps-growing-with-every-team-that-adds-its-own-suffix-until-the-service-refuses-it-outright
image: python:3.11.9
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: forecasting-train
image: python:3.11.9
`},
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
