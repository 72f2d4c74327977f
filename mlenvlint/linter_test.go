package mlenvlint_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
	"github.com/mlenv-lint/mlenv-lint/mlenvlint"
)

func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := testfs.Temp(t, files)
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func ids(res *mlenvlint.Result) string {
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, d.RuleID+"@"+d.Loc.Path)
	}
	return strings.Join(out, " ")
}

var files = map[string]string{
	"env.yml":          "$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\nname: e\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\nconda_file: conda.yml\n",
	"conda.yml":        "channels:\n  - conda-forge\ndependencies:\n  - python=3.11.9\n  - pip=24.0\n  - pip:\n    - requests\n",
	"other/.keep":      "",
	"skip/env.yml":     "name: s\nimage: python\n",
	".mlenv-lint.yaml": "ignore:\n  - skip/\n",
}

func TestLintFiles(t *testing.T) {
	dir := project(t, files)
	tests := []struct {
		name    string
		opts    mlenvlint.Options
		paths   []string
		want    string
		wantErr string
	}{
		{"directory, config ignore", mlenvlint.Options{}, nil, "AML406@conda.yml", ""},
		{"explicit ignored path", mlenvlint.Options{}, []string{"skip/env.yml"}, "", ""},
		{"no config", mlenvlint.Options{NoConfig: true}, []string{"."}, "AML406@conda.yml AML202@skip/env.yml", ""},
		{"disable", mlenvlint.Options{Disable: []string{"unpinned-pip-dependency"}}, nil, "", ""},
		{"only", mlenvlint.Options{NoConfig: true, Only: []string{"AML202"}}, nil, "AML202@skip/env.yml", ""},
		{"unknown rule", mlenvlint.Options{Only: []string{"AML40"}}, nil, "", `--only: unknown rule "AML40"`},
		{"missing path", mlenvlint.Options{}, []string{"nope.yml"}, "", "nope.yml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Cwd = dir
			tt.opts.Now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			l, err := mlenvlint.New(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			res, err := l.LintFiles(tt.paths)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := ids(res)
			for _, w := range strings.Fields(tt.want) {
				if !strings.Contains(" "+got+" ", " "+w+" ") {
					t.Errorf("missing %s in %q", w, got)
				}
			}
			if tt.want == "" && got != "" {
				t.Errorf("got %q, want nothing", got)
			}
		})
	}
}

func TestLintStdinAndReport(t *testing.T) {
	dir := project(t, files)
	l, err := mlenvlint.New(mlenvlint.Options{Cwd: dir, ToolVersion: "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := l.LintStdin([]byte("numpy\n"), "requirements.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); got != "AML406@requirements.txt" {
		t.Errorf("stdin: %q", got)
	}
	var b bytes.Buffer
	if err := l.Report(&b, res, mlenvlint.ReportOptions{Format: "sarif"}); err != nil {
		t.Fatal(err)
	}
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Version string } `json:"driver"`
			} `json:"tool"`
			Results []struct{ RuleID string } `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &sarif); err != nil {
		t.Fatal(err)
	}
	if len(sarif.Runs) != 1 || sarif.Runs[0].Tool.Driver.Version != "1.2.3" || len(sarif.Runs[0].Results) != 1 || sarif.Runs[0].Results[0].RuleID != "AML406" {
		t.Errorf("sarif = %+v", sarif)
	}
	if _, err := mlenvlint.New(mlenvlint.Options{Cwd: "relative"}); err == nil {
		t.Error("a relative Cwd must be refused")
	}
}

func TestLoadAppliesIgnore(t *testing.T) {
	dir := project(t, files)
	l, err := mlenvlint.New(mlenvlint.Options{Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	prog, cfg, err := l.Load([]string{"."})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path == "" {
		t.Error("the configuration was not found")
	}
	for _, f := range prog.Files {
		if strings.HasPrefix(f.Path, "skip/") {
			t.Errorf("ignored file loaded: %s", f.Path)
		}
	}
	if prog.File("env.yml") == nil {
		t.Errorf("env.yml not loaded: %d files", len(prog.Files))
	}
}
