// Package ruledoc renders documentation (lint.Doc: lint rules and build
// problems alike) as the Markdown pages of docs/rules and as the text of
// "mlenv-lint explain", and groups IDs into their series.
package ruledoc

import (
	"fmt"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// A Series is a group of IDs that share their first digit.
type Series struct {
	Prefix string // "AML1"
	Title  string
}

// SeriesList names the ID series, in order. Every rule and build problem
// belongs to one (a test in package mlenvlint checks it).
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

// SeriesOf returns the series of an ID, or a zero Series.
func SeriesOf(id string) Series {
	for _, s := range SeriesList {
		if strings.HasPrefix(id, s.Prefix) && len(id) == len(s.Prefix)+2 {
			return s
		}
	}
	return Series{}
}

// Markdown renders one documentation page.
func Markdown(d lint.Doc) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", d.ID, d.Name)
	fmt.Fprintf(&b, "%s\n\n", d.Summary)
	fmt.Fprintf(&b, "- Default severity: **%s**\n", d.Severity)
	lintRule := d.Command != "diagnose"
	if lintRule {
		b.WriteString("- Reported by: `mlenv-lint lint`\n")
	} else {
		b.WriteString("- Reported by: `mlenv-lint diagnose` (build logs)\n")
	}
	if d.Guide != "" {
		fmt.Fprintf(&b, "- Troubleshooting guide section: *%s*\n", d.Guide)
	}
	if len(d.Tags) > 0 {
		fmt.Fprintf(&b, "- Tags: %s\n", strings.Join(d.Tags, ", "))
	}
	b.WriteString("\n")
	b.WriteString(strings.TrimSpace(d.Body))
	b.WriteString("\n")
	if lintRule {
		fmt.Fprintf(&b, "\nSuppress one finding with `# mlenv-lint: disable=%s` on the line or the line above; turn the rule off in `.mlenv-lint.yaml` with `rules: {%s: off}`.\n", d.ID, d.ID)
	}
	return b.String()
}

// Index renders the table of all IDs for docs/rules/README.md, one section
// per ID series.
func Index(list []lint.Doc) string {
	var b strings.Builder
	b.WriteString("# Rules\n\nGenerated from rule metadata by `make docs`; do not edit by hand.\n")
	current := ""
	for _, d := range list {
		if s := SeriesOf(d.ID); s.Prefix != current {
			current = s.Prefix
			fmt.Fprintf(&b, "\n## %sxx: %s\n\n| ID | name | severity | summary |\n|---|---|---|---|\n", s.Prefix, s.Title)
		}
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s | %s |\n", d.ID, d.ID, d.Name, d.Severity, strings.ReplaceAll(d.Summary, "|", `\|`))
	}
	return b.String()
}

// Pages returns the generated documentation files: one page per ID and the
// index, keyed by file name.
func Pages(list []lint.Doc) map[string]string {
	out := map[string]string{"README.md": Index(list)}
	for _, d := range list {
		out[d.ID+".md"] = Markdown(d)
	}
	return out
}
