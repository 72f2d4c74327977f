package load

import (
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/placeholder"
	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
)

// A placeholder that makes the YAML invalid as committed is masked before
// parsing: the file parses, positions stay exact, values keep their text and
// are marked unknown.
func TestPlaceholdersMaskedAndMarked(t *testing.T) {
	prog := loadFiles(t, map[string]string{
		"deployment.yml":   "name: blue\nendpoint_name: {{ENDPOINT_NAME}}\nenvironment:\n  name: {{ env }}\n  image: {{ACR_NAME}}.azurecr.io/é/x:1  # c\n  conda_file: \"{{CONDA}}\"\n  version: ${{inputs.v}}\n",
		"env.yml":          "name: e\nversion: 1-<VERSION>\nimage: python:3.11.9\nconda_file: conda.yml\n",
		"conda.yml":        "dependencies:\n  - python=3.11.9\n  - {{PKG}}\n  - pip:\n      - ${NAME}==1.0\n",
		"requirements.txt": "numpy==1.26.4\n${PKG}\n-r <more>.txt\n",
	}, "deployment.yml", "env.yml", "requirements.txt")
	var inline, env *ir.Env
	for _, e := range prog.Envs {
		if e.Format == ir.FormatInline {
			inline = e
		} else {
			env = e
		}
	}
	if inline == nil || env == nil {
		t.Fatalf("envs: %d; syntax: %v", len(prog.Envs), prog.File("deployment.yml").Syntax)
	}
	if f := prog.File("deployment.yml"); len(f.Syntax) != 0 {
		t.Fatalf("syntax problems: %v", f.Syntax)
	}
	checks := []struct {
		what  string
		s     *ir.Scalar
		value string
		ph    string
		r     ir.Range
	}{
		{"image", inline.Image, "{{ACR_NAME}}.azurecr.io/é/x:1", "{{ACR_NAME}}", rng(5, 10, 5, 39)},
		{"name", inline.Name, "{{ env }}", "{{ env }}", rng(4, 9, 4, 18)},
		{"quoted", inline.CondaFile, "{{CONDA}}", "{{CONDA}}", rng(6, 15, 6, 26)},
		{"binding", inline.Version, "${{inputs.v}}", "", rng(7, 12, 7, 25)},
		{"angle", env.Version, "1-<VERSION>", "<VERSION>", rng(2, 10, 2, 21)},
		{"plain", env.Image, "python:3.11.9", "", rng(3, 8, 3, 21)},
	}
	for _, c := range checks {
		if c.s == nil {
			t.Errorf("%s: missing", c.what)
			continue
		}
		if c.s.Value != c.value || c.s.Placeholder != c.ph || c.s.Loc.Range != c.r {
			t.Errorf("%s = %q placeholder %q at %v, want %q %q at %v", c.what, c.s.Value, c.s.Placeholder, c.s.Loc.Range, c.value, c.ph, c.r)
		}
	}
	if inline.CondaRef == nil || !inline.CondaRef.Template || inline.CondaRef.Exists {
		t.Errorf("a templated conda_file must be a template reference, not resolved: %+v", inline.CondaRef)
	}
	c := env.Conda
	if c == nil || len(c.Dependencies) != 2 || !c.Dependencies[1].Spec.Unknown() || c.Dependencies[0].Spec.Unknown() {
		t.Fatalf("conda deps: %+v", c)
	}
	if len(c.Pip) != 1 || c.Pip[0].Placeholder != "${NAME}" {
		t.Errorf("pip: %+v", c.Pip)
	}
	if len(prog.Reqs) != 1 || len(prog.Reqs[0].Reqs) != 3 {
		t.Fatalf("requirements: %+v", prog.Reqs)
	}
	rq := prog.Reqs[0]
	if rq.Reqs[0].Placeholder != "" || rq.Reqs[1].Placeholder != "${PKG}" || rq.Reqs[2].Placeholder != "<more>" {
		t.Errorf("requirement placeholders: %q %q %q", rq.Reqs[0].Placeholder, rq.Reqs[1].Placeholder, rq.Reqs[2].Placeholder)
	}
	if len(rq.Includes) != 1 || !rq.Includes[0].Template {
		t.Errorf("a templated -r must not be resolved: %+v", rq.Includes)
	}
}

