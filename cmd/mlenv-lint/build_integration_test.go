package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"

	"github.com/mlenv-lint/mlenv-lint/builder"
)

// engineAddr finds a BuildKit engine for the integration tests, or skips
// them with the reason. CI (.ci/run) starts one and sets
// MLENV_REQUIRE_BUILD_ENGINE=1, so there they cannot be skipped.
func engineAddr(t *testing.T) string {
	t.Helper()
	fail := requirement(t, "MLENV_REQUIRE_BUILD_ENGINE")
	addr := os.Getenv("BUILDKIT_HOST")
	if addr == "" {
		addr = builder.DefaultBuildkitdAddr
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e, err := builder.Connect(ctx, builder.EngineOptions{Addr: addr})
	if err != nil {
		fail("no BuildKit engine (start one with .ci/engine.sh): %v", err)
		return ""
	}
	e.Close()
	for _, tool := range []string{"/usr/bin/busybox", "runc"} {
		if _, err := exec.LookPath(tool); err != nil {
			fail("%s is needed by the build integration tests (apt-get install busybox-static runc): %v", tool, err)
		}
	}
	return addr
}

// requirement skips the test in -short mode and returns how to give up
// when what it needs is missing: skip, or fail when the environment
// variable env is set (CI sets it, so there nothing can be skipped).
func requirement(t *testing.T, env string) func(format string, args ...any) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test skipped in -short mode")
	}
	if os.Getenv(env) != "" {
		return t.Fatalf
	}
	return t.Skipf
}

// runAppCtx is runApp with a context (for cancellation).
func runAppCtx(ctx context.Context, dir string, args ...string) (int, string, string) {
	return runAppEnv(ctx, dir, nil, args...)
}

func runAppEnv(ctx context.Context, dir string, env map[string]string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(k string) string { return env[k] }, cwd: dir}
	code := a.main(ctx, args)
	return code, out.String(), errOut.String()
}

// fakeDockerLoad is a Docker API socket that accepts /images/load (docker
// image tarballs, recording their RepoTags) and answers image inspection
// for what it loaded.
type fakeDockerLoad struct {
	sock   string
	loaded map[string]bool
	loads  int
}

func newFakeDockerLoad(t *testing.T) *fakeDockerLoad {
	t.Helper()
	f := &fakeDockerLoad{sock: filepath.Join(t.TempDir(), "docker.sock"), loaded: map[string]bool{}}
	l, err := net.Listen("unix", f.sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/images/load":
			tr := tar.NewReader(r.Body)
			for {
				h, err := tr.Next()
				if err != nil {
					break
				}
				if h.Name == "manifest.json" {
					var m []struct{ RepoTags []string }
					if err := json.NewDecoder(tr).Decode(&m); err == nil {
						for _, e := range m {
							for _, tag := range e.RepoTags {
								f.loaded[tag] = true
							}
						}
					}
				}
			}
			f.loads++
			_, _ = io.WriteString(w, `{"stream":"Loaded image"}`)
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/tag"):
			name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/images/"), "/tag")
			if !f.loaded[name] && !f.loaded["docker.io/"+name] {
				http.NotFound(w, r)
				return
			}
			f.loaded[r.URL.Query().Get("repo")+":"+r.URL.Query().Get("tag")] = true
			w.WriteHeader(http.StatusCreated)
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/json"):
			name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/images/"), "/json")
			if !f.loaded[name] && !f.loaded["docker.io/"+name] {
				http.NotFound(w, r)
				return
			}
			_, _ = io.WriteString(w, "{}")
		default:
			http.NotFound(w, r)
		}
	})}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { srv.Close() })
	return f
}

