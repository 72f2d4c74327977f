package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// secretProject is a build context on a static busybox (no base image)
// with a Dockerfile written by the test.
func secretProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := busyboxProject(t)
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// blobsContain reports whether any blob of an OCI image tarball (layers
// uncompressed) contains needle.
func blobsContain(t *testing.T, tarball, needle string) bool {
	t.Helper()
	layout := filepath.Join(t.TempDir(), "layout")
	untar(t, tarball, layout)
	found := false
	err := filepath.Walk(filepath.Join(layout, "blobs"), func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if zr, err := gzip.NewReader(bytes.NewReader(b)); err == nil {
			if ub, err := io.ReadAll(zr); err == nil {
				b = ub
			}
		}
		found = found || bytes.Contains(b, []byte(needle))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestBuildSecrets mounts --secret files and environment variables into
// RUN steps with buildkitd: the user's own Dockerfile, and the generated
// conda step, which mounts pip.conf and netrc where pip and conda read a
// private index's credentials.
func TestBuildSecrets(t *testing.T) {
	addr := engineAddr(t)
	ctx := context.Background()
	const token = "tok-5f1d2c-not-in-any-layer"
	pipConf := "[global]\nindex-url = https://build:" + token + "@pkgs.dev.azure.com/org/_packaging/feed/pypi/simple/\n"
	netrc := "machine pkgs.dev.azure.com login build password " + token + "\n"
	dir := secretProject(t, map[string]string{
		"secret.yml": "$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\nname: secret-env\nbuild:\n  path: context\n  dockerfile_path: secret.Dockerfile\n",
		// BuildKit caches a RUN step whatever its secrets: a file unique
		// to this run keeps an earlier run's cache from answering.
		"context/run-id": time.Now().String(),
		"context/secret.Dockerfile": "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCOPY run-id /run-id\n" +
			"RUN --mount=type=secret,id=pip.conf,required=true --mount=type=secret,id=token,required=true \\\n" +
			"    grep -c index-url /run/secrets/pip.conf > /seen && sha256sum /run/secrets/token | cut -d' ' -f1 >> /seen && ls /run/secrets >> /seen\n" +
			"CMD [\"/bin/cat\", \"/seen\"]\n",
		"pip.conf": pipConf,
		"netrc":    netrc,
	})
	out := filepath.Join(dir, "out", "secret.tar")
	args := func(extra ...string) []string {
		return append(append([]string{"build", "--addr", addr, "--progress", "plain", "-o", "type=oci,dest=" + out,
			"--log-file", filepath.Join(dir, "secret.log")}, extra...), "secret.yml")
	}
	env := map[string]string{"MLENV_TEST_TOKEN": token}

	t.Run("a required secret that is not given fails the build", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, env, args()...)
		if code != exitFindings || !strings.Contains(stderr, "secret pip.conf: not found") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
	})
	t.Run("a file and an environment variable are mounted, and are in no layer", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, env, args("--secret", "id=pip.conf,src=pip.conf", "--secret", "id=token,env=MLENV_TEST_TOKEN")...)
		if code != exitOK {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		sum := sha256.Sum256([]byte(token))
		if got, want := runImage(t, out), "1\n"+hex.EncodeToString(sum[:])+"\npip.conf\ntoken\n"; got != want {
			t.Errorf("the RUN step saw %q, want %q", got, want)
		}
		if blobsContain(t, out, token) {
			t.Errorf("the secret is in the image")
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "secret.log")); strings.Contains(string(b), token) {
			t.Errorf("the secret is in the build log")
		}
	})
	for _, c := range []struct{ flag, want string }{
		{"id=x,src=missing.conf", "missing.conf: no such file or directory"},
		{"id=x,env=MLENV_UNSET", "environment variable MLENV_UNSET is not set"},
		{"src=pip.conf", "missing id="},
		{"id=x,src=pip.conf,mode=0400", `unknown key "mode"`},
	} {
		t.Run("bad --secret "+c.flag, func(t *testing.T) {
			code, _, stderr := runAppEnv(ctx, dir, env, args("--secret", c.flag)...)
			if code != exitUsage || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("exit %d, stderr: %s", code, stderr)
			}
		})
	}

	t.Run("the generated conda step mounts pip.conf and netrc", func(t *testing.T) {
		// No conda can be installed here (no package index, no image
		// registry): the base image's conda is a script that records what
		// the conda step sees, in the image it builds.
		base := secretProject(t, map[string]string{
			"context/conda": "#!/bin/sh\ncase \"$1\" in\nenv)\n  grep -o 'index-url = https://build:' /etc/pip.conf > /conda-saw\n" +
				"  cut -d' ' -f1-4 /root/.netrc >> /conda-saw\n  mkdir -p \"$4\" ;;\ninfo) mkdir -p /opt/conda && echo /opt/conda ;;\nesac\n",
			"context/ldconfig":   "#!/bin/sh\n",
			"context/passwd":     "root:x:0:0:root:/root:/bin/sh\n",
			"context/run-id":     time.Now().String(),
			"context/Dockerfile": "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCOPY conda ldconfig run-id /bin/\nCOPY passwd /etc/passwd\nCMD [\"/bin/cat\", \"/conda-saw\"]\n",
		})
		baseTar := filepath.Join(base, "out", "base.tar")
		if code, stdout, stderr := runAppEnv(ctx, base, nil, "build", "--addr", addr, "--progress", "quiet", "-o", "type=oci,dest="+baseTar,
			"--log-file", filepath.Join(base, "base.log"), "env.yml"); code != exitOK {
			t.Fatalf("base image: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		layout := filepath.Join(base, "layout")
		untar(t, baseTar, layout)
		condaOut := filepath.Join(dir, "out", "conda.tar")
		code, stdout, stderr := runAppEnv(ctx, dir, env, "build", "--addr", addr, "--progress", "plain",
			"--base-layout", "registry.invalid/mlenv/busybox:1.0="+layout, "--secret", "id=pip.conf,src=pip.conf", "--secret", "id=netrc,src=netrc",
			"-o", "type=oci,dest="+condaOut, "--log-file", filepath.Join(dir, "conda.log"), "conda-env.yml")
		if code != exitOK {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if got, want := imageFile(t, condaOut, "conda-saw"), "index-url = https://build:\nmachine pkgs.dev.azure.com login build\n"; got != want {
			t.Errorf("the conda step saw %q, want %q", got, want)
		}
		if blobsContain(t, condaOut, token) {
			t.Errorf("the secret is in the image")
		}
		if !blobsContain(t, condaOut, "index-url = https://build:") {
			t.Errorf("blobsContain does not find what the image holds: the layer check is broken")
		}
		code, stdout, _ = runAppEnv(ctx, dir, env, "build", "--print-dockerfile", "--secret", "id=pip.conf,src=pip.conf", "conda-env.yml")
		if code != exitOK || !strings.Contains(stdout, "RUN --mount=type=secret,id=pip.conf,target=/etc/pip.conf \\\n    ldconfig") {
			t.Errorf("exit %d, Dockerfile:\n%s", code, stdout)
		}
	})
}

// imageFile returns a file of an OCI image tarball's filesystem (its
// layers applied in order).
func imageFile(t *testing.T, tarball, name string) string {
	t.Helper()
	layout := filepath.Join(t.TempDir(), "layout")
	untar(t, tarball, layout)
	var index struct {
		Manifests []struct{ Digest string } `json:"manifests"`
	}
	readJSON(t, filepath.Join(layout, "index.json"), &index)
	var manifest struct {
		Layers []struct{ Digest string } `json:"layers"`
	}
	readJSON(t, blobPath(layout, index.Manifests[0].Digest), &manifest)
	rootfs := filepath.Join(t.TempDir(), "rootfs")
	for _, l := range manifest.Layers {
		f, err := os.Open(blobPath(layout, l.Digest))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		extract(t, zr, rootfs)
		f.Close()
	}
	b, err := os.ReadFile(filepath.Join(rootfs, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBuildSecretsDocker mounts a --secret through the Docker engine's own
// BuildKit (Docker 20.10 in CI), which reaches the session over Docker's
// /session endpoint.
func TestBuildSecretsDocker(t *testing.T) {
	dockerEngine(t)
	ctx := context.Background()
	token := "docker-" + time.Now().Format("150405.000000000")
	dir := secretProject(t, map[string]string{
		"context/run-id": time.Now().String() + t.Name(),
		"context/Dockerfile": "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCOPY run-id /run-id\n" +
			"RUN --mount=type=secret,id=token,required=true sha256sum /run/secrets/token | cut -d' ' -f1 > /seen\n" +
			"CMD [\"/bin/cat\", \"/seen\"]\n",
	})
	tag := "mlenv-test/secret:" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "-")
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", tag).Run() })
	code, stdout, stderr := runAppEnv(ctx, dir, map[string]string{"FEED_TOKEN": token}, "build", "--progress", "plain", "-t", tag,
		"--secret", "id=token,env=FEED_TOKEN", "--log-file", filepath.Join(dir, "docker-secret.log"), "env.yml")
	if code != exitOK || !strings.Contains(stderr, "on docker (unix://") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	name := strings.Fields(stdout)[2] // "env.yml: built NAME (cache key ...)"
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", name).Run() })
	sum := sha256.Sum256([]byte(token))
	if got := dockerRun(t, tag); got != hex.EncodeToString(sum[:])+"\n" {
		t.Errorf("the RUN step saw a secret hashing to %q", got)
	}
}
