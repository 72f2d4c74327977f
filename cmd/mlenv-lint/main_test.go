package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
)

// runApp runs the CLI in-process in dir and returns exit code, stdout, stderr.
func runApp(t *testing.T, dir string, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := &app{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return env[k] }, cwd: dir,
	}
	code := a.main(context.Background(), args)
	return code, out.String(), errOut.String()
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	// A .git marker makes dir the project root.
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	testfs.Write(t, dir, files)
	return dir
}

// acceptance is the foundation issue's acceptance spec.
var acceptance = map[string]string{
	"env.yml": "name: AzureML-mine\n" +
		"image: mcr.microsoft.com/azureml/base\n" +
		"conda_file: conda.yml\n",
	"conda.yml": "channels:\n  - conda-forge\ndependencies:\n  - python=3.11.9\n  - pip=24.0\n  - pip:\n      - numpy\n",
}

var lineRE = regexp.MustCompile(`(?m)^(\S+):(\d+):(\d+): (error|warning|info): .*\[(AML\d+)\]$`)

func TestAcceptanceText(t *testing.T) {
	dir := writeFiles(t, acceptance)
	code, out, errOut := runApp(t, dir, "", nil, "env.yml")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr=%s", code, errOut)
	}
	got := map[string]bool{}
	for _, m := range lineRE.FindAllStringSubmatch(out, -1) {
		got[m[1]+":"+m[2]+":"+m[3]+" "+m[5]] = true
	}
	for _, want := range []string{
		"env.yml:1:7 AML101",
		"env.yml:2:8 AML201",
		"conda.yml:7:9 AML406",
	} {
		if !got[want] {
			t.Errorf("missing %s in output:\n%s", want, out)
		}
	}
	// The retired image's fix is moving off it (AML201), so AML202's "pin
	// a tag" is not given at the same place: one problem, one finding.
	if got["env.yml:2:8 AML202"] {
		t.Errorf("AML202 next to AML201 on a retired image:\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}
}

func TestAcceptanceJSONAndSARIF(t *testing.T) {
	dir := writeFiles(t, acceptance)
	code, out, _ := runApp(t, dir, "", nil, "--format", "json", "env.yml")
	if code != exitFindings {
		t.Fatalf("json: exit %d", code)
	}
	var doc struct {
		Version     int `json:"version"`
		Diagnostics []struct {
			Rule     string `json:"rule"`
			Location struct {
				Path  string `json:"path"`
				Range struct {
					Start struct{ Line, Column int } `json:"start"`
				} `json:"range"`
			} `json:"location"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json output does not parse: %v\n%s", err, out)
	}
	rules := map[string]bool{}
	for _, d := range doc.Diagnostics {
		rules[d.Rule] = true
	}
	for _, id := range []string{"AML101", "AML201", "AML406"} {
		if !rules[id] {
			t.Errorf("json: missing %s", id)
		}
	}
	code, out, _ = runApp(t, dir, "", nil, "-f", "sarif", "env.yml")
	if code != exitFindings || !strings.Contains(out, `"version": "2.1.0"`) || !strings.Contains(out, `"ruleId": "AML406"`) {
		t.Errorf("sarif: exit %d\n%s", code, out)
	}
}

func TestExitCodesAndUsageErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"good/env.yml":   "name: fine\nimage: python:3.12.7\n",
		"bad/env.yml":    "name: AzureML-x\nimage: python:3.12.7\n",
		"unpinned/c.yml": "channels: [conda-forge]\ndependencies:\n  - python=3.11.9\n  - pip=24.0\n  - pip: [numpy]\n",
	})
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"clean", []string{"good"}, exitOK, ""},
		{"findings", []string{"bad"}, exitFindings, ""},
		{"fail level error ignores warnings", []string{"--fail-level", "error", "unpinned"}, exitOK, ""},
		{"fail level none", []string{"--fail-level=none", "bad"}, exitOK, ""},
		{"fail level off (the same parser as diagnose)", []string{"--fail-level=off", "bad"}, exitOK, ""},
		{"disable rule", []string{"--disable", "AML101", "bad"}, exitOK, ""},
		{"bad flag", []string{"--frobnicate"}, exitUsage, "unknown flag: --frobnicate"},
		{"bad format", []string{"-f", "xml", "good"}, exitUsage, `unknown format "xml"`},
		{"missing path", []string{"nope.yml"}, exitUsage, "nope.yml: no such file or directory"},
		{"unknown rule", []string{"--disable", "AML4O6", "good"}, exitUsage, "did you mean AML406?"},
		{"explain unknown", []string{"explain", "AML4O6"}, exitUsage, "did you mean AML406?"},
		{"explain nothing", []string{"explain"}, exitUsage, "give a rule ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runApp(t, dir, "", nil, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", errOut, tt.stderr)
			}
			if strings.Count(strings.TrimSpace(errOut), "\n") > 0 || strings.Contains(errOut, "goroutine") {
				t.Errorf("stderr is not one clear line: %q", errOut)
			}
		})
	}
}

func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions do not stop reads")
	}
	dir := writeFiles(t, map[string]string{"env.yml": "image: x:1\n"})
	if err := os.Chmod(filepath.Join(dir, "env.yml"), 0); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runApp(t, dir, "", nil, "env.yml")
	if code != exitUsage || !strings.Contains(errOut, "permission denied") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestStdin(t *testing.T) {
	dir := writeFiles(t, map[string]string{"conda.yml": "channels: [conda-forge]\ndependencies:\n  - python=3.11.9\n  - pip=24.0\n  - pip: [numpy==1.26.4]\n"})
	// The editor sends the unsaved buffer; the file on disk is clean.
	code, out, errOut := runApp(t, dir, "name: AzureML-x\nimage: python\n", nil, "--stdin-filename", "sub/env.yml", "-f", "json")
	if code != exitFindings {
		t.Fatalf("exit %d stderr %s", code, errOut)
	}
	if !strings.Contains(out, `"path": "sub/env.yml"`) || !strings.Contains(out, "AML101") {
		t.Errorf("stdin not linted under its name:\n%s", out)
	}
	code, out, _ = runApp(t, dir, "numpy\n", nil, "--stdin-filename", "requirements.txt")
	if code != exitFindings || !strings.Contains(out, "requirements.txt:1:1") {
		t.Errorf("requirements from stdin: exit %d\n%s", code, out)
	}
}

func TestGarbageInputIsADiagnostic(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"binary/environment.yml":  "\x00\x01\x02\xff\xfe garbage \x00",
		"empty/environment.yml":   "",
		"badutf8/environment.yml": "name: caf\xe9\nimage: x:1\n",
		"bigdocker/Dockerfile":    "FROM python:3.11.9\n" + strings.Repeat("RUN echo "+strings.Repeat("x", 90)+"\n", 1600),
		"typo/environment.yml":    "name: x\nimgae: python:3.11.9\n",
	})
	tests := []struct {
		path, rule string
	}{
		{"binary/environment.yml", "AML001"},
		{"empty/environment.yml", "AML001"},
		{"badutf8/environment.yml", "AML001"},
		{"bigdocker/Dockerfile", "AML118"},
		{"typo/environment.yml", "AML002"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			code, out, errOut := runApp(t, dir, "", nil, tt.path)
			if code != exitFindings || !strings.Contains(out, "["+tt.rule+"]") {
				t.Errorf("exit %d, want %s; stdout:\n%s\nstderr: %s", code, tt.rule, out, errOut)
			}
		})
	}
	_, out, _ := runApp(t, dir, "", nil, "typo/environment.yml")
	if !strings.Contains(out, `"image"`) {
		t.Errorf("AML002 should suggest image:\n%s", out)
	}
}

func TestConfigAndSuppression(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".mlenv-lint.yaml": "rules:\n  AML101: off\nignore:\n  - legacy/\n",
		"env.yml":          "name: AzureML-x\nimage: python:3.11.9\n",
		"legacy/env.yml":   "name: x\nimage: mcr.microsoft.com/azureml/base\n",
		"requirements.txt": "numpy  # mlenv-lint: disable=AML406\n# mlenv-lint: disable=unpinned-pip-dependency\npandas\nscipy==1.13.1  # mlenv-lint: disable=AML406\n",
	})
	code, out, errOut := runApp(t, dir, "", nil, ".")
	if !strings.Contains(out, "requirements.txt:4:") || !strings.Contains(out, "AML006") {
		t.Errorf("the unused suppression on line 4 should be reported:\n%s", out)
	}
	if strings.Contains(out, "AML101") || strings.Contains(out, "legacy") || strings.Contains(out, "[AML406]") {
		t.Errorf("config or suppressions not applied (exit %d):\n%s\n%s", code, out, errOut)
	}
	code, _, errOut = runApp(t, dir, "", nil, "--config", "nope.yaml", ".")
	if code != exitUsage || !strings.Contains(errOut, "nope.yaml") {
		t.Errorf("missing --config: exit %d %q", code, errOut)
	}
}

func TestRulesExplainVersion(t *testing.T) {
	code, out, _ := runApp(t, t.TempDir(), "", nil, "rules")
	if code != exitOK || !strings.Contains(out, "AML406") || !strings.Contains(out, "unpinned-pip-dependency") {
		t.Errorf("rules: %d\n%s", code, out)
	}
	code, out, _ = runApp(t, t.TempDir(), "", nil, "explain", "deprecated-base-image")
	if code != exitOK || !strings.HasPrefix(out, "# AML201") {
		t.Errorf("explain: %d\n%s", code, out)
	}
	code, out, _ = runApp(t, t.TempDir(), "", nil, "version")
	if code != exitOK || !strings.HasPrefix(out, "mlenv-lint ") {
		t.Errorf("version: %d\n%s", code, out)
	}
	code, out, _ = runApp(t, t.TempDir(), "", nil, "lint", "--help")
	if code != exitOK || !strings.Contains(out, "--fail-level") {
		t.Errorf("lint --help: %d\n%s", code, out)
	}
}
