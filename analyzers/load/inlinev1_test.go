package load

import (
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// An SDK v1 environment written inside another document (inference or run
// configuration) is a v1 environment; v2 inline environments stay v2.
func TestInlineV1Environments(t *testing.T) {
	prog := loadFiles(t, map[string]string{
		"inferenceConfig.json": `{"entryScript": "score.py", "environment": {"name": "e", "docker": {"baseImage": "x:1"}, "python": {"userManagedDependencies": true}}}`,
		"run.yml":              "script: train.py\nenvironment:\n  environmentVariables: {A: b}\n  docker: {baseImage: 'x:1'}\n",
		"job.yml":              "command: python x.py\nenvironment:\n  image: python:3.11.9\n  python: {}\n",
		"preview.yml":          "command: python x.py\nenvironment:\n  docker: {image: 'x:1'}\n",
		"v1-env.yml":           "name: e\npython: {userManagedDependencies: true}\ndocker: {baseImage: 'x:1'}\n",
	}, "inferenceConfig.json", "run.yml", "job.yml", "preview.yml", "v1-env.yml")
	want := map[string]ir.EnvFormat{"inferenceConfig.json": ir.FormatV1, "run.yml": ir.FormatV1, "job.yml": ir.FormatInline, "preview.yml": ir.FormatInline, "v1-env.yml": ir.FormatV1}
	if len(prog.Envs) != len(want) {
		t.Fatalf("envs: %d, want %d", len(prog.Envs), len(want))
	}
	for _, e := range prog.Envs {
		embedded := e.File.Path != "v1-env.yml"
		if e.Format != want[e.File.Path] || (e.Job != nil) != embedded || embedded && e.Key.Range.Start.Line != 1 && e.Key.Range.Start.Line != 2 {
			t.Errorf("%s: format %v job %v key %v", e.File.Path, e.Format, e.Job != nil, e.Key)
		}
		if e.Format == ir.FormatV1 && (e.V1 == nil || e.Image == nil || e.Image.Value != "x:1") {
			t.Errorf("%s: v1 sections not read: %+v", e.File.Path, e.V1)
		}
	}
}
