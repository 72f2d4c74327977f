package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// writeGitHub prints GitHub Actions workflow commands
// (::error file=...,line=...::message). Paths are the display paths,
// relative to the working directory, which in a workflow is the repository.
func writeGitHub(w io.Writer, diags []lint.Diagnostic) error {
	bw := bufio.NewWriter(w)
	for _, d := range diags {
		cmd := "notice"
		switch d.Severity {
		case lint.Error:
			cmd = "error"
		case lint.Warning:
			cmd = "warning"
		}
		props := []string{"file=" + escapeProperty(d.Loc.Path)}
		if r := d.Loc.Range; r.Start.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", r.Start.Line), fmt.Sprintf("col=%d", r.Start.Col))
			if r.End.Line > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", r.End.Line))
				if r.End.Line == r.Start.Line {
					props = append(props, fmt.Sprintf("endColumn=%d", r.End.Col))
				}
			}
		}
		props = append(props, "title="+escapeProperty(d.RuleID+" ("+d.RuleName+")"))
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(d.Message))
	}
	return bw.Flush()
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
