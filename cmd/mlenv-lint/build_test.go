package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mlenv-lint/mlenv-lint/analyzers/facts"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
)

func TestBuildPrintDockerfile(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"env.yml":   "name: demo\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\nconda_file: conda.yml\n",
		"conda.yml": "channels:\n  - conda-forge\ndependencies:\n  - python=3.12.7\n  - pip=24.0\n",
	})
	code, out, errOut := runApp(t, dir, "", nil, "build", "--print-dockerfile", "env.yml")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\n",
		"COPY azureml-environment-setup/mutated_conda_dependencies.yml azureml-environment-setup/mutated_conda_dependencies.yml\n",
		"conda env create -p /azureml-envs/azureml_",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

// TestBuildPrintDockerfileHidesCredentials: neither the refusal of a remote
// context nor the "# context:" line of a Git one prints user:password@.
func TestBuildPrintDockerfileHidesCredentials(t *testing.T) {
	for _, path := range []string{
		"https://user:s3cretTOKEN@example.com/ctx.tar.gz",
		"https://user:s3cretTOKEN@github.com/contoso/envs.git#main",
	} {
		dir := writeFiles(t, map[string]string{"env.yml": "name: demo\nbuild:\n  path: " + path + "\n"})
		_, out, errOut := runApp(t, dir, "", nil, "build", "--force", "--print-dockerfile", "env.yml")
		if strings.Contains(out+errOut, "s3cretTOKEN") {
			t.Errorf("%s: the password is printed:\n%s%s", path, out, errOut)
		}
		if !strings.Contains(out+errOut, "https://***@") {
			t.Errorf("%s: the URL is not named, redacted:\n%s%s", path, out, errOut)
		}
	}
}

func TestBuildRefusesLintErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"env.yml": "name: AzureML-mine\nimage: mcr.microsoft.com/azureml/base:latest\n",
	})
	code, _, errOut := runApp(t, dir, "", nil, "build", "--addr", "unix:///nonexistent/buildkitd.sock", "env.yml")
	if code != exitFindings || !strings.Contains(errOut, "not building: lint found 1 error(s)") || !strings.Contains(errOut, "--force") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	// --force goes on, loudly, and then finds no engine.
	code, _, errOut = runApp(t, dir, "", nil, "build", "--force", "--addr", "unix:///nonexistent/buildkitd.sock", "env.yml")
	if code != exitUsage || !strings.Contains(errOut, "WARNING: building despite 1 lint error(s) because of --force") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestBuildNoEngine(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"env.yml": "name: demo\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\n",
	})
	code, _, errOut := runApp(t, dir, "", nil, "build", "--addr", "unix:///nonexistent/buildkitd.sock", "env.yml")
	if code != exitUsage {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"no BuildKit engine is reachable; tried:", "unix:///nonexistent/buildkitd.sock:", "Start one:"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("missing %q in:\n%s", want, errOut)
		}
	}
}

// With several specs, a --tag must name each spec's image apart.
func TestBuildTagsOfSeveralSpecs(t *testing.T) {
	dir := writeFiles(t, map[string]string{"env.yml": "name: demo\nimage: python:3.11.9\n", "two.yml": "name: two\nimage: python:3.11.9\n"})
	noEngine := []string{"build", "--addr", "unix:///nonexistent/buildkitd.sock"}
	code, _, errOut := runApp(t, dir, "", nil, append(noEngine, "-t", "acr.io/envs/train:1", "env.yml", "two.yml")...)
	if code != exitUsage || !strings.Contains(errOut, "put {name} (or {key}) in it, e.g. acr.io/envs/{name}:1") {
		t.Errorf("a shared tag: exit %d, %s", code, errOut)
	}
	code, _, errOut = runApp(t, dir, "", nil, append(noEngine, "-t", "acr.io/envs/{name}:{key}", "env.yml", "two.yml")...)
	if code != exitUsage || strings.Contains(errOut, "--tag") || !strings.Contains(errOut, "no BuildKit engine") {
		t.Errorf("tags with placeholders: exit %d, %s", code, errOut)
	}
}

func TestBuildUsageErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{"env.yml": "name: demo\nimage: python:3.11.9\n"})
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"build"}, "give the environment spec"},
		{[]string{"build", "--output", "type=tar", "env.yml"}, "type must be oci, docker or image"},
		{[]string{"build", "--output", "type=oci", "env.yml"}, "needs dest=FILE"},
		{[]string{"build", "--build-arg", "NOVALUE", "env.yml"}, "want KEY=VALUE"},
		{[]string{"build", "--progress", "fancy", "env.yml"}, "--progress"},
		{[]string{"build", "--progress", "tty", "env.yml"}, "needs a terminal"},
		{[]string{"build", "--cache-from", "ref=x", "env.yml"}, "missing type="},
		{[]string{"build", "conda-only.yml"}, "conda-only.yml"},
		{[]string{"build", "--addr", "bogus://x", "env.yml"}, `unknown scheme "bogus"`},
		{[]string{"build", "--addr", "buildkitd:1234", "env.yml"}, "want SCHEME://"},
		{[]string{"build", "--jobs", "0", "env.yml"}, "--jobs 0"},
		{[]string{"build", "--cache-max-size", "lots", "env.yml"}, "--cache-max-size"},
	}
	for _, tc := range tests {
		code, _, errOut := runApp(t, dir, "", nil, tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, errOut)
		}
	}
}

