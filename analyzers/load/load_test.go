package load

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
)

func loadFiles(t *testing.T, files map[string]string, names ...string) *ir.Program {
	t.Helper()
	dir := testfs.Temp(t, files)
	var in []Input
	for _, n := range names {
		in = append(in, Input{Path: n, Explicit: true})
	}
	prog, err := Load(in, Options{Root: dir, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

func rng(l1, c1, l2, c2 int) ir.Range {
	return ir.Range{Start: ir.Pos{Line: l1, Col: c1}, End: ir.Pos{Line: l2, Col: c2}}
}

func TestEnvPositionsAndLinks(t *testing.T) {
	prog := loadFiles(t, map[string]string{
		"env.yml":        "name: 'my env'  # c\nimage: \"python:3.11\"\nconda_file: conda.yml\nbuild:\n  path: ctx\n",
		"conda.yml":      "channels: [conda-forge]\ndependencies:\n  - python=3.11.9\n  - conda-forge::numpy >=1.2,<2\n  - pip:\n      - requests[socks]==2.31.0 ; python_version>'3'\n",
		"ctx/Dockerfile": "FROM  python:3.11 AS base\nFROM base\n",
	}, "env.yml")
	if len(prog.Envs) != 1 || len(prog.Condas) != 1 || len(prog.Dockerfiles) != 1 {
		t.Fatalf("envs %d condas %d dockerfiles %d", len(prog.Envs), len(prog.Condas), len(prog.Dockerfiles))
	}
	e := prog.Envs[0]
	got := map[string]ir.Range{
		"name":  e.Name.Loc.Range,
		"image": e.Image.Loc.Range,
		"conda": e.CondaFile.Loc.Range,
		"path":  e.Build.Path.Loc.Range,
		"from":  e.Build.Dockerfile.Stages[0].Image.Loc.Range,
		"pip":   e.Conda.Pip[0].Loc.Range,
		"dep":   e.Conda.Dependencies[1].Spec.Loc.Range,
	}
	want := map[string]ir.Range{
		"name":  rng(1, 7, 1, 15),
		"image": rng(2, 8, 2, 21),
		"conda": rng(3, 13, 3, 22),
		"path":  rng(5, 9, 5, 12),
		"from":  rng(1, 7, 1, 18),
		"pip":   rng(6, 9, 6, 53),
		"dep":   rng(4, 5, 4, 32),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranges (-want +got):\n%s", diff)
	}
	if e.Name.Value != "my env" || e.Conda.Env != e || !e.Build.Dockerfile.Stages[1].FromStage {
		t.Errorf("values or links wrong: %+v", e)
	}
	d := e.Conda.Dependencies[1]
	if d.Channel != "conda-forge" || d.Name != "numpy" || d.Version != ">=1.2,<2" || d.Err != "" {
		t.Errorf("conda dep = %+v", d)
	}
	r := e.Conda.Pip[0]
	if r.Name != "requests" || r.Specifier != "==2.31.0" || pkgspec.PipPin(r.Specifier) != pkgspec.PinExact || r.Marker == "" {
		t.Errorf("pip req = %+v", r)
	}
}

func TestClassifyAndGarbage(t *testing.T) {
	prog := loadFiles(t, map[string]string{
		"azureml_environment.json": "{\n\t\"name\": \"v1\",\n\t\"docker\": {\"baseImage\": null, \"baseDockerfile\": \"FROM x:1\\n\"}\n}\n",
		"job.yml":                  "command: echo\nenvironment: azureml:env:1\n",
		"conn.yml":                 "type: container_registry\ntarget: x.azurecr.io\ncredentials:\n  username: u\n",
		"workflow.yml":             "on: push\njobs: {}\n",
		"environment.yml":          "\x00\x01",
		"conda.yaml":               "name: x\ndependencies: [python=3.11.9]\n",
		"requirements-dev.txt":     "numpy\n",
		"images/gpu.dockerfile":    "FROM x:1\n",
	}, "azureml_environment.json", "job.yml", "conn.yml", "workflow.yml", "environment.yml", "conda.yaml", "requirements-dev.txt", "images/gpu.dockerfile")
	want := map[string]ir.Kind{
		"azureml_environment.json": ir.KindEnvV1, "job.yml": ir.KindJob, "conn.yml": ir.KindConnection,
		"workflow.yml": ir.KindUnknown, "environment.yml": ir.KindUnknown, "conda.yaml": ir.KindConda,
		"requirements-dev.txt": ir.KindRequirements, "images/gpu.dockerfile": ir.KindDockerfile,
	}
	got := map[string]ir.Kind{}
	for _, f := range prog.Files {
		got[f.Path] = f.Kind
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
	for _, e := range prog.Envs {
		if e.Format == ir.FormatV1 && (e.Image != nil || e.Dockerfile == nil || !e.Dockerfile.Virtual) {
			t.Errorf("v1: null baseImage should be absent and baseDockerfile parsed: %+v", e)
		}
	}
	if f := prog.File("environment.yml"); f == nil || len(f.Syntax) != 1 || !strings.Contains(f.Syntax[0].Message, "binary") {
		t.Errorf("binary env file: %+v", f)
	}
}

func TestDirectives(t *testing.T) {
	prog := loadFiles(t, map[string]string{
		"requirements.txt": "numpy  # mlenv-lint: disable=AML406,unused-suppression\n# mlenv-lint: disable=AML406\n\npandas\nx @ https://h/#egg=x\n",
		"env.yml":          "name: 'a # mlenv-lint: disable=AML101'\nimage: x  # mlenv-lint: disable=AML202\n",
		"Dockerfile":       "# mlenv-lint: disable=AML202\nFROM python\n",
	}, "requirements.txt", "env.yml", "Dockerfile")
	type d struct {
		Line int
		IDs  []string
	}
	got := map[string][]d{}
	for _, f := range prog.Files {
		for _, dir := range f.Directives {
			got[f.Path] = append(got[f.Path], d{dir.Line, dir.IDs})
		}
	}
	want := map[string][]d{
		"requirements.txt": {{1, []string{"AML406", "unused-suppression"}}, {4, []string{"AML406"}}},
		"env.yml":          {{2, []string{"AML202"}}},
		"Dockerfile":       {{2, []string{"AML202"}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("directives (-want +got):\n%s", diff)
	}
}

func TestRefsAndEscapes(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "proj")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secret.yml"), []byte("dependencies: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "secret.yml"), filepath.Join(root, "link.yml")); err != nil {
		t.Fatal(err)
	}
	env := "name: e\nimage: x:1\nconda_file: ../secret.yml\n"
	env2 := "name: e\nimage: x:1\nconda_file: link.yml\n"
	for _, src := range []string{env, env2} {
		if err := os.WriteFile(filepath.Join(root, "env.yml"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		prog, err := Load([]Input{{Path: "env.yml", Explicit: true}}, Options{Root: root, Cwd: root})
		if err != nil {
			t.Fatal(err)
		}
		if len(prog.Refs) != 1 || !prog.Refs[0].Escapes || len(prog.Condas) != 0 {
			t.Errorf("%q: escaping reference was followed: %+v", src, prog.Refs)
		}
	}
	if _, err := Load([]Input{{Path: "missing.yml", Explicit: true}}, Options{Root: root, Cwd: root}); err == nil || !strings.Contains(err.Error(), "missing.yml: no such file") {
		t.Errorf("missing explicit input: %v", err)
	}
}

func TestCondaPipIncludes(t *testing.T) {
	prog := loadFiles(t, map[string]string{
		"env/conda.yml":  "dependencies:\n  - pip:\n      - -r ../reqs/train.lst\n      - -c missing.txt\n      - -r https://example.com/r.txt\n",
		"reqs/train.lst": "numpy\n",
		"reqs/top.txt":   "-r file:train.lst\n",
	}, "env/conda.yml", "reqs/top.txt")
	var c *ir.Conda
	for _, x := range prog.Condas {
		if x.File.Path == "env/conda.yml" {
			c = x
		}
	}
	if c == nil || len(c.PipIncludes) != 3 {
		t.Fatalf("conda = %+v", c)
	}
	if inc := c.PipIncludes[0]; !inc.Exists || prog.File("reqs/train.lst") == nil || prog.File("reqs/train.lst").Kind != ir.KindRequirements {
		t.Errorf("-r include not followed: %+v", inc)
	}
	if inc := c.PipIncludes[1]; inc.Exists || inc.Remote {
		t.Errorf("-c missing.txt = %+v", inc)
	}
	if !c.PipIncludes[2].Remote {
		t.Errorf("remote include = %+v", c.PipIncludes[2])
	}
	found := false
	for _, r := range prog.Refs {
		if r.From != nil && r.From.Value == "file:train.lst" {
			found = true
			if r.Exists || r.Unprefixed != "train.lst" {
				t.Errorf("file: ref = %+v", r)
			}
		}
	}
	if !found {
		t.Error("no reference for -r file:train.lst")
	}
}

func TestRunFilesLinked(t *testing.T) {
	prog := loadFiles(t, map[string]string{
		"ctx/Dockerfile": "FROM python:3.12.7\n" +
			"COPY deps/train.lst /tmp/\n" +
			"RUN pip install --no-cache-dir -r /tmp/train.lst\n" +
			"WORKDIR /app\n" +
			"COPY . .\n" +
			"RUN python -m pip install -U -c pins.cfg -r deps/gpu.in && conda env create -f env/conda.yaml\n" +
			"COPY missing.txt /tmp/missing.txt\n" +
			"RUN pip install -r /tmp/missing.txt -r $REQS\n" +
			"FROM python:3.12.7\n" +
			"RUN pip install -r deps/gpu.in\n" +
			"FROM mambaorg/micromamba:1.5.8\n" +
			"COPY env/ /tmp/env/\n" +
			"RUN micromamba install -y -n base -f /tmp/env/conda.yaml\n",
		"ctx/deps/train.lst":  "numpy\n",
		"ctx/deps/gpu.in":     "torch\n",
		"ctx/app/pins.cfg":    "x==1\n",
		"ctx/pins.cfg":        "numpy==1.26.4\n",
		"ctx/env/conda.yaml":  "dependencies:\n  - python=3.12.7\n",
		"ctx/other/unrelated": "",
	}, "ctx/Dockerfile")
	var got []string
	for _, in := range prog.Dockerfiles[0].Instructions {
		for _, f := range in.Files {
			got = append(got, fmt.Sprintf("%d %s %s", in.Loc.Range.Start.Line, f.Path, f.Kind))
		}
	}
	want := []string{
		"3 ctx/deps/train.lst requirements",
		"6 ctx/pins.cfg requirements",
		"6 ctx/deps/gpu.in requirements",
		"6 ctx/env/conda.yaml conda",
		"13 ctx/env/conda.yaml conda",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("linked files (-want +got):\n%s", d)
	}
	if len(prog.Reqs) != 3 || len(prog.Condas) != 1 {
		t.Errorf("%d requirements files, %d conda files", len(prog.Reqs), len(prog.Condas))
	}
}

func TestKindByName(t *testing.T) {
	tests := []struct {
		name string
		want ir.Kind
	}{
		{"Dockerfile", ir.KindDockerfile},
		{"dockerfile", ir.KindDockerfile},
		{"Dockerfile.gpu", ir.KindDockerfile},
		{"Dockerfile-gpu", ir.KindDockerfile},
		{"Dockerfile_cpu", ir.KindDockerfile},
		{"gpu.Dockerfile", ir.KindDockerfile},
		{"triton-cc.dockerfile", ir.KindDockerfile},
		{"BaseDockerfile", ir.KindDockerfile},
		{"Dockerfile.dockerignore", ir.KindUnknown},
		{"gpu.Dockerfile.dockerignore", ir.KindUnknown},
		{"dockerfiles", ir.KindUnknown},
		{"azureml_environment.json", ir.KindEnvV1},
		{"requirements-dev.txt", ir.KindRequirements},
		{"dev_requirements.txt", ir.KindRequirements},
		{"requirements.in", ir.KindRequirements},
		{"constraints.txt", ir.KindRequirements},
		{"constraints-py38.txt", ir.KindRequirements},
		{"MANIFEST.in", ir.KindUnknown},
		{"notes.txt", ir.KindUnknown},
		{"setup.cfg", ir.KindUnknown},
		{"train.runconfig", ir.KindUnknown}, // YAML: its content decides
	}
	for _, tt := range tests {
		if got := KindByName(tt.name); got != tt.want {
			t.Errorf("KindByName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestV1Files covers what the walk finds beside SDK v1 environments: a run
// configuration's environment (its conda file resolved from the project
// directory) and the files save_to_directory writes next to
// azureml_environment.json.
func TestV1Files(t *testing.T) {
	prog := loadFiles(t, map[string]string{
		"proj/.azureml/train.runconfig":        "script: t.py\nenvironment:\n  python:\n    condaDependenciesFile: .azureml/conda_dependencies.yml\n  docker:\n    baseImage: img:1\n",
		"proj/.azureml/conda_dependencies.yml": "dependencies:\n  - python=3.12.4\n",
		"saved/azureml_environment.json":       `{"name": "s", "python": {"userManagedDependencies": false}, "docker": {"baseImage": null}}`,
		"saved/conda_dependencies.yml":         "dependencies:\n  - python=3.12.4\n",
		"saved/BaseDockerfile":                 "FROM img:2\n",
		"old/aml_config/docker.runconfig":      "ArgumentVector:\n  - x\nCondaDependenciesFile: aml_config/conda_dependencies.yml\n",
	}, "proj/.azureml/train.runconfig", "saved/azureml_environment.json", "old/aml_config/docker.runconfig")
	byFile := map[string]*ir.Env{}
	for _, e := range prog.Envs {
		byFile[e.File.Rel] = e
	}
	rc := byFile["proj/.azureml/train.runconfig"]
	if rc == nil || rc.Format != ir.FormatV1 || rc.Image.String() != "img:1" {
		t.Fatalf("runconfig env = %+v", rc)
	}
	if rc.Conda == nil || rc.Conda.File.Rel != "proj/.azureml/conda_dependencies.yml" || rc.CondaRef == nil || !rc.CondaRef.Exists {
		t.Errorf("runconfig conda = %+v, ref %+v", rc.Conda, rc.CondaRef)
	}
	saved := byFile["saved/azureml_environment.json"]
	if saved == nil || saved.Conda == nil || saved.Conda.File.Rel != "saved/conda_dependencies.yml" {
		t.Fatalf("saved env conda not linked: %+v", saved)
	}
	if saved.Dockerfile == nil || saved.Dockerfile.File.Rel != "saved/BaseDockerfile" || saved.BaseDockerfile.String() != "FROM img:2\n" {
		t.Errorf("saved env BaseDockerfile not linked: %+v", saved.Dockerfile)
	}
	if _, ok := byFile["old/aml_config/docker.runconfig"]; ok {
		t.Errorf("a Workbench runconfig has no environment")
	}
}
