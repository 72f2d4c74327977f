package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/diagnose"
)

var update = flag.Bool("update", false, "rewrite golden files")

func rng(l1, c1, l2, c2 int) ir.Range {
	return ir.Range{Start: ir.Pos{Line: l1, Col: c1}, End: ir.Pos{Line: l2, Col: c2}}
}

// fixture is a small program's worth of diagnostics covering every feature
// the reporters render: severities, related locations, fixes, unicode,
// tabs, a file outside the root and a security rule.
func fixture() ([]lint.Diagnostic, Options) {
	env := &ir.File{Path: "envs/env.yml", Abs: "/proj/envs/env.yml", Src: []byte("name: AzureML-é\nimage: mcr.microsoft.com/azureml/base\nimgae: x\n")}
	req := &ir.File{Path: "requirements.txt", Abs: "/proj/requirements.txt", Src: []byte("\tnumpy  # 数学\n")}
	rules := []*lint.Rule{
		{ID: "AML002", Name: "unknown-field", Summary: "Unknown key", Severity: lint.Error, Doc: "Doc for AML002.\n\n## Bad\n\n```yaml\nimgae: x\n```", Tags: []string{"correctness"}, Run: func(*lint.Pass) {}},
		{ID: "AML101", Name: "curated-prefix", Summary: "Curated prefix", Severity: lint.Error, Doc: "Doc for AML101.", Run: func(*lint.Pass) {}},
		{ID: "AML116", Name: "secret-in-definition", Summary: "A secret in a spec", Severity: lint.Error, Doc: "Doc.", Tags: []string{"security"}, SecuritySeverity: "8.0", Run: func(*lint.Pass) {}},
		{ID: "AML201", Name: "deprecated-base-image", Summary: "Deprecated image", Severity: lint.Warning, Doc: "Doc for AML201.", Run: func(*lint.Pass) {}},
		{ID: "AML406", Name: "unpinned-pip-dependency", Summary: "Unpinned pip", Severity: lint.Warning, Doc: "Doc for AML406.", Run: func(*lint.Pass) {}},
	}
	diags := []lint.Diagnostic{
		{RuleID: "AML101", RuleName: "curated-prefix", Severity: lint.Error, Message: `environment name "AzureML-é" starts with "AzureML"`, Loc: env.Loc(rng(1, 7, 1, 16))},
		{RuleID: "AML201", RuleName: "deprecated-base-image", Severity: lint.Warning, Message: "base image is deprecated, 100% sure: yes", Loc: env.Loc(rng(2, 8, 2, 38)),
			Related: []lint.Related{{Loc: env.Loc(rng(1, 1, 1, 5)), Message: "environment defined here"}}},
		{RuleID: "AML002", RuleName: "unknown-field", Severity: lint.Error, Message: `unknown key "imgae"; did you mean "image"?`, Loc: env.Loc(rng(3, 1, 3, 6)),
			Fix: &lint.Fix{Description: `rename "imgae" to "image"`, Edits: []lint.Edit{{Range: rng(3, 1, 3, 6), NewText: "image"}}}},
		{RuleID: "AML116", RuleName: "secret-in-definition", Severity: lint.Error, Message: "password in plain text (redacted)", Loc: ir.Location{Path: "/elsewhere/conn.yml", Range: rng(4, 13, 4, 20)}},
		{RuleID: "AML406", RuleName: "unpinned-pip-dependency", Severity: lint.Info, Message: `pip requirement "numpy" is not pinned`, Loc: req.Loc(rng(1, 2, 1, 7))},
	}
	return diags, Options{
		Files: map[string]*ir.File{env.Path: env, req.Path: req},
		Root:  "/proj", Cwd: "/proj", Rules: lint.DocsOf(rules), ToolVersion: "0.1.0",
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name    string
		format  string
		color   bool
		context bool
	}{
		{"text.golden", "text", false, false},
		{"text-context.golden", "text", false, true},
		{"text-color.golden", "text", true, true},
		{"json.golden", "json", false, false},
		{"github.golden", "github", false, false},
		{"sarif.golden", "sarif", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags, opts := fixture()
			opts.Format, opts.Color, opts.Context = tt.format, tt.color, tt.context
			var buf bytes.Buffer
			if err := Write(&buf, diags, opts); err != nil {
				t.Fatal(err)
			}
			if !tt.color && strings.Contains(buf.String(), "\x1b[") {
				t.Error("escape codes without Color")
			}
			golden(t, tt.name, buf.Bytes())
		})
	}
}