// With an empty pattern set nothing is a placeholder: the unquoted
// template is invalid YAML again, and values are taken as written.
func TestPlaceholdersOff(t *testing.T) {
	dir := testfs.Temp(t, map[string]string{
		"deployment.yml": "name: blue\nenvironment:\n  image: {{ACR_NAME}}.azurecr.io/x:1\n",
		"env.yml":        "name: e\nversion: 1-<VERSION>\nimage: python:3.11.9\n",
	})
	none, err := placeholder.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := Load([]Input{{Path: "deployment.yml", Explicit: true}, {Path: "env.yml", Explicit: true}}, Options{Root: dir, Cwd: dir, Placeholders: none})
	if err != nil {
		t.Fatal(err)
	}
	if f := prog.File("deployment.yml"); len(f.Syntax) != 1 {
		t.Errorf("want one syntax problem, got %v", f.Syntax)
	}
	if len(prog.Envs) != 1 || prog.Envs[0].Version.Unknown() {
		t.Errorf("env version must be a plain value: %+v", prog.Envs)
	}
}

// Helm and Jinja templates are templates of a spec, not specs: they are
// left alone, also when named.
func TestTemplatesLeftAlone(t *testing.T) {
	prog := loadFiles(t, map[string]string{
		"templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"x.fullname\" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n{{- if .Values.env }}\n          env: {{ toYaml .Values.env | nindent 12 }}\n{{- end }}\n",
		"env.yml.j2":                "{% if gpu %}\nimage: x:1\n{% else %}\nimage: y:1\n{% endif %}\nconda_file: conda.yml\n",
	}, "templates/deployment.yaml", "env.yml.j2")
	for _, f := range prog.Files {
		if len(f.Syntax) > 0 || f.Kind != ir.KindUnknown {
			t.Errorf("%s: kind %v, syntax %v", f.Path, f.Kind, f.Syntax)
		}
	}
	if len(prog.Envs)+len(prog.Jobs) != 0 {
		t.Errorf("templates loaded as specs: %d envs, %d jobs", len(prog.Envs), len(prog.Jobs))
	}
}

// In a Dockerfile, ${NAME} is a build argument and < a redirection: only
// the other placeholders count, and a templated FROM image is unknown.
func TestDockerfilePlaceholders(t *testing.T) {
	prog := loadFiles(t, map[string]string{
		"Dockerfile": "ARG TAG=1\nFROM python:${TAG}\nRUN echo <x> > /tmp/y\nFROM mcr.microsoft.com/azureml/base:{{latest-image-tag}} AS b\n",
	}, "Dockerfile")
	if len(prog.Dockerfiles) != 1 {
		t.Fatalf("dockerfiles: %d", len(prog.Dockerfiles))
	}
	d := prog.Dockerfiles[0]
	if got := len(d.File.Placeholders); got != 1 || d.File.Placeholders[0].Text != "{{latest-image-tag}}" {
		t.Errorf("placeholders: %+v", d.File.Placeholders)
	}
	if d.Stages[0].Image.Unknown() || !d.Stages[1].Image.Unknown() {
		t.Errorf("stage images: %+v %+v", d.Stages[0].Image, d.Stages[1].Image)
	}
	for _, c := range d.Checks {
		if c.Rule == "InvalidDefaultArgInFrom" {
			t.Errorf("check caused by the placeholder: %+v", c)
		}
	}
}

// The literal pre-filter of isTemplateText must not change its answer.
func TestTemplateTextPrefilter(t *testing.T) {
	for _, src := range []string{
		"", "image: x:1\n", "a: {{ .Values.x }}\n", "{{- if x }}\n", "a: b -}}\n", "{% for x in y %}\n",
		"{%- raw %}\n", "image: {{ACR}}.azurecr.io/x\n", "a: {x: {y: 1}}\n", "a: '{ {'\n", "{{ toYaml .x }}",
	} {
		if got, want := isTemplateText([]byte(src)), goTemplateRE.MatchString(src); got != want {
			t.Errorf("isTemplateText(%q) = %v, the expression says %v", src, got, want)
		}
	}
}
