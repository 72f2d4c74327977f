package diagnose

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/facts"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
)

func TestLocate(t *testing.T) {
	dir := testfs.Temp(t, map[string]string{
		"env.yml": "name: e\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\nconda_file: conda.yml\n",
		"conda.yml": "channels:\n  - https://conda.example.org/private\n  - conda-forge\ndependencies:\n" +
			"  - python=3.12.7\n  - tensorflow-gpu==2.99\n  - pip=24.0\n  - pip:\n      - azureml-core==9.9.9\n      - --extra-index-url https://pkgs.example.com/simple\n",
		"ctx.yml":           "name: c\nbuild:\n  path: docker\n",
		"docker/Dockerfile": "FROM python:3.99-slim\nRUN pip install numpy>=1.20 \\\n    scipy\nRUN cmake --version\n",
	})
	prog, err := load.Load([]load.Input{
		{Path: filepath.Join(dir, "env.yml"), Explicit: true},
		{Path: filepath.Join(dir, "ctx.yml"), Explicit: true},
	}, load.Options{Root: dir, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id, subject string
		want        string // path:line of the first related location, "" for none
	}{
		{PackageNotFound, "tensorflow-gpu==2.99", "conda.yml:6"},
		{PackageNotFound, "conda-forge::TensorFlow_GPU 2.99", "conda.yml:6"},
		{NoMatchingDistrib, "azureml-core==9.9.9", "conda.yml:9"},
		{NoMatchingDistrib, "Azureml_Core[extra]==9.9.9", "conda.yml:9"},
		{MissingPythonModule, "azureml.core", "conda.yml:9"},
		{IncompatiblePython, "nothing-like-it", ""},
		{CondaBareRedirection, "numpy>=1.20", "docker/Dockerfile:2"},
		{MissingCommand, "cmake", "docker/Dockerfile:4"},
		{PullFailed, "docker.io/library/python:3.99-slim", "docker/Dockerfile:1"},
		{CondaCommandNotFound, "conda", "env.yml:2"},
		{CommunicationsError, "https://conda.example.org/private/linux-64/repodata.json", "conda.yml:2"},
		{ForbiddenBlob, "https://pkgs.example.com/simple/x/", "conda.yml:10"},
		{OutOfMemory, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.id+" "+tc.subject, func(t *testing.T) {
			p, _ := Lookup(tc.id)
			rel := Locate(facts.New(prog), &Finding{Problem: p, Subjects: []string{tc.subject}})
			got := ""
			if len(rel) > 0 {
				got = fmt.Sprintf("%s:%d", rel[0].Loc.Path, rel[0].Loc.Range.Start.Line)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q (%+v)", got, tc.want, rel)
			}
			for _, r := range rel {
				if r.Message == "" || strings.Contains(r.Message, "%!") {
					t.Errorf("bad message %q", r.Message)
				}
			}
		})
	}
	if rel := Locate(nil, &Finding{}); rel != nil {
		t.Errorf("nil program: %v", rel)
	}
}

// TestLocateV1BaseDockerfile is the regression test for issue 9: the FROM
// and RUN lines of a v1 baseDockerfile string are spec lines too, as they
// are for the lint rules.
func TestLocateV1BaseDockerfile(t *testing.T) {
	dir := testfs.Temp(t, map[string]string{
		"azureml_environment.json": `{
  "name": "v1env",
  "docker": {
    "baseImage": null,
    "baseDockerfile": "ARG BASE=python:3.99-slim\nFROM ${BASE}\nRUN apt-get update && cmake --version\n"
  }
}
`,
	})
	prog, err := load.Load([]load.Input{{Path: filepath.Join(dir, "azureml_environment.json"), Explicit: true}}, load.Options{Root: dir, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	fx := facts.New(prog)
	for _, tc := range []struct{ id, subject string }{
		{PullFailed, "docker.io/library/python:3.99-slim"},
		{MissingCommand, "cmake"},
	} {
		p, _ := Lookup(tc.id)
		rel := Locate(fx, &Finding{Problem: p, Subjects: []string{tc.subject}})
		if len(rel) != 1 || rel[0].Loc.Path != "azureml_environment.json" || rel[0].Loc.Range.Start.Line != 5 {
			t.Errorf("%s %q: got %+v, want the baseDockerfile string on line 5", tc.id, tc.subject, rel)
		}
	}
}

// TestLocateHostInDockerfile: an unreachable host is located wherever the
// spec writes a URL on it, a Dockerfile RUN included (the URLs fact).
func TestLocateHostInDockerfile(t *testing.T) {
	dir := testfs.Temp(t, map[string]string{
		"env.yml":           "name: c\nbuild:\n  path: docker\n",
		"docker/Dockerfile": "FROM python:3.12-slim\nRUN curl -fsSL https://files.example.net/setup.sh?sig=SECRET | sh\n",
	})
	prog, err := load.Load([]load.Input{{Path: filepath.Join(dir, "env.yml"), Explicit: true}}, load.Options{Root: dir, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Lookup(CommunicationsError)
	rel := Locate(facts.New(prog), &Finding{Problem: p, Subjects: []string{"https://files.example.net/setup.sh"}})
	if len(rel) != 1 || rel[0].Loc.Path != "docker/Dockerfile" || rel[0].Loc.Range.Start.Line != 2 || rel[0].Loc.Range.Start.Col != 16 {
		t.Fatalf("got %+v, want the URL in the RUN line", rel)
	}
	if strings.Contains(rel[0].Message, "SECRET") {
		t.Errorf("the message shows the query: %s", rel[0].Message)
	}
}

// containsWord's words end at letters, digits, '-' and '_'; acrWord's at
// letters only ("ACR-name" names the registry, "MACRO" does not).
func TestWordBoundaries(t *testing.T) {
	for _, c := range []struct {
		text, w   string
		word, acr bool
	}{
		{"push to ACR", "ACR", true, true},
		{"ACR.", "ACR", true, true},
		{"a MACRO", "ACR", false, false},
		{"SACRED", "ACR", false, false},
		{"ACR-name", "ACR", false, true},
		{"my_ACR", "ACR", false, true},
		{"ACR1 and ACR", "ACR", true, true},
		{"MACRO, then ACR", "ACR", true, true},
	} {
		if got := containsWord(c.text, c.w); got != c.word {
			t.Errorf("containsWord(%q, %q) = %v, want %v", c.text, c.w, got, c.word)
		}
		if got := acrWord(c.text); got != c.acr {
			t.Errorf("acrWord(%q) = %v, want %v", c.text, got, c.acr)
		}
	}
}
