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
		"COPY conda_dependencies.yml /azureml-environment-setup/conda_dependencies.yml\n",
		"RUN conda env create -p /azureml-envs/azureml_",
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
	}
	for _, tc := range tests {
		code, _, errOut := runApp(t, dir, "", nil, tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, errOut)
		}
	}
}
