package main

import (
	"strings"
	"testing"
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
