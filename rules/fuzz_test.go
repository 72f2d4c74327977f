package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
)

// fuzzNames are the file kinds a fuzzed input is loaded as, chosen by its
// first byte, beside a conda file and a Dockerfile it may reference.
var fuzzNames = []string{"environment.yml", "conda.yml", "azureml_environment.json", "requirements.txt", "Dockerfile", "job.yml"}

// FuzzRules runs every rule over fuzzed specs: no rule may panic (the
// runner would report "internal error in rule").
func FuzzRules(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*/*")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil || len(b) > 4096 {
			continue
		}
		for i, n := range fuzzNames {
			if strings.HasSuffix(s, n) || (n == "Dockerfile" && strings.Contains(filepath.Base(s), "Dockerfile")) {
				f.Add(byte(i), b)
			}
		}
	}
	all := All()
	f.Fuzz(func(t *testing.T, kind byte, src []byte) {
		dir := t.TempDir()
		name := fuzzNames[int(kind)%len(fuzzNames)]
		// Files a spec may point at, so references resolve.
		for n, body := range map[string]string{
			"conda.yml":        "channels: [conda-forge]\ndependencies:\n  - python=3.12\n",
			"ctx/Dockerfile":   "FROM python:3.12-slim\n",
			"requirements.txt": "numpy==1.26.4\n",
		} {
			p := filepath.Join(dir, n)
			_ = os.MkdirAll(filepath.Dir(p), 0o755)
			_ = os.WriteFile(p, []byte(body), 0o644)
		}
		prog, err := load.Load([]load.Input{{Path: filepath.Join(dir, name), Src: src, Explicit: true}}, load.Options{Root: dir, Cwd: dir})
		if err != nil {
			return
		}
		settings := lint.Settings{Severity: map[string]lint.Severity{}, Options: lint.Options{Today: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)}}
		for _, d := range lint.Run(prog, all, &settings) {
			if strings.Contains(d.Message, "internal error") {
				t.Fatalf("%s on %s: %s", d.RuleID, name, d.Message)
			}
		}
	})
}
