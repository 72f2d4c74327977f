package builder

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/docker/cli/cli/config"
	"github.com/docker/cli/cli/config/configfile"
	"github.com/docker/cli/cli/config/credentials"
	"github.com/docker/cli/cli/config/types"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/moby/buildkit/session"
	"github.com/moby/buildkit/session/auth/authprovider"

	"github.com/mlenv-lint/mlenv-lint/internal/imageref"
)

// Credentials are the user's registry credentials where the Docker CLI
// keeps them: config.json in $DOCKER_CONFIG (else ~/.docker), with its
// "auths", "credsStore" and "credHelpers" (what `docker login` and
// `az acr login` set up). The zero value has none.
type Credentials struct {
	cfg *configfile.ConfigFile
}

// LoadCredentials reads the Docker CLI configuration. A missing file is
// no credentials; a malformed one is an error.
func LoadCredentials(getenv func(string) string) (*Credentials, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	dir := getenv(config.EnvOverrideConfigDir)
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			var err error
			if home, err = os.UserHomeDir(); err != nil {
				// No home directory, no configuration: anonymous.
				return &Credentials{}, nil
			}
		}
		dir = filepath.Join(home, ".docker")
	}
	cfg, err := config.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("registry credentials: %w", err)
	}
	// As the Docker CLI does: without a credsStore, use the platform's
	// credential helper when one is installed.
	cfg.CredentialsStore = credentials.DetectDefaultStore(cfg.CredentialsStore)
	return &Credentials{cfg: cfg}, nil
}

// configKey is the key config.json uses for a registry host.
func configKey(host string) string {
	if imageref.IsDockerHubHost(host) {
		return authprovider.DockerHubConfigfileKey
	}
	return host
}

// forHost returns the credentials for a registry host (empty when none).
func (c *Credentials) forHost(host string) (types.AuthConfig, error) {
	if c == nil || c.cfg == nil {
		return types.AuthConfig{}, nil
	}
	ac, err := c.cfg.GetAuthConfig(configKey(host))
	if err != nil {
		return types.AuthConfig{}, fmt.Errorf("credentials for %s: %w", host, err)
	}
	return ac, nil
}

// attachable is BuildKit's standard auth provider over these credentials:
// buildkitd asks it whenever a registry (pull, push, cache import or
// export) wants credentials.
func (c *Credentials) attachable() session.Attachable {
	cfg := authprovider.DockerAuthProviderConfig{}
	if c != nil && c.cfg != nil {
		cfg.AuthConfigProvider = authprovider.LoadAuthConfig(c.cfg)
	} else {
		cfg.AuthConfigProvider = func(context.Context, string, []string, authprovider.ExpireCachedAuthCheck) (types.AuthConfig, error) {
			return types.AuthConfig{}, nil
		}
	}
	return authprovider.NewDockerAuthProvider(cfg)
}

// Resolve implements go-containerregistry's authn.Keychain, for the
// registry checks made outside BuildKit.
func (c *Credentials) Resolve(r authn.Resource) (authn.Authenticator, error) {
	ac, err := c.forHost(r.RegistryStr())
	if err != nil {
		return nil, err
	}
	if ac == (types.AuthConfig{}) {
		return authn.Anonymous, nil
	}
	return authn.FromConfig(authn.AuthConfig{
		Username: ac.Username, Password: ac.Password, Auth: ac.Auth,
		IdentityToken: ac.IdentityToken, RegistryToken: ac.RegistryToken,
	}), nil
}

// dockerRegistryAuth is the X-Registry-Auth header the Docker engine's
// push wants for host: the credentials as base64url JSON.
func (c *Credentials) dockerRegistryAuth(host string) (string, error) {
	ac, err := c.forHost(host)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(map[string]string{
		"username": ac.Username, "password": ac.Password, "auth": ac.Auth,
		"serveraddress": host, "identitytoken": ac.IdentityToken, "registrytoken": ac.RegistryToken,
	})
	if err != nil {
		return "", err
	}
	return base64.URLEncoding.EncodeToString(b), nil
}

// explain adds what to do to a solve error that says a registry refused
// access for want of credentials.
func explain(err error) error {
	msg := strings.ToLower(err.Error())
	if strings.Contains(msg, "did not complete successfully") {
		return err // a RUN step failed: its log says why, not a registry
	}
	for _, s := range []string{"401 unauthorized", "unauthorized: ", "authorization failed", "no basic auth credentials", "403 forbidden"} {
		if strings.Contains(msg, s) {
			return fmt.Errorf("%w\nthe registry refused access: log in with `docker login REGISTRY` (for ACR: `az acr login --name NAME`); mlenv-lint sends the Docker CLI's credentials ($DOCKER_CONFIG/config.json, else ~/.docker/config.json, and its credential helpers)", err)
		}
	}
	return err
}
