package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"
)

// authRegistry is an OCI distribution registry on 127.0.0.1 (plain HTTP,
// which BuildKit and Docker allow on loopback) that answers nothing
// without the basic-auth credentials user:pass. It counts the manifests
// it was sent.
type authRegistry struct {
	host      string
	user      string
	pass      string
	refused   atomic.Int64
	manifests atomic.Int64
}

func newAuthRegistry(t *testing.T) *authRegistry {
	t.Helper()
	r := &authRegistry{user: "mlenv", pass: "s3cret-" + t.Name()}
	inner := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if u, p, ok := req.BasicAuth(); !ok || u != r.user || p != r.pass {
			r.refused.Add(1)
			w.Header().Set("WWW-Authenticate", `Basic realm="mlenv-test"`)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`)
			return
		}
		if req.Method == http.MethodPut && strings.Contains(req.URL.Path, "/manifests/") {
			r.manifests.Add(1)
		}
		inner.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	r.host = strings.TrimPrefix(srv.URL, "http://")
	return r
}

// has reports whether the registry has the manifest repo:tag.
func (r *authRegistry) has(t *testing.T, repo, tag string) bool {
	t.Helper()
	req, err := http.NewRequest(http.MethodHead, "http://"+r.host+"/v2/"+repo+"/manifests/"+tag, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(r.user, r.pass)
	req.Header.Set("Accept", "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// dockerConfig writes a Docker CLI config directory (what DOCKER_CONFIG
// names) with the registry's credentials in "auths", as `docker login`
// writes them without a credential store. An empty user writes none.
func (r *authRegistry) dockerConfig(t *testing.T, user, pass string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := "{}"
	if user != "" {
		cfg = fmt.Sprintf(`{"auths":{%q:{"auth":%q}}}`, r.host, base64.StdEncoding.EncodeToString([]byte(user+":"+pass)))
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// helperConfig writes a Docker CLI config whose credHelpers entry sends
// the registry to docker-credential-mlenvtest, a script put on PATH that
// answers `get` with the credentials, as az acr login's helpers do.
func (r *authRegistry) helperConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	script := fmt.Sprintf("#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread host\necho \"$host\" >> %q\nprintf '{\"ServerURL\":\"%%s\",\"Username\":%q,\"Secret\":%q}' \"$host\"\n", filepath.Join(dir, "asked"), r.user, r.pass)
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "docker-credential-mlenvtest"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	cfg := fmt.Sprintf(`{"credHelpers":{%q:"mlenvtest"}}`, r.host)
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBuildRegistryAuth pushes, pulls a private base image, exports and
// imports cache against a registry that requires credentials, with
// buildkitd, and shows what happens without them.
func TestBuildRegistryAuth(t *testing.T) {
	addr := engineAddr(t)
	ctx := context.Background()
	dir := busyboxProject(t)
	reg := newAuthRegistry(t)
	withCreds := map[string]string{"DOCKER_CONFIG": reg.dockerConfig(t, reg.user, reg.pass)}
	noCreds := map[string]string{"DOCKER_CONFIG": reg.dockerConfig(t, "", "")}
	wrongCreds := map[string]string{"DOCKER_CONFIG": reg.dockerConfig(t, reg.user, "wrong")}
	tag := reg.host + "/mlenv/busybox:v1"
	cacheRef := reg.host + "/mlenv/cache:busybox"
	push := func(log string) []string {
		return []string{"build", "--addr", addr, "--progress", "plain", "--push", "-t", tag,
			"--cache-to", "type=registry,ref=" + cacheRef + ",mode=max", "--log-file", filepath.Join(dir, log), "env.yml"}
	}

	for _, c := range []struct {
		name string
		env  map[string]string
	}{{"without credentials", noCreds}, {"with wrong credentials", wrongCreds}} {
		t.Run("push "+c.name+" fails and says how to log in", func(t *testing.T) {
			code, stdout, stderr := runAppEnv(ctx, dir, c.env, push(c.name+".log")...)
			if code != exitFindings {
				t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			t.Log(stderr)
			for _, want := range []string{"401 Unauthorized", "the registry refused access: log in with `docker login REGISTRY`"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("missing %q in:\n%s", want, stderr)
				}
			}
			if reg.manifests.Load() != 0 {
				t.Errorf("the registry accepted %d manifests", reg.manifests.Load())
			}
		})
	}

	t.Run("push and cache export with credentials", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, withCreds, push("push.log")...)
		if code != exitOK || !strings.Contains(stdout, "built "+reg.host+"/mlenv/busybox:") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		for _, ref := range [][2]string{{"mlenv/busybox", "v1"}, {"mlenv/cache", "busybox"}} {
			if !reg.has(t, ref[0], ref[1]) {
				t.Errorf("the registry has no %s:%s", ref[0], ref[1])
			}
		}
		// The up-to-date check asks the registry with the same credentials.
		code, stdout, stderr = runAppEnv(ctx, dir, withCreds, push("push2.log")...)
		if code != exitOK || !strings.Contains(stdout, "up to date") {
			t.Fatalf("second push: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
	})

	t.Run("-o type=registry is --push; -o type=image on buildkitd is refused", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, withCreds, "build", "--addr", addr, "--progress", "quiet", "-o", "type=registry",
			"-t", reg.host+"/mlenv/viaregistry:v1", "--log-file", filepath.Join(dir, "viaregistry.log"), "env.yml")
		if code != exitOK || !reg.has(t, "mlenv/viaregistry", "v1") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		code, stdout, stderr = runAppEnv(ctx, dir, withCreds, "build", "--addr", addr, "--progress", "quiet", "-o", "type=image", "env.yml")
		if code != exitUsage || !strings.Contains(stderr, "buildkitd has no image store") || strings.Contains(stderr, "mlenv-lint: building") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
	})

	// A spec whose base image is the private one just pushed.
	spec := "$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\n" +
		"name: private-base\nimage: " + tag + "\n"
	if err := os.WriteFile(filepath.Join(dir, "private.yml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	pull := func(out string) []string {
		return []string{"build", "--addr", addr, "--progress", "plain", "-o", "type=oci,dest=" + filepath.Join(dir, "out", out),
			"--log-file", filepath.Join(dir, out+".log"), "private.yml"}
	}
	t.Run("a private FROM without credentials fails", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, noCreds, pull("nocreds.tar")...)
		if code != exitFindings || !strings.Contains(stderr, "the registry refused access") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
	})
	t.Run("a private FROM is pulled with a credential helper", func(t *testing.T) {
		helper := map[string]string{"DOCKER_CONFIG": reg.helperConfig(t)}
		code, stdout, stderr := runAppEnv(ctx, dir, helper, pull("private.tar")...)
		if code != exitOK {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if b, _ := os.ReadFile(filepath.Join(helper["DOCKER_CONFIG"], "asked")); !strings.Contains(string(b), reg.host) {
			t.Errorf("the credential helper was not asked for %s (it was asked for %q)", reg.host, b)
		}
		if got := runImage(t, filepath.Join(dir, "out", "private.tar")); got != "hello from the mlenv-lint build test\n" {
			t.Errorf("the image built on the private base printed %q", got)
		}
	})

	t.Run("cache import with credentials", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, withCreds, "build", "--addr", addr, "--progress", "plain",
			"--cache-from", "type=registry,ref="+cacheRef, "--build-arg", "GREETING=hello",
			"-o", "type=oci,dest="+filepath.Join(dir, "out", "fromcache.tar"), "--log-file", filepath.Join(dir, "fromcache.log"), "env.yml")
		if code != exitOK {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "fromcache.log")); !strings.Contains(string(b), "importing cache manifest from "+cacheRef) {
			t.Errorf("the registry cache was not imported:\n%s", b)
		}
	})
}

// TestBuildDockerPushAndRefusals builds with the Docker engine's own
// BuildKit (Docker 20.10 in CI: classic image store, no Info call): --push
// goes through Docker's push API with the user's credentials, and what
// that engine cannot do is refused before anything is built.
func TestBuildDockerPushAndRefusals(t *testing.T) {
	dockerEngine(t)
	ctx := context.Background()
	dir := busyboxProject(t)
	// Docker's image store outlives the test: a file unique to this run
	// gives the image a key no earlier run built.
	if err := os.WriteFile(filepath.Join(dir, "context", "run-id"), []byte(time.Now().String()+t.Name()), 0o644); err != nil {
		t.Fatal(err)
	}
	reg := newAuthRegistry(t)
	withCreds := map[string]string{"DOCKER_CONFIG": reg.dockerConfig(t, reg.user, reg.pass)}
	noCreds := map[string]string{"DOCKER_CONFIG": reg.dockerConfig(t, "", "")}
	tag := reg.host + "/mlenv/dbusybox:v1"
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", tag).Run() })
	push := []string{"build", "--progress", "plain", "--push", "-t", tag, "--log-file", filepath.Join(dir, "push.log"), "env.yml"}

	t.Run("push without credentials fails and says how to log in", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, noCreds, push...)
		if code != exitFindings || !strings.Contains(stderr, "the registry refused access") || !strings.Contains(stderr, "built, but the push failed: push "+reg.host+"/mlenv/dbusybox:") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if reg.manifests.Load() != 0 {
			t.Errorf("the registry accepted %d manifests", reg.manifests.Load())
		}
	})
	t.Run("push with credentials reaches the registry", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, withCreds, push...)
		if code != exitOK || !strings.Contains(stderr, "on docker (unix://") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		name := strings.Fields(stdout)[2] // "env.yml: built NAME (cache key ...)"
		t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", name).Run() })
		_, keyTag, _ := strings.Cut(strings.TrimPrefix(name, reg.host+"/"), ":")
		for _, tg := range []string{"v1", keyTag} {
			if !reg.has(t, "mlenv/dbusybox", tg) {
				t.Errorf("the registry has no mlenv/dbusybox:%s", tg)
			}
		}
		code, stdout, stderr = runAppEnv(ctx, dir, withCreds, push...)
		if code != exitOK || !strings.Contains(stdout, "up to date") {
			t.Fatalf("second push: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
	})

	t.Run("a private FROM is pulled by Docker with the credentials", func(t *testing.T) {
		// Docker would take its local copy: remove it, so the FROM comes
		// from the registry.
		if out, err := exec.Command("docker", "rmi", "-f", tag).CombinedOutput(); err != nil {
			t.Fatalf("docker rmi: %v\n%s", err, out)
		}
		spec := "$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\n" +
			"name: docker-private-base\nimage: " + tag + "\n"
		if err := os.WriteFile(filepath.Join(dir, "dprivate.yml"), []byte(spec), 0o644); err != nil {
			t.Fatal(err)
		}
		pull := []string{"build", "--progress", "plain", "--log-file", filepath.Join(dir, "dprivate.log"), "dprivate.yml"}
		code, stdout, stderr := runAppEnv(ctx, dir, noCreds, pull...)
		if code != exitFindings || !strings.Contains(stderr, "the registry refused access") {
			t.Fatalf("without credentials: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		code, stdout, stderr = runAppEnv(ctx, dir, withCreds, pull...)
		if code != exitOK {
			t.Fatalf("with credentials: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		name := strings.Fields(stdout)[2]
		t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", name).Run() })
		if got := dockerRun(t, name); got != "hello from the mlenv-lint build test\n" {
			t.Errorf("the image on the private base printed %q", got)
		}
	})

	t.Run("--load on the Docker engine is its own store", func(t *testing.T) {
		loadTag := "mlenv-test/loaded:" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "-")
		t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", loadTag).Run() })
		code, stdout, stderr := runAppEnv(ctx, dir, withCreds, "build", "--progress", "quiet", "--load", "-t", loadTag,
			"--log-file", filepath.Join(dir, "load.log"), "env.yml")
		if code != exitOK {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if got := dockerRun(t, loadTag); got != "hello from the mlenv-lint build test\n" {
			t.Errorf("docker run printed %q", got)
		}
	})

	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"an OCI tarball", []string{"-o", "type=oci,dest=" + filepath.Join(dir, "x.tar")}, "`docker save NAME -o FILE`"},
		{"a docker tarball", []string{"-o", "type=docker,dest=" + filepath.Join(dir, "x.tar")}, "`docker save NAME -o FILE`"},
		{"a registry cache export", []string{"--cache-to", "type=registry,ref=" + reg.host + "/mlenv/cache:x"}, "--cache-to type=inline"},
		{"a base layout", []string{"--base-layout", "registry.invalid/x:1=" + dir}, "`docker load` the image"},
		{"a reproducible build", []string{"--source-date-epoch", "1700000000"}, "--source-date-epoch (rewriting layer timestamps"},
		{"a provenance attestation", []string{"--provenance", "mode=max"}, "--provenance/--sbom (attestations"},
	} {
		t.Run(c.name+" is refused before building", func(t *testing.T) {
			args := append(append([]string{"build", "--progress", "plain"}, c.args...), "env.yml")
			code, stdout, stderr := runAppEnv(ctx, dir, withCreds, args...)
			if code != exitUsage || !strings.Contains(stderr, "not supported by this engine: the Docker engine") || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			if strings.Contains(stderr, "mlenv-lint: building") {
				t.Errorf("a build started:\n%s", stderr)
			}
		})
	}
}
