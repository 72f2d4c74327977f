package report

import (
	"encoding/json"
	"io"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// JSONVersion is the version of the JSON document schema. It changes only
// when a field is removed or changes meaning; new fields may be added.
const JSONVersion = 1

// JSONDocument is the JSON output: the editor contract (docs/json-format.md).
type JSONDocument struct {
	Version     int              `json:"version"`
	Tool        JSONTool         `json:"tool"`
	Diagnostics []JSONDiagnostic `json:"diagnostics"`
	Summary     Summary          `json:"summary"`
}

// JSONTool names the producer.
type JSONTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// JSONDiagnostic is one finding. Positions are 1-based; columns count
// Unicode code points; end positions are exclusive.
type JSONDiagnostic struct {
	Rule     string         `json:"rule"`
	Name     string         `json:"name"`
	Severity string         `json:"severity"`
	Message  string         `json:"message"`
	Location ir.Location    `json:"location"`
	Related  []lint.Related `json:"related,omitempty"`
	Fix      *lint.Fix      `json:"fix,omitempty"`
	Docs     string         `json:"docs"`
}

func writeJSON(w io.Writer, diags []lint.Diagnostic, opts Options) error {
	doc := JSONDocument{
		Version:     JSONVersion,
		Tool:        JSONTool{Name: "mlenv-lint", Version: opts.ToolVersion},
		Diagnostics: make([]JSONDiagnostic, 0, len(diags)),
		Summary:     summarize(diags),
	}
	for _, d := range diags {
		doc.Diagnostics = append(doc.Diagnostics, JSONDiagnostic{
			Rule: d.RuleID, Name: d.RuleName, Severity: d.Severity.String(), Message: d.Message,
			Location: d.Loc, Related: d.Related, Fix: d.Fix, Docs: opts.docsURL(d.RuleID),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
