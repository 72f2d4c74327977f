// Package linttest runs rules over test folders whose files state the
// expected diagnostics next to the offending lines, in the style of
// golang.org/x/tools/go/analysis/analysistest.
//
// An expectation is a comment "# want AML201" (several IDs allowed, each
// optionally followed by a quoted regular expression the message must
// match, and optionally preceded by "COL:" to pin the column:
// "# want 8:AML201 \"deprecated\""). A trailing comment applies to its own
// line; a comment alone on its line applies to the next line that is
// neither blank nor a comment (use that form in Dockerfiles, where trailing
// comments do not exist). Files without comments (JSON) take their
// expectations from a sidecar NAME.want with lines "LINE[:COL] AMLnnn [regexp]".
package linttest

import (
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
)

// Today is the fixed date rules see in tests.
var Today = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// Want is one expected diagnostic.
type Want struct {
	Path string
	Line int
	Col  int // 0: any column
	Rule string
	Re   *regexp.Regexp // nil: any message
}

func (w Want) key() string { return fmt.Sprintf("%s:%d %s", w.Path, w.Line, w.Rule) }

var wantRE = regexp.MustCompile(`(?:(\d+):)?(AML\d{3})(?:\s+"((?:[^"\\]|\\.)*)")?`)

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
	return diags
}

func check(t *testing.T, wants []Want, diags []lint.Diagnostic) {
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
			t.Errorf("%s:%d: no %s diagnostic matches column %d / %v", w.Path, w.Line, w.Rule, w.Col, w.Re)
		}
	}
}

func matched(w Want, diags []lint.Diagnostic) bool {
	for _, d := range diags {
		if d.Loc.Path != w.Path || d.Loc.Range.Start.Line != w.Line || d.RuleID != w.Rule {
			continue
		}
		if (w.Col == 0 || d.Loc.Range.Start.Col == w.Col) && (w.Re == nil || w.Re.MatchString(d.Message)) {
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
		w := Want{Path: path, Line: line, Rule: m[2]}
		if m[1] != "" {
			w.Col, _ = strconv.Atoi(m[1])
		}
		if m[3] != "" {
			re, err := regexp.Compile(strings.ReplaceAll(m[3], `\"`, `"`))
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
			w.Col, _ = strconv.Atoi(pos[1])
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
