package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mlenv-lint/mlenv-lint/builder"
)

// dockerEngine skips (or, in CI, fails) when there is no Docker engine.
func dockerEngine(t *testing.T) {
	t.Helper()
	fail := requirement(t, "MLENV_REQUIRE_DOCKER")
	if builder.DockerSocket(os.Getenv) == "" {
		fail("no Docker engine socket (start one with .ci/engine.sh)")
	}
	if out, err := exec.Command("docker", "version").CombinedOutput(); err != nil {
		fail("the Docker engine does not answer: %v\n%s", err, out)
	}
}

// dockerRun runs an image and returns what it printed.
func dockerRun(t *testing.T, image string) string {
	t.Helper()
	out, err := exec.Command("docker", "run", "--rm", image).CombinedOutput()
	if err != nil {
		t.Fatalf("docker run %s: %v\n%s", image, err, out)
	}
	return string(out)
}

// TestBuildDockerIntegration builds with the Docker engine's own BuildKit,
// the default backend when a Docker socket exists, and loads into Docker
// from buildkitd.
func TestBuildDockerIntegration(t *testing.T) {
	dockerEngine(t)
	ctx := context.Background()
	dir := busyboxProject(t)
	// Docker's image store outlives the test: a file unique to this run
	// gives the image a key no earlier run built.
	if err := os.WriteFile(filepath.Join(dir, "context", "run-id"), []byte(time.Now().String()), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{} // no BUILDKIT_HOST: the Docker engine is the default
	tag := "mlenv-test/busybox:" + time.Now().Format("150405.000000")
	tag = strings.ReplaceAll(tag, ".", "-")
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", tag).Run() })

	args := []string{"build", "--progress", "plain", "-t", tag, "--log-file", filepath.Join(dir, "docker.log"), "env.yml"}
	code, stdout, stderr := runAppEnv(ctx, dir, env, args...)
	if code != exitOK || !strings.Contains(stderr, "on docker (unix://") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if got := dockerRun(t, tag); got != "hello from the mlenv-lint build test\n" {
		t.Errorf("docker run printed %q", got)
	}

	code, stdout, stderr = runAppEnv(ctx, dir, env, args...)
	if code != exitOK || !strings.Contains(stdout, "up to date") || !strings.Contains(stdout, "(docker)") {
		t.Fatalf("second build: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	// A new -t on the cache hit is applied in Docker's store.
	tag2 := tag + "-second"
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", tag2).Run() })
	if code, out, errOut := runAppEnv(ctx, dir, env, append([]string{"build", "-t", tag2}, args[1:]...)...); code != exitOK || !strings.Contains(out, "up to date") {
		t.Fatalf("a new -t: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if got := dockerRun(t, tag2); got != "hello from the mlenv-lint build test\n" {
		t.Errorf("docker run %s printed %q", tag2, got)
	}

	// A conda environment on that image (no conda in it), built by Docker:
	// the image comes from Docker's own store, the failure is diagnosed.
	name := strings.Fields(stdout)[4] // "env.yml: up to date: NAME (cache key ...)"
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", name).Run() })
	spec := "$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\n" +
		"name: conda-on-docker-busybox\nimage: docker.io/" + name + "\nconda_file: conda.yml\n"
	if err := os.WriteFile(filepath.Join(dir, "docker-conda.yml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runAppEnv(ctx, dir, env, "build", "--progress", "quiet", "--log-file", filepath.Join(dir, "docker-conda.log"), "docker-conda.yml")
	if code != exitFindings || !strings.Contains(stderr, "[AML917 conda-command-not-found]") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}

	// --load: built by buildkitd, loaded into Docker.
	addr := os.Getenv("BUILDKIT_HOST")
	if addr == "" {
		addr = builder.DefaultBuildkitdAddr
	}
	loadTag := tag + "-loaded"
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", loadTag).Run() })
	code, stdout, stderr = runAppEnv(ctx, dir, env, "build", "--addr", addr, "--progress", "quiet", "--load", "-t", loadTag,
		"--build-arg", "GREETING=hej", "--log-file", filepath.Join(dir, "load.log"), "env.yml")
	if code != exitOK {
		t.Fatalf("--load: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if got := dockerRun(t, loadTag); got != "hej from the mlenv-lint build test\n" {
		t.Errorf("docker run of the loaded image printed %q", got)
	}
}

// TestBuildDockerBaseIntegration: with the Docker engine, a base image in
// Docker's own store is keyed by its image ID, so retagging the local
// image makes a new key.
func TestBuildDockerBaseIntegration(t *testing.T) {
	dockerEngine(t)
	dir := busyboxProject(t)
	run := strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "-")
	if err := os.WriteFile(filepath.Join(dir, "context", "run-id"), []byte(run), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	a, b, base := "mlenv-test/base-a:"+run, "mlenv-test/base-b:"+run, "mlenv-test/base:"+run
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", a, b, base).Run() })
	buildOK(t, dir, env, "--progress", "quiet", "-t", a, "--build-arg", "GREETING=local-a", "--log-file", filepath.Join(dir, "a.log"), "env.yml")
	buildOK(t, dir, env, "--progress", "quiet", "-t", b, "--build-arg", "GREETING=local-b", "--log-file", filepath.Join(dir, "b.log"), "env.yml")
	tag := func(src string) {
		if out, err := exec.Command("docker", "tag", src, base).CombinedOutput(); err != nil {
			t.Fatalf("docker tag: %v\n%s", err, out)
		}
	}
	writeSpec(t, dir, "on-local.yml", "name: on-local\nimage: "+base+"\n")
	build := func() string {
		return buildOK(t, dir, env, "--progress", "quiet", "--log-file", filepath.Join(dir, "on-local.log"), "on-local.yml")
	}
	tag(a)
	first := build()
	name := "mlenv/on-local:" + cacheKey(t, first)
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", name).Run() })
	if got := dockerRun(t, name); got != "local-a from the mlenv-lint build test\n" {
		t.Fatalf("docker run printed %q", got)
	}
	again := build()
	if !strings.Contains(again, "up to date") || !strings.Contains(again, base+"@sha256:") || !strings.Contains(again, "(docker)") {
		t.Errorf("second build: %s", again)
	}
	tag(b)
	moved := build()
	if strings.Contains(moved, "up to date") || cacheKey(t, moved) == cacheKey(t, first) {
		t.Fatalf("the retagged image kept the key:\n%s\n%s", first, moved)
	}
	name = "mlenv/on-local:" + cacheKey(t, moved)
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", name).Run() })
	if got := dockerRun(t, name); got != "local-b from the mlenv-lint build test\n" {
		t.Errorf("docker run of the rebuilt image printed %q", got)
	}
}
