package rulegen

import (
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
)

func TestGenerate(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		want    []string // rule names in the registry, in order
		wantErr string
	}{
		{"one rule per file, ID order", map[string]string{
			"aml102_b.go":      "package rules\n\nvar AML102 = 1\n",
			"aml001_a.go":      "package rules\n\nvar AML001, helper = 1, 2\n",
			"helpers.go":       "package rules\n\nvar AML999 = 3\n", // not a rule file
			"aml003_x_test.go": "package rules\n\nvar AML003 = 1\n",
		}, []string{"AML001", "AML102"}, ""},
		{"two rules in one file", map[string]string{
			"aml112_a.go": "package rules\n\nvar AML112 = 1\nvar AML113 = 2\n",
		}, nil, "must declare exactly one rule, AML112"},
		{"file and rule disagree", map[string]string{
			"aml112_a.go": "package rules\n\nvar AML113 = 1\n",
		}, nil, "must declare exactly one rule, AML112"},
		{"syntax error", map[string]string{"aml001_a.go": "package rules\nvar ("}, nil, "aml001_a.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testfs.Temp(t, tt.files)
			src, err := Generate(dir)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			body := string(src)
			body = body[strings.Index(body, "{")+1 : strings.LastIndex(body, "}")]
			if got := strings.Fields(strings.ReplaceAll(body, ",", " ")); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("registry lists %v, want %v", got, tt.want)
			}
		})
	}
}
