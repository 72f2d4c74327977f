// Package linttest runs rules over test folders whose files state the
// expected diagnostics next to the offending lines, in the style of
// golang.org/x/tools/go/analysis/analysistest.
//
// An expectation is a comment "# want AML201" (several IDs allowed, each
// optionally followed by a quoted regular expression the message must
// match, and optionally preceded by "COL:" to pin the start column, or by
// "COL-END:" to pin the end too, END being a column on the same line or
// LINE.COL: "# want 8-19:AML201 \"deprecated\""). A trailing comment applies
// to its own line; a comment alone on its line applies to the next line that
// is neither blank nor a comment (use that form in Dockerfiles, where
// trailing comments do not exist). Files without comments (JSON) take their
// expectations from a sidecar NAME.want with lines
// "LINE[:COL[-END]] AMLnnn [regexp]".
//
// Suggested fixes are checked as analysistest.RunWithSuggestedFixes does:
// when NAME.golden exists beside NAME, applying the fixes of every
// diagnostic in NAME must give exactly its content.
package linttest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mlenv-lint/mlenv-lint/analyzers/config"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlpos"
)

// Today is the fixed date rules see in tests.
var Today = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// Want is one expected diagnostic.
type Want struct {
	Path string
	Line int
	Col  int    // 0: any column
	End  ir.Pos // zero: any end
	Rule string
	Re   *regexp.Regexp // nil: any message
}

func (w Want) key() string { return fmt.Sprintf("%s:%d %s", w.Path, w.Line, w.Rule) }

var wantRE = regexp.MustCompile(`(?:(\d+)(?:-(\d+(?:\.\d+)?))?:)?(AML\d{3})(?:\s+"((?:[^"\\]|\\.)*)")?`)

// Run loads every file under dir, runs the rules on them and compares the
// diagnostics with the expectations. It returns the diagnostics.
func Run(t *testing.T, dir string, rules ...*lint.Rule) []lint.Diagnostic {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var inputs []load.Input
	var wants []Want
	cfgPath := ""
	err = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(abs, p)
		rel = filepath.ToSlash(rel)
		if slices.Contains(config.FileNames, d.Name()) {
			cfgPath = p // the folder's rule options, as a project's configuration gives them
			return nil
		}
		if strings.HasSuffix(p, ".golden") {
			return nil // read by checkFixes
		}
		if strings.HasSuffix(p, ".want") {
			ws, err := parseSidecar(p, strings.TrimSuffix(rel, ".want"))
			if err != nil {
				return err
			}
			wants = append(wants, ws...)
			return nil
		}
		inputs = append(inputs, load.Input{Path: p, Explicit: true})
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		ws, err := parseComments(rel, string(src))
		if err != nil {
			return err
		}
		wants = append(wants, ws...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	settings := &lint.Settings{Options: lint.Options{Today: Today}}
	opts := load.Options{Root: abs, Cwd: abs}
	if cfgPath != "" {
		cfg, err := config.Load(cfgPath, rules)
		if err != nil {
			t.Fatal(err)
		}
		settings.Options = cfg.Settings(Today).Options
		opts.Placeholders = cfg.Placeholders
	}
	prog, err := load.Load(inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	diags := lint.Run(prog, rules, settings)
	check(t, wants, diags)
	checkFixes(t, prog, diags)
	return diags
}

// reporter is the part of testing.T the checks use (tests of the harness
// record its complaints).
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

func check(t reporter, wants []Want, diags []lint.Diagnostic) {
	t.Helper()
	var got, want []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%s:%d %s", d.Loc.Path, d.Loc.Range.Start.Line, d.RuleID))
	}
	for _, w := range wants {
		want = append(want, w.key())
	}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		var all strings.Builder
		for _, d := range diags {
			fmt.Fprintf(&all, "\n  %s:%d:%d %s %s", d.Loc.Path, d.Loc.Range.Start.Line, d.Loc.Range.Start.Col, d.RuleID, d.Message)
		}
		t.Errorf("diagnostics mismatch (-want +got):\n%s\nall diagnostics:%s", diff, all.String())
		return
	}
	for _, w := range wants {
		if !matched(w, diags) {
			t.Errorf("%s:%d: no %s diagnostic matches column %d, end %v, message %v", w.Path, w.Line, w.Rule, w.Col, w.End, w.Re)
		}
	}
}

func matched(w Want, diags []lint.Diagnostic) bool {
	for _, d := range diags {
		if d.Loc.Path != w.Path || d.Loc.Range.Start.Line != w.Line || d.RuleID != w.Rule {
			continue
		}
		if (w.Col == 0 || d.Loc.Range.Start.Col == w.Col) && (w.End == ir.Pos{} || d.Loc.Range.End == w.End) && (w.Re == nil || w.Re.MatchString(d.Message)) {
			return true
		}
	}
	return false
}

// parseComments finds "# want" comments in src.
func parseComments(path, src string) ([]Want, error) {
	lines := strings.Split(src, "\n")
	var out []Want
	for i, line := range lines {
		idx := strings.Index(line, "# want ")
		if idx < 0 {
			continue
		}
		target := i + 1
		if strings.TrimSpace(line[:idx]) == "" {
			target = nextCodeLine(lines, i)
		}
		ws, err := parseSpecs(path, target, line[idx+len("# want "):])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		out = append(out, ws...)
	}
	return out, nil
}

