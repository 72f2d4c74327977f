package main

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// The corpus check (issue 12), in the manner of ruff's ecosystem check and
// mypy_primer: every public repository under ../shared/corpus is linted on
// its own, as `mlenv-lint .` inside it would, and the findings are compared
// with a reviewed snapshot, one file per corpus in testdata/corpus. A change
// in findings fails with a unified diff; `make corpus-update` rewrites the
// snapshots, which are committed only after every added and removed finding
// was reviewed (docs/corpus-review.md).
//
// Environment:
//   - MLENV_CORPUS: the corpus directory (default: ../shared/corpus next to
//     the repository);
//   - MLENV_REQUIRE_CORPUS=1: a missing corpus fails instead of skipping
//     (make corpus-check sets it);
//   - MLENV_CORPUS_UPDATE=1: rewrite the snapshots instead of comparing.

const snapshotDir = "../../testdata/corpus"

// corpusDay is the day the snapshots were measured: rules that judge dates
// (Python end of life, AML304/AML305) see this day, so that the check does
// not change on its own when a Python release reaches its end of life.
var corpusDay = time.Date(2026, time.December, 1, 0, 0, 0, 0, time.UTC)

// corpusDir is the shared folder of real repositories.
func corpusDir(t testing.TB) string {
	dir := os.Getenv("MLENV_CORPUS")
	if dir == "" {
		dir = "../../../shared/corpus"
	}
	abs, err := filepath.Abs(dir)
	if err == nil {
		if _, err = os.Stat(abs); err == nil {
			return abs
		}
	}
	if os.Getenv("MLENV_REQUIRE_CORPUS") == "1" {
		t.Fatalf("corpus not found at %s (MLENV_REQUIRE_CORPUS=1): %v", abs, err)
	}
	t.Skipf("corpus not found at %s: skipping the corpus run", abs)
	return ""
}

// corpusRun is one repository of the corpus, linted from inside it.
type corpusRun struct {
	name string // the directory's name, e.g. azureml-examples
	*lintRun
}

// lintCorpora lints every repository of the corpus as its own project:
// the repository is the working directory and the root, no configuration.
func lintCorpora(t *testing.T) []corpusRun {
	t.Helper()
	dir := corpusDir(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var runs []corpusRun
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		repo := filepath.Join(dir, e.Name())
		a := &app{cwd: repo, getenv: func(string) string { return "" }, now: func() time.Time { return corpusDay }}
		run, err := a.lint([]string{"."}, &lintFlags{noConfig: true, root: repo})
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		runs = append(runs, corpusRun{name: e.Name(), lintRun: run})
	}
	if len(runs) == 0 {
		t.Fatalf("no repositories in %s", dir)
	}
	return runs
}

// TestCorpus checks the invariants that hold on any real input: no crash,
// no internal error, no syntax error on a file the service accepts, and
// every error has a position, and every Dockerfile's AML001 findings agree
// with BuildKit's parser.
func TestCorpus(t *testing.T) {
	files := 0
	counts := map[string]int{}
	templates := 0
	for _, run := range lintCorpora(t) {
		checkDockerfilesAgainstBuildKit(t, run)
		files += len(run.prog.Files)
		for _, d := range run.diags {
			counts[d.RuleID]++
			// Some examples are templates with {{PLACEHOLDERS}} that their
			// scripts render before az ml reads them: as committed they are not
			// valid YAML, and saying so (with the placeholder) is right.
			if d.RuleID == "AML001" && strings.Contains(d.Message, "template placeholder") {
				templates++
				continue
			}
			if d.RuleID == "AML001" {
				t.Errorf("%s: syntax error on a file the service accepts: %s:%d:%d: %s", run.name, d.Loc.Path, d.Loc.Range.Start.Line, d.Loc.Range.Start.Col, d.Message)
			}
			if d.Severity == lint.Error && d.Loc.Range.Start.Line == 0 {
				t.Errorf("%s: diagnostic without a position: %+v", run.name, d)
			}
		}
	}
	if files < 300 {
		t.Errorf("only %d corpus files recognised", files)
	}
	if templates > 8 {
		t.Errorf("%d template placeholder findings; expected the 8 known template files", templates)
	}
	t.Logf("%d files, diagnostics by rule: %v", files, counts)
}

