package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// sshAgent serves an in-memory SSH agent holding the key on a unix
// socket, as ssh-agent does.
func sshAgent(t *testing.T, priv ed25519.PrivateKey) (sock string) {
	t.Helper()
	keyring := agent.NewKeyring()
	if err := keyring.Add(agent.AddedKey{PrivateKey: priv, Comment: "mlenv-test"}); err != nil {
		t.Fatal(err)
	}
	sock = filepath.Join(t.TempDir(), "agent.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = agent.ServeAgent(keyring, c)
			}()
		}
	}()
	return sock
}

// gitSSHServer is an SSH server on 127.0.0.1 that lets in only the key
// authorized, and answers `git-upload-pack 'PATH'` with the host's git
// upload-pack on repo: a Git server as GitHub or Azure Repos run one.
type gitSSHServer struct {
	port     int
	accepted atomic.Int64 // connections authenticated with the key
	served   atomic.Int64 // upload-pack runs that ended well
}

func newGitSSHServer(t *testing.T, authorized ssh.PublicKey, repo string) *gitSSHServer {
	t.Helper()
	_, hostPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	hostKey, err := ssh.NewSignerFromKey(hostPriv)
	if err != nil {
		t.Fatal(err)
	}
	s := &gitSSHServer{}
	cfg := &ssh.ServerConfig{PublicKeyCallback: func(_ ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
		if string(key.Marshal()) != string(authorized.Marshal()) {
			return nil, errors.New("unknown key")
		}
		return nil, nil
	}}
	cfg.AddHostKey(hostKey)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	s.port = l.Addr().(*net.TCPAddr).Port
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go s.serve(c, cfg, repo)
		}
	}()
	return s
}

func (s *gitSSHServer) serve(c net.Conn, cfg *ssh.ServerConfig, repo string) {
	defer c.Close()
	conn, chans, reqs, err := ssh.NewServerConn(c, cfg)
	if err != nil {
		return
	}
	defer conn.Close()
	s.accepted.Add(1)
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			_ = nc.Reject(ssh.UnknownChannelType, "session only")
			continue
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			return
		}
		go s.session(ch, creqs, repo)
	}
}

func (s *gitSSHServer) session(ch ssh.Channel, reqs <-chan *ssh.Request, repo string) {
	defer ch.Close()
	for req := range reqs {
		switch req.Type {
		case "env":
			_ = req.Reply(true, nil) // GIT_PROTOCOL
		case "exec":
			var p struct{ Command string }
			if err := ssh.Unmarshal(req.Payload, &p); err != nil || !strings.HasPrefix(p.Command, "git-upload-pack ") {
				_ = req.Reply(false, nil)
				return
			}
			_ = req.Reply(true, nil)
			cmd := exec.Command("git", "upload-pack", "--strict", repo)
			cmd.Stdin, cmd.Stdout, cmd.Stderr = ch, ch, ch.Stderr()
			status := uint32(0)
			if err := cmd.Run(); err != nil {
				status = 1
			} else {
				s.served.Add(1)
			}
			_, _ = ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{status}))
			return
		default:
			_ = req.Reply(false, nil)
		}
	}
}

