package load

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// fuzzLoad loads src as a file named name and checks that every range in
// the program is sane: lines within the file, start not after end.
func fuzzLoad(t *testing.T, name string, src []byte) {
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, src, 0o644); err != nil {
		t.Fatal(err)
	}
	prog, err := Load([]Input{{Path: p, Explicit: true}}, Options{Root: dir, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, f *ir.File, r ir.Range) {
		n := max(f.LineCount(), 1)
		if r.Start.Line < 1 || r.Start.Col < 1 || r.Start.Line > n+1 || r.End.Before(r.Start) {
			t.Fatalf("%s: bad range %+v in %s (%d lines)", what, r, f.Path, n)
		}
	}
	for _, f := range prog.Files {
		for _, s := range f.Syntax {
			check("syntax", f, s.Range)
		}
		for _, d := range f.Directives {
			check("directive", f, d.Range)
		}
	}
	for _, e := range prog.Envs {
		for _, s := range []*ir.Scalar{e.Name, e.Version, e.Image, e.CondaFile, e.BaseDockerfile} {
			if s != nil {
				check("env scalar", e.File, s.Loc.Range)
			}
		}
	}
	for _, c := range prog.Condas {
		for _, d := range c.Dependencies {
			if d.Spec != nil {
				check("conda dep", c.File, d.Spec.Loc.Range)
			}
		}
		for _, r := range c.Pip {
			check("conda pip", c.File, r.Loc.Range)
		}
	}
	for _, rq := range prog.Reqs {
		for _, r := range rq.Reqs {
			check("requirement", rq.File, r.Loc.Range)
		}
	}
	for _, d := range prog.Dockerfiles {
		if d.Virtual {
			continue
		}
		for _, in := range d.Instructions {
			check("instruction", d.File, in.Loc.Range)
		}
		for _, st := range d.Stages {
			if st.Image != nil {
				check("from image", d.File, st.Image.Loc.Range)
			}
		}
	}
}

func seed(f *testing.F, corpus ...string) {
	for _, s := range corpus {
		f.Add([]byte(s))
	}
}

func FuzzLoadYAML(f *testing.F) {
	seed(f, "name: x\nimage: 'a:1'  # mlenv-lint: disable=AML202\nbuild:\n  path: .\n",
		"command: x\njobs:\n  a:\n    environment:\n      image: x\n      conda_file: {dependencies: [python=3.11, {pip: [numpy]}]}\n",
		"a: &a [*a, *a]\nb: *a\n", "x: |\n  multi\n  line\ny: \"q\\\"uote\"\n", "{{X}}: y\n", "- a\n- b\n",
		"image: {{ACR}}.azurecr.io/x:1\nversion: 1-<V>\nconda_file: ${C}\nname: ${{inputs.n}}\n", "a: \"{{ \\\"q\\\" }}\"\nb: [{{x}}, <y z>]\n")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "environment.yml", src) })
}

func FuzzLoadJSON(f *testing.F) {
	seed(f, `{"name":"v1","python":{"condaDependencies":{"dependencies":["python=3.8",{"pip":["numpy"]}]}},"docker":{"baseImage":null,"baseDockerfile":"FROM x\nRUN y","buildContext":{"location":"x"}}}`,
		"{\n\t\"docker\": {\"baseImageRegistry\": {\"username\": \"u\", \"registryIdentity\": {}}}\n}", "[1,2]", "{", "{\n  // c\n  \"a\": \"/* x */\", /* y\n */ \"b\": 1,\n}\n")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "azureml_environment.json", src) })
}

func FuzzLoadConda(f *testing.F) {
	seed(f, "name: c\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - conda-forge::numpy >=1,<2 py_0\n  - pip:\n    - requests[socks]==2.31 ; python_version>'3'\n",
		"dependencies:\n  - {pip: x}\n  - 3\n  - numpy[version='>=1']\n")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "conda.yml", src) })
}

func FuzzLoadRequirements(f *testing.F) {
	seed(f, "numpy==1.0 \\\n  --hash=sha256:x\n-r other.txt\n-e git+https://x/y#egg=z\n# mlenv-lint: disable=AML406\npandas\n",
		"pkg @ https://x/#frag ; os_name=='nt'\n./local\n--index-url=https://u:p@h/simple\n", "\\\n\\", "[", "x (>=1")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "requirements.txt", src) })
}

func FuzzLoadDockerfile(f *testing.F) {
	seed(f, "# syntax=docker/dockerfile:1\nARG B=python\nFROM --platform=$BUILDPLATFORM ${B}:3 AS base\nRUN a \\\n  b\nFROM base\nCOPY <<EOF /x\nhi\nEOF\n",
		"FROM\n", "FROM a AS\n", "\\\n", "RUN x\nFROM scratch",
		"FROM debian:12 foo\nRUNN echo hi\nCOPY onlyone\nRUN\u00a0echo\nRUN a \\\n  b\n  c \\\n  d\n", "RUN apt-get update\nENV\n")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "Dockerfile", src) })
}

func FuzzLoadRunConfig(f *testing.F) {
	seed(f, "script: train.py\nenvironment:\n  python:\n    userManagedDependencies: false\n    condaDependenciesFile: .azureml/conda_dependencies.yml\n  docker:\n    baseImage: mcr.microsoft.com/azureml/base:0.2.4\n",
		`{"environment": {"python": {"condaDependencies": {"dependencies": ["python=3.6.2", {"pip": ["x"]}]}}, "docker": {"enabled": true}}}`,
		"ArgumentVector:\n  - \"$file\"\nCondaDependenciesFile: \"aml_config/conda_dependencies.yml\"\n", "environment: {python: null, docker: []}\n")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "train.runconfig", src) })
}
