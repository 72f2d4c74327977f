package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/placeholder"
)

// fuzzLoad loads src as a file named name (a path under a temporary
// directory) and checks that every range in
// the program is sane: lines within the file, start not after end.
// siblings are files beside it (name: content), so references resolve.
func fuzzLoad(t *testing.T, name string, src []byte, siblings map[string]string) {
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	for n, body := range siblings {
		writeFuzzFile(t, filepath.Join(dir, n), []byte(body))
	}
	writeFuzzFile(t, p, src)
	prog, err := Load([]Input{{Path: p, Explicit: true}}, Options{Root: dir, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	checkRanges(t, prog)
}

// checkRanges checks that every range in the program is sane.
func checkRanges(t *testing.T, prog *ir.Program) {
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

func writeFuzzFile(t *testing.T, p string, data []byte) {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
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
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "environment.yml", src, nil) })
}

func FuzzLoadJSON(f *testing.F) {
	seed(f, `{"name":"v1","python":{"condaDependencies":{"dependencies":["python=3.8",{"pip":["numpy"]}]}},"docker":{"baseImage":null,"baseDockerfile":"FROM x\nRUN y","buildContext":{"location":"x"}}}`,
		"{\n\t\"docker\": {\"baseImageRegistry\": {\"username\": \"u\", \"registryIdentity\": {}}}\n}", "[1,2]", "{", "{\n  // c\n  \"a\": \"/* x */\", /* y\n */ \"b\": 1,\n}\n")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "azureml_environment.json", src, nil) })
}

func FuzzLoadConda(f *testing.F) {
	seed(f, "name: c\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - conda-forge::numpy >=1,<2 py_0\n  - pip:\n    - requests[socks]==2.31 ; python_version>'3'\n",
		"dependencies:\n  - {pip: x}\n  - 3\n  - numpy[version='>=1']\n")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "conda.yml", src, nil) })
}

func FuzzLoadRequirements(f *testing.F) {
	seed(f, "numpy==1.0 \\\n  --hash=sha256:x\n-r other.txt\n-e git+https://x/y#egg=z\n# mlenv-lint: disable=AML406\npandas\n",
		"pkg @ https://x/#frag ; os_name=='nt'\n./local\n--index-url=https://u:p@h/simple\n", "\\\n\\", "[", "x (>=1")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "requirements.txt", src, nil) })
}

func FuzzLoadDockerfile(f *testing.F) {
	seed(f, "# syntax=docker/dockerfile:1\nARG B=python\nFROM --platform=$BUILDPLATFORM ${B}:3 AS base\nRUN a \\\n  b\nFROM base\nCOPY <<EOF /x\nhi\nEOF\n",
		"FROM\n", "FROM a AS\n", "\\\n", "RUN x\nFROM scratch",
		"FROM debian:12 foo\nRUNN echo hi\nCOPY onlyone\nRUN\u00a0echo\nRUN a \\\n  b\n  c \\\n  d\n", "RUN apt-get update\nENV\n")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "Dockerfile", src, nil) })
}

func FuzzLoadRunConfig(f *testing.F) {
	seed(f, "script: train.py\nenvironment:\n  python:\n    userManagedDependencies: false\n    condaDependenciesFile: .azureml/conda_dependencies.yml\n  docker:\n    baseImage: mcr.microsoft.com/azureml/base:0.2.4\n",
		`{"environment": {"python": {"condaDependencies": {"dependencies": ["python=3.6.2", {"pip": ["x"]}]}}, "docker": {"enabled": true}}}`,
		"ArgumentVector:\n  - \"$file\"\nCondaDependenciesFile: \"aml_config/conda_dependencies.yml\"\n", "environment: {python: null, docker: []}\n",
		"environment:\n  docker:\n    baseDockerfile: \"FROM x\\nRUN y\"\n  python: {condaDependencies: {dependencies: [python=3.8]}}\n", "environment:\n  python: 3\n")
	// In a project's .azureml/, beside the conda file it names (relative to
	// the project).
	siblings := map[string]string{".azureml/conda_dependencies.yml": "dependencies:\n  - python=3.8\n  - pip:\n    - azureml-defaults\n"}
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, ".azureml/train.runconfig", src, siblings) })
}

