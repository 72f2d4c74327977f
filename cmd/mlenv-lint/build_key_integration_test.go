package main

import (
	"archive/tar"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var cacheKeyRE = regexp.MustCompile(`\(cache key ([0-9a-f]{16})`)

// cacheKey is the key a build's stdout line names.
func cacheKey(t *testing.T, stdout string) string {
	t.Helper()
	m := cacheKeyRE.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no cache key in %q", stdout)
	}
	return m[1]
}

// buildOK runs a build that must succeed and returns its stdout.
func buildOK(t *testing.T, dir string, env map[string]string, args ...string) string {
	t.Helper()
	code, stdout, stderr := runAppEnv(context.Background(), dir, env, append([]string{"build"}, args...)...)
	if code != exitOK {
		t.Fatalf("build %v: exit %d\nstdout: %s\nstderr: %s", args, code, stdout, stderr)
	}
	return stdout
}

// TestBuildKeyIntegration: the cache key follows the base image's content
// (registry tag, --base-layout), not the spec's location; the up-to-date
// check follows the output's format and names.
func TestBuildKeyIntegration(t *testing.T) {
	addr := engineAddr(t)
	dir := busyboxProject(t)
	out := filepath.Join(dir, "out")
	common := []string{"--addr", addr, "--progress", "quiet"}
	args := func(extra ...string) []string { return append(append([]string{}, common...), extra...) }

	t.Run("the key does not depend on the working directory", func(t *testing.T) {
		dest := filepath.Join(out, "where.tar")
		first := buildOK(t, dir, nil, args("-o", "type=oci,dest="+dest, "--log-file", filepath.Join(dir, "where.log"), "env.yml")...)
		parent, base := filepath.Dir(dir), filepath.Base(dir)
		second := buildOK(t, parent, nil, args("-o", "type=oci,dest="+dest, "--log-file", filepath.Join(dir, "where.log"), filepath.Join(base, "env.yml"))...)
		if cacheKey(t, first) != cacheKey(t, second) || !strings.Contains(second, "up to date") {
			t.Errorf("build env.yml and build %s/env.yml differ:\n%s\n%s", base, first, second)
		}
	})

	t.Run("the output's format and names are part of up to date", func(t *testing.T) {
		dest := filepath.Join(out, "format.tar")
		log := filepath.Join(dir, "format.log")
		buildOK(t, dir, nil, args("-o", "type=oci,dest="+dest, "--log-file", log, "env.yml")...)
		if isDockerTarball(t, dest) {
			t.Fatal("type=oci wrote a docker tarball")
		}
		again := buildOK(t, dir, nil, args("-o", "type=docker,dest="+dest, "--log-file", log, "env.yml")...)
		if strings.Contains(again, "up to date") || !isDockerTarball(t, dest) {
			t.Errorf("type=docker after type=oci: %s (docker tarball: %v)", again, isDockerTarball(t, dest))
		}
		same := buildOK(t, dir, nil, args("-o", "type=docker,dest="+dest, "--log-file", log, "env.yml")...)
		if !strings.Contains(same, "up to date") {
			t.Errorf("the same output again was rebuilt: %s", same)
		}
		tagged := buildOK(t, dir, nil, args("-t", "team/busybox:new", "-o", "type=docker,dest="+dest, "--log-file", log, "env.yml")...)
		if strings.Contains(tagged, "up to date") || !tarballNames(t, dest)["team/busybox:new"] {
			t.Errorf("a new -t on a cache hit was not applied: %s, names %v", tagged, tarballNames(t, dest))
		}
	})

	t.Run("a new --base-layout makes a new key", func(t *testing.T) {
		// Two different base images as layouts, one after the other under
		// the same reference.
		layoutA, layoutB := filepath.Join(dir, "layout-a"), filepath.Join(dir, "layout-b")
		buildOK(t, dir, nil, args("-o", "type=oci,dest="+filepath.Join(out, "a.tar"), "--build-arg", "GREETING=a", "--log-file", filepath.Join(dir, "a.log"), "env.yml")...)
		buildOK(t, dir, nil, args("-o", "type=oci,dest="+filepath.Join(out, "b.tar"), "--build-arg", "GREETING=b", "--log-file", filepath.Join(dir, "b.log"), "env.yml")...)
		untar(t, filepath.Join(out, "a.tar"), layoutA)
		untar(t, filepath.Join(out, "b.tar"), layoutB)
		writeSpec(t, dir, "on-layout.yml", "name: on-layout\nimage: registry.invalid/mlenv/base:1\n")
		dest := filepath.Join(out, "on-layout.tar")
		build := func(layout string) string {
			return buildOK(t, dir, nil, args("--base-layout", "registry.invalid/mlenv/base:1="+layout,
				"-o", "type=oci,dest="+dest, "--log-file", filepath.Join(dir, "on-layout.log"), "on-layout.yml")...)
		}
		first := build(layoutA)
		if got := runImage(t, dest); got != "a from the mlenv-lint build test\n" {
			t.Fatalf("the image on layout a printed %q", got)
		}
		again := build(layoutA)
		if !strings.Contains(again, "up to date") || !strings.Contains(again, "registry.invalid/mlenv/base:1@sha256:") || !strings.Contains(again, "(base-layout)") {
			t.Errorf("the up-to-date line does not name the base's digest: %s", again)
		}
		moved := build(layoutB)
		if cacheKey(t, first) == cacheKey(t, moved) || strings.Contains(moved, "up to date") {
			t.Errorf("a new layout kept the key:\n%s\n%s", first, moved)
		}
		if got := runImage(t, dest); got != "b from the mlenv-lint build test\n" {
			t.Errorf("the image on layout b printed %q", got)
		}
	})

	t.Run("a moved tag in the registry makes a new key", func(t *testing.T) {
		reg := newAuthRegistry(t)
		env := map[string]string{"DOCKER_CONFIG": reg.dockerConfig(t, reg.user, reg.pass)}
		tag := reg.host + "/mlenv/base:1"
		push := func(greeting string) {
			buildOK(t, dir, env, args("--push", "-t", tag, "--build-arg", "GREETING="+greeting, "--log-file", filepath.Join(dir, "push.log"), "env.yml")...)
		}
		writeSpec(t, dir, "on-registry.yml", "name: on-registry\nimage: "+tag+"\n")
		dest := filepath.Join(out, "on-registry.tar")
		build := func(extra ...string) string {
			return buildOK(t, dir, env, args(append(extra, "-o", "type=oci,dest="+dest, "--log-file", filepath.Join(dir, "on-registry.log"), "on-registry.yml")...)...)
		}
		push("first")
		first := build()
		if got := runImage(t, dest); got != "first from the mlenv-lint build test\n" {
			t.Fatalf("the image printed %q", got)
		}
		again := build()
		if !strings.Contains(again, "up to date") || !strings.Contains(again, tag+"@sha256:") || !strings.Contains(again, "(registry)") {
			t.Errorf("second build: %s", again)
		}
		push("second")
		moved := build()
		if cacheKey(t, first) == cacheKey(t, moved) || strings.Contains(moved, "up to date") {
			t.Errorf("the moved tag kept the key:\n%s\n%s", first, moved)
		}
		if got := runImage(t, dest); got != "second from the mlenv-lint build test\n" {
			t.Errorf("the rebuilt image printed %q", got)
		}
		if pulled := build("--pull"); !strings.Contains(pulled, "up to date") {
			t.Errorf("--pull resolved the same digest but rebuilt: %s", pulled)
		}
	})

	t.Run("an unresolvable base: the key rests on the tag", func(t *testing.T) {
		writeSpec(t, dir, "unresolvable.yml", "name: unresolvable\nimage: registry.invalid/mlenv/missing:1.0\n")
		code, stdout, stderr := runAppCtx(context.Background(), dir, append([]string{"build"}, args("-o", "type=oci,dest="+filepath.Join(out, "unresolvable.tar"),
			"--log-file", filepath.Join(dir, "unresolvable.log"), "unresolvable.yml")...)...)
		if code != exitFindings || !strings.Contains(stderr, "base image registry.invalid/mlenv/missing:1.0 could not be resolved to a digest") ||
			!strings.Contains(stderr, "the cache key rests on the tag") {
			t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
	})

	t.Run("a --platform list on a single-platform base warns before building", func(t *testing.T) {
		// The layout holds one platform; whether the build then succeeds
		// (emulation) or not, the warning comes first.
		layout := filepath.Join(dir, "layout-a")
		code, _, stderr := runAppCtx(context.Background(), dir, append([]string{"build"}, args("--base-layout", "registry.invalid/mlenv/base:1="+layout,
			"--platform", "linux/amd64,linux/arm64", "-o", "type=oci,dest="+filepath.Join(out, "multi.tar"),
			"--log-file", filepath.Join(dir, "multi.log"), "on-layout.yml")...)...)
		warn := "WARNING: --platform linux/amd64,linux/arm64: base image registry.invalid/mlenv/base:1 is a single-platform image"
		i, j := strings.Index(stderr, warn), strings.Index(stderr, "mlenv-lint: building")
		if i < 0 || j >= 0 && j < i {
			t.Errorf("exit %d; no warning before the build in:\n%s", code, stderr)
		}
	})
}

// TestBuildServiceDockerfileIntegration builds an image + conda_file
// environment on a base with a stand-in conda and checks what a job would
// see at run time: the environment variables, the prefix on PATH and the
// mutated conda file.
func TestBuildServiceDockerfileIntegration(t *testing.T) {
	addr := engineAddr(t)
	dir := busyboxProject(t)
	// The stand-in conda does what the service's RUN step asks of it.
	files := map[string]string{
		"context/conda": "#!/bin/sh\ncase \"$1\" in\n" +
			"env) mkdir -p \"$4/bin\" \"$4/lib\" && cp \"$6\" \"$4/created-from.yml\" ;;\n" +
			"info) echo /opt/conda ;;\n" +
			"esac\n",
		"context/ldconfig": "#!/bin/sh\nexit 0\n",
		"context/Dockerfile": "FROM scratch\nCOPY busybox /bin/busybox\nCOPY passwd group /etc/\n" +
			"RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n" +
			"COPY conda ldconfig /bin/\nRUN mkdir -p /opt/conda/pkgs\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	base := filepath.Join(dir, "out", "conda-base.tar")
	buildOK(t, dir, nil, "--addr", addr, "--progress", "quiet", "-o", "type=oci,dest="+base, "--log-file", filepath.Join(dir, "base.log"), "env.yml")
	layout := filepath.Join(dir, "conda-base")
	untar(t, base, layout)
	img := filepath.Join(dir, "out", "conda-env.tar")
	buildOK(t, dir, nil, "--addr", addr, "--progress", "quiet", "--base-layout", "registry.invalid/mlenv/busybox:1.0="+layout,
		"-o", "type=oci,dest="+img, "--log-file", filepath.Join(dir, "conda.log"), "conda-env.yml")
	got := runImageArgs(t, img, []string{"/bin/sh", "-c", "env | sort; cat \"$AZUREML_CONDA_ENVIRONMENT_PATH/created-from.yml\"; pwd; id -un"})
	prefix := regexp.MustCompile(`AZUREML_CONDA_ENVIRONMENT_PATH=(/azureml-envs/azureml_[0-9a-f]{32})\n`).FindStringSubmatch(got)
	if prefix == nil {
		t.Fatalf("no AZUREML_CONDA_ENVIRONMENT_PATH in:\n%s", got)
	}
	p := prefix[1]
	for _, want := range []string{
		"AZUREML_ENVIRONMENT_IMAGE=True\n",
		"LD_LIBRARY_PATH=" + p + "/lib:\n",
		"PATH=" + p + "/bin:",
		"name: " + filepath.Base(p) + "\n", // the mutated conda file
		"- python=3.12.7\n",
		"\n/\nroot\n", // WORKDIR /, USER root
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in what the image shows:\n%s", want, got)
		}
	}
}

func writeSpec(t *testing.T, dir, name, body string) {
	t.Helper()
	spec := "$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\n" + body
	if err := os.WriteFile(filepath.Join(dir, name), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
}

// isDockerTarball reports whether a tarball is in docker format: it has
// manifest.json (BuildKit's docker exporter writes index.json too).
func isDockerTarball(t *testing.T, path string) bool {
	t.Helper()
	return tarHas(t, path, "manifest.json")
}

func tarHas(t *testing.T, path, name string) bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return false
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Name == name {
			return true
		}
	}
}

// tarballNames are the names a docker tarball carries (manifest.json RepoTags).
func tarballNames(t *testing.T, path string) map[string]bool {
	t.Helper()
	dir := t.TempDir()
	untar(t, path, dir)
	var m []struct{ RepoTags []string }
	readJSON(t, filepath.Join(dir, "manifest.json"), &m)
	names := map[string]bool{}
	for _, e := range m {
		for _, tag := range e.RepoTags {
			names[strings.TrimPrefix(tag, "docker.io/")] = true
		}
	}
	return names
}
