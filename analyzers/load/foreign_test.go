package load

import (
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// Files that are not Azure ML specs are left alone, also when named.
func TestForeignFilesLeftAlone(t *testing.T) {
	files := map[string]string{
		"psi/context/vcpkg.json":       `{"dependencies": [{"name": "seal"}, "kuku"], "overrides": [{"name": "seal", "version": "4.1.1"}], "builtin-baseline": "3a7f"}`,
		"named/manifest.json":          `{"$schema": "https://raw.githubusercontent.com/microsoft/vcpkg-tool/main/docs/vcpkg.schema.json", "dependencies": ["fmt"]}`,
		"asset/environment.yaml":       "image:\n  name: azureml/curated/x\n  os: linux\n  context:\n    dir: context\n  publish:\n    location: mcr\n",
		"model/python_env.yaml":        "python: 3.10.12\nbuild_dependencies:\n  - pip==23.3.1\ndependencies:\n  - -r requirements.txt\n",
		"mlflow/env.yaml":              "python: 3.10.12\nbuild_dependencies: [pip]\ndependencies: [numpy]\n",
		".vscode/settings.json":        "{\n  // comment\n  \"python.defaultInterpreterPath\": \"python\", /* c */\n}\n",
		"tsconfig.json":                "{\"compilerOptions\": {\"target\": \"ES2022\",},}\n",
		".github/workflows/ci.yml":     "on: [push]\njobs:\n  d:\n    runs-on: ubuntu-latest\n    environment: {name: prod, url: 'https://x'}\n    steps: [{run: echo}]\n",
		"azure-pipelines.yml":          "trigger: [main]\npool: {vmImage: ubuntu-latest}\njobs:\n  - deployment: d\n    environment: {name: prod, resourceType: VirtualMachine}\n",
		"docker-compose.yml":           "services:\n  web:\n    image: python:3.11\n    environment: {A: b}\n",
		"k8s.yaml":                     "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: python}]\n",
		"broken.json":                  "{\"editor.tabSize\": 4,, \"x\"\n",
		"flow/flow.dag.yaml":           "inputs: {}\nnodes: []\nenvironment:\n  python_requirements_txt: deps.txt\n",
		"flow/deps.txt":                "promptflow\n",
		"flow2/flow.dag.yaml":          "nodes: []\nenvironment:\n  python_requirements_txt: missing.txt\n",
		"charts/app/templates/dep.yml": "image: {{ .Values.image }}\n",
	}
	var names []string
	for n := range files {
		if n != "flow/deps.txt" {
			names = append(names, n)
		}
	}
	prog := loadFiles(t, files, names...)
	for _, f := range prog.Files {
		if f.Path == "flow/deps.txt" || f.Kind == ir.KindUnknown && len(f.Syntax) == 0 {
			continue
		}
		t.Errorf("%s: loaded as %v (syntax %v), want it left alone", f.Path, f.Kind, f.Syntax)
	}
	if len(prog.Envs)+len(prog.Jobs)+len(prog.Condas) != 0 {
		t.Errorf("non-specs loaded: %d envs, %d jobs, %d condas", len(prog.Envs), len(prog.Jobs), len(prog.Condas))
	}
	// The prompt flow's requirements are linted; a missing one is not a finding.
	if len(prog.Reqs) != 1 || prog.Reqs[0].File.Path != "flow/deps.txt" {
		t.Errorf("prompt flow requirements not linked: %+v", prog.Reqs)
	}
	if len(prog.Refs) != 0 {
		t.Errorf("refs recorded: %+v", prog.Refs)
	}
}

// Specs keep being specs: a v2 environment and a job with services, and a
// spec JSON with a comment is still read, with AML001 at the comment.
func TestSpecsNotForeign(t *testing.T) {
	prog := loadFiles(t, map[string]string{
		"job.yml":                     "command: python x.py\nenvironment:\n  image: python:3.11.9\nservices:\n  my_jupyter:\n    type: jupyter_lab\n",
		"env/environment.yaml":        "name: e\nimage: python:3.11.9\n",
		"v1/azureml_environment.json": "{\n  \"name\": \"x\", // c\n  \"python\": {\"userManagedDependencies\": true}\n}\n",
		"steps-env.yml":               "name: s\nimage: python:3.11.9\nsteps: 1\n",
	}, "job.yml", "env/environment.yaml", "v1/azureml_environment.json", "steps-env.yml")
	if len(prog.Envs) != 4 {
		t.Fatalf("envs: %d, want 4", len(prog.Envs))
	}
	v1 := prog.File("v1/azureml_environment.json")
	if v1.Kind != ir.KindEnvV1 || len(v1.Syntax) != 1 || v1.Syntax[0].Range.Start != (ir.Pos{Line: 2, Col: 16}) {
		t.Errorf("v1 JSON with a comment: kind %v syntax %+v", v1.Kind, v1.Syntax)
	}
}

// Files named on the command line are linted only when their name or
// content says they are specs: prose, source code, config and Markdown are
// left alone whatever they hold; a .txt whose every line is a requirement
// (one at least pinned or an option) is a requirements file.
func TestExplicitNonSpecsLeftAlone(t *testing.T) {
	tests := []struct {
		name, src string
		want      ir.Kind // KindUnknown: not loaded
	}{
		{"notes.txt", "Some notes about the project\nremember to do things\n", ir.KindUnknown},
		{"todo.txt", "numpy\n", ir.KindUnknown}, // one bare word: could be anything
		{"setup.cfg", "[metadata]\nname = foo\n", ir.KindUnknown},
		{"train.py", "print(\"hi\")\n", ir.KindUnknown},
		{"README.md", "# Readme\nimage: x\n", ir.KindUnknown},
		{"CHANGELOG", "image: x\n", ir.KindUnknown},
		{"pinned.py", "numpy==1.0\n", ir.KindUnknown}, // source code by name
		{"MANIFEST.in", "include README.md\n", ir.KindUnknown},
		{"binary.txt", "numpy==1\x00\n", ir.KindUnknown},
		{"deps.txt", "# pins\nnumpy==1.26.4  # x\ntorch ; python_version<\"3.9\"\n", ir.KindRequirements},
		{"deps", "-r base.txt\nrequests\n", ir.KindRequirements},
		{"constraints.txt", "numpy\n", ir.KindRequirements},       // by name
		{"requirements.txt", "not really\n", ir.KindRequirements}, // by name: AML409 reports it
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := loadFiles(t, map[string]string{tt.name: tt.src}, tt.name)
			got := ir.KindUnknown
			for _, f := range prog.Files {
				if f.Path == tt.name {
					got = f.Kind
					if f.Kind == ir.KindUnknown && len(f.Syntax) > 0 {
						t.Errorf("syntax problems on a non-spec: %v", f.Syntax)
					}
				}
			}
			if got != tt.want {
				t.Errorf("kind %v, want %v", got, tt.want)
			}
			if tt.want == ir.KindUnknown && len(prog.Reqs)+len(prog.Envs)+len(prog.Condas)+len(prog.Jobs) != 0 {
				t.Errorf("loaded as a spec: %d reqs %d envs", len(prog.Reqs), len(prog.Envs))
			}
		})
	}
}

// Unnamed stdin is sniffed the same way: requirements when unmistakable.
func TestStdinRequirementsSniffed(t *testing.T) {
	for src, want := range map[string]int{"numpy==1.0\npandas>2\n": 1, "hello world\n": 0, "numpy\n": 0} {
		prog, err := Load([]Input{{Path: "-", Src: []byte(src), Explicit: true}}, Options{Root: t.TempDir(), Cwd: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		if len(prog.Reqs) != want {
			t.Errorf("%q: %d requirements files, want %d", src, len(prog.Reqs), want)
		}
	}
}