func nextCodeLine(lines []string, i int) int {
	for j := i + 1; j < len(lines); j++ {
		t := strings.TrimSpace(lines[j])
		if t != "" && !strings.HasPrefix(t, "#") {
			return j + 1
		}
	}
	return i + 2
}

func parseSpecs(path string, line int, text string) ([]Want, error) {
	var out []Want
	for _, m := range wantRE.FindAllStringSubmatch(text, -1) {
		w := Want{Path: path, Line: line, Rule: m[3]}
		if m[1] != "" {
			w.Col, _ = strconv.Atoi(m[1])
		}
		if m[2] != "" {
			w.End = endPos(line, m[2])
		}
		if m[4] != "" {
			re, err := regexp.Compile(strings.ReplaceAll(m[4], `\"`, `"`))
			if err != nil {
				return nil, err
			}
			w.Re = re
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("want comment names no rule: %q", text)
	}
	return out, nil
}

// endPos reads an expected end: COL on line, or LINE.COL.
func endPos(line int, s string) ir.Pos {
	if l, c, ok := strings.Cut(s, "."); ok {
		ln, _ := strconv.Atoi(l)
		col, _ := strconv.Atoi(c)
		return ir.Pos{Line: ln, Col: col}
	}
	col, _ := strconv.Atoi(s)
	return ir.Pos{Line: line, Col: col}
}

// parseSidecar reads NAME.want: "LINE[:COL] AMLnnn [regexp]" per line.
func parseSidecar(file, path string) ([]Want, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var out []Want
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) < 2 {
			return nil, fmt.Errorf("%s:%d: want LINE[:COL] RULE [regexp]", file, i+1)
		}
		pos := strings.SplitN(f[0], ":", 2)
		ln, err := strconv.Atoi(pos[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: bad line %q", file, i+1, f[0])
		}
		w := Want{Path: path, Line: ln, Rule: f[1]}
		if len(pos) == 2 {
			col, end, _ := strings.Cut(pos[1], "-")
			w.Col, _ = strconv.Atoi(col)
			if end != "" {
				w.End = endPos(ln, end)
			}
		}
		if len(f) > 2 {
			re, err := regexp.Compile(strings.Join(f[2:], " "))
			if err != nil {
				return nil, err
			}
			w.Re = re
		}
		out = append(out, w)
	}
	return out, nil
}

// Files lists the loaded files of a program by kind, for assertions in tests.
func Files(p *ir.Program) map[string]ir.Kind {
	out := map[string]ir.Kind{}
	for _, f := range p.Files {
		out[f.Path] = f.Kind
	}
	return out
}

// checkFixes applies the suggested fixes of the diagnostics in each file
// that has a NAME.golden beside it and compares the result with it.
func checkFixes(t reporter, prog *ir.Program, diags []lint.Diagnostic) {
	t.Helper()
	for _, f := range prog.Files {
		if f.Abs == "" {
			continue
		}
		golden, err := os.ReadFile(f.Abs + ".golden")
		if err != nil {
			continue
		}
		var edits []lint.Edit
		for _, d := range diags {
			if d.Fix != nil && d.Loc.Path == f.Path {
				edits = append(edits, d.Fix.Edits...)
			}
		}
		got, err := ApplyEdits(f, edits)
		if err != nil {
			t.Errorf("%s: %v", f.Path, err)
			continue
		}
		if diff := cmp.Diff(string(golden), got); diff != "" {
			t.Errorf("%s: the suggested fixes do not give %s.golden (-golden +fixed):\n%s", f.Path, filepath.Base(f.Path), diff)
		}
	}
}

// ApplyEdits returns f's source with edits applied; overlapping edits are
// an error.
func ApplyEdits(f *ir.File, edits []lint.Edit) (string, error) {
	type span struct {
		from, to int
		text     string
	}
	var spans []span
	for _, e := range edits {
		from, to := offset(f, e.Range.Start), offset(f, e.Range.End)
		if from < 0 || to < from {
			return "", fmt.Errorf("edit %v is outside the file", e.Range)
		}
		spans = append(spans, span{from, to, e.NewText})
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from - b.from })
	var b strings.Builder
	last := 0
	for _, s := range spans {
		if s.from < last {
			return "", fmt.Errorf("overlapping edits at byte %d", s.from)
		}
		b.Write(f.Src[last:s.from])
		b.WriteString(s.text)
		last = s.to
	}
	b.Write(f.Src[last:])
	return b.String(), nil
}

// offset is the byte offset of p in f (the end of the file for a position
// past it), or -1 for a line before the first.
func offset(f *ir.File, p ir.Pos) int {
	if p.Line < 1 {
		return -1
	}
	off := 0
	for ln := 1; ln < p.Line; ln++ {
		i := bytes.IndexByte(f.Src[off:], '\n')
		if i < 0 {
			return len(f.Src)
		}
		off += i + 1
	}
	return off + yamlpos.ByteCol(f.Line(p.Line), p.Col)
}
