package rules

import (
	"fmt"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
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
					Edits: []lint.Edit{{Range: withLeadingBlanks(u.File, u.Directive.Range)}}}
			}
			p.Report(d)
		}
	},
}

// withLeadingBlanks widens r to the blanks before it on its line, so that
// removing a trailing comment leaves no trailing whitespace behind. A
// comment alone on its line keeps its indentation (the line stays).
func withLeadingBlanks(f *ir.File, r ir.Range) ir.Range {
	line := []rune(f.Line(r.Start.Line))
	col := r.Start.Col
	for col > 1 && col-2 < len(line) && (line[col-2] == ' ' || line[col-2] == '\t') {
		col--
	}
	if col == 1 {
		return r // nothing but blanks before the comment
	}
	r.Start.Col = col
	return r
}