// gitRootfs copies the host's ssh and git, with the shared libraries they
// load, into dir, as the root filesystem of a build image.
func gitRootfs(t *testing.T, dir string) {
	t.Helper()
	bins := map[string][]string{"/usr/bin/ssh": {"/usr/bin/ssh"}, "/usr/bin/git": {"/usr/bin/git", "/usr/lib/git-core/git"}}
	files := map[string]string{}
	for bin, dests := range bins {
		for _, d := range dests {
			files[d] = bin
		}
		out, err := exec.Command("ldd", bin).Output()
		if err != nil {
			t.Fatalf("ldd %s: %v", bin, err)
		}
		for _, line := range strings.Split(string(out), "\n") {
			for _, f := range strings.Fields(line) {
				if strings.HasPrefix(f, "/") {
					files[f] = f
				}
			}
		}
	}
	for dest, src := range files {
		b, err := os.ReadFile(src) // through symlinks
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, dest)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBuildSSH clones a private Git repository over SSH in a RUN step,
// with the key held by an SSH agent on this side of the session (--ssh).
// Everything is real but the servers' location: OpenSSH's client and
// git from this machine in the image, an SSH server (Go's x/crypto/ssh)
// on 127.0.0.1 running git upload-pack, and an agent that signs.
func TestBuildSSH(t *testing.T) {
	addr := engineAddr(t)
	fail := requirement(t, "MLENV_REQUIRE_BUILD_ENGINE")
	for _, tool := range []string{"git", "ssh", "ldd"} {
		if _, err := exec.LookPath(tool); err != nil {
			fail("%s is needed by the SSH build test (apt-get install git openssh-client): %v", tool, err)
		}
	}
	ctx := context.Background()

	// The private repository.
	work := t.TempDir()
	repo := filepath.Join(t.TempDir(), "private.git")
	for _, args := range [][]string{
		{"init", "-q", "-b", "main", work},
		{"-C", work, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", "private commit for the mlenv-lint ssh test"},
		{"clone", "-q", "--bare", work, repo},
	} {
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	pk, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ssh.NewPublicKey(pk)
	if err != nil {
		t.Fatal(err)
	}
	sock := sshAgent(t, priv)
	srv := newGitSSHServer(t, pub, repo)
	block, err := ssh.MarshalPrivateKey(priv, "mlenv-test")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}

	dir := secretProject(t, map[string]string{
		"ssh.yml": "$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\nname: ssh-env\nbuild:\n  path: context\n  dockerfile_path: ssh.Dockerfile\n",
		"context/ssh.Dockerfile": "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCOPY rootfs/ /\n" +
			"ARG SSH_PORT\n" +
			"RUN --mount=type=ssh GIT_SSH_COMMAND=\"ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -p $SSH_PORT\" \\\n" +
			"    git clone -q git@127.0.0.1:private.git /src && git -C /src log -1 --format=%s > /cloned\n" +
			"CMD [\"/bin/cat\", \"/cloned\"]\n",
		"context/rootfs/etc/passwd": "root:x:0:0:root:/root:/bin/sh\n",
		"context/rootfs/root/.keep": "",
	})
	gitRootfs(t, filepath.Join(dir, "context", "rootfs"))
	out := filepath.Join(dir, "out", "ssh.tar")
	// The port is new each run, so the clone is never answered from cache.
	args := func(extra ...string) []string {
		return append(append([]string{"build", "--addr", addr, "--progress", "plain", "-o", "type=oci,dest=" + out,
			"--build-arg", fmt.Sprintf("SSH_PORT=%d", srv.port), "--log-file", filepath.Join(dir, "ssh.log")}, extra...), "ssh.yml")
	}
	env := map[string]string{"SSH_AUTH_SOCK": sock}

	t.Run("without --ssh the server refuses the clone", func(t *testing.T) {
		// The mount is not required: the step runs with no agent, as a
		// Dockerfile written for `docker build --ssh` does without it.
		code, stdout, stderr := runAppEnv(ctx, dir, env, args()...)
		if code != exitFindings || !strings.Contains(stderr, "Permission denied (publickey)") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if srv.accepted.Load() != 0 {
			t.Errorf("the server let in %d connections", srv.accepted.Load())
		}
	})
	t.Run("--ssh default clones through the forwarded agent", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, env, args("--ssh", "default")...)
		if code != exitOK {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if srv.accepted.Load() != 1 || srv.served.Load() != 1 {
			t.Errorf("the server let in %d connections and served %d clones, want 1 and 1", srv.accepted.Load(), srv.served.Load())
		}
		if got := imageFile(t, out, "cloned"); got != "private commit for the mlenv-lint ssh test\n" {
			t.Errorf("the clone's last commit is %q", got)
		}
	})
	t.Run("--ssh default=KEYFILE clones with the key file", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, nil, args("--no-cache", "--ssh", "default="+keyFile)...)
		if code != exitOK || srv.served.Load() != 2 {
			t.Fatalf("exit %d, %d clones\nstdout: %s\nstderr: %s", code, srv.served.Load(), stdout, stderr)
		}
	})
	t.Run("--ssh default without an agent is one line and exit 2", func(t *testing.T) {
		code, _, stderr := runAppEnv(ctx, dir, nil, args("--ssh", "default")...)
		if code != exitUsage || !strings.Contains(stderr, "SSH_AUTH_SOCK is not set") {
			t.Errorf("exit %d, stderr: %s", code, stderr)
		}
	})
}