// busyboxProject is a spec whose build context makes a whole image from a
// static busybox: no base image, no registry.
func busyboxProject(t *testing.T) string {
	t.Helper()
	bb, err := os.ReadFile("/usr/bin/busybox")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"env.yml": "$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\n" +
			"name: busybox-env\nbuild:\n  path: context\n",
		// passwd and group: the service's Dockerfile says USER root.
		"context/passwd": "root:x:0:0:root:/root:/bin/sh\n",
		"context/group":  "root:x:0:\n",
		"context/Dockerfile": "FROM scratch\n" +
			"COPY busybox /bin/busybox\n" +
			"COPY passwd group /etc/\n" +
			"RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n" +
			"ARG GREETING=hello\n" +
			"RUN echo \"$GREETING from the mlenv-lint build test\" > /greeting\n" +
			"CMD [\"/bin/cat\", \"/greeting\"]\n",
		"context/.dockerignore": "*.tmp\n",
		"conda.yml":             "channels:\n  - conda-forge\ndependencies:\n  - python=3.12.7\n  - pip=24.0\n",
		"conda-env.yml": "$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\n" +
			"name: conda-on-busybox\nimage: registry.invalid/mlenv/busybox:1.0\nconda_file: conda.yml\n",
	})
	if err := os.WriteFile(filepath.Join(dir, "context", "busybox"), bb, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBuildIntegration(t *testing.T) {
	addr := engineAddr(t)
	dir := busyboxProject(t)
	out := filepath.Join(dir, "out", "image.tar")
	args := []string{"build", "--addr", addr, "--progress", "plain", "--output", "type=oci,dest=" + out, "--log-file", filepath.Join(dir, "build.log"), "env.yml"}
	ctx := context.Background()

	t.Run("builds and runs", func(t *testing.T) {
		code, stdout, stderr := runAppCtx(ctx, dir, args...)
		if code != exitOK {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if !strings.Contains(stdout, "env.yml: built mlenv/busybox-env:") || !strings.Contains(stderr, "#") {
			t.Errorf("unexpected output:\nstdout: %s\nstderr: %s", stdout, stderr)
		}
		got := runImage(t, out)
		if got != "hello from the mlenv-lint build test\n" {
			t.Errorf("the image printed %q", got)
		}
	})

	t.Run("second build is a cache hit", func(t *testing.T) {
		start := time.Now()
		code, stdout, stderr := runAppCtx(ctx, dir, args...)
		if code != exitOK || !strings.Contains(stdout, "up to date") || !strings.Contains(stdout, "nothing to build") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if strings.Contains(stderr, "building") || strings.Contains(stderr, "#1 ") {
			t.Errorf("a build ran:\n%s", stderr)
		}
		t.Logf("cache hit in %v", time.Since(start))
	})

	t.Run("--no-cache rebuilds", func(t *testing.T) {
		noCache := append(append([]string{}, args[:len(args)-1]...), "--no-cache", "env.yml")
		code, stdout, stderr := runAppCtx(ctx, dir, noCache...)
		if code != exitOK || !strings.Contains(stdout, "built") || strings.Contains(stdout, "up to date") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
	})

	t.Run("an ignored file keeps the key, a build arg changes it", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(dir, "context", "scratch.tmp"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, stdout, _ := runAppCtx(ctx, dir, args...); code != exitOK || !strings.Contains(stdout, "up to date") {
			t.Fatalf("ignored file: exit %d, %s", code, stdout)
		}
		withArg := append(append([]string{}, args[:len(args)-1]...), "--build-arg", "GREETING=bonjour", "env.yml")
		code, stdout, stderr := runAppCtx(ctx, dir, withArg...)
		if code != exitOK || !strings.Contains(stdout, "built") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if got := runImage(t, out); got != "bonjour from the mlenv-lint build test\n" {
			t.Errorf("the rebuilt image printed %q", got)
		}
	})

	t.Run("conda missing in the base image is diagnosed", func(t *testing.T) {
		layout := filepath.Join(dir, "layout")
		untar(t, out, layout)
		failOut := filepath.Join(dir, "out", "conda.tar")
		code, stdout, stderr := runAppCtx(ctx, dir, "build", "--addr", addr, "--progress", "quiet",
			"--base-layout", "registry.invalid/mlenv/busybox:1.0="+layout,
			"--output", "type=oci,dest="+failOut, "--log-file", filepath.Join(dir, "conda.log"), "conda-env.yml")
		if code != exitFindings {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		for _, want := range []string{"build failed", "exit code: 127", "[AML917 conda-command-not-found]", "/bin/sh: conda: not found", "spec: conda-env.yml:3:8"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("missing %q in:\n%s", want, stderr)
			}
		}
		if _, err := os.Stat(failOut); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a failed build left %s", failOut)
		}
	})

	t.Run("an image that cannot be pulled is diagnosed", func(t *testing.T) {
		// .invalid never resolves (RFC 2606), so this needs no network.
		if err := os.WriteFile(filepath.Join(dir, "nopull.yml"), []byte("$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\n"+
			"name: nopull\nimage: registry.invalid/mlenv/missing:1.0\nconda_file: conda.yml\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runAppCtx(ctx, dir, "build", "--addr", addr, "--progress", "quiet",
			"--output", "type=oci,dest="+filepath.Join(dir, "out", "nopull.tar"), "--log-file", filepath.Join(dir, "nopull.log"), "nopull.yml")
		if code != exitFindings {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		for _, want := range []string{"[AML903 docker-pull-failed]", `"registry.invalid/mlenv/missing:1.0"`, "spec: nopull.yml:3:8"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("missing %q in:\n%s", want, stderr)
			}
		}
	})

	t.Run("push to a registry, registry cache, and the registry as cache-hit oracle", func(t *testing.T) {
		// An in-process registry on loopback; BuildKit talks plain HTTP to
		// localhost registries.
		srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
		defer srv.Close()
		host := strings.TrimPrefix(srv.URL, "http://")
		tag := host + "/mlenv/busybox:v1"
		push := []string{"build", "--addr", addr, "--progress", "quiet", "--push", "-t", tag,
			"--cache-to", "type=registry,ref=" + host + "/mlenv/cache:busybox,mode=max",
			"--log-file", filepath.Join(dir, "push.log"), "env.yml"}
		code, stdout, stderr := runAppCtx(ctx, dir, push...)
		if code != exitOK || !strings.Contains(stdout, "built "+host+"/mlenv/busybox:") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		for _, ref := range []string{"mlenv/busybox/manifests/v1", "mlenv/cache/manifests/busybox"} {
			resp, err := http.Head(srv.URL + "/v2/" + ref)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Errorf("registry has no %s: %v %v", ref, resp, err)
			}
			if resp != nil {
				resp.Body.Close()
			}
		}
		code, stdout, stderr = runAppCtx(ctx, dir, push...)
		if code != exitOK || !strings.Contains(stdout, "up to date") {
			t.Fatalf("second push: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		// The same spec from the registry cache alone, with a fresh tag.
		code, stdout, stderr = runAppCtx(ctx, dir, "build", "--addr", addr, "--progress", "plain",
			"--cache-from", "type=registry,ref="+host+"/mlenv/cache:busybox",
			"-o", "type=oci,dest="+filepath.Join(dir, "out", "fromcache.tar"), "--log-file", filepath.Join(dir, "fromcache.log"), "env.yml")
		if code != exitOK {
			t.Fatalf("cache import: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "fromcache.log")); !strings.Contains(string(b), "importing cache manifest from "+host+"/mlenv/cache:busybox") {
			t.Errorf("the registry cache was not imported:\n%s", b)
		}
	})

	t.Run("load into a Docker engine", func(t *testing.T) {
		docker := newFakeDockerLoad(t)
		env := map[string]string{"DOCKER_HOST": "unix://" + docker.sock}
		load := []string{"build", "--addr", addr, "--progress", "quiet", "--load", "-t", "team/busybox:dev",
			"--log-file", filepath.Join(dir, "load.log"), "env.yml"}
		code, stdout, stderr := runAppEnv(ctx, dir, env, load...)
		if code != exitOK || docker.loads != 1 {
			t.Fatalf("exit %d, %d loads\nstdout: %s\nstderr: %s", code, docker.loads, stdout, stderr)
		}
		if !docker.loaded["team/busybox:dev"] || len(docker.loaded) != 2 {
			t.Errorf("loaded tags: %v", docker.loaded)
		}
		code, stdout, _ = runAppEnv(ctx, dir, env, load...)
		if code != exitOK || !strings.Contains(stdout, "up to date") || docker.loads != 1 {
			t.Errorf("second --load: exit %d, %d loads, %s", code, docker.loads, stdout)
		}
		// A new -t on that cache hit is added in Docker, without a load.
		more := append([]string{load[0], "-t", "team/busybox:newer"}, load[1:]...)
		code, stdout, _ = runAppEnv(ctx, dir, env, more...)
		if code != exitOK || !strings.Contains(stdout, "up to date") || docker.loads != 1 ||
			!docker.loaded["docker.io/team/busybox:newer"] {
			t.Errorf("--load -t NEW on a hit: exit %d, %d loads, tags %v, %s", code, docker.loads, docker.loaded, stdout)
		}
	})

	t.Run("interrupt cancels the solve and exits 130", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(dir, "context", "Dockerfile"), []byte(
			"FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"sleep\", \"60\"]\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		slow := filepath.Join(dir, "out", "slow.tar")
		cctx, cancel := context.WithCancel(ctx)
		time.AfterFunc(3*time.Second, cancel)
		start := time.Now()
		code, stdout, stderr := runAppCtx(cctx, dir, "build", "--addr", addr, "--progress", "plain", "--output", "type=oci,dest="+slow, "--log-file", filepath.Join(dir, "slow.log"), "env.yml")
		if code != exitCanceled || !strings.Contains(stderr, "interrupted") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if d := time.Since(start); d > 30*time.Second {
			t.Errorf("cancellation took %v", d)
		}
		left, _ := filepath.Glob(slow + "*")
		if len(left) > 0 {
			t.Errorf("an interrupted build left %v", left)
		}
	})
}

// runImage runs an OCI image tarball's command with runc and returns what
// it printed.
func runImage(t *testing.T, tarball string) string {
	t.Helper()
	return runImageArgs(t, tarball, nil)
}

// runImageArgs runs args (the image's command when nil) in an OCI image
// tarball with runc, with the image's environment, and returns what it
// printed.
func runImageArgs(t *testing.T, tarball string, args []string) string {
	t.Helper()
	layout := filepath.Join(t.TempDir(), "layout")
	untar(t, tarball, layout)
	var index struct {
		Manifests []struct{ Digest string } `json:"manifests"`
	}
	readJSON(t, filepath.Join(layout, "index.json"), &index)
	var manifest struct {
		Config struct{ Digest string } `json:"config"`
		Layers []struct {
			MediaType string `json:"mediaType"`
			Digest    string `json:"digest"`
		} `json:"layers"`
	}
	readJSON(t, blobPath(layout, index.Manifests[0].Digest), &manifest)
	var config struct {
		Config struct {
			Cmd        []string `json:"Cmd"`
			Entrypoint []string `json:"Entrypoint"`
			Env        []string `json:"Env"`
		} `json:"config"`
	}
	readJSON(t, blobPath(layout, manifest.Config.Digest), &config)

	bundle := t.TempDir()
	rootfs := filepath.Join(bundle, "rootfs")
	for _, l := range manifest.Layers {
		f, err := os.Open(blobPath(layout, l.Digest))
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = f
		if strings.HasSuffix(l.MediaType, "gzip") {
			if r, err = gzip.NewReader(f); err != nil {
				t.Fatal(err)
			}
		}
		extract(t, r, rootfs)
		f.Close()
	}
	if out, err := exec.Command("runc", "spec", "--bundle", bundle).CombinedOutput(); err != nil {
		t.Fatalf("runc spec: %v\n%s", err, out)
	}
	var spec map[string]any
	readJSON(t, filepath.Join(bundle, "config.json"), &spec)
	proc := spec["process"].(map[string]any)
	proc["terminal"] = false
	proc["args"] = append(config.Config.Entrypoint, config.Config.Cmd...)
	if args != nil {
		proc["args"] = args
	}
	if len(config.Config.Env) > 0 {
		proc["env"] = config.Config.Env
	}
	b, _ := json.Marshal(spec)
	if err := os.WriteFile(filepath.Join(bundle, "config.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprintf("mlenv-test-%d", time.Now().UnixNano())
	cmd := exec.Command("runc", "run", "--bundle", bundle, id)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("runc run: %v\n%s", err, stderr.String())
	}
	return stdout.String()
}

func blobPath(layout, digest string) string {
	algo, hex, _ := strings.Cut(digest, ":")
	return filepath.Join(layout, "blobs", algo, hex)
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func untar(t *testing.T, tarball, dir string) {
	t.Helper()
	f, err := os.Open(tarball)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	extract(t, f, dir)
}

// extract unpacks a tar stream (an OCI layout or an image layer) into dir.
func extract(t *testing.T, r io.Reader, dir string) {
	t.Helper()
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Clean(h.Name)
		if strings.HasPrefix(name, "..") || filepath.IsAbs(name) {
			t.Fatalf("unsafe path in tar: %s", h.Name)
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(p, os.FileMode(h.Mode)|0o700)
		case tar.TypeSymlink:
			os.Remove(p)
			err = os.Symlink(h.Linkname, p)
		case tar.TypeLink:
			os.Remove(p)
			err = os.Link(filepath.Join(dir, filepath.Clean(h.Linkname)), p)
		case tar.TypeReg:
			var out *os.File
			out, err = os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, os.FileMode(h.Mode)|0o600)
			if err == nil {
				_, err = io.Copy(out, tr)
				out.Close()
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
