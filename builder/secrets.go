package builder

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/moby/buildkit/session"
	"github.com/moby/buildkit/session/secrets/secretsprovider"
	"github.com/moby/buildkit/session/sshforward/sshprovider"
)

// maxSecretSize is BuildKit's own limit on a secret.
const maxSecretSize = 500 << 10

// Secrets are the --secret values a build may mount (RUN
// --mount=type=secret,id=ID), read before the build starts. They reach the
// engine through the session only while a RUN step mounts them; they are
// in no layer, no log and not in the cache key.
type Secrets struct {
	values map[string][]byte
}

// ParseSecrets reads --secret flags: id=ID,src=FILE (or source=),
// id=ID,env=VAR, optionally with type=file|env; a bare id=ID is the
// environment variable ID when it is set, else the file ID, as BuildKit
// reads it. abs makes a relative path absolute.
func ParseSecrets(flags []string, getenv func(string) string, abs func(string) string) (*Secrets, error) {
	s := &Secrets{values: map[string][]byte{}}
	for _, f := range flags {
		id, value, err := parseSecret(f, getenv, abs)
		if err != nil {
			return nil, fmt.Errorf("--secret %q: %w", f, err)
		}
		if _, dup := s.values[id]; dup {
			return nil, fmt.Errorf("--secret %q: id %q given twice", f, id)
		}
		s.values[id] = value
	}
	return s, nil
}

func parseSecret(f string, getenv func(string) string, abs func(string) string) (string, []byte, error) {
	attrs, err := parseCSV(f)
	if err != nil {
		return "", nil, err
	}
	id, src, env, typ := attrs["id"], attrs["src"], attrs["env"], attrs["type"]
	if src == "" {
		src = attrs["source"]
	}
	for k := range attrs {
		switch k {
		case "id", "src", "source", "env", "type":
		default:
			return "", nil, fmt.Errorf("unknown key %q (want id, src, env, type)", k)
		}
	}
	if id == "" {
		return "", nil, fmt.Errorf("missing id=")
	}
	switch typ {
	case "", "file", "env":
	default:
		return "", nil, fmt.Errorf("type=%s: want file or env", typ)
	}
	if src != "" && env != "" {
		return "", nil, fmt.Errorf("give src= or env=, not both")
	}
	if src == "" && env == "" {
		// BuildKit's rule for a bare id: the variable when set, else the file.
		if typ == "env" || typ == "" && getenv(id) != "" {
			env = id
		} else {
			src = id
		}
	}
	if env != "" {
		v := getenv(env)
		if v == "" {
			return "", nil, fmt.Errorf("environment variable %s is not set", env)
		}
		return id, []byte(v), nil
	}
	path := abs(src)
	fi, err := os.Stat(path)
	if err != nil {
		return "", nil, err
	}
	if fi.Size() > maxSecretSize {
		return "", nil, fmt.Errorf("%s is %d bytes; BuildKit takes secrets up to %d", src, fi.Size(), maxSecretSize)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", nil, err
	}
	return id, b, nil
}

// IDs are the secret ids, sorted.
func (s *Secrets) IDs() []string {
	if s == nil {
		return nil
	}
	ids := make([]string, 0, len(s.values))
	for id := range s.values {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (s *Secrets) attachable() session.Attachable {
	return secretsprovider.FromMap(s.values)
}

// SSH is the --ssh forwarding: SSH agents or key files a RUN step reaches
// with --mount=type=ssh[,id=ID]. Keys never leave this machine: the engine
// asks the agent to sign.
type SSH struct {
	attachable session.Attachable
}

// ParseSSH reads --ssh flags: "default" (the agent at $SSH_AUTH_SOCK),
// "ID=PATH[,PATH…]" (an agent socket or private key files; "default" is
// an ID too).
func ParseSSH(flags []string, getenv func(string) string, abs func(string) string) (*SSH, error) {
	var confs []sshprovider.AgentConfig
	seen := map[string]bool{}
	for _, f := range flags {
		id, paths, _ := strings.Cut(f, "=")
		if id == "" {
			return nil, fmt.Errorf("--ssh %q: want default, default=PATH or ID=PATH", f)
		}
		if seen[id] {
			return nil, fmt.Errorf("--ssh %q: id %q given twice", f, id)
		}
		seen[id] = true
		conf := sshprovider.AgentConfig{ID: id}
		if paths == "" {
			sock := getenv("SSH_AUTH_SOCK")
			if sock == "" {
				return nil, fmt.Errorf("--ssh %q: SSH_AUTH_SOCK is not set: start an agent (eval $(ssh-agent); ssh-add) or name a key, --ssh %s=~/.ssh/id_ed25519", f, id)
			}
			conf.Paths = []string{sock}
		} else {
			for _, p := range strings.Split(paths, ",") {
				conf.Paths = append(conf.Paths, abs(p))
			}
		}
		confs = append(confs, conf)
	}
	a, err := sshprovider.NewSSHAgentProvider(confs)
	if err != nil {
		return nil, fmt.Errorf("--ssh: %w", err)
	}
	return &SSH{attachable: a}, nil
}
