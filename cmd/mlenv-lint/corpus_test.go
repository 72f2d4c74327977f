package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// corpusDir is the shared folder of real environment files.
func corpusDir(t testing.TB) string {
	dir, err := filepath.Abs("../../../shared/corpus")
	if err == nil {
		if _, err = os.Stat(dir); err == nil {
			return dir
		}
	}
	t.Skipf("corpus not found at %s: skipping the corpus run", dir)
	return ""
}

// TestCorpus lints every file of the shared corpus: no crash, no internal
// error, and no syntax error, since the service accepts these files.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	a := &app{cwd: dir, getenv: func(string) string { return "" }}
	run, err := a.lint([]string{dir}, &lintFlags{noConfig: true, root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(run.prog.Files) < 300 {
		t.Errorf("only %d corpus files recognised", len(run.prog.Files))
	}
	counts := map[string]int{}
	templates := 0
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
			t.Errorf("syntax error on a file the service accepts: %s:%d:%d: %s", d.Loc.Path, d.Loc.Range.Start.Line, d.Loc.Range.Start.Col, d.Message)
		}
		if d.Severity == lint.Error && d.Loc.Range.Start.Line == 0 {
			t.Errorf("diagnostic without a position: %+v", d)
		}
	}
	if templates > 8 {
		t.Errorf("%d template placeholder findings; expected the 8 known template files", templates)
	}
	t.Logf("%d files, %d diagnostics by rule: %v", len(run.prog.Files), len(run.diags), counts)
}