// TestCorpusSnapshot compares each repository's findings with its reviewed
// snapshot.
func TestCorpusSnapshot(t *testing.T) {
	runs := lintCorpora(t)
	update := os.Getenv("MLENV_CORPUS_UPDATE") == "1"
	seen := map[string]bool{}
	for _, run := range runs {
		path := filepath.Join(snapshotDir, run.name+".txt")
		seen[filepath.Base(path)] = true
		got := renderSnapshot(run.name, run.diags)
		want, err := os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if string(want) == got {
			continue
		}
		if update {
			if err := os.MkdirAll(snapshotDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			added, removed := countChanges(string(want), got)
			t.Logf("%s: snapshot rewritten (+%d -%d findings); review `git diff %s` before committing", run.name, added, removed, filepath.Join("testdata/corpus", run.name+".txt"))
			continue
		}
		t.Errorf("findings on corpus %s changed (%s):\n%s\n"+
			"Review every added (+) and removed (-) finding. When each is right, run `make corpus-update`,\n"+
			"write the judgement calls in docs/corpus-review.md and commit them with testdata/corpus/%s.txt.",
			run.name, changeSummary(string(want), got), limitLines(unifiedDiff("testdata/corpus/"+run.name+".txt", string(want), got, 3), 300), run.name)
	}
	stale, err := filepath.Glob(filepath.Join(snapshotDir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range stale {
		if seen[filepath.Base(p)] {
			continue
		}
		if update {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: removed (no such corpus)", p)
			continue
		}
		t.Errorf("snapshot %s has no corpus repository; `make corpus-update` removes it", p)
	}
}

// renderSnapshot is the snapshot text of one repository: a header, then one
// line per finding in the text output's layout, ordered by file, line,
// column, rule and message.
func renderSnapshot(name string, diags []lint.Diagnostic) string {
	ds := slices.Clone(diags)
	slices.SortStableFunc(ds, func(a, b lint.Diagnostic) int {
		return cmp.Or(
			cmp.Compare(filepath.ToSlash(a.Loc.Path), filepath.ToSlash(b.Loc.Path)),
			cmp.Compare(a.Loc.Range.Start.Line, b.Loc.Range.Start.Line),
			cmp.Compare(a.Loc.Range.Start.Col, b.Loc.Range.Start.Col),
			cmp.Compare(a.RuleID, b.RuleID),
			cmp.Compare(a.Message, b.Message))
	})
	var b strings.Builder
	fmt.Fprintf(&b, "# mlenv-lint findings on the corpus repository %s (../shared/corpus/%s), %d in all.\n", name, name, len(ds))
	b.WriteString("# Generated by `make corpus-update`; commit a change only after reviewing each added and\n")
	b.WriteString("# removed line, with the judgement calls in docs/corpus-review.md.\n")
	for _, d := range ds {
		pos := filepath.ToSlash(d.Loc.Path)
		if d.Loc.Range.Start.Line > 0 {
			pos = fmt.Sprintf("%s:%d:%d", pos, d.Loc.Range.Start.Line, d.Loc.Range.Start.Col)
		}
		msg := strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(d.Message)
		fmt.Fprintf(&b, "%s: %s: %s [%s]\n", pos, d.Severity, msg, d.RuleID)
	}
	return b.String()
}

// findingLines are the finding lines of a snapshot (not its header).
func findingLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// ruleOf is the rule ID at the end of a finding line.
func ruleOf(line string) string {
	i := strings.LastIndex(line, " [")
	if i < 0 || !strings.HasSuffix(line, "]") {
		return "?"
	}
	return line[i+2 : len(line)-1]
}

// delta is how many findings of one rule a change added and removed.
type delta struct{ added, removed int }

// changes compares two snapshots' findings as multisets, per rule; a finding
// that moved counts once each way.
func changes(want, got string) map[string]*delta {
	count := map[string]int{}
	for _, l := range findingLines(want) {
		count[l]--
	}
	for _, l := range findingLines(got) {
		count[l]++
	}
	per := map[string]*delta{}
	for l, n := range count {
		if n == 0 {
			continue
		}
		d := per[ruleOf(l)]
		if d == nil {
			d = &delta{}
			per[ruleOf(l)] = d
		}
		if n > 0 {
			d.added += n
		} else {
			d.removed -= n
		}
	}
	return per
}

// countChanges is the number of findings added and removed in all.
func countChanges(want, got string) (added, removed int) {
	for _, d := range changes(want, got) {
		added += d.added
		removed += d.removed
	}
	return added, removed
}

// changeSummary is "+3 -1 findings; AML202 +1 -1, AML406 +2".
func changeSummary(want, got string) string {
	per := changes(want, got)
	ids := make([]string, 0, len(per))
	for id := range per {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		s := id
		if d := per[id]; d.added > 0 {
			s += fmt.Sprintf(" +%d", d.added)
		}
		if d := per[id]; d.removed > 0 {
			s += fmt.Sprintf(" -%d", d.removed)
		}
		parts = append(parts, s)
	}
	added, removed := countChanges(want, got)
	return fmt.Sprintf("+%d -%d findings; %s", added, removed, strings.Join(parts, ", "))
}

// unifiedDiff is a unified diff of two texts by lines, with ctx lines of
// context around each change, from a longest common subsequence.
func unifiedDiff(name, a, b string, ctx int) string {
	x, y := splitLines(a), splitLines(b)
	ops := diffLines(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s (reviewed)\n+++ %s (now)\n", name, name)
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk: from ctx lines before this change to ctx lines after the
		// last change that is at most 2*ctx lines from the previous one.
		start := max(i-ctx, 0)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j
			} else if j-end > 2*ctx {
				break
			}
		}
		stop := min(end+ctx+1, len(ops))
		ax, bx, an, bn := ops[start].ax, ops[start].bx, 0, 0
		for _, op := range ops[start:stop] {
			if op.kind != '+' {
				an++
			}
			if op.kind != '-' {
				bn++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(ax, an), hunkRange(bx, bn))
		for _, op := range ops[start:stop] {
			out.WriteByte(op.kind)
			out.WriteString(op.line)
			out.WriteByte('\n')
		}
		i = stop
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// diffOp is one line of an edit script; ax and bx are the 0-based line
// numbers in each text where the op stands.
type diffOp struct {
	kind   byte // ' ', '-' or '+'
	line   string
	ax, bx int
}

// diffLines is an edit script from x to y, by dynamic programming over the
// lines between the common prefix and suffix (snapshots are a few thousand
// lines; the middle that changed is small).
func diffLines(x, y []string) []diffOp {
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	// lcs[i][j] is the LCS length of mx[i:] and my[j:].
	lcs := make([][]int32, len(mx)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(my)+1)
	}
	for i := len(mx) - 1; i >= 0; i-- {
		for j := len(my) - 1; j >= 0; j-- {
			if mx[i] == my[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []diffOp
	for i := range pre {
		ops = append(ops, diffOp{' ', x[i], i, i})
	}
	i, j := 0, 0
	for i < len(mx) || j < len(my) {
		switch {
		case i < len(mx) && j < len(my) && mx[i] == my[j]:
			ops = append(ops, diffOp{' ', mx[i], pre + i, pre + j})
			i++
			j++
		case i < len(mx) && (j == len(my) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, diffOp{'-', mx[i], pre + i, pre + j})
			i++
		default:
			ops = append(ops, diffOp{'+', my[j], pre + i, pre + j})
			j++
		}
	}
	for k := range suf {
		ops = append(ops, diffOp{' ', x[len(x)-suf+k], len(x) - suf + k, len(y) - suf + k})
	}
	return ops
}

// limitLines keeps the first n lines of s and says how many were left off.
func limitLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "") + fmt.Sprintf("… %d more lines: run `make corpus-update` and read `git diff testdata/corpus`\n", len(lines)-n)
}

// checkDockerfilesAgainstBuildKit holds every Dockerfile's AML001 findings
// to BuildKit's own parser: a Dockerfile that BuildKit's line parser and
// instruction parser accept has none, and one they reject has an AML001
// that carries BuildKit's error. A file without FROM is a fragment (SDK v1
// extra Docker steps), which BuildKit alone cannot judge.
func checkDockerfilesAgainstBuildKit(t *testing.T, run corpusRun) {
	t.Helper()
	syntax := map[string][]string{}
	for _, d := range run.diags {
		if d.RuleID == "AML001" {
			syntax[d.Loc.Path] = append(syntax[d.Loc.Path], d.Message)
		}
	}
	for _, df := range run.prog.Dockerfiles {
		if df.Virtual {
			continue
		}
		path := df.File.Path
		res, err := parser.Parse(bytes.NewReader(df.File.Src))
		if err == nil && !slices.ContainsFunc(res.AST.Children, func(n *parser.Node) bool { return strings.EqualFold(n.Value, "from") }) {
			continue // a fragment
		}
		if err == nil {
			_, _, err = instructions.Parse(res.AST, nil)
		}
		got := syntax[path]
		switch {
		case err == nil && len(got) > 0:
			t.Errorf("%s: %s: AML001 on a Dockerfile BuildKit accepts: %q", run.name, path, got)
		case err != nil && !slices.ContainsFunc(got, func(m string) bool { return strings.Contains(m, err.Error()) }):
			t.Errorf("%s: %s: BuildKit rejects it (%v) but no AML001 says so (got %q)", run.name, path, err, got)
		}
	}
}
