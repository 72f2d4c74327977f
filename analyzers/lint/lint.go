// Package lint is the pass framework: a Rule is metadata plus a Run function,
// a Pass hands one rule the program and collects what it reports, and Run
// applies every enabled rule, the configuration and the inline suppressions.
//
// Rules never read files, print, or know the output format.
package lint

import (
	"fmt"
	"strings"
	"time"

	"github.com/mlenv-lint/mlenv-lint/analyzers/facts"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
)

// Severity orders diagnostics; higher is more severe.
type Severity int

// Severities. Off disables a rule.
const (
	Off Severity = iota
	Info
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	default:
		return "off"
	}
}

// MarshalText makes severities render as words in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity accepts off, info (note), warning (warn) and error.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "off", "none", "disable", "disabled", "false":
		return Off, nil
	case "info", "note":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "error", "err":
		return Error, nil
	}
	return Off, fmt.Errorf("unknown severity %q (want off, info, warning or error)", s)
}

// ParseFailLevel parses the lowest severity that fails a run (lint's and
// diagnose's --fail-level, the configuration's fail-level): error, warning,
// info, or none/off for never. Its error quotes s and lists the choices.
func ParseFailLevel(s string) (Severity, error) {
	sev, err := ParseSeverity(s)
	if err != nil {
		return Off, fmt.Errorf("%q: want error, warning, info or none", s)
	}
	return sev, nil
}

// Find returns the rule in list with the given ID or name (any case), or nil.
func Find(list []*Rule, idOrName string) *Rule {
	for _, r := range list {
		if names(r.ID, r.Name, idOrName) {
			return r
		}
	}
	return nil
}

// Related is a secondary location that explains a diagnostic.
type Related struct {
	Loc     ir.Location `json:"location"`
	Message string      `json:"message"`
}

// Edit replaces the text in Range of the diagnostic's file with NewText.
type Edit struct {
	Range   ir.Range `json:"range"`
	NewText string   `json:"newText"`
}

// Fix is a suggested change that resolves a diagnostic.
type Fix struct {
	Description string `json:"description"`
	Edits       []Edit `json:"edits"`
}

// Diagnostic is one finding.
type Diagnostic struct {
	RuleID   string      `json:"rule"`
	RuleName string      `json:"name"`
	Severity Severity    `json:"severity"`
	Message  string      `json:"message"`
	Loc      ir.Location `json:"location"`
	Related  []Related   `json:"related,omitempty"`
	Fix      *Fix        `json:"fix,omitempty"`
	// HideSource says that the finding sits on a secret: outputs that echo
	// source lines (the text format's context snippet) leave its line out.
	HideSource bool `json:"-"`
	// Confidence, when set, says how directly the input shows the problem:
	// "certain" or "likely" (diagnose's findings). SARIF carries it as a
	// result property and as the result's rank.
	Confidence string `json:"confidence,omitempty"`
}

// Rule is one check: metadata plus Run.
type Rule struct {
	ID       string   // AMLnnn; stable, never reused
	Name     string   // kebab-case, e.g. unpinned-pip-dependency
	Summary  string   // one line, shown by "rules" and as the SARIF short description
	Severity Severity // default severity
	Doc      string   // markdown: what it finds and why (the examples are Bad and Good)
	Guide    string   // heading of the troubleshooting-guide section it implements, or ""
	Tags     []string // e.g. "security", "reproducibility"
	// SecuritySeverity is the CVSS-like score GitHub shows for security rules ("" for none).
	SecuritySeverity string
	// Secrets marks a rule whose findings point at a credential: their
	// source lines are never echoed (Diagnostic.HideSource).
	Secrets bool

	// Bad is a spec the rule reports, Good the same spec fixed; both are
	// rendered on the rule's page and tested (Bad fires, Good stays silent).
	Bad, Good Example

	// After marks a rule that runs once suppressions are applied; its pass
	// sees the directives that suppressed nothing (Pass.Unused).
	After bool

	Run func(*Pass)
}

// Options are the rule settings a configuration can change.
type Options struct {
	// Today is the date used for end-of-life and expiry checks; Run sets
	// it to the current date when it is zero.
	Today time.Time
	// ExtraDeprecatedImages are repositories (with or without registry host)
	// treated like the guide's deprecated images.
	ExtraDeprecatedImages []string
	// TrustedRegistries, when set, are the only registries base images may come from.
	TrustedRegistries []string
	// KnownRules lets rules validate rule IDs (suppression comments); it is
	// filled by Run.
	KnownRules []*Rule
	// Running are the IDs of the rules this run applies (filled by Run), so
	// that a rule can leave a problem to the rule that gives the better
	// advice on it when that one runs.
	Running map[string]bool
}

// Runs reports whether the rule with the given ID is applied in this run.
// Outside Run (Running unset) every rule counts as running.
func (o *Options) Runs(id string) bool { return o.Running == nil || o.Running[id] }

// Pass is what a rule's Run receives.
type Pass struct {
	Rule *Rule
	Prog *ir.Program
	// Facts are the facts derived from Prog, shared by every rule of the run.
	Facts *facts.Facts
	Opts  *Options
	// Unused are the suppression entries that suppressed nothing; only set
	// for rules with After.
	Unused []UnusedDirective

	diags []Diagnostic
}

// UnusedDirective is one entry of a suppression comment that matched nothing.
type UnusedDirective struct {
	File      *ir.File
	Directive *ir.Directive
	Index     int // index into Directive.IDs
}

// Report records a diagnostic. RuleID, RuleName and Severity are filled in
// from the rule when empty.
func (p *Pass) Report(d Diagnostic) {
	if d.RuleID == "" {
		d.RuleID = p.Rule.ID
	}
	if d.RuleName == "" {
		d.RuleName = p.Rule.Name
	}
	if d.Severity == Off {
		d.Severity = p.Rule.Severity
	}
	// Rules redact what they quote; this is the net under them, so that
	// no message of any output format carries a credential in a URL.
	d.Message = redact.URL(d.Message, redact.MaskSecrets)
	d.HideSource = d.HideSource || p.Rule.Secrets
	for i := range d.Related {
		d.Related[i].Message = redact.URL(d.Related[i].Message, redact.MaskSecrets)
	}
	p.diags = append(p.diags, d)
}

// Reportf records a diagnostic at loc with a formatted message.
func (p *Pass) Reportf(loc ir.Location, format string, args ...any) {
	p.Report(Diagnostic{Loc: loc, Message: fmt.Sprintf(format, args...)})
}
