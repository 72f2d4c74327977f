package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/linttest"
	"github.com/mlenv-lint/mlenv-lint/internal/rulegen"
)

// companions are rules a rule needs beside it in its test: AML006 reports
// suppressions that other rules' findings did not use.
var companions = map[string][]*lint.Rule{
	"AML006": {AML406},
}

// TestRules runs every rule over testdata/ID/fire (which must produce the
// diagnostics written next to the offending lines) and testdata/ID/silent
// (which must produce none).
func TestRules(t *testing.T) {
	for _, r := range All() {
		t.Run(r.ID, func(t *testing.T) {
			rules := append([]*lint.Rule{r}, companions[r.ID]...)
			for _, kind := range []string{"fire", "silent"} {
				dir := filepath.Join("testdata", r.ID, kind)
				if _, err := os.Stat(dir); err != nil {
					t.Fatalf("missing %s: every rule needs a case that fires and one that stays silent", dir)
				}
				t.Run(kind, func(t *testing.T) {
					diags := linttest.Run(t, dir, rules...)
					fired := 0
					for _, d := range diags {
						if d.RuleID == r.ID {
							fired++
						}
					}
					if kind == "fire" && fired == 0 {
						t.Errorf("%s did not fire", r.ID)
					}
				})
			}
		})
	}
}

var (
	idRE   = regexp.MustCompile(`^AML\d{3}$`)
	nameRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

func TestRegistry(t *testing.T) {
	seenID, seenName := map[string]bool{}, map[string]bool{}
	prev := ""
	for _, r := range All() {
		if !idRE.MatchString(r.ID) || r.ID <= prev {
			t.Errorf("%s: IDs must look like AML123 and be in increasing order (after %s)", r.ID, prev)
		}
		prev = r.ID
		if !nameRE.MatchString(r.Name) || seenName[r.Name] || seenID[r.ID] {
			t.Errorf("%s: name %q must be unique kebab-case", r.ID, r.Name)
		}
		seenID[r.ID], seenName[r.Name] = true, true
		if r.Summary == "" || r.Run == nil || r.Severity == lint.Off {
			t.Errorf("%s: needs a summary, a Run and a default severity", r.ID)
		}
		if strings.TrimSpace(r.Doc) == "" || r.Bad.Src == "" || r.Good.Src == "" || r.Bad.Path == "" || r.Good.Path == "" {
			t.Errorf("%s: needs a doc (doc/%s.md) and a Bad and a Good example", r.ID, r.ID)
		}
		if ByID(r.ID) != r || ByID(strings.ToLower(r.Name)) != r {
			t.Errorf("%s: ByID does not find it", r.ID)
		}
	}
}

// TestRegistryComplete fails when a rule could be forgotten: the generated
// registry must list every rule file's rule (a stale registry_gen.go), and
// every testdata folder must belong to a registered rule.
func TestRegistryComplete(t *testing.T) {
	want, err := rulegen.Generate(".")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(rulegen.FileName)
	if err != nil || string(got) != string(want) {
		t.Errorf("%s is stale: run make docs", rulegen.FileName)
	}
	decls, err := rulegen.Scan(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range decls {
		if r := ByID(d.Name); r == nil || r.ID != d.Name {
			t.Errorf("%s declares %s, which All does not return (or whose ID field differs)", d.File, d.Name)
		}
	}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && ByID(e.Name()) == nil {
			t.Errorf("testdata/%s belongs to no registered rule", e.Name())
		}
	}
}