// FuzzLoadEnvJSON: a v2 environment or job written as JSON, with the
// conda file and build context it names.
func FuzzLoadEnvJSON(f *testing.F) {
	seed(f, `{"$schema":"https://azuremlschemas.azureedge.net/latest/environment.schema.json","name":"e","image":"mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest","conda_file":"conda.yml"}`,
		`{"name":"e","build":{"path":"ctx","dockerfile_path":"Dockerfile"},"version":"1"}`,
		`{"command":"python t.py","environment":{"image":"x:1","conda_file":{"dependencies":["python=3.11"]}}}`,
		"{\n  // the base\n  \"image\": \"x:{{tag}}\" /* c */\n}\n", `{"name":"e","image":`, `{"a":[{"b":{}}]}`)
	siblings := map[string]string{"conda.yml": "dependencies:\n  - python=3.11\n", "ctx/Dockerfile": "FROM python:3.11-slim\n"}
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "environment.json", src, siblings) })
}

// FuzzLoadV1Directory: an environment saved with save_to_directory, its
// conda specification in the sibling file that is fuzzed here.
func FuzzLoadV1Directory(f *testing.F) {
	seed(f, "name: e\ndependencies:\n  - python=3.8\n  - pip:\n    - azureml-defaults\n", "dependencies: x\n", "[", "")
	siblings := map[string]string{
		"azureml_environment.json": `{"name":"e","python":{"condaDependencies":null,"userManagedDependencies":false},"docker":{"baseImage":null,"baseDockerfile":null}}`,
		v1BaseDockerfile:           "FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04\n",
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		for n, body := range siblings {
			writeFuzzFile(t, filepath.Join(dir, n), []byte(body))
		}
		writeFuzzFile(t, filepath.Join(dir, v1CondaFile), src)
		prog, err := Load([]Input{{Path: filepath.Join(dir, "azureml_environment.json"), Explicit: true}}, Options{Root: dir, Cwd: dir})
		if err != nil {
			t.Fatal(err)
		}
		checkRanges(t, prog)
	})
}

// FuzzMaskPlaceholders: masking keeps every line and column (one rune for
// one rune) and unmasking gives the text back.
func FuzzMaskPlaceholders(f *testing.F) {
	seed(f, "image: {{ACR}}.azurecr.io/x:<tag>\nname: ${{inputs.n}}\nv: ${V}\n", "a: {{ \"q\" }}\nb: [{{x}}, <y z>]\n",
		"{{é ü}}: <ä>\n", "{{\xff}}", "<a\tb>{{}}${x}")
	ph := placeholder.Default()
	f.Fuzz(func(t *testing.T, src []byte) {
		text := string(src)
		spans := ph.Find(text)
		prev := 0
		for _, sp := range spans {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(text) {
				t.Fatalf("bad span %+v after %d in %q", sp, prev, text)
			}
			prev = sp.End
		}
		if hasMaskRunes(src) {
			return // the loader parses such a file unmasked
		}
		masked := mask(text, spans)
		a, b := strings.Split(text, "\n"), strings.Split(masked, "\n")
		if len(a) != len(b) {
			t.Fatalf("mask changed the line count: %q -> %q", text, masked)
		}
		for i := range a {
			if utf8.RuneCountInString(a[i]) != utf8.RuneCountInString(b[i]) {
				t.Fatalf("mask moved columns on line %d: %q -> %q", i+1, a[i], b[i])
			}
		}
		if got := unmaskString(masked); utf8.ValidString(text) && got != text {
			t.Fatalf("unmask(mask(%q)) = %q", text, got)
		}
	})
}

// FuzzBlankJSONComments: blanking comments keeps every line and column,
// and leaves a text without comments unchanged.
func FuzzBlankJSONComments(f *testing.F) {
	seed(f, "{\n  // c\n  \"a\": \"/* x */\", /* y\n */ \"b\": 1,\n}\n", "{\"a\": \"\\\"//\"}", "/* open", "// é\r\n{}", "\"\\", "/")
	f.Fuzz(func(t *testing.T, src []byte) {
		text := string(src)
		clean, first, ok := blankJSONComments(text)
		if !ok {
			if clean != text || first != -1 {
				t.Fatalf("no comment, yet %q -> %q (first %d)", text, clean, first)
			}
			return
		}
		if first < 0 || first >= len(text) || text[first] != '/' {
			t.Fatalf("first comment at %d in %q", first, text)
		}
		a, b := strings.Split(text, "\n"), strings.Split(clean, "\n")
		if len(a) != len(b) {
			t.Fatalf("line count changed: %q -> %q", text, clean)
		}
		for i := range a {
			if utf8.RuneCountInString(a[i]) != utf8.RuneCountInString(b[i]) {
				t.Fatalf("columns moved on line %d: %q -> %q", i+1, a[i], b[i])
			}
		}
	})
}
