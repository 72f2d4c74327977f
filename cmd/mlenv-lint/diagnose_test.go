package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/diagnose"
	"github.com/mlenv-lint/mlenv-lint/rules"
)

const notFoundLog = `#8 [3/4] RUN conda env create -f /tmp/conda.yml
#8 1.204 Collecting package metadata (repodata.json): ...working... done
#8 9.876 Solving environment: ...working... failed
#8 9.880
#8 9.880 PackagesNotFoundError: The following packages are not available from current channels:
#8 9.880
#8 9.880   - tensorflow-gpu==2.99
#8 9.880
#8 9.880 Current channels:
#8 9.880
#8 9.880   - https://conda.anaconda.org/conda-forge/linux-64
#8 ERROR: process "/bin/sh -c conda env create -f /tmp/conda.yml" did not complete successfully: exit code: 1
ERROR: failed to solve: process "/bin/sh -c conda env create -f /tmp/conda.yml" did not complete successfully: exit code: 1
`

var diagnoseSpec = map[string]string{
	"env.yml": "$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\n" +
		"name: tf\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\nconda_file: conda.yml\n",
	"conda.yml": "channels:\n  - conda-forge\ndependencies:\n  - python=3.12.7\n  - tensorflow-gpu==2.99\n  - pip=24.0\n  - pip:\n      - azureml-core==9.9.9\n",
	"build.log": notFoundLog,
	"ok.log":    "Step 1/2 : FROM x\nSuccessfully built 0123456789ab\nSuccessfully tagged env:latest\n",
}

