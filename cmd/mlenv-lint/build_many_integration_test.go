package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMain lets the tests run the test binary as mlenv-lint itself, for
// what needs a process of its own (concurrent processes, closed pipes).
func TestMain(m *testing.M) {
	if os.Getenv("MLENV_LINT_TEST_AS_MAIN") == "1" {
		os.Exit(run())
	}
	os.Exit(m.Run())
}

// mlenvCommand is mlenv-lint (this test binary) as a process in dir, with
// its own temporary and cache directories.
func mlenvCommand(t *testing.T, dir string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "MLENV_LINT_TEST_AS_MAIN=1", "TMPDIR="+filepath.Join(dir, "tmp"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// manyProject is busyboxProject with two more specs on the same context
// (one with its own Dockerfile) and one with a lint error.
func manyProject(t *testing.T) string {
	t.Helper()
	dir := busyboxProject(t)
	df, err := os.ReadFile(filepath.Join(dir, "context", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "context", "Dockerfile.b"), bytes.Replace(df, []byte("GREETING=hello"), []byte("GREETING=hallo"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	writeSpec(t, dir, "env-a.yml", "name: busybox-a\nbuild:\n  path: context\n")
	writeSpec(t, dir, "env-b.yml", "name: busybox-b\nbuild:\n  path: context\n  dockerfile_path: Dockerfile.b\n")
	// AML names are reserved: a lint error in this spec only.
	writeSpec(t, dir, "bad.yml", "name: AzureML-bad\nbuild:\n  path: context\n")
	return dir
}

func TestBuildManyIntegration(t *testing.T) {
	addr := engineAddr(t)
	dir := manyProject(t)
	ctx := context.Background()

	t.Run("parallel specs, one output and log each, a lint error fails only its spec", func(t *testing.T) {
		code, stdout, stderr := runAppCtx(ctx, dir, "build", "--addr", addr, "--jobs", "2", "--progress", "plain",
			"-o", "type=oci,dest=out/{name}.tar", "--log-file", "logs/build.log", "env-a.yml", "env-b.yml", "bad.yml")
		if code != exitFindings {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		for _, want := range []string{"env-a.yml: built mlenv/busybox-a:", "env-b.yml: built mlenv/busybox-b:"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("missing %q in stdout:\n%s", want, stdout)
			}
		}
		if !strings.Contains(stderr, "bad.yml: not building: lint found 1 error(s)") || strings.Contains(stdout, "bad.yml") {
			t.Errorf("the spec with a lint error:\nstdout: %s\nstderr: %s", stdout, stderr)
		}
		if !strings.Contains(stderr, "[busybox-a] #") || !strings.Contains(stderr, "[busybox-b] #") {
			t.Errorf("the progress lines do not name their spec:\n%s", stderr)
		}
		if got := runImage(t, filepath.Join(dir, "out", "busybox-a.tar")); got != "hello from the mlenv-lint build test\n" {
			t.Errorf("busybox-a printed %q", got)
		}
		if got := runImage(t, filepath.Join(dir, "out", "busybox-b.tar")); got != "hallo from the mlenv-lint build test\n" {
			t.Errorf("busybox-b printed %q", got)
		}
		for _, name := range []string{"build-busybox-a.log", "build-busybox-b.log"} {
			if b, err := os.ReadFile(filepath.Join(dir, "logs", name)); err != nil || !bytes.Contains(b, []byte("DONE")) {
				t.Errorf("log %s: %v\n%s", name, err, b)
			}
		}
	})

	t.Run("per-spec tags", func(t *testing.T) {
		code, stdout, stderr := runAppCtx(ctx, dir, "build", "--addr", addr, "--progress", "quiet", "-t", "team/{name}:dev",
			"-o", "type=docker,dest=out/{name}-docker.tar", "--log-file", "logs/docker.log", "env-a.yml", "env-b.yml")
		if code != exitOK {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		for _, name := range []string{"busybox-a", "busybox-b"} {
			if names := tarballNames(t, filepath.Join(dir, "out", name+"-docker.tar")); !names["team/"+name+":dev"] {
				t.Errorf("%s carries %v", name, names)
			}
		}
	})

	t.Run("--progress rawjson writes only JSON to stderr", func(t *testing.T) {
		code, stdout, stderr := runAppCtx(ctx, dir, "build", "--addr", addr, "--progress", "rawjson", "--no-cache",
			"-o", "type=oci,dest=out/raw.tar", "--log-file", "logs/raw.log", "env-a.yml")
		if code != exitOK || !strings.Contains(stdout, "built") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		lines := 0
		sc := bufio.NewScanner(strings.NewReader(stderr))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines++
			if !json.Valid(sc.Bytes()) {
				t.Errorf("not JSON on stderr: %q", sc.Text())
			}
		}
		if lines == 0 || !strings.Contains(stdout, "mlenv-lint: building env-a.yml") {
			t.Errorf("%d JSON lines; stdout:\n%s", lines, stdout)
		}
	})

	t.Run("two processes writing one destination do not collide", func(t *testing.T) {
		dest := filepath.Join(dir, "out", "shared.tar")
		var wg sync.WaitGroup
		outs := make([][]byte, 2)
		errs := make([]error, 2)
		for i, greeting := range []string{"one", "two"} {
			cmd := mlenvCommand(t, dir, "build", "--addr", addr, "--progress", "plain", "--no-cache", "--build-arg", "GREETING="+greeting,
				"-o", "type=oci,dest="+dest, "--log-file", filepath.Join(dir, "logs", "shared-"+greeting+".log"), "env-a.yml")
			wg.Add(1)
			go func() {
				defer wg.Done()
				outs[i], errs[i] = cmd.CombinedOutput()
			}()
		}
		wg.Wait()
		for i := range outs {
			if errs[i] != nil {
				t.Fatalf("process %d: %v\n%s", i, errs[i], outs[i])
			}
		}
		got := runImage(t, dest)
		if got != "one from the mlenv-lint build test\n" && got != "two from the mlenv-lint build test\n" {
			t.Errorf("the shared tarball printed %q", got)
		}
		// The record names the build whose tarball won.
		rec, err := os.ReadFile(dest + ".mlenv-key")
		if err != nil {
			t.Fatal(err)
		}
		winner := "one"
		if strings.HasPrefix(got, "two") {
			winner = "two"
		}
		key := ""
		for i, g := range []string{"one", "two"} {
			if g == winner {
				key = cacheKey(t, string(outs[i]))
			}
		}
		if !strings.HasPrefix(string(rec), key) {
			t.Errorf("the record %q is not the key %s of the tarball's build", rec, key)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "out", "*.partial")); len(left) > 0 {
			t.Errorf("left behind: %v", left)
		}
	})

	t.Run("a closed stdout and stderr do not kill the build", func(t *testing.T) {
		dest := filepath.Join(dir, "out", "piped.tar")
		cmd := mlenvCommand(t, dir, "build", "--addr", addr, "--progress", "plain", "--no-cache",
			"-o", "type=oci,dest="+dest, "--log-file", filepath.Join(dir, "logs", "piped.log"), "env-a.yml")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// As `| head -c0` does: the reader goes away at once.
		stdout.Close()
		stderr.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("the build with closed pipes: %v", err)
			}
		case <-time.After(2 * time.Minute):
			_ = cmd.Process.Kill()
			t.Fatal("the build with closed pipes did not finish")
		}
		if got := runImage(t, dest); got != "hello from the mlenv-lint build test\n" {
			t.Errorf("the image printed %q", got)
		}
		left, _ := filepath.Glob(filepath.Join(dir, "tmp", "*"))
		partial, _ := filepath.Glob(dest + "*.partial")
		if len(left)+len(partial) > 0 {
			t.Errorf("left behind: %v %v", left, partial)
		}
	})
}
