package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/ruledoc"
	"github.com/mlenv-lint/mlenv-lint/mlenvlint"
)

// catalog is every documented ID.
func catalog() []lint.Doc {
	return mlenvlint.Catalog()
}

func cmdRules(_ context.Context, a *app, args []string) int {
	var format string
	fs := newFlags("rules", "mlenv-lint rules [flags]",
		"List every rule with its ID, default severity, name and summary.", a.stdout)
	fs.StringVarP(&format, "format", "f", "text", "output format: text, json or markdown")
	if err := a.parseFlags(fs, args); err != nil {
		return a.flagError("rules", err)
	}
	if fs.NArg() > 0 {
		return a.errorf("rules: unexpected argument %q", fs.Arg(0))
	}
	list := catalog()
	switch format {
	case "text":
		tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSEVERITY\tNAME\tSUMMARY")
		for _, r := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Name, r.Summary)
		}
		if err := tw.Flush(); err != nil {
			return a.errorf("rules: %v", err)
		}
	case "markdown":
		fmt.Fprintln(a.stdout, "| ID | severity | name | summary |\n|---|---|---|---|")
		for _, r := range list {
			fmt.Fprintf(a.stdout, "| [%s](docs/rules/%s.md) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, r.Name, r.Summary)
		}
	case "json":
		type row struct {
			ID       string        `json:"id"`
			Name     string        `json:"name"`
			Severity lint.Severity `json:"severity"`
			Summary  string        `json:"summary"`
			Guide    string        `json:"seedSection,omitempty"` // key kept for existing consumers
			Tags     []string      `json:"tags,omitempty"`
		}
		var rows []row
		for _, r := range list {
			rows = append(rows, row{r.ID, r.Name, r.Severity, r.Summary, r.Guide, r.Tags})
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"version": 1, "rules": rows}); err != nil {
			return a.errorf("rules: %v", err)
		}
	default:
		return a.errorf("rules: unknown format %q (want text, json or markdown)", format)
	}
	return exitOK
}

func cmdExplain(_ context.Context, a *app, args []string) int {
	fs := newFlags("explain", "mlenv-lint explain ID|NAME...",
		"Print the documentation of rules: what they find, why, and how to fix it.", a.stdout)
	if err := a.parseFlags(fs, args); err != nil {
		return a.flagError("explain", err)
	}
	if fs.NArg() == 0 {
		return a.errorf("explain: give a rule ID or name, e.g. 'mlenv-lint explain AML406' (see 'mlenv-lint rules')")
	}
	list := catalog()
	for i, name := range fs.Args() {
		r, ok := lint.FindDoc(list, name)
		if !ok {
			return a.errorf("%v", mlenvlint.UnknownRuleError("explain", name, list))
		}
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		fmt.Fprint(a.stdout, ruledoc.Markdown(r))
	}
	return exitOK
}
