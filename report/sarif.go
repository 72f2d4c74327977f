package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// maxSARIFResults is GitHub code scanning's limit on results per run.
const maxSARIFResults = 25000

const srcRoot = "%SRCROOT%"

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

func (o *Options) root() string {
	if o.Root != "" {
		return o.Root
	}
	return o.Cwd
}

func ptr[T any](v T) *T { return &v }

func writeSARIF(w io.Writer, diags []lint.Diagnostic, opts Options) error {
	rep, err := sarif.New(sarif.Version210, true)
	if err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	run := sarif.NewRunWithInformationURI("mlenv-lint", "https://github.com/mlenv-lint/mlenv-lint")
	run.Tool.Driver.Version = ptr(opts.ToolVersion)
	run.Tool.Driver.SemanticVersion = nil
	run.ColumnKind = "unicodeCodePoints"
	root := opts.root()
	run.OriginalUriBaseIDs = map[string]*sarif.ArtifactLocation{
		srcRoot: {URI: ptr(fileURI(root) + "/")},
	}

	// Rules: every rule that appears, in the order of opts.Rules, so that
	// ruleIndex is stable; unknown IDs get a minimal descriptor.
	index := map[string]int{}
	used := map[string]bool{}
	for _, d := range diags {
		used[d.RuleID] = true
	}
	for _, r := range opts.Rules {
		if !used[r.ID] {
			continue
		}
		index[r.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, ruleDescriptor(r, &opts))
	}
	for _, d := range diags {
		if _, ok := index[d.RuleID]; !ok {
			index[d.RuleID] = len(run.Tool.Driver.Rules)
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, ruleDescriptor(lint.Doc{ID: d.RuleID, Name: d.RuleName, Summary: d.RuleName, Severity: d.Severity}, &opts))
		}
	}

	results := make([]*sarif.Result, 0, min(len(diags), maxSARIFResults))
	for i, d := range diags {
		if i == maxSARIFResults {
			inv := run.AddInvocation(true)
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, &sarif.Notification{
				Level:   "warning",
				Message: sarif.NewTextMessage(fmt.Sprintf("%d results omitted: GitHub code scanning accepts at most %d per run", len(diags)-maxSARIFResults, maxSARIFResults)),
			})
			break
		}
		res := sarif.NewRuleResult(d.RuleID).
			WithRuleIndex(index[d.RuleID]).
			WithLevel(sarifLevel(d.Severity)).
			WithMessage(sarif.NewTextMessage(d.Message))
		res.AddLocation(opts.location(d.Loc))
		for _, r := range d.Related {
			loc := opts.location(r.Loc)
			loc.Message = sarif.NewTextMessage(r.Message)
			res.AddRelatedLocation(loc)
		}
		if d.Fix != nil && len(d.Fix.Edits) > 0 {
			res.Fixes = append(res.Fixes, opts.sarifFix(d))
		}
		if d.Confidence != "" {
			res.Properties = sarif.Properties{"confidence": d.Confidence}
			res.Rank = ptr(confidenceRank(d.Confidence))
		}
		res.PartialFingerprints = map[string]interface{}{
			"primaryLocationLineHash": lineHash(d, opts.Files[d.Loc.Path]),
		}
		results = append(results, res)
	}
	run.Results = results
	rep.AddRun(run)
	return rep.PrettyWrite(w)
}

// confidenceRank maps a finding's confidence to a SARIF rank (0 to 100,
// higher is more important): a problem the log states outranks one inferred.
func confidenceRank(c string) float32 {
	if c == "certain" {
		return 90
	}
	return 50
}