func TestDiagnoseText(t *testing.T) {
	dir := writeFiles(t, diagnoseSpec)
	code, out, errOut := runApp(t, dir, "", nil, "diagnose", "build.log", "--spec", "env.yml")
	if code != exitFindings || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		`build.log: the build failed with exit code 1 in "conda env create -f /tmp/conda.yml"; 1 problem`,
		`1. error (certain): a conda package is not available from the channels: "tensorflow-gpu==2.99" [AML910 conda-package-not-found]`,
		`build.log:5: PackagesNotFoundError: The following packages are not available from current channels:`,
		`build.log:7: - tensorflow-gpu==2.99`,
		`spec: conda.yml:5:5: conda dependency "tensorflow-gpu==2.99"`,
		"fix: Check that every package exists",
		"docs: https://github.com/mlenv-lint/mlenv-lint/blob/main/docs/rules/AML910.md",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

func TestDiagnoseJSONAndStdin(t *testing.T) {
	dir := writeFiles(t, diagnoseSpec)
	code, out, _ := runApp(t, dir, notFoundLog, nil, "diagnose", "-f", "json", "--log-name", "ci.log", "--spec", "env.yml", "-")
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Version  int    `json:"version"`
		Log      string `json:"log"`
		Outcome  string `json:"outcome"`
		ExitCode int    `json:"exitCode"`
		Findings []struct {
			Rank     int      `json:"rank"`
			Rule     string   `json:"rule"`
			Subjects []string `json:"subjects"`
			Evidence []struct {
				Line int    `json:"line"`
				Text string `json:"text"`
			} `json:"evidence"`
			Related []struct {
				Location struct {
					Path string `json:"path"`
				} `json:"location"`
			} `json:"related"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.Version != 1 || doc.Log != "ci.log" || doc.Outcome != "failed" || doc.ExitCode != 1 || len(doc.Findings) != 1 {
		t.Fatalf("unexpected document: %+v", doc)
	}
	f := doc.Findings[0]
	if f.Rank != 1 || f.Rule != "AML910" || len(f.Evidence) < 2 || f.Evidence[0].Line != 5 ||
		len(f.Related) != 1 || f.Related[0].Location.Path != "conda.yml" {
		t.Errorf("unexpected finding: %+v", f)
	}
}

func TestDiagnoseSARIF(t *testing.T) {
	dir := writeFiles(t, diagnoseSpec)
	code, out, _ := runApp(t, dir, "", nil, "diagnose", "-f", "sarif", "build.log", "--spec", "env.yml")
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					Physical struct {
						Artifact struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.Runs[0].Results[0]
	if r.RuleID != "AML910" || r.Locations[0].Physical.Artifact.URI != "build.log" || r.Locations[0].Physical.Region.StartLine != 5 {
		t.Errorf("unexpected SARIF result: %+v", r)
	}
}

func TestDiagnoseGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(notFoundLog)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{"build.log.gz": buf.String(), "bad.gz": "\x1f\x8bnot really gzip"})
	code, out, _ := runApp(t, dir, "", nil, "diagnose", "build.log.gz")
	if code != exitFindings || !strings.Contains(out, "[AML910 conda-package-not-found]") || !strings.Contains(out, "build.log.gz:5:") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	// A compressed log cut short is diagnosed as far as it goes.
	cut := buf.Bytes()[:buf.Len()-12]
	if err := os.WriteFile(filepath.Join(dir, "cut.log.gz"), cut, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runApp(t, dir, "", nil, "diagnose", "cut.log.gz"); code != exitFindings || !strings.Contains(out, "AML910") {
		t.Errorf("cut gzip: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut := runApp(t, dir, "", nil, "diagnose", "bad.gz")
	if code != exitUsage || !strings.Contains(errOut, "gzip") {
		t.Errorf("corrupt gzip: exit %d, %q", code, errOut)
	}
}

func TestDiagnoseOutcomesAndErrors(t *testing.T) {
	dir := writeFiles(t, diagnoseSpec)
	tests := []struct {
		args   []string
		stdin  string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"diagnose", "ok.log"}, "", exitOK, "ok.log: the build succeeded; no documented problem found", ""},
		{[]string{"diagnose"}, "", exitOK, "build.log: the log is empty", ""},
		{[]string{"diagnose", "--fail-level", "none", "build.log"}, "", exitOK, "AML910", ""},
		{[]string{"diagnose", "--fail-level", "off", "build.log"}, "", exitOK, "AML910", ""}, // issue 9: one fail-level parser for lint and diagnose
		{[]string{"diagnose", "nope.log"}, "", exitUsage, "", "mlenv-lint: diagnose: open"},
		{[]string{"diagnose", "a.log", "b.log"}, "", exitUsage, "", "one log at a time"},
		{[]string{"diagnose", "-f", "xml", "build.log"}, "", exitUsage, "", "unknown format"},
		{[]string{"diagnose", "--spec", "missing.yml", "build.log"}, "", exitUsage, "", "--spec"},
		{[]string{"diagnose", "--fail-level", "loud", "build.log"}, "", exitUsage, "", "--fail-level"},
		{[]string{"diagnose", "."}, "", exitUsage, "", "is a directory"},
		{[]string{"diagnose", "--spec", ".", "build.log"}, "", exitFindings, "spec: conda.yml:5:5", ""},
	}
	for _, tc := range tests {
		code, out, errOut := runApp(t, dir, tc.stdin, nil, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errOut, tc.stderr) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, code, out, errOut)
		}
		if tc.code == exitUsage && strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: want one line on stderr, got %q", tc.args, errOut)
		}
	}
}

// TestDiagnoseDefinitionProblem: a pasted service error that rejects the
// definition is reported under the lint rule's ID and, with --spec, points
// at the line that rule finds.
func TestDiagnoseDefinitionProblem(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"env.yml": "$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\n" +
			"name: AzureML-my-env\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\n",
		"service.log": "azure.core.exceptions.HttpResponseError: (UserError) Curated prefix not allowed: the environment name starts with AzureML\n",
	})
	code, out, errOut := runApp(t, dir, "", nil, "diagnose", "service.log", "--spec", "env.yml")
	if code != exitFindings || errOut != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	for _, want := range []string{"[AML101 curated-prefix]", "spec: env.yml:2:7:", "docs/rules/AML101.md"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	// SARIF describes the finding with the lint rule's own metadata.
	_, out, _ = runApp(t, dir, "", nil, "diagnose", "-f", "sarif", "service.log", "--spec", "env.yml")
	for _, want := range []string{`"id": "AML101"`, `"name": "CuratedPrefix"`, `"confidence": "certain"`} {
		if !strings.Contains(out, want) {
			t.Errorf("sarif: missing %q in:\n%s", want, out)
		}
	}
}

// TestDefinitionRulesMatchRegistry: the lint rules diagnose names for
// service-reported definition problems exist, under those names and
// severities.
func TestDefinitionRulesMatchRegistry(t *testing.T) {
	for _, d := range diagnose.DefinitionRules() {
		r := rules.ByID(d.ID)
		if r == nil {
			t.Errorf("%s: no such lint rule", d.ID)
			continue
		}
		if r.Name != d.Name || r.Severity != d.Severity {
			t.Errorf("%s: diagnose says %s/%s, the rule is %s/%s", d.ID, d.Name, d.Severity, r.Name, r.Severity)
		}
	}
}

// TestDiagnoseSpecHonoursIgnore is the regression test for issue 9:
// diagnose --spec goes through the lint pipeline, so a spec the
// configuration ignores is not mapped to.
func TestDiagnoseSpecHonoursIgnore(t *testing.T) {
	files := map[string]string{".mlenv-lint.yaml": "ignore:\n  - \"*.yml\"\n"}
	for k, v := range diagnoseSpec {
		files[k] = v
	}
	dir := writeFiles(t, files)
	code, out, errOut := runApp(t, dir, "", nil, "diagnose", "build.log", "--spec", ".")
	if code != exitFindings || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if strings.Contains(out, "spec: conda.yml") {
		t.Errorf("an ignored spec was mapped to:\n%s", out)
	}
	if code, _, errOut := runApp(t, dir, "", nil, "diagnose", "build.log", "--spec", "-"); code != exitUsage || !strings.Contains(errOut, "--spec") {
		t.Errorf("--spec -: exit %d, stderr %q", code, errOut)
	}
}
