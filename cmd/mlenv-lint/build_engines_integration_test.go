package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
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
	addr, _ := startBuildkitdKill(t)
	return addr
}

// startBuildkitdKill is startBuildkitd that also returns how to kill the
// daemon at once (SIGKILL), as a crash would.
func startBuildkitdKill(t *testing.T) (string, func()) {
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
			return addr, func() { _ = cmd.Process.Kill() }
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

// syncBuffer is a bytes.Buffer safe to read while a build writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestBuildEngineLostIntegration kills the engine a build runs on, in the
// middle of a step: the build moves to the other engine and succeeds.
func TestBuildEngineLostIntegration(t *testing.T) {
	engineAddr(t)
	a1, kill1 := startBuildkitdKill(t)
	a2, kill2 := startBuildkitdKill(t)
	kills := map[string]func(){a1: kill1, a2: kill2}
	dir := busyboxProject(t)
	if err := os.WriteFile(filepath.Join(dir, "context", "Dockerfile"), []byte("FROM scratch\nCOPY busybox /bin/busybox\n"+
		"RUN [\"/bin/busybox\", \"sleep\", \"4\"]\nCMD [\"/bin/busybox\", \"echo\", \"survived\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncBuffer
	app := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, cwd: dir}
	dest := filepath.Join(dir, "out", "lost.tar")
	done := make(chan int, 1)
	go func() {
		done <- app.main(context.Background(), []string{"build", "--addr", a1, "--addr", a2, "--progress", "plain",
			"-o", "type=oci,dest=" + dest, "--log-file", filepath.Join(dir, "lost.log"), "env.yml"})
	}()
	var first string
	for deadline := time.Now().Add(time.Minute); first == "" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if m := engineRE.FindStringSubmatch(stderr.String()); m != nil {
			first = m[1]
		}
	}
	if first == "" {
		t.Fatalf("the build did not start:\n%s", stderr.String())
	}
	// Into the sleep, then the engine dies.
	for deadline := time.Now().Add(time.Minute); !strings.Contains(stderr.String(), "sleep") && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second)
	kills[first]()
	var code int
	select {
	case code = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the build did not finish")
	}
	out := stderr.String()
	if code != exitOK || !strings.Contains(out, "the engine went away during the build") || !strings.Contains(out, "building on the next engine") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout.String(), out)
	}
	all := engineRE.FindAllStringSubmatch(out, -1)
	if len(all) != 2 || all[1][1] == first {
		t.Errorf("the build was not moved to the other engine: %v", all)
	}
	if got := runImage(t, dest); got != "survived\n" {
		t.Errorf("the image printed %q", got)
	}
}
