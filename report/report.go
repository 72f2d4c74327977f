// Package report renders diagnostics: text for people, JSON for editors,
// SARIF 2.1.0 for GitHub code scanning, and GitHub workflow annotations.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// DefaultDocsBaseURL is where rule pages live; a rule's page is base+ID+".md".
const DefaultDocsBaseURL = "https://github.com/mlenv-lint/mlenv-lint/blob/main/docs/rules/"

// Options control rendering.
type Options struct {
	Format      string              // "text" (default), "json", "sarif" or "github"
	Color       bool                // ANSI colour in text output
	Context     bool                // text: show the source line and a caret under the range
	Files       map[string]*ir.File // display path -> file, for source lines
	Root        string              // absolute project root; SARIF URIs are relative to it
	Cwd         string              // absolute working directory
	Rules       []lint.Doc          // documentation of every rule that may appear
	ToolVersion string
	DocsBaseURL string
}

// Formats lists the accepted format names.
func Formats() []string { return []string{"text", "json", "sarif", "github"} }

// Write renders diags (already sorted) in the requested format.
func Write(w io.Writer, diags []lint.Diagnostic, opts Options) error {
	if opts.DocsBaseURL == "" {
		opts.DocsBaseURL = DefaultDocsBaseURL
	}
	switch opts.Format {
	case "", "text":
		return writeText(w, diags, opts)
	case "json":
		return writeJSON(w, diags, opts)
	case "sarif":
		return writeSARIF(w, diags, opts)
	case "github":
		return writeGitHub(w, diags)
	}
	return fmt.Errorf("unknown format %q (want %s)", opts.Format, strings.Join(Formats(), ", "))
}

func (o *Options) docsURL(id string) string { return o.DocsBaseURL + id + ".md" }

// Summary counts diagnostics by severity.
type Summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
	Files    int `json:"files"` // files with at least one diagnostic
}

func summarize(diags []lint.Diagnostic) Summary {
	var s Summary
	files := map[string]bool{}
	for _, d := range diags {
		switch d.Severity {
		case lint.Error:
			s.Errors++
		case lint.Warning:
			s.Warnings++
		default:
			s.Infos++
		}
		files[d.Loc.Path] = true
	}
	s.Files = len(files)
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// String renders "3 problems (1 error, 2 warnings) in 2 files".
func (s Summary) String() string {
	total := s.Errors + s.Warnings + s.Infos
	var parts []string
	if s.Errors > 0 {
		parts = append(parts, plural(s.Errors, "error"))
	}
	if s.Warnings > 0 {
		parts = append(parts, plural(s.Warnings, "warning"))
	}
	if s.Infos > 0 {
		parts = append(parts, plural(s.Infos, "info"))
	}
	return fmt.Sprintf("%s (%s) in %s", plural(total, "problem"), strings.Join(parts, ", "), plural(s.Files, "file"))
}
