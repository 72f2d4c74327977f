package builder

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeDocker serves the two Docker API calls the builder makes besides
// BuildKit's own: the /grpc and /session upgrades (answered with 101 and
// then an echo of the raw stream) and image inspection.
func fakeDocker(t *testing.T) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "docker.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func(conn net.Conn) {
				defer conn.Close()
				reply := func(s string) { _, _ = io.WriteString(conn, s) }
				br := bufio.NewReader(conn)
				req, err := http.ReadRequest(br)
				if err != nil {
					return
				}
				switch {
				case req.Method == http.MethodPost && (req.URL.Path == "/grpc" || req.URL.Path == "/session"):
					if req.Header.Get("Upgrade") == "" || req.Header.Get("Connection") != "Upgrade" {
						reply("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
						return
					}
					reply("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: " + req.Header.Get("Upgrade") + "\r\n\r\n")
					_, _ = io.Copy(conn, br) // echo
				case req.URL.Path == "/images/mlenv/present:1/json":
					reply("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
				default:
					reply("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
				}
			}(conn)
		}
	}()
	return sock
}

func TestDialHijack(t *testing.T) {
	sock := fakeDocker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := dialHijack(ctx, sock, "/session", "h2c", map[string][]string{"X-Docker-Expose-Session-Uuid": {"abc"}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("ping\n")); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || line != "ping\n" {
		t.Fatalf("echo: %q, %v", line, err)
	}
	if _, err := dialHijack(ctx, sock, "/nope", "h2c", nil); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("non-upgrade answer: %v", err)
	}
}

func TestDockerHas(t *testing.T) {
	sock := fakeDocker(t)
	ctx := context.Background()
	if ok, err := dockerHas(ctx, sock, "mlenv/present:1"); err != nil || !ok {
		t.Errorf("present image: %v, %v", ok, err)
	}
	if ok, err := dockerHas(ctx, sock, "mlenv/absent:1"); err != nil || ok {
		t.Errorf("absent image: %v, %v", ok, err)
	}
}

// TestConnectReportsWhatItTried: with a Docker socket that does not speak
// BuildKit and no buildkitd, the error names both and says how to start one.
func TestConnectReportsWhatItTried(t *testing.T) {
	sock := fakeDocker(t)
	env := map[string]string{"DOCKER_HOST": "unix://" + sock}
	ctx := context.Background()
	fallback := "unix://" + filepath.Join(t.TempDir(), "buildkitd.sock")
	_, err := Connect(ctx, EngineOptions{Getenv: func(k string) string { return env[k] }, Timeout: 2 * time.Second, Fallback: fallback})
	if !errors.Is(err, ErrNoEngine) {
		t.Fatalf("err = %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"tried:\n  docker (unix://" + sock + "): ", "\n  " + fallback + ": ", "Start one"} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in %s", want, msg)
		}
	}
}