func TestPerSpecPath(t *testing.T) {
	tests := []struct {
		pattern, name string
		many          bool
		want          string
	}{
		{"", "train", true, ""},
		{"/o/image.tar", "train", false, "/o/image.tar"},
		{"/o/image.tar", "train", true, "/o/image-train.tar"},
		{"/o/{name}.tar", "train", true, "/o/train.tar"},
		{"/o/{name}-{key}.tar", "train", false, "/o/train-{key}.tar"},
		{"/o/{key}.tar", "train", true, "/o/{key}.tar"},
		{"build.log", "score", true, "build-score.log"},
	}
	for _, tc := range tests {
		if got := perSpecPath(tc.pattern, tc.name, tc.many); got != tc.want {
			t.Errorf("perSpecPath(%q, %q, %v) = %q, want %q", tc.pattern, tc.name, tc.many, got, tc.want)
		}
	}
	if got := keyPath("/o/{key}.tar", "0123456789abcdef0123"); got != "/o/0123456789abcdef.tar" {
		t.Errorf("keyPath: %q", got)
	}
	if got := specTag("acr.io/envs/{name}:{key}", "train", "0123456789abcdef0123"); got != "acr.io/envs/train:0123456789abcdef" {
		t.Errorf("specTag: %q", got)
	}
	for in, want := range map[string]string{"myacr.azurecr.io/envs/train:1": "myacr.azurecr.io/envs/{name}:1", "busybox": "{name}", "localhost:5000/x": "localhost:5000/{name}"} {
		if got := tagExample(in); got != want {
			t.Errorf("tagExample(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"10GB", 10e9, true}, {"500mb", 500e6, true}, {"1.5GiB", 3 << 29, true}, {"2048", 2048, true},
		{"1T", 1e12, true}, {"lots", 0, false}, {"-1GB", 0, false}, {"", 0, false},
	}
	for _, tc := range tests {
		got, err := parseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestBuildPrune(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	images := filepath.Join(cache, "mlenv-lint", "images")
	now := time.Now()
	files := []struct {
		name string
		size int
		age  time.Duration
		kept bool
	}{
		{"old-0123456789abcdef.tar", 10, 40 * 24 * time.Hour, false},           // unused for too long
		{"old-0123456789abcdef.tar.mlenv-key", 10, 40 * 24 * time.Hour, false}, // goes with its tarball
		{"big1-0123456789abcdef.tar", 600, 2 * time.Hour, false},               // least recently used, over the size
		{"big2-0123456789abcdef.tar", 600, time.Hour, true},
		{"x.tar.123.partial", 10, 48 * time.Hour, false}, // a dead build's
		{"y.tar.456.partial", 10, 0, true},               // a running build's
	}
	if err := os.MkdirAll(images, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p := filepath.Join(images, f.name)
		if err := os.WriteFile(p, bytes.Repeat([]byte("x"), f.size), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-f.age), now.Add(-f.age)); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runApp(t, t.TempDir(), "", nil, "build", "--prune", "--cache-max-size", "1KB")
	if code != exitOK || !strings.Contains(out, "removed 3 file(s)") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	for _, f := range files {
		_, err := os.Stat(filepath.Join(images, f.name))
		if kept := err == nil; kept != f.kept {
			t.Errorf("%s: kept=%v, want %v", f.name, kept, f.kept)
		}
	}
	if code, _, errOut := runApp(t, t.TempDir(), "", nil, "build", "--prune", "--cache-max-age", "-1h"); code != exitUsage {
		t.Errorf("a negative age: exit %d, %s", code, errOut)
	}
}

// A lint error fails its own spec only; errors in files no built
// environment uses stop nothing but still fail the run.
func TestBuildLintErrorsPerSpec(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"good.yml":   "name: good\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\nconda_file: conda.yml\n",
		"conda.yml":  "channels:\n  - conda-forge\ndependencies:\n  - python=3.12.7\n",
		"bad.yml":    "name: AzureML-bad\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\n",
		"stray.yml":  "name: stray\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1\nconda_file: broken.yml\n",
		"broken.yml": "channels: [conda-forge\n",
	})
	noEngine := []string{"build", "--addr", "unix:///nonexistent/buildkitd.sock"}
	code, _, errOut := runApp(t, dir, "", nil, append(noEngine, "good.yml", "bad.yml")...)
	// bad.yml is not built; good.yml goes on to the (missing) engine.
	if code != exitUsage || !strings.Contains(errOut, "bad.yml: not building: lint found 1 error(s)") ||
		strings.Contains(errOut, "good.yml: not building") || !strings.Contains(errOut, "no BuildKit engine is reachable") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
	code, _, errOut = runApp(t, dir, "", nil, append(noEngine, "bad.yml")...)
	if code != exitFindings || strings.Contains(errOut, "no BuildKit engine") {
		t.Errorf("only a spec with errors: exit %d\n%s", code, errOut)
	}
	// stray.yml's conda file does not parse: stray.yml owns that error.
	code, _, errOut = runApp(t, dir, "", nil, append(noEngine, "--print-dockerfile", "good.yml", "stray.yml")...)
	if code == exitOK && !strings.Contains(errOut, "AML001") {
		t.Errorf("the broken conda file was not reported: exit %d\n%s", code, errOut)
	}
	code, _, errOut = runApp(t, dir, "", nil, append(noEngine, "good.yml", "stray.yml")...)
	if !strings.Contains(errOut, "stray.yml: not building") || strings.Contains(errOut, "good.yml: not building") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}

// The bases keyed by digest are the FROM images of the Dockerfile: ARG
// defaults and --build-arg values filled in, stages and scratch left out.
func TestDockerfileBases(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"env.yml": "name: ctx\nbuild:\n  path: docker\n",
		"docker/Dockerfile": "ARG BASE=python:3.11.9-slim\nFROM $BASE AS deps\nRUN true\nFROM deps AS app\n" +
			"FROM scratch AS empty\nFROM debian:12.7\nCOPY --from=app / /\n",
	})
	prog, err := load.Load([]load.Input{{Path: filepath.Join(dir, "env.yml"), Explicit: true}}, load.Options{Root: dir, Cwd: dir})
	if err != nil || len(prog.Envs) != 1 {
		t.Fatalf("%v, %d envs", err, len(prog.Envs))
	}
	fx := facts.New(prog)
	tests := []struct {
		args map[string]string
		want []string
	}{
		{nil, []string{"python:3.11.9-slim", "debian:12.7"}},
		{map[string]string{"BASE": "python:3.12.7-slim"}, []string{"python:3.12.7-slim", "debian:12.7"}},
	}
	for _, tc := range tests {
		if got := dockerfileBases(fx, prog.Envs[0], tc.args); !slices.Equal(got, tc.want) {
			t.Errorf("build args %v: bases %v, want %v", tc.args, got, tc.want)
		}
	}
}
