package rules

import (
	"fmt"
	"slices"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/linttest"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
)

// TestRetiredImageOneFinding: a retired image gets AML201 (move off it)
// and no AML202/AML203 (pin its tag) at the same place, unless AML201 is
// off; an image that is not retired still gets AML202/AML203.
func TestRetiredImageOneFinding(t *testing.T) {
	tests := []struct {
		image  string
		aml201 lint.Severity
		want   []string
	}{
		{"mcr.microsoft.com/azureml/openmpi3.1.2-ubuntu18.04", lint.Warning, []string{"AML201"}},
		{"mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest", lint.Warning, []string{"AML201"}},
		{"mcr.microsoft.com/azureml/openmpi3.1.2-ubuntu18.04", lint.Off, []string{"AML202"}},
		{"mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest", lint.Off, []string{"AML203"}},
		{"mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04", lint.Warning, []string{"AML202"}},
		{"python:latest", lint.Warning, []string{"AML203"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v", tt.image, tt.aml201), func(t *testing.T) {
			dir := testfs.Temp(t, map[string]string{"environment.yml": "name: e\nimage: " + tt.image + "\n"})
			prog, err := load.Load([]load.Input{{Path: "environment.yml", Explicit: true}}, load.Options{Root: dir, Cwd: dir})
			if err != nil {
				t.Fatal(err)
			}
			s := &lint.Settings{Options: lint.Options{Today: linttest.Today}, Severity: map[string]lint.Severity{"AML201": tt.aml201}}
			var got []string
			for _, d := range lint.Run(prog, []*lint.Rule{AML201, AML202, AML203}, s) {
				got = append(got, d.RuleID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
