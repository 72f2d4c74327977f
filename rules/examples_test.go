package rules

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/config"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/linttest"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
)

// lintExample writes an example (and the files it needs) into a fresh
// project and runs rule r, with its companions, over it.
func lintExample(t *testing.T, r *lint.Rule, ex lint.Example) []lint.Diagnostic {
	t.Helper()
	files := map[string]string{ex.Path: ex.Text()}
	for p, src := range ex.Files {
		files[p] = strings.TrimLeft(src, "\n")
	}
	dir := testfs.Temp(t, files)
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	rules := append([]*lint.Rule{r}, companions[r.ID]...)
	settings := &lint.Settings{Options: lint.Options{Today: linttest.Today}}
	var inputs []load.Input
	for p := range files {
		if slices.Contains(config.FileNames, p) {
			cfg, err := config.Load(filepath.Join(dir, p), rules)
			if err != nil {
				t.Fatal(err)
			}
			settings.Options = cfg.Settings(linttest.Today).Options
			continue
		}
		inputs = append(inputs, load.Input{Path: filepath.Join(dir, p), Explicit: true})
	}
	slices.SortFunc(inputs, func(a, b load.Input) int { return strings.Compare(a.Path, b.Path) })
	prog, err := load.Load(inputs, load.Options{Root: dir, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	if f := prog.File(ex.Path); f == nil || (f.Kind == ir.KindUnknown && len(f.Syntax) == 0) {
		t.Fatalf("the example %s is not recognised as a spec", ex.Path)
	}
	return lint.Run(prog, rules, settings)
}

// TestExamples: every rule's Bad example makes it fire, on the example's
// own file, and its Good example leaves it silent. The examples are what
// the rule pages show.
func TestExamples(t *testing.T) {
	for _, r := range All() {
		t.Run(r.ID, func(t *testing.T) {
			fired := 0
			for _, d := range lintExample(t, r, r.Bad) {
				if d.RuleID == r.ID && d.Loc.Path == r.Bad.Path {
					fired++
				}
			}
			if fired == 0 {
				t.Errorf("the Bad example (%s) does not make %s fire", r.Bad.Path, r.ID)
			}
			for _, d := range lintExample(t, r, r.Good) {
				if d.RuleID == r.ID {
					t.Errorf("the Good example (%s) makes %s fire: %s:%d: %s", r.Good.Path, r.ID, d.Loc.Path, d.Loc.Range.Start.Line, d.Message)
				}
			}
		})
	}
}

// TestDocFiles: every page prose file belongs to a rule.
func TestDocFiles(t *testing.T) {
	entries, err := docFiles.ReadDir("doc")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if r := ByID(strings.TrimSuffix(e.Name(), ".md")); r == nil || !strings.HasSuffix(e.Name(), ".md") {
			t.Errorf("doc/%s belongs to no rule", e.Name())
		}
	}
}
