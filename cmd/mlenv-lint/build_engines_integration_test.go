package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/mlenv-lint/mlenv-lint/builder"
)

// buildkitdBinary finds the buildkitd that .ci/engine.sh builds
// ($MLENV_BUILDKITD, the repository's .cache/bin, or PATH).
func buildkitdBinary(t *testing.T) string {
	t.Helper()
	if b := os.Getenv("MLENV_BUILDKITD"); b != "" {
		return b
	}
	if b, err := filepath.Abs(filepath.Join("..", "..", ".cache", "bin", "buildkitd")); err == nil {
		if _, err := os.Stat(b); err == nil {
			return b
		}
	}
	b, err := exec.LookPath("buildkitd")
	if err != nil {
		requirement(t, "MLENV_REQUIRE_BUILD_ENGINE")("a second buildkitd needs the buildkitd binary (.ci/engine.sh builds it; or set MLENV_BUILDKITD): %v", err)
	}
	return b
}

// startBuildkitd starts a buildkitd of the test's own (root and socket in
// a temporary directory) and stops it when the test ends.
func startBuildkitd(t *testing.T) string {
	t.Helper()
	bin := buildkitdBinary(t)
	dir, err := os.MkdirTemp("", "mlenv-buildkitd-")
	if err != nil {
		t.Fatal(err)
	}
	addr := "unix://" + filepath.Join(dir, "buildkitd.sock")
	logf, err := os.Create(filepath.Join(dir, "buildkitd.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--root", filepath.Join(dir, "root"), "--addr", addr)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		logf.Close()
		_ = os.RemoveAll(dir)
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		e, err := builder.Connect(ctx, builder.EngineOptions{Addr: addr, Timeout: 2 * time.Second})
		cancel()
		if err == nil {
			e.Close()
			return addr
		}
		select {
		case <-done:
			log, _ := os.ReadFile(filepath.Join(dir, "buildkitd.log"))
			t.Fatalf("the second buildkitd exited:\n%s", log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the second buildkitd did not answer: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

var engineRE = regexp.MustCompile(`mlenv-lint: building \S+ \(\S+\) as \S+ on (\S+)\n`)

// TestBuildEnginesIntegration drives two buildkitd daemons: the same spec
// always goes to the same one, different specs spread over both, and an
// engine that does not answer is passed over for the next.
func TestBuildEnginesIntegration(t *testing.T) {
	first := engineAddr(t)
	second := startBuildkitd(t)
	dir := busyboxProject(t)
	ctx := context.Background()
	engineFor := func(t *testing.T, addrs []string, greeting, dest string) (string, string) {
		t.Helper()
		args := []string{"build", "--progress", "quiet", "--build-arg", "GREETING=" + greeting,
			"-o", "type=oci,dest=" + filepath.Join(dir, "out", dest), "--log-file", filepath.Join(dir, "logs", dest+".log"), "env.yml"}
		for _, a := range addrs {
			args = append(args, "--addr", a)
		}
		code, stdout, stderr := runAppCtx(ctx, dir, args...)
		m := engineRE.FindStringSubmatch(stderr)
		if code != exitOK || m == nil {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		return m[1], stderr
	}

	both := []string{first, second}
	used := map[string][]string{}
	for i := 0; i < 12 && (len(used) < 2 || i < 4); i++ {
		g := fmt.Sprintf("spread%d", i)
		e, _ := engineFor(t, both, g, g+".tar")
		used[e] = append(used[e], g)
	}
	if len(used) != 2 {
		t.Fatalf("the specs did not spread over the two engines: %v", used)
	}
	for e, greetings := range used {
		// Again, to a new file (so that it is built, not found): the
		// same engine, whichever order the addresses come in.
		g := greetings[0]
		again, _ := engineFor(t, []string{second, first}, g, g+"-again.tar")
		if again != e {
			t.Errorf("GREETING=%s went to %s, then to %s", g, e, again)
		}
		if got := runImage(t, filepath.Join(dir, "out", g+"-again.tar")); got != g+" from the mlenv-lint build test\n" {
			t.Errorf("the image printed %q", got)
		}
	}

	dead := "unix://" + filepath.Join(t.TempDir(), "nothing.sock")
	fellBack := false
	for i := 0; i < 12 && !fellBack; i++ {
		g := fmt.Sprintf("fallback%d", i)
		e, stderr := engineFor(t, []string{dead, first}, g, g+".tar")
		if e != first {
			t.Fatalf("built on %s", e)
		}
		fellBack = regexp.MustCompile(`engine ` + regexp.QuoteMeta(dead) + ` did not answer .*; trying the next`).MatchString(stderr)
	}
	if !fellBack {
		t.Error("no spec was routed to the dead engine first (or it was not reported)")
	}
}
