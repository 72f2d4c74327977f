package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/placeholder"
)

var testRules = []*lint.Rule{
	{ID: "AML201", Name: "deprecated-base-image", Severity: lint.Warning},
	{ID: "AML406", Name: "unpinned-pip-dependency", Severity: lint.Warning},
}

func TestParse(t *testing.T) {
	c, err := Parse("/p/.mlenv-lint.yaml", []byte(`
fail-level: error
rules:
  AML406: off
  deprecated-base-image: error
ignore: [legacy/]
deprecated-images: [myacr.azurecr.io/old]
trusted-registries: mcr.microsoft.com
today: 2026-01-31
`), testRules)
	if err != nil {
		t.Fatal(err)
	}
	if c.FailLevel != lint.Error || !c.FailLevelSet {
		t.Errorf("FailLevel = %v", c.FailLevel)
	}
	if diff := cmp.Diff(map[string]lint.Severity{"AML406": lint.Off, "AML201": lint.Error}, c.Severity); diff != "" {
		t.Errorf("Severity (-want +got):\n%s", diff)
	}
	if !c.Ignore.Match("/p/legacy/env.yml", false) || c.Ignore.Match("/p/env.yml", false) {
		t.Error("ignore patterns not anchored at the config directory")
	}
	s := c.Settings(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	if got := s.Today.Format(time.DateOnly); got != "2026-01-31" {
		t.Errorf("Today = %s", got)
	}
	if diff := cmp.Diff([]string{"mcr.microsoft.com"}, s.TrustedRegistries); diff != "" {
		t.Error(diff)
	}
	if sev, ok := s.Enabled(testRules[1]); ok || sev != lint.Off {
		t.Errorf("AML406 should be off, got %v %v", sev, ok)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown rule suggests", "rules:\n  AML4O6: off\n", `c.yaml:2:3: unknown rule "AML4O6"; did you mean AML406?`},
		{"unknown rule name", "rules:\n  unpined-pip-dependency: off\n", "did you mean unpinned-pip-dependency?"},
		{"bad severity", "rules:\n  AML406: loud\n", `AML406: severity "loud"`},
		{"unknown key", "fail_level: error\n", `c.yaml:1:1: unknown setting "fail_level"; did you mean "fail-level"?`},
		{"bad fail level", "fail-level: sometimes\n", `fail-level "sometimes"`},
		{"not a mapping", "- a\n", "must be a mapping"},
		{"bad yaml", "rules: [\n", "c.yaml:"},
		{"bad date", "today: tomorrow\n", `today "tomorrow"`},
		{"ignore not list", "ignore: {a: b}\n", "ignore must be a list"},
		{"bad placeholder pattern", "placeholders: ['{{(']\n", `c.yaml:1:15: placeholder pattern "{{(": error parsing regexp`},
		{"empty-matching placeholder", "placeholders: ['x*']\n", "matches the empty string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tt.src), testRules)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans several lines: %q", err)
			}
		})
	}
}

func TestEmptyAndDefaults(t *testing.T) {
	c, err := Parse("c.yaml", nil, testRules)
	if err != nil {
		t.Fatal(err)
	}
	if c.FailLevel != lint.Warning || c.FailLevelSet {
		t.Errorf("default fail level = %v (set=%v)", c.FailLevel, c.FailLevelSet)
	}
	c, err = Parse("c.yaml", []byte("fail-level: none\n"), testRules)
	if err != nil || c.FailLevel != lint.Off {
		t.Errorf("fail-level none: %v %v", c.FailLevel, err)
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		src, text, want string
	}{
		{"", "image: {{ACR}}.azurecr.io", "{{ACR}}"},                        // defaults
		{"placeholders: []\n", "image: {{ACR}}.azurecr.io", ""},             // off
		{"placeholders: ['#\\{\\w+\\}#']\n", "a: #{ACR}# {{B}}", "#{ACR}#"}, // replaces the defaults
	}
	for _, tt := range tests {
		c, err := Parse("c.yaml", []byte(tt.src), testRules)
		if err != nil {
			t.Fatal(err)
		}
		set := c.Placeholders
		if set == nil {
			set = placeholder.Default()
		}
		if got := set.First(tt.text); got != tt.want {
			t.Errorf("%q: First(%q) = %q, want %q", tt.src, tt.text, got, tt.want)
		}
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub); got != "" && strings.HasPrefix(got, dir) {
		t.Errorf("Find found %q before any config exists", got)
	}
	cfg := filepath.Join(dir, "a", ".mlenv-lint.yml")
	if err := os.WriteFile(cfg, []byte("fail-level: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub); got != cfg {
		t.Errorf("Find = %q, want %q", got, cfg)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml"), testRules); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Load missing: %v", err)
	}
}
