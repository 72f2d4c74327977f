package rules

import (
	"fmt"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/suggest"
)

// AML006 reports suppression comments that suppress nothing.
var AML006 = &lint.Rule{
	ID:       "AML006",
	Name:     "unused-suppression",
	Summary:  "A mlenv-lint: disable= comment that suppresses nothing, or names an unknown rule",
	Severity: lint.Warning,
	Tags:     []string{"maintainability"},
	After:    true,
	Doc:      ruleDoc("AML006"),
	Bad: lint.Example{Path: "requirements.txt", Src: `
numpy==1.26.4  # mlenv-lint: disable=AML406
`},
	Good: lint.Example{Path: "requirements.txt", Src: `
numpy==1.26.4
my-internal-tool  # mlenv-lint: disable=AML406
`},
	Run: func(p *lint.Pass) {
		var known []string
		for _, r := range p.Opts.KnownRules {
			known = append(known, r.ID, r.Name)
		}
		isKnown := func(s string) bool {
			for _, k := range known {
				if strings.EqualFold(k, s) {
					return true
				}
			}
			return strings.EqualFold(s, "all")
		}
		for _, u := range p.Unused {
			id := u.Directive.IDs[u.Index]
			loc := u.File.Loc(u.Directive.IDRange[u.Index])
			if !isKnown(id) {
				msg := fmt.Sprintf("unknown rule %q in suppression", id)
				if s := suggest.Closest(id, known); s != "" {
					msg += fmt.Sprintf("; did you mean %s?", s)
				}
				p.Reportf(loc, "%s", msg)
				continue
			}
			d := lint.Diagnostic{
				Loc:     loc,
				Message: fmt.Sprintf("suppression of %s matches no finding on line %d; remove it", id, u.Directive.Line),
			}
			if len(u.Directive.IDs) == 1 {
				d.Fix = &lint.Fix{Description: "remove the suppression comment",
					Edits: []lint.Edit{{Range: u.Directive.Range}}}
			}
			p.Report(d)
		}
	},
}
