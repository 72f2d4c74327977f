package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/diagnose"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// Diagnosis is what "diagnose" reports: the analysis of one build log and,
// per finding, the spec locations it maps to.
type Diagnosis struct {
	Log     string // display path of the log
	Result  *diagnose.Result
	Related func(*diagnose.Finding) []lint.Related // spec locations; may be nil
}

// WriteDiagnosis renders a diagnosis. Text and JSON have their own layout
// (docs/diagnose.md); SARIF and GitHub annotations reuse the diagnostic
// renderers, with evidence lines as locations in the log.
func WriteDiagnosis(w io.Writer, d Diagnosis, opts Options) error {
	if opts.DocsBaseURL == "" {
		opts.DocsBaseURL = DefaultDocsBaseURL
	}
	switch opts.Format {
	case "", "text":
		return writeDiagnosisText(w, d, opts)
	case "json":
		return writeDiagnosisJSON(w, d, opts)
	case "sarif", "github":
		return Write(w, d.Result.Diagnostics(d.Log, d.Related), opts)
	}
	return fmt.Errorf("unknown format %q (want %s)", opts.Format, strings.Join(Formats(), ", "))
}

func outcomeLine(d Diagnosis) string {
	r := d.Result
	switch r.Outcome {
	case diagnose.Empty:
		return "the log is empty"
	case diagnose.Succeeded:
		return "the build succeeded"
	case diagnose.Unknown:
		return fmt.Sprintf("the log (%d lines) shows no build result; it may be cut short", r.Lines)
	}
	s := "the build failed"
	if r.ExitCode != 0 {
		s += fmt.Sprintf(" with exit code %d", r.ExitCode)
	}
	if r.Command != "" {
		s += fmt.Sprintf(" in %q", textutil.Truncate(r.Command, 101))
	}
	return s
}

func writeDiagnosisText(w io.Writer, d Diagnosis, opts Options) error {
	r := d.Result
	p := &printer{w: w}
	head := outcomeLine(d)
	switch n := len(r.Findings); {
	case n == 0:
		head += "; no documented problem found"
	case n == 1:
		head += "; 1 problem"
	case len(r.Findings[0].TiedWith) > 0:
		head += fmt.Sprintf("; %d problems, of which the first %d fit the log equally well", n, len(r.Findings[0].TiedWith)+1)
	default:
		head += fmt.Sprintf("; %d problems, most likely cause first", n)
	}
	p.printf("%s: %s\n", d.Log, head)
	for i, f := range r.Findings {
		paint := painter(opts.Color)
		p.printf("\n%d. %s (%s): %s %s\n", i+1, paint.paint(severityColor(f.Severity), f.Severity.String()), f.Confidence,
			f.Message(), paint.paint(ansiDim, "["+f.Problem.ID+" "+f.Problem.Name+"]"))
		if len(f.TiedWith) > 0 {
			p.printf("   fits as well as: %s (the log does not tell which is the cause)\n", strings.Join(f.TiedWith, ", "))
		}
		if f.Problem.Title != "" {
			p.printf("   guide: %s\n", f.Problem.Title)
		}
		if len(f.Evidence) > 0 {
			p.printf("   evidence:\n")
			for _, ev := range f.Evidence {
				p.printf("     %s:%d: %s\n", d.Log, ev.Line, ev.Text)
			}
		}
		if d.Related != nil {
			for _, rel := range d.Related(f) {
				p.printf("   spec: %s:%d:%d: %s\n", rel.Loc.Path, rel.Loc.Range.Start.Line, rel.Loc.Range.Start.Col, rel.Message)
			}
		}
		p.printf("   fix: %s\n", f.Problem.Fix)
		p.printf("   docs: %s\n", opts.docsURL(f.Problem.ID))
	}
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// DiagnosisJSON is the JSON document of "diagnose" (docs/diagnose.md).
type DiagnosisJSON struct {
	Version  int                    `json:"version"`
	Tool     JSONTool               `json:"tool"`
	Log      string                 `json:"log"`
	Outcome  string                 `json:"outcome"`
	Lines    int                    `json:"lines"`
	Bytes    int64                  `json:"bytes"`
	ExitCode int                    `json:"exitCode,omitempty"`
	Command  string                 `json:"command,omitempty"`
	Findings []DiagnosisFindingJSON `json:"findings"`
}

// DiagnosisFindingJSON is one finding, rank 1 being the most likely cause.
type DiagnosisFindingJSON struct {
	Rank     int    `json:"rank"`
	Rule     string `json:"rule"`
	Name     string `json:"name"`
	Title    string `json:"title,omitempty"`
	Severity string `json:"severity"`
	// Confidence is "certain" when the log shows the problem's documented
	// message, "likely" when the problem is inferred.
	Confidence string `json:"confidence"`
	// TiedWith lists the findings that fit the log as well as this one.
	TiedWith []string            `json:"tiedWith,omitempty"`
	Message  string              `json:"message"`
	Subjects []string            `json:"subjects,omitempty"`
	Detail   string              `json:"detail,omitempty"`
	Evidence []diagnose.Evidence `json:"evidence"`
	Fix      string              `json:"fix"`
	Related  []lint.Related      `json:"related,omitempty"`
	Docs     string              `json:"docs"`
}

func writeDiagnosisJSON(w io.Writer, d Diagnosis, opts Options) error {
	r := d.Result
	doc := DiagnosisJSON{
		Version: JSONVersion, Tool: JSONTool{Name: "mlenv-lint", Version: opts.ToolVersion},
		Log: d.Log, Outcome: string(r.Outcome), Lines: r.Lines, Bytes: r.Bytes,
		ExitCode: r.ExitCode, Command: r.Command,
		Findings: make([]DiagnosisFindingJSON, 0, len(r.Findings)),
	}
	for i, f := range r.Findings {
		jf := DiagnosisFindingJSON{
			Rank: i + 1, Rule: f.Problem.ID, Name: f.Problem.Name, Title: f.Problem.Title,
			Severity: f.Severity.String(), Confidence: string(f.Confidence), TiedWith: f.TiedWith,
			Message: f.Message(), Subjects: f.Subjects, Detail: f.Detail,
			Evidence: f.Evidence, Fix: f.Problem.Fix, Docs: opts.docsURL(f.Problem.ID),
		}
		if jf.Evidence == nil {
			jf.Evidence = []diagnose.Evidence{}
		}
		if d.Related != nil {
			jf.Related = d.Related(f)
		}
		doc.Findings = append(doc.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
