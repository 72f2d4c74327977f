// Package rules holds every lint rule of mlenv-lint, one file per rule, and
// the registry that lists them.
package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/diagnose"
)

// All returns every lint rule in ID order. The slice is new on each call.
// Each group of rules lists its own members, in the file that holds them.
func All() []*lint.Rule {
	all := slices.Concat(coreRules, definitionRules, dockerSectionRules, environmentRules, condaRules, predictedRules, dockerfileRules)
	slices.SortFunc(all, func(a, b *lint.Rule) int { return strings.Compare(a.ID, b.ID) })
	return all
}

// coreRules check that files parse and references resolve, and the
// environment definition basics.
var coreRules = []*lint.Rule{
	AML001, AML002, AML003, AML004, AML005, AML006,
	AML101, AML102,
	AML112, AML113, AML118,
	AML201, AML202,
}

// ByID returns the rule with the given ID or name (any case), or nil.
func ByID(id string) *lint.Rule { return lint.Find(All(), id) }

// Markdown renders a rule's documentation page.
func Markdown(r *lint.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", r.ID, r.Name)
	fmt.Fprintf(&b, "%s\n\n", r.Summary)
	fmt.Fprintf(&b, "- Default severity: **%s**\n", r.Severity)
	if r.Run == nil {
		b.WriteString("- Reported by: `mlenv-lint diagnose` (build logs)\n")
	} else {
		b.WriteString("- Reported by: `mlenv-lint lint`\n")
	}
	if r.Seed != "" {
		fmt.Fprintf(&b, "- Troubleshooting guide section: *%s*\n", r.Seed)
	}
	if len(r.Tags) > 0 {
		fmt.Fprintf(&b, "- Tags: %s\n", strings.Join(r.Tags, ", "))
	}
	b.WriteString("\n")
	b.WriteString(strings.TrimSpace(r.Doc))
	b.WriteString("\n")
	if r.Run != nil {
		fmt.Fprintf(&b, "\nSuppress one finding with `# mlenv-lint: disable=%s` on the line or the line above; turn the rule off in `.mlenv-lint.yaml` with `rules: {%s: off}`.\n", r.ID, r.ID)
	}
	return b.String()
}

// Index renders the table of all rules for docs/rules/README.md.
func Index(list []*lint.Rule) string {
	var b strings.Builder
	b.WriteString("# Rules\n\nGenerated from rule metadata by `make docs`; do not edit by hand.\n\n")
	b.WriteString("| ID | name | severity | summary |\n|---|---|---|---|\n")
	for _, r := range list {
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s | %s |\n", r.ID, r.ID, r.Name, r.Severity, strings.ReplaceAll(r.Summary, "|", `\|`))
	}
	return b.String()
}

// Docs returns the generated documentation files for the rules: one page
// per rule and the index, keyed by file name.
func Docs(list []*lint.Rule) map[string]string {
	out := map[string]string{"README.md": Index(list)}
	for _, r := range list {
		out[r.ID+".md"] = Markdown(r)
	}
	return out
}

// Catalog is every documented ID: the lint rules, then the build problems
// that diagnose reports.
func Catalog() []*lint.Rule {
	return append(All(), diagnose.Rules()...)
}
