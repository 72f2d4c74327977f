package builder

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
)

var update = flag.Bool("update", false, "rewrite golden Dockerfiles")

// loadEnv writes files into a fresh project and loads spec from it.
func loadEnv(t *testing.T, files map[string]string, spec string) (*ir.Env, string) {
	t.Helper()
	dir := t.TempDir()
	testfs.Write(t, dir, files)
	prog, err := load.Load([]load.Input{{Path: filepath.Join(dir, spec), Explicit: true}}, load.Options{Root: dir, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(prog.Envs) != 1 {
		t.Fatalf("%s: %d environments", spec, len(prog.Envs))
	}
	return prog.Envs[0], dir
}

const condaYML = "channels:\n  - conda-forge\ndependencies:\n  - python=3.12.7\n  - pip=24.0\n  - pip:\n      - numpy==1.26.4\n"

func TestPlans(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		spec    string
		kind    Kind
		secrets []string
	}{
		{
			name: "image-conda",
			files: map[string]string{
				"env.yml":   "name: Demo Env\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\nconda_file: conda.yml\n",
				"conda.yml": condaYML,
			},
			spec: "env.yml", kind: CondaOnImage,
		},
		{
			name: "image-conda-secrets",
			files: map[string]string{
				"env.yml":   "name: Demo Env\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\nconda_file: conda.yml\n",
				"conda.yml": condaYML,
			},
			spec: "env.yml", kind: CondaOnImage, secrets: []string{"netrc", "other", "pip.conf"},
		},
		{
			name:  "image-only",
			files: map[string]string{"env.yml": "name: plain\nimage: python:3.11.9-slim\n"},
			spec:  "env.yml", kind: ImageOnly,
		},
		{
			name: "build-context",
			files: map[string]string{
				"env.yml":                      "name: ctx\nbuild:\n  path: docker\n  dockerfile_path: images/Dockerfile.gpu\n",
				"docker/images/Dockerfile.gpu": "FROM python:3.11.9-slim\nRUN pip install numpy==1.26.4\n",
			},
			spec: "env.yml", kind: Context,
		},
		{
			name: "v1-dockerfile-conda",
			files: map[string]string{
				"azureml_environment.json": `{"name": "v1env", "python": {"userManagedDependencies": false, "condaDependencies": {"channels": ["conda-forge"], "dependencies": ["python=3.12.7"]}}, "docker": {"baseDockerfile": "FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\nRUN apt-get update"}}`,
			},
			spec: "azureml_environment.json", kind: InlineDockerfile,
		},
		{
			name: "v1-user-managed",
			files: map[string]string{
				"azureml_environment.json": `{"name": "v1um", "python": {"userManagedDependencies": true}, "docker": {"baseImage": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1"}}`,
			},
			spec: "azureml_environment.json", kind: ImageOnly,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env, _ := loadEnv(t, tc.files, tc.spec)
			p, err := NewPlan(env, Options{Secrets: tc.secrets})
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != tc.kind {
				t.Errorf("kind = %s, want %s", p.Kind, tc.kind)
			}
			golden := filepath.Join("testdata", tc.name+".Dockerfile")
			if *update {
				if err := os.WriteFile(golden, p.Dockerfile, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./builder -update)", err)
			}
			if diff := cmp.Diff(string(want), string(p.Dockerfile)); diff != "" {
				t.Errorf("Dockerfile mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// A spec whose image, conda file or context is still a template cannot be
// built: the error names the value and the placeholder.
func TestTemplatedSpecsRefused(t *testing.T) {
	for spec, want := range map[string]string{
		"name: t\nimage: '{{ACR}}.azurecr.io/app:1'\n":          "image holds the template placeholder {{ACR}}",
		"name: t\nimage: python:3.12.7\nconda_file: ${CONDA}\n": "conda_file holds the template placeholder ${CONDA}",
		"name: t\nbuild:\n  path: <CONTEXT>\n":                  "build.path holds the template placeholder <CONTEXT>",
	} {
		env, _ := loadEnv(t, map[string]string{"env.yml": spec}, "env.yml")
		if _, err := NewPlan(env, Options{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", spec, err, want)
		}
	}
}

func TestRemoteContexts(t *testing.T) {
	for path, ok := range map[string]bool{
		"https://github.com/contoso/envs.git#main:train":                true,
		"git@github.com:contoso/envs.git":                               true,
		"https://dev.azure.com/contoso/ml/_git/envs":                    true,
		"https://acct.blob.core.windows.net/ctx/train/?sv=1&sig=SECRET": false,
		"https://example.com/context.tar.gz":                            false,
		"https://user:SECRET@example.com/ctx.tar.gz":                    false,
		"https://user:SECRET@example.com/ctx.tar.gz?sv=1&sig=SECRET":    false,
		"https://SECRET@github.com/contoso/envs.git":                    true,
	} {
		env, _ := loadEnv(t, map[string]string{"env.yml": "name: r\nbuild:\n  path: " + path + "\n"}, "env.yml")
		p, err := NewPlan(env, Options{})
		if ok != (err == nil) {
			t.Errorf("%s: err = %v", path, err)
			continue
		}
		if err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Errorf("a credential is printed: %v", err)
		}
		if ok && p.RemoteContext != path {
			t.Errorf("%s: remote context %q", path, p.RemoteContext)
		}
	}
}

func TestPlanNames(t *testing.T) {
	env, _ := loadEnv(t, map[string]string{"env.yml": "name: My Env_2!\nimage: python:3.11.9\n"}, "env.yml")
	p, err := NewPlan(env, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.ImageName("0123456789abcdef0123"); got != "mlenv/my-env_2:0123456789abcdef" {
		t.Errorf("ImageName = %q", got)
	}
}

// TestKeyChanges: the cache key changes exactly when something that enters
// the image changes.
func TestKeyChanges(t *testing.T) {
	base := map[string]string{
		"env.yml":              "name: ctx\nbuild:\n  path: docker\n",
		"docker/Dockerfile":    "FROM python:3.11.9-slim\nCOPY app /app\n",
		"docker/app/main.py":   "print('hi')\n",
		"docker/.dockerignore": "*.log\nsecret/\n",
	}
	key := func(t *testing.T, change map[string]string, opts Options) string {
		files := map[string]string{}
		for k, v := range base {
			files[k] = v
		}
		for k, v := range change {
			files[k] = v
		}
		env, _ := loadEnv(t, files, "env.yml")
		p, err := NewPlan(env, opts)
		if err != nil {
			t.Fatal(err)
		}
		k, err := p.Key()
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	ref := key(t, nil, Options{})
	if again := key(t, nil, Options{}); again != ref {
		t.Fatal("the key of the same inputs differs between runs")
	}
	tests := []struct {
		name    string
		change  map[string]string
		opts    Options
		changes bool
	}{
		{"context file edited", map[string]string{"docker/app/main.py": "print('bye')\n"}, Options{}, true},
		{"context file added", map[string]string{"docker/app/util.py": "x = 1\n"}, Options{}, true},
		{"Dockerfile edited", map[string]string{"docker/Dockerfile": "FROM python:3.11.9-slim\nCOPY app /srv\n"}, Options{}, true},
		{"build arg", nil, Options{BuildArgs: map[string]string{"A": "1"}}, true},
		{"platform", nil, Options{Platform: "linux/arm64"}, true},
		{"ignored file added", map[string]string{"docker/build.log": "noise\n"}, Options{}, false},
		{"ignored dir added", map[string]string{"docker/secret/token": "x\n"}, Options{}, false},
		{"spec comment", map[string]string{"env.yml": "# a comment\nname: ctx\nbuild:\n  path: docker\n"}, Options{}, false},
		{"file outside the context", map[string]string{"README.md": "docs\n"}, Options{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := key(t, tc.change, tc.opts); (got != ref) != tc.changes {
				t.Errorf("key changed = %v, want %v", got != ref, tc.changes)
			}
		})
	}
}

func TestKeyCondaAndImage(t *testing.T) {
	mk := func(image, conda string) string {
		env, _ := loadEnv(t, map[string]string{"env.yml": "name: e\nimage: " + image + "\nconda_file: conda.yml\n", "conda.yml": conda}, "env.yml")
		p, err := NewPlan(env, Options{})
		if err != nil {
			t.Fatal(err)
		}
		k, err := p.Key()
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	a := mk("python:3.11.9", condaYML)
	if mk("python:3.11.10", condaYML) == a {
		t.Error("base image change kept the key")
	}
	if mk("python:3.11.9", strings.Replace(condaYML, "1.26.4", "1.26.3", 1)) == a {
		t.Error("conda change kept the key")
	}
	if mk("python:3.11.9", condaYML) != a {
		t.Error("same inputs, different key")
	}
}

func TestContextFilesRespectsDockerignore(t *testing.T) {
	dir := t.TempDir()
	testfs.Write(t, dir, map[string]string{
		".dockerignore": "**/*.pyc\nbuild\n!build/keep.txt\n",
		"a.py":          "", "a.pyc": "", "pkg/b.pyc": "", "build/x": "", "build/keep.txt": "", "Dockerfile": "",
	})
	got, err := ContextFiles(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".dockerignore", "Dockerfile", "a.py", "build/keep.txt", "pkg"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("context files (-want +got):\n%s", diff)
	}
	// A Dockerfile's own ignore file wins over .dockerignore.
	testfs.Write(t, dir, map[string]string{"gpu/Dockerfile": "", "gpu/Dockerfile.dockerignore": "*.py\nbuild\n"})
	got, err = ContextFiles(dir, "gpu/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	want = []string{".dockerignore", "Dockerfile", "a.pyc", "gpu", "gpu/Dockerfile", "gpu/Dockerfile.dockerignore", "pkg", "pkg/b.pyc"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("context files with gpu/Dockerfile.dockerignore (-want +got):\n%s", diff)
	}
}

func TestParseOutputAndCache(t *testing.T) {
	for in, want := range map[string]Output{
		"":                         {},
		"out.tar":                  {Type: "oci", Dest: "out.tar"},
		"type=oci,dest=a/b.tar":    {Type: "oci", Dest: "a/b.tar"},
		"type=docker,dest=img.tar": {Type: "docker", Dest: "img.tar"},
		"type=registry":            {Type: "image", Push: true},
		"type=image":               {Type: "image"},
		"type=image,push=true":     {Type: "image", Push: true},
	} {
		got, err := ParseOutput(in)
		if err != nil || got != want {
			t.Errorf("ParseOutput(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	c, err := ParseCacheOption("type=registry,ref=reg.example/cache:env,mode=max")
	if err != nil || c.Type != "registry" || c.Attrs["ref"] != "reg.example/cache:env" || c.Attrs["mode"] != "max" {
		t.Errorf("ParseCacheOption = %+v, %v", c, err)
	}
	if c, _ := ParseCacheOption("reg.example/cache:env"); c.Type != "registry" || c.Attrs["ref"] != "reg.example/cache:env" {
		t.Errorf("bare cache ref = %+v", c)
	}
}

// The key rests on content only: the same project loaded from another
// directory, or the spec named by another path, gives the same key.
func TestKeyIgnoresWhereTheSpecIs(t *testing.T) {
	files := map[string]string{
		"proj/env.yml":           "name: demo\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\nconda_file: conda.yml\n",
		"proj/conda.yml":         condaYML,
		"proj/ctx.yml":           "name: ctx\nbuild:\n  path: docker\n",
		"proj/docker/Dockerfile": "FROM python:3.11.9-slim\n",
	}
	keyOf := func(spec string, cwdSub string) string {
		t.Helper()
		dir := t.TempDir()
		testfs.Write(t, dir, files)
		cwd := filepath.Join(dir, cwdSub)
		rel, err := filepath.Rel(cwd, filepath.Join(dir, spec))
		if err != nil {
			t.Fatal(err)
		}
		prog, err := load.Load([]load.Input{{Path: rel, Explicit: true}}, load.Options{Root: dir, Cwd: cwd})
		if err != nil || len(prog.Envs) != 1 {
			t.Fatalf("%s: %v, %d envs", spec, err, len(prog.Envs))
		}
		p, err := NewPlan(prog.Envs[0], Options{})
		if err != nil {
			t.Fatal(err)
		}
		k, err := p.Key()
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	for _, spec := range []string{"proj/env.yml", "proj/ctx.yml"} {
		fromProj, fromParent := keyOf(spec, "proj"), keyOf(spec, ".")
		if fromProj != fromParent {
			t.Errorf("%s: key %s from proj/, %s from its parent", spec, fromProj[:16], fromParent[:16])
		}
	}
}

func TestMutatedConda(t *testing.T) {
	tests := []struct{ in, want string }{
		{"channels:\n  - conda-forge\ndependencies:\n  - python=3.12.7\n", "channels:\n  - conda-forge\ndependencies:\n  - python=3.12.7\nname: azureml_x\n"},
		{"name: mine\ndependencies:\n  - python=3.12.7\n", "name: azureml_x\ndependencies:\n  - python=3.12.7\n"},
	}
	for _, tc := range tests {
		got, err := mutateConda([]byte(tc.in), "/azureml-envs/azureml_x")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, string(got)); diff != "" {
			t.Errorf("mutateConda(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
	if _, err := mutateConda([]byte("- a\n- b\n"), "/azureml-envs/azureml_x"); err == nil {
		t.Error("a YAML list was accepted as a conda file")
	}
}
