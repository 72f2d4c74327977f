package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiCyan   = "\x1b[36m"
)

type painter bool

func (p painter) paint(code, s string) string {
	if !p {
		return s
	}
	return code + s + ansiReset
}

func severityColor(s lint.Severity) string {
	switch s {
	case lint.Error:
		return ansiRed + ansiBold
	case lint.Warning:
		return ansiYellow + ansiBold
	}
	return ansiBlue + ansiBold
}

func position(loc ir.Location) string {
	if loc.Range.Start.Line == 0 {
		return loc.Path
	}
	return fmt.Sprintf("%s:%d:%d", loc.Path, loc.Range.Start.Line, loc.Range.Start.Col)
}

func writeText(w io.Writer, diags []lint.Diagnostic, opts Options) error {
	bw := bufio.NewWriter(w)
	p := painter(opts.Color)
	for _, d := range diags {
		fmt.Fprintf(bw, "%s: %s: %s %s\n", p.paint(ansiBold, position(d.Loc)),
			p.paint(severityColor(d.Severity), d.Severity.String()), d.Message, p.paint(ansiDim, "["+d.RuleID+"]"))
		if opts.Context && !d.HideSource {
			writeSnippet(bw, opts.Files[d.Loc.Path], d.Loc.Range, p, severityColor(d.Severity))
		}
		for _, r := range d.Related {
			fmt.Fprintf(bw, "    %s: %s: %s\n", position(r.Loc), p.paint(ansiCyan, "note"), r.Message)
		}
		if d.Fix != nil && d.Fix.Description != "" {
			fmt.Fprintf(bw, "    %s: %s\n", p.paint(ansiCyan, "fix"), d.Fix.Description)
		}
	}
	if len(diags) > 0 && opts.Context {
		fmt.Fprintf(bw, "\n%s\n", summarize(diags))
	}
	return bw.Flush()
}

// writeSnippet prints the source line of r and a caret line under it.
func writeSnippet(w io.Writer, f *ir.File, r ir.Range, p painter, color string) {
	if f == nil || r.Start.Line < 1 || r.Start.Line > f.LineCount() {
		return
	}
	line := f.Line(r.Start.Line)
	if !utf8.ValidString(line) || len(line) > 400 {
		return
	}
	text, cols := expandTabs(redact.MaskInPlace(line))
	start := clamp(r.Start.Col, 1, len(cols)) // display column of the start
	endCol := r.End.Col
	if r.End.Line != r.Start.Line || endCol <= r.Start.Col {
		endCol = len(cols)
	}
	end := clamp(endCol, start+1, len(cols))
	width := cols[end-1] - cols[start-1]
	if width < 1 {
		width = 1
	}
	gutter := fmt.Sprintf("%5d | ", r.Start.Line)
	fmt.Fprintf(w, "%s%s\n", p.paint(ansiDim, gutter), text)
	fmt.Fprintf(w, "%s%s%s\n", p.paint(ansiDim, strings.Repeat(" ", len(gutter)-2)+"| "),
		strings.Repeat(" ", cols[start-1]), p.paint(color, "^"+strings.Repeat("~", width-1)))
}

// expandTabs expands tabs to 4-column stops; cols[i] is the display column
// (0-based) at which code point i+1 starts, plus one entry past the end.
func expandTabs(line string) (string, []int) {
	var b strings.Builder
	cols := make([]int, 0, len(line)+1)
	col := 0
	for _, r := range line {
		cols = append(cols, col)
		if r == '\t' {
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col += runeWidth(r)
	}
	cols = append(cols, col)
	return b.String(), cols
}

// runeWidth approximates the display width of r: wide for CJK and emoji.
func runeWidth(r rune) int {
	switch {
	case r >= 0x1100 && (r <= 0x115f || r == 0x2329 || r == 0x232a ||
		(r >= 0x2e80 && r <= 0xa4cf && r != 0x303f) || (r >= 0xac00 && r <= 0xd7a3) ||
		(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe6f) || (r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6) || (r >= 0x1f300 && r <= 0x1faff) || (r >= 0x20000 && r <= 0x3fffd)):
		return 2
	case r < 0x20 || (r >= 0x7f && r < 0xa0) || (r >= 0x300 && r <= 0x36f):
		return 0
	}
	return 1
}

func clamp(v, lo, hi int) int {
	if hi < lo {
		return lo
	}
	return max(lo, min(v, hi))
}