func ruleDescriptor(r lint.Doc, opts *Options) *sarif.ReportingDescriptor {
	rd := &sarif.ReportingDescriptor{
		ID:                   r.ID,
		Name:                 ptr(pascal(r.Name)),
		ShortDescription:     &sarif.MultiformatMessageString{Text: ptr(r.Summary)},
		FullDescription:      &sarif.MultiformatMessageString{Text: ptr(r.Summary)},
		DefaultConfiguration: &sarif.ReportingConfiguration{Level: sarifLevel(r.Severity)},
		HelpURI:              ptr(opts.docsURL(r.ID)),
	}
	if doc := strings.TrimSpace(r.Body); doc != "" {
		rd.Help = &sarif.MultiformatMessageString{Text: ptr(r.Summary + "\n\n" + doc), Markdown: ptr(doc)}
	} else {
		rd.Help = &sarif.MultiformatMessageString{Text: ptr(r.Summary), Markdown: ptr(r.Summary)}
	}
	props := sarif.Properties{"precision": "very-high"}
	tags := append([]string(nil), r.Tags...)
	if r.SecuritySeverity != "" {
		props["security-severity"] = r.SecuritySeverity
		if !slices.Contains(tags, "security") {
			tags = append(tags, "security")
		}
	}
	if len(tags) > 20 {
		tags = tags[:20]
	}
	if len(tags) > 0 {
		props["tags"] = tags
	}
	problem := "recommendation"
	switch r.Severity {
	case lint.Error:
		problem = "error"
	case lint.Warning:
		problem = "warning"
	}
	props["problem.severity"] = problem
	rd.Properties = props
	return rd
}

// pascal turns a kebab-case rule name into the PascalCase SARIF prefers.
func pascal(name string) string {
	var b strings.Builder
	for _, part := range strings.Split(name, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// artifact returns the SARIF artifact location of a display path: relative
// to the root with %SRCROOT%, or an absolute file URI when outside it.
func (o *Options) artifact(path string) sarif.ArtifactLocation {
	root := o.root()
	abs := filepath.FromSlash(path)
	if f := o.Files[path]; f != nil && f.Abs != "" {
		abs = f.Abs
	} else if !filepath.IsAbs(abs) {
		abs = filepath.Join(o.Cwd, abs) // display paths are relative to the working directory
	}
	if rel, err := filepath.Rel(root, abs); err == nil && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel) {
		return sarif.ArtifactLocation{URI: ptr(escapePath(filepath.ToSlash(rel))), URIBaseId: ptr(srcRoot)}
	}
	return sarif.ArtifactLocation{URI: ptr(fileURI(abs))}
}

func escapePath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

func fileURI(abs string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

func region(r ir.Range) *sarif.Region {
	if r.Start.Line < 1 {
		return nil
	}
	reg := &sarif.Region{StartLine: ptr(r.Start.Line), StartColumn: ptr(max(r.Start.Col, 1))}
	if r.End.Line >= r.Start.Line && r.End.Line > 0 {
		reg.EndLine = ptr(r.End.Line)
		reg.EndColumn = ptr(max(r.End.Col, 1))
		if r.End.Line == r.Start.Line && r.End.Col <= r.Start.Col {
			reg.EndColumn = ptr(r.Start.Col + 1)
		}
	}
	return reg
}

func (o *Options) location(loc ir.Location) *sarif.Location {
	al := o.artifact(loc.Path)
	return &sarif.Location{PhysicalLocation: &sarif.PhysicalLocation{ArtifactLocation: &al, Region: region(loc.Range)}}
}

func (o *Options) sarifFix(d lint.Diagnostic) *sarif.Fix {
	change := &sarif.ArtifactChange{ArtifactLocation: o.artifact(d.Loc.Path)}
	for _, e := range d.Fix.Edits {
		rep := &sarif.Replacement{DeletedRegion: *region(e.Range)}
		if e.NewText != "" {
			rep.InsertedContent = &sarif.ArtifactContent{Text: ptr(e.NewText)}
		}
		change.Replacements = append(change.Replacements, rep)
	}
	return &sarif.Fix{Description: sarif.NewTextMessage(d.Fix.Description), ArtifactChanges: []*sarif.ArtifactChange{change}}
}

// lineHash fingerprints a result by rule, file and the text of its line
// (whitespace-normalised), not its line number, so that alerts survive
// code moving up or down. A ":n" suffix separates identical lines.
func lineHash(d lint.Diagnostic, f *ir.File) string {
	text := ""
	if f != nil {
		text = strings.Join(strings.Fields(f.Line(d.Loc.Range.Start.Line)), " ")
	}
	sum := sha256.Sum256([]byte(d.RuleID + "\x00" + d.Loc.Path + "\x00" + text + "\x00" + d.Message))
	return hex.EncodeToString(sum[:8]) + ":1"
}
