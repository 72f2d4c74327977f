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
// The rules declared one per file are listed in registry_gen.go, which
// "make docs" generates from the source (internal/rulegen); BuildKit's
// Dockerfile checks come from their table (dockerfile.go).
func All() []*lint.Rule {
	all := slices.Concat(fileRules, dockerfileRules)
	slices.SortFunc(all, func(a, b *lint.Rule) int { return strings.Compare(a.ID, b.ID) })
	return all
}

// A Series is a group of rules whose IDs share their first digit.
type Series struct {
	Prefix string // "AML1"
	Title  string
}

// SeriesList names the ID series, in order. Every rule and build problem
// belongs to one (TestRegistry).
var SeriesList = []Series{
	{"AML0", "Files, parsing and references"},
	{"AML1", "Environment definitions"},
	{"AML2", "Base images"},
	{"AML3", "Python version"},
	{"AML4", "Conda and pip dependencies"},
	{"AML5", "Predicted build failures"},
	{"AML6", "Dockerfiles (BuildKit checks)"},
	{"AML9", "Build problems (reported by diagnose)"},
}

// SeriesOf returns the series of a rule ID, or a zero Series.
func SeriesOf(id string) Series {
	for _, s := range SeriesList {
		if strings.HasPrefix(id, s.Prefix) && len(id) == len(s.Prefix)+2 {
			return s
		}
	}
	return Series{}
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
	if r.Guide != "" {
		fmt.Fprintf(&b, "- Troubleshooting guide section: *%s*\n", r.Guide)
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

// Index renders the table of all rules for docs/rules/README.md, one
// section per ID series.
func Index(list []*lint.Rule) string {
	var b strings.Builder
	b.WriteString("# Rules\n\nGenerated from rule metadata by `make docs`; do not edit by hand.\n")
	current := ""
	for _, r := range list {
		if s := SeriesOf(r.ID); s.Prefix != current {
			current = s.Prefix
			fmt.Fprintf(&b, "\n## %sxx: %s\n\n| ID | name | severity | summary |\n|---|---|---|---|\n", s.Prefix, s.Title)
		}
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
