package facts_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mlenv-lint/mlenv-lint/analyzers/facts"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
)

func program(t *testing.T, files map[string]string) *ir.Program {
	t.Helper()
	dir := testfs.Temp(t, files)
	var in []load.Input
	for name := range files {
		in = append(in, load.Input{Path: filepath.Join(dir, name), Explicit: true})
	}
	sort.Slice(in, func(i, j int) bool { return in[i].Path < in[j].Path })
	prog, err := load.Load(in, load.Options{Root: dir, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

func TestBaseImages(t *testing.T) {
	prog := program(t, map[string]string{
		"env.yml":                      "name: e\nimage: python:3.11\n",
		"azureml_environment.json":     `{"name": "v1", "docker": {"baseImage": null, "baseDockerfile": "ARG V=22.04\nFROM ubuntu:${V}\n"}}` + "\n",
		"v1b/azureml_environment.json": `{"name": "v1b", "docker": {"baseImage": "mcr.microsoft.com/azureml/base:1"}}` + "\n",
		"Dockerfile":                   "ARG BASE=python:3.12-slim\nFROM ${BASE} AS build\nFROM build AS final\nFROM scratch\nFROM $UNSET\n",
	})
	var got []string
	for _, b := range facts.New(prog).BaseImages() {
		got = append(got, fmt.Sprintf("%s %s %s:%d", b.Where, b.Ref.Value, b.Ref.Loc.Path, b.Ref.Loc.Range.Start.Line))
	}
	want := []string{
		"baseImage mcr.microsoft.com/azureml/base:1 v1b/azureml_environment.json:1",
		"image python:3.11 env.yml:2",
		"FROM python:3.12-slim Dockerfile:2",
		"FROM ubuntu:22.04 azureml_environment.json:1",
	}
	sort.Strings(got)
	sort.Strings(want)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("BaseImages (-want +got):\n%s", d)
	}
}

func TestStages(t *testing.T) {
	prog := program(t, map[string]string{
		"Dockerfile": "ARG BASE=python:3.12-slim\nFROM ${BASE} AS base\nFROM base AS deps\nFROM deps AS final\nFROM alpine:3.20\n",
	})
	fx := facts.New(prog)
	d := fx.Dockerfiles()[0]
	if got := fx.StageChain(d, 2); !cmp.Equal(got, []int{2, 1, 0}) {
		t.Errorf("StageChain(final) = %v, want [2 1 0]", got)
	}
	if got := fx.StageChain(d, 9); got != nil {
		t.Errorf("StageChain(out of range) = %v", got)
	}
	for s, want := range map[int]string{0: "python:3.12-slim", 2: "python:3.12-slim", 3: "alpine:3.20"} {
		if img := fx.StageImage(d, s); img == nil || img.Value != want {
			t.Errorf("StageImage(%d) = %v, want %s", s, img, want)
		}
	}
}

func TestURLs(t *testing.T) {
	prog := program(t, map[string]string{
		"conda.yml":  "channels:\n  - https://conda.example.org/private\ndependencies:\n  - pip:\n    - --extra-index-url https://pkgs.example.com/simple\n    - requests==2.32.3\n",
		"Dockerfile": "FROM python:3.12\nENV PIP_INDEX_URL=https://idx.example.com/simple\nRUN pip install -i https://other.example.com/simple x==1 && curl -O https://files.example.com/a.tgz\n",
	})
	var got []string
	for _, u := range facts.New(prog).URLs() {
		got = append(got, fmt.Sprintf("%s|%s|index=%v|service=%v|%d:%d", u.Raw, u.Where, u.Index, u.Service, u.Loc.Range.Start.Line, u.Loc.Range.Start.Col))
	}
	want := []string{
		"https://conda.example.org/private|conda channel|index=false|service=true|2:5",
		"https://pkgs.example.com/simple|conda pip list|index=true|service=true|5:25",
		"https://idx.example.com/simple|ENV instruction|index=true|service=false|2:19",
		"https://other.example.com/simple|RUN instruction|index=true|service=false|3:20",
		"https://files.example.com/a.tgz|RUN instruction|index=false|service=false|3:69",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("URLs (-want +got):\n%s", d)
	}
}

func TestEnvRefs(t *testing.T) {
	prog := program(t, map[string]string{
		"job.yml":                  "command: python train.py\nenvironment: azureml:train@latest\ninputs:\n  cfg:\n    environment: file:conda.yml\ntags:\n  - environment: prod\n",
		".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    environment: production\n",
	})
	var got []string
	for _, r := range facts.New(prog).EnvRefs() {
		got = append(got, fmt.Sprintf("%s %s aml=%v", r.Job.File.Path, r.Ref.Value, r.AzureMLFile))
	}
	sort.Strings(got)
	for _, g := range got {
		if strings.Contains(g, "file:conda.yml") || strings.Contains(g, "prod ") {
			t.Errorf("an environment key inside user data is not a reference: %s", g)
		}
	}
	if !cmp.Equal(got[len(got)-1:], []string{"job.yml azureml:train@latest aml=true"}) {
		t.Errorf("EnvRefs = %v", got)
	}
}

func TestInstalls(t *testing.T) {
	prog := program(t, map[string]string{
		"Dockerfile": "FROM python:3.12\nRUN apt-get update && pip install --no-cache-dir -r req.txt numpy>=1.20 && conda install -y mpi4py\nRUN [\"pip\", \"install\", \"x\"]\n",
	})
	fx := facts.New(prog)
	d := fx.Dockerfiles()[0]
	var got []string
	for _, in := range d.Instructions {
		for _, c := range fx.Installs(in) {
			pkgs, opts := facts.PipArgs(c.Args)
			got = append(got, fmt.Sprintf("%s pkgs=%v req=%v bare=%v", c.Tool, pkgs, opts["--requirement"], c.Bare))
		}
	}
	want := []string{
		"pip pkgs=[numpy] req=[req.txt] bare=[numpy>=1.20]",
		"conda pkgs=[mpi4py] req=[] bare=[]",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Installs (-want +got):\n%s", d)
	}
}

func TestInstallPositions(t *testing.T) {
	src := "FROM python:3.12\n" +
		"RUN --mount=type=cache,target=/root/.cache/pip pip install -U \\\n" +
		"    # a comment inside the instruction\n" +
		"    'matplotlib>=3.3,<3.4' \\\n" +
		"\n" +
		"    transformers  numpy==1.26.4 -r /tmp/req.txt -c/tmp/c.txt azureml-rag>=0.2.2 torch==$TORCH\n" +
		"RUN conda install -y -c conda-forge scipy=1.13 blas=*=mkl && conda env create -f env.yml && conda update conda\n"
	prog := program(t, map[string]string{"Dockerfile": src})
	fx := facts.New(prog)
	var got []string
	for _, in := range fx.Dockerfiles()[0].Instructions {
		for _, c := range fx.Installs(in) {
			for _, r := range c.Pip {
				got = append(got, fmt.Sprintf("pip %s %v %d:%d-%d:%d", r.Raw, r.Placeholder != "", r.Loc.Range.Start.Line, r.Loc.Range.Start.Col, r.Loc.Range.End.Line, r.Loc.Range.End.Col))
			}
			for _, d := range c.Conda {
				got = append(got, fmt.Sprintf("conda %s %d:%d", d.Spec.Value, d.Spec.Loc.Range.Start.Line, d.Spec.Loc.Range.Start.Col))
			}
			for _, f := range c.Files {
				got = append(got, fmt.Sprintf("file %s %d:%d", f.Value, f.Loc.Range.Start.Line, f.Loc.Range.Start.Col))
			}
		}
	}
	want := []string{
		"pip matplotlib>=3.3,<3.4 false 4:6-4:26",
		"pip transformers false 6:5-6:17",
		"pip numpy==1.26.4 false 6:19-6:32",
		"pip azureml-rag true 6:62-6:73",
		"pip torch==$TORCH true 6:81-6:94",
		"file /tmp/req.txt 6:36",
		"file /tmp/c.txt 6:51",
		"conda scipy=1.13 7:37",
		"conda blas=*=mkl 7:48",
		"file env.yml 7:82",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("install positions (-want +got):\n%s", d)
	}
}

func TestInstallPositionsEscapeDirective(t *testing.T) {
	src := "# escape=`\nFROM python:3.12\nRUN pip install numpy `\n    pandas\n"
	prog := program(t, map[string]string{"Dockerfile": src})
	fx := facts.New(prog)
	var got []string
	for _, in := range fx.Dockerfiles()[0].Instructions {
		for _, c := range fx.Installs(in) {
			for _, r := range c.Pip {
				got = append(got, fmt.Sprintf("%s %d:%d", r.Raw, r.Loc.Range.Start.Line, r.Loc.Range.Start.Col))
			}
		}
	}
	// The continuation character is not a backslash: words are found by
	// searching the instruction's lines.
	want := []string{"numpy 3:17", "pandas 4:5"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("positions (-want +got):\n%s", d)
	}
}