func TestEmptyAndUnknownFormat(t *testing.T) {
	for _, f := range Formats() {
		var buf bytes.Buffer
		if err := Write(&buf, nil, Options{Format: f}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if (f == "text" || f == "github") && buf.Len() != 0 {
			t.Errorf("%s: clean run printed %q", f, buf.String())
		}
	}
	if err := Write(&bytes.Buffer{}, nil, Options{Format: "xml"}); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got, want := escapeProperty("a:b,c%\n"), "a%3Ab%2Cc%25%0A"; got != want {
		t.Errorf("escapeProperty = %q, want %q", got, want)
	}
	if got, want := escapeData("50%\r\nx"), "50%25%0D%0Ax"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
}

// TestSARIFStructure checks what GitHub code scanning relies on, without
// the external validator.
func TestSARIFStructure(t *testing.T) {
	diags, opts := fixture()
	opts.Format = "sarif"
	var buf bytes.Buffer
	if err := Write(&buf, diags, opts); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version string `json:"version"`
		Runs    []struct {
			ColumnKind string `json:"columnKind"`
			Tool       struct {
				Driver struct {
					Rules []struct {
						ID         string         `json:"id"`
						HelpURI    string         `json:"helpUri"`
						Properties map[string]any `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID              string            `json:"ruleId"`
				RuleIndex           int               `json:"ruleIndex"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Locations           []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	if doc.Version != "2.1.0" || run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("version %q columnKind %q", doc.Version, run.ColumnKind)
	}
	for _, r := range run.Results {
		rule := run.Tool.Driver.Rules[r.RuleIndex]
		if rule.ID != r.RuleID {
			t.Errorf("result %s points at rule %s", r.RuleID, rule.ID)
		}
		if r.PartialFingerprints["primaryLocationLineHash"] == "" {
			t.Errorf("%s: no fingerprint", r.RuleID)
		}
		al := r.Locations[0].PhysicalLocation.ArtifactLocation
		if r.RuleID == "AML116" {
			if al.URI != "file:///elsewhere/conn.yml" || al.URIBaseID != "" {
				t.Errorf("outside root: %+v", al)
			}
		} else if al.URIBaseID != "%SRCROOT%" || strings.HasPrefix(al.URI, "/") {
			t.Errorf("%s: uri %q base %q, want a relative URI", r.RuleID, al.URI, al.URIBaseID)
		}
		if !strings.HasSuffix(rule.HelpURI, "/docs/rules/"+rule.ID+".md") {
			t.Errorf("helpUri %q", rule.HelpURI)
		}
		if rule.ID == "AML116" && rule.Properties["security-severity"] != "8.0" {
			t.Errorf("security rule properties: %v", rule.Properties)
		}
	}
}

// TestSARIFValidator runs Microsoft's SARIF validator with GitHub's ingestion
// rules over generated SARIF. CI installs it (.ci/sarif.sh) and sets
// MLENV_REQUIRE_SARIF_VALIDATOR=1 so that it cannot be skipped there.
func TestSARIFValidator(t *testing.T) {
	bin := os.Getenv("SARIF_MULTITOOL")
	if bin == "" {
		bin, _ = filepath.Abs("../.cache/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("MLENV_REQUIRE_SARIF_VALIDATOR") != "" {
			t.Fatalf("SARIF validator required but not found at %s (run .ci/sarif.sh)", bin)
		}
		t.Skipf("SARIF validator not installed at %s: run .ci/sarif.sh to enable this test", bin)
	}
	diags, opts := fixture()
	cases := map[string][]lint.Diagnostic{"findings": diags, "empty": nil, "diagnosis": diagnosisDiagnostics(t)}
	opts.Rules = append(opts.Rules, diagnose.Docs()...)
	for name, ds := range cases {
		t.Run(name, func(t *testing.T) {
			opts.Format = "sarif"
			var buf bytes.Buffer
			if err := Write(&buf, ds, opts); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			in := filepath.Join(dir, "in.sarif")
			if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "validate", "--rule-kind", "Sarif;Gh", "-o", filepath.Join(dir, "out.sarif"), in)
			cmd.Env = append(os.Environ(), "DOTNET_CLI_TELEMETRY_OPTOUT=1")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("validator failed: %v\n%s", err, out)
			}
			for _, line := range strings.Split(string(out), "\n") {
				if strings.Contains(line, ": error ") || strings.Contains(line, ": warning ") {
					t.Errorf("validator: %s", line)
				}
			}
		})
	}
}

// diagnosisDiagnostics are the diagnostics "diagnose" reports for a log with
// three findings (one inferred), with a related spec location.
func diagnosisDiagnostics(t *testing.T) []lint.Diagnostic {
	t.Helper()
	log := "ERROR: No matching distribution found for nosuch==1.0\nCondaEnvException: Pip failed\nThe command '/bin/sh -c x' returned a non-zero code: 137\n"
	res, err := diagnose.Analyze(strings.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	return res.Diagnostics("logs/build.log", func(f *diagnose.Finding) []lint.Related {
		return []lint.Related{{Loc: ir.Location{Path: "env/conda.yml", Range: rng(3, 7, 3, 18)}, Message: "pip requirement"}}
	})
}
