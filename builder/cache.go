package builder

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/distribution/reference"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/moby/buildkit/client"
)

// recordSuffix names the file, next to a tarball output, that holds the
// cache key the tarball was built from.
const recordSuffix = ".mlenv-key"

func writeRecord(dest, key string) error {
	if err := os.WriteFile(dest+recordSuffix, []byte(key+"\n"), 0o644); err != nil {
		return fmt.Errorf("recording the cache key: %w", err)
	}
	return nil
}

func readRecord(dest string) string {
	b, err := os.ReadFile(dest + recordSuffix)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// Existing reports whether the image for opts.Key is already where the
// build would put it, and says where: the tarball built from the same key,
// the image in the Docker engine, or the tag in the registry.
func (e *Engine) Existing(ctx context.Context, p *Plan, opts BuildOptions) (bool, string, error) {
	name := opts.KeyName(p)
	switch {
	case opts.Output.Type == "oci" || opts.Output.Type == "docker":
		if _, err := os.Stat(opts.Output.Dest); err != nil {
			return false, "", nil
		}
		return readRecord(opts.Output.Dest) == opts.Key, opts.Output.Dest, nil
	case opts.Output.Type == "load":
		ok, err := dockerHas(ctx, opts.Output.DockerSocket, name)
		return ok, name + " (docker)", err
	case opts.Push:
		ok, err := registryHas(ctx, name, opts.Credentials)
		return ok, name, err
	case e.DockerSocket != "":
		ok, err := dockerHas(ctx, e.DockerSocket, name)
		return ok, name + " (docker)", err
	}
	return false, "", nil
}

// dockerHas asks the Docker engine whether it has image name.
func dockerHas(ctx context.Context, sock, name string) (bool, error) {
	c := unixHTTP(sock)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://docker/images/"+url.PathEscape(name)+"/json", nil)
	if err != nil {
		return false, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return false, fmt.Errorf("asking docker for %s: %w", name, err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK, nil
}

// DockerTag adds tags to an image in the Docker engine (a cache hit with new --tag names).
func (e *Engine) DockerTag(ctx context.Context, image string, tags []string) error {
	if e.DockerSocket == "" {
		return nil
	}
	c := unixHTTP(e.DockerSocket)
	for _, t := range tags {
		n, err := reference.ParseNormalizedNamed(t)
		if err != nil {
			return fmt.Errorf("--tag %q: %w", t, err)
		}
		tag := "latest"
		if tg, ok := n.(reference.Tagged); ok {
			tag = tg.Tag()
		}
		q := url.Values{"repo": {n.Name()}, "tag": {tag}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://docker/images/"+url.PathEscape(image)+"/tag?"+q.Encode(), nil)
		if err != nil {
			return err
		}
		resp, err := c.Do(req)
		if err != nil {
			return fmt.Errorf("tagging %s: %w", t, err)
		}
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			return fmt.Errorf("tagging %s: docker answered %s", t, resp.Status)
		}
	}
	return nil
}

func unixHTTP(sock string) *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", sock)
		}},
	}
}

// registryHas asks the registry whether it has the tag, with the user's
// credentials (the ones BuildKit's push sends too). Only "no such
// manifest" is false; a refusal or an unreachable registry is an error.
func registryHas(ctx context.Context, image string, creds *Credentials) (bool, error) {
	ref, err := name.ParseReference(image)
	if err != nil {
		return false, err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err = remote.Head(ref, remote.WithContext(ctx), remote.WithAuthFromKeychain(creds))
	if err == nil {
		return true, nil
	}
	var terr *transport.Error
	if errors.As(err, &terr) {
		switch terr.StatusCode {
		case http.StatusNotFound:
			return false, nil
		case http.StatusUnauthorized, http.StatusForbidden:
			return false, fmt.Errorf("%s refused access to %s (%d %s): log in with `docker login %s`", ref.Context().RegistryStr(), image, terr.StatusCode, http.StatusText(terr.StatusCode), ref.Context().RegistryStr())
		}
	}
	return false, fmt.Errorf("asking the registry for %s: %w", image, shortErr(err))
}

// layoutDigest returns the manifest digest an OCI image layout's index
// points at (its first manifest).
func layoutDigest(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		return "", fmt.Errorf("OCI layout: %w", err)
	}
	var idx struct {
		Manifests []struct {
			Digest string `json:"digest"`
		} `json:"manifests"`
	}
	if err := json.Unmarshal(b, &idx); err != nil {
		return "", fmt.Errorf("OCI layout %s: index.json: %w", dir, err)
	}
	if len(idx.Manifests) == 0 {
		return "", fmt.Errorf("OCI layout %s: index.json lists no image", dir)
	}
	return idx.Manifests[0].Digest, nil
}

// DockerSocket returns the local Docker engine's socket, or "" when there
// is none (DOCKER_HOST=unix://PATH, else /var/run/docker.sock).
func DockerSocket(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	return dockerSocket(getenv)
}

// dockerLoadExport streams a docker-format image tarball from BuildKit into
// the Docker engine's /images/load. finish waits for Docker's answer.
func dockerLoadExport(sock, names string) ([]client.ExportEntry, func(bool) error, error) {
	if sock == "" {
		return nil, nil, errors.New("--load needs a Docker engine, and none was found (DOCKER_HOST, /var/run/docker.sock)")
	}
	pr, pw := io.Pipe()
	done := make(chan struct{})
	var loadErr error
	started := false
	entry := client.ExportEntry{
		Type:  client.ExporterDocker,
		Attrs: map[string]string{"name": names},
		Output: func(map[string]string) (io.WriteCloser, error) {
			started = true
			go func() {
				loadErr = dockerLoad(sock, pr)
				close(done)
			}()
			return pw, nil
		},
	}
	finish := func(ok bool) error {
		if !started {
			return nil
		}
		if !ok {
			pw.CloseWithError(errors.New("build failed"))
			<-done // Docker's complaint about the cut stream adds nothing
			return nil
		}
		pw.Close()
		<-done
		if loadErr != nil {
			return fmt.Errorf("loading into docker: %w", loadErr)
		}
		return nil
	}
	return []client.ExportEntry{entry}, finish, nil
}

// dockerLoad posts an image tarball to Docker and reads its JSON answer.
func dockerLoad(sock string, body io.Reader) error {
	c := unixHTTP(sock)
	c.Timeout = 0 // images can be large
	req, err := http.NewRequest(http.MethodPost, "http://docker/images/load?quiet=1", body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-tar")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("docker answered %s: %s", resp.Status, strings.TrimSpace(string(answer)))
	}
	dec := json.NewDecoder(strings.NewReader(string(answer)))
	for {
		var msg struct {
			Error string `json:"error"`
		}
		if err := dec.Decode(&msg); err != nil {
			break
		}
		if msg.Error != "" {
			return errors.New(msg.Error)
		}
	}
	return nil
}
