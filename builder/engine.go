package builder

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/moby/buildkit/client"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	// Connection helpers for docker-container://, kube-pod:// and ssh:// addresses.
	_ "github.com/moby/buildkit/client/connhelper/dockercontainer"
	_ "github.com/moby/buildkit/client/connhelper/kubepod"
	_ "github.com/moby/buildkit/client/connhelper/ssh"
)

// EngineOptions say how to reach BuildKit.
type EngineOptions struct {
	// Addr is a buildkitd address: unix://, tcp://, docker-container://,
	// kube-pod://, ssh://. Empty means: $BUILDKIT_HOST, else the local
	// Docker engine, else the default buildkitd socket.
	Addr string
	// TLS for tcp:// addresses.
	TLSCACert, TLSCert, TLSKey, TLSServerName string
	// Getenv reads the environment (BUILDKIT_HOST, DOCKER_HOST).
	Getenv func(string) string
	// Timeout bounds the connection check; 0 means 10 seconds.
	Timeout time.Duration
	// Fallback is the last address tried when nothing else is set;
	// DefaultBuildkitdAddr when empty.
	Fallback string
	// Kubectl is the kubectl command that expands a kube-pod:// selector
	// (Pool); "kubectl" when empty.
	Kubectl string
}

// DefaultBuildkitdAddr is where buildkitd listens by default when run as root.
const DefaultBuildkitdAddr = "unix:///run/buildkit/buildkitd.sock"

// Engine is a connected BuildKit.
type Engine struct {
	Client *client.Client
	Addr   string // what was connected to, for messages
	// DockerSocket is set when the engine is the Docker daemon's built-in
	// BuildKit; images are then stored in Docker.
	DockerSocket string
	// Caps is what the engine can do.
	Caps Capabilities
}

// Close releases the connection.
func (e *Engine) Close() error { return e.Client.Close() }

// ErrNoEngine is wrapped by Connect's error when nothing answered.
var ErrNoEngine = errors.New("no BuildKit engine is reachable")

// Connect finds and connects to a BuildKit engine. When none answers, the
// error lists every address tried, why it failed, and how to start one.
func Connect(ctx context.Context, opts EngineOptions) (*Engine, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	type candidate struct {
		addr   string
		docker string // Docker socket path
	}
	var cands []candidate
	switch {
	case opts.Addr != "":
		cands = append(cands, candidate{addr: opts.Addr})
	case getenv("BUILDKIT_HOST") != "":
		cands = append(cands, candidate{addr: getenv("BUILDKIT_HOST")})
	default:
		if sock := dockerSocket(getenv); sock != "" {
			cands = append(cands, candidate{addr: "docker (unix://" + sock + ")", docker: sock})
		}
		fallback := opts.Fallback
		if fallback == "" {
			fallback = DefaultBuildkitdAddr
		}
		cands = append(cands, candidate{addr: fallback})
	}
	var tried []string
	for _, c := range cands {
		e, err := dial(ctx, c.addr, c.docker, opts, timeout)
		if err == nil {
			return e, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		tried = append(tried, fmt.Sprintf("  %s: %v", c.addr, err))
	}
	return nil, fmt.Errorf("%w; tried:\n%s\nStart one: run Docker, or `buildkitd` (as root; its socket is %s), or point --addr (or BUILDKIT_HOST) at a running buildkitd, e.g. tcp://host:1234, docker-container://buildkitd, kube-pod://buildkitd-0",
		ErrNoEngine, strings.Join(tried, "\n"), DefaultBuildkitdAddr)
}

func dial(ctx context.Context, addr, dockerSock string, opts EngineOptions, timeout time.Duration) (*Engine, error) {
	var copts []client.ClientOpt
	target := addr
	if dockerSock != "" {
		target = ""
		copts = append(copts,
			client.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
				return dialHijack(ctx, dockerSock, "/grpc", "h2c", nil)
			}),
			client.WithSessionDialer(func(ctx context.Context, proto string, meta map[string][]string) (net.Conn, error) {
				return dialHijack(ctx, dockerSock, "/session", proto, meta)
			}),
		)
	} else if strings.HasPrefix(addr, "tcp://") && (opts.TLSCACert != "" || opts.TLSServerName != "") {
		server := opts.TLSServerName
		if server == "" {
			if u, err := url.Parse(addr); err == nil {
				server = u.Hostname()
			}
		}
		copts = append(copts, client.WithServerConfig(server, opts.TLSCACert))
		if opts.TLSCert != "" || opts.TLSKey != "" {
			copts = append(copts, client.WithCredentials(opts.TLSCert, opts.TLSKey))
		}
	}
	c, err := client.New(ctx, target, copts...)
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var caps Capabilities
	if info, err := c.Info(cctx); err == nil {
		caps.BuildKit = info.BuildkitVersion.Version
	} else {
		// Older engines (Docker 20.10's built-in BuildKit) have no Info;
		// listing workers works everywhere.
		if status.Code(err) != codes.Unimplemented {
			c.Close()
			return nil, shortErr(err)
		}
		if _, err := c.ListWorkers(cctx); err != nil {
			c.Close()
			return nil, shortErr(err)
		}
	}
	if dockerSock != "" {
		if caps.Docker, caps.ContainerdStore, err = dockerInfo(cctx, dockerSock); err != nil {
			c.Close()
			return nil, err
		}
	}
	return &Engine{Client: c, Addr: addr, DockerSocket: dockerSock, Caps: caps}, nil
}

// shortErr keeps the first line of a gRPC error.
func shortErr(err error) error {
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return errors.New(msg)
}

// dockerSocket returns the Docker daemon's unix socket, when there is one.
func dockerSocket(getenv func(string) string) string {
	if h := getenv("DOCKER_HOST"); h != "" {
		if strings.HasPrefix(h, "unix://") {
			return strings.TrimPrefix(h, "unix://")
		}
		return ""
	}
	const sock = "/var/run/docker.sock"
	if fi, err := os.Stat(sock); err == nil && fi.Mode()&os.ModeSocket != 0 {
		return sock
	}
	return ""
}

// dialHijack opens an upgraded connection to the Docker API's BuildKit
// endpoints (/grpc, /session), as the Docker CLI does.
func dialHijack(ctx context.Context, sock, path, proto string, meta map[string][]string) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", sock)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://docker"+path, nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", proto)
	for k, v := range meta {
		req.Header[k] = v
	}
	if err := req.Write(conn); err != nil {
		conn.Close()
		return nil, err
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		conn.Close()
		return nil, err
	}
	// After a 101 the body is the raw stream itself; it is not read here.
	if resp.StatusCode != http.StatusSwitchingProtocols {
		resp.Body.Close()
		conn.Close()
		return nil, fmt.Errorf("docker %s: %s", path, resp.Status)
	}
	return &bufferedConn{Conn: conn, r: br}, nil
}

type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }
