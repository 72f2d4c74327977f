package builder

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
)

func TestLoadCredentials(t *testing.T) {
	dir := t.TempDir()
	auth := base64.StdEncoding.EncodeToString([]byte("u:p"))
	cfg := `{"auths":{"myacr.azurecr.io":{"auth":"` + auth + `"},"https://index.docker.io/v1/":{"auth":"` + auth + `"}}}`
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "config.json"), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".docker"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".docker", "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		env      map[string]string
		registry string
		wantUser string
		wantErr  bool
	}{
		{"DOCKER_CONFIG", map[string]string{"DOCKER_CONFIG": dir}, "myacr.azurecr.io", "u", false},
		{"HOME/.docker", map[string]string{"HOME": home}, "myacr.azurecr.io", "u", false},
		{"Docker Hub's legacy key", map[string]string{"DOCKER_CONFIG": dir}, "index.docker.io", "u", false},
		{"Docker Hub's registry host", map[string]string{"DOCKER_CONFIG": dir}, "registry-1.docker.io", "u", false},
		{"Docker Hub's other registry host", map[string]string{"DOCKER_CONFIG": dir}, "registry.hub.docker.com", "u", false},
		{"another registry is anonymous", map[string]string{"DOCKER_CONFIG": dir}, "other.example", "", false},
		{"no config file is anonymous", map[string]string{"DOCKER_CONFIG": t.TempDir()}, "myacr.azurecr.io", "", false},
		{"a malformed config is an error", map[string]string{"DOCKER_CONFIG": bad}, "", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			creds, err := LoadCredentials(func(k string) string { return c.env[k] })
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				return
			}
			reg, err := name.NewRegistry(c.registry)
			if err != nil {
				t.Fatal(err)
			}
			a, err := creds.Resolve(reg)
			if err != nil {
				t.Fatal(err)
			}
			ac, err := a.Authorization()
			if err != nil {
				t.Fatal(err)
			}
			if ac.Username != c.wantUser {
				t.Errorf("user %q, want %q", ac.Username, c.wantUser)
			}
			if c.wantUser == "" && a != authn.Anonymous {
				t.Errorf("want anonymous, got %+v", ac)
			}
			hdr, err := creds.dockerRegistryAuth(c.registry)
			if err != nil {
				t.Fatal(err)
			}
			b, err := base64.URLEncoding.DecodeString(hdr)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]string
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if got["username"] != c.wantUser || got["serveraddress"] != c.registry {
				t.Errorf("X-Registry-Auth %v", got)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	for _, c := range []struct {
		err  string
		hint bool
	}{
		{"failed to push r/x:1: unexpected status from HEAD request to http://r/v2/x/blobs/sha256:1: 401 Unauthorized", true},
		{"failed to resolve source metadata for r/x:1: failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized", true},
		{"failed to solve: process \"/bin/sh -c false\" did not complete successfully: exit code: 1", false},
		{"failed to solve: process \"/bin/sh -c curl https://x/401 Unauthorized\" did not complete successfully: exit code: 22", false},
	} {
		got := explain(errors.New(c.err))
		if strings.Contains(got.Error(), "docker login") != c.hint {
			t.Errorf("%q: %v", c.err, got)
		}
	}
}
