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

// recordSuffix names the file, next to a tarball output, that says what
// the tarball holds: the cache key it was built from, its format and the
// names it carries. A tarball is up to date only when all three match.
const recordSuffix = ".mlenv-key"

// record is the content of a tarball's record file.
func record(key, typ string, names []string) string {
	return key + "\ntype=" + typ + "\nnames=" + strings.Join(names, ",") + "\n"
}

// writeRecord writes the record through a temporary file and a rename, so
// that a reader never sees half of it.
func writeRecord(dest, content string) error {
	f, err := os.CreateTemp(filepath.Dir(dest), filepath.Base(dest)+recordSuffix+".*.partial")
	if err != nil {
		return fmt.Errorf("recording the cache key: %w", err)
	}
	_, err = f.WriteString(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644) // as os.WriteFile would make it
	}
	if err == nil {
		err = os.Rename(f.Name(), dest+recordSuffix)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("recording the cache key: %w", err)
	}
	return nil
}

func readRecord(dest string) string {
	b, err := os.ReadFile(dest + recordSuffix)
	if err != nil {
		return ""
	}
	return string(b)
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
		if readRecord(opts.Output.Dest) != record(opts.Key, opts.Output.Type, opts.names(p)) {
			return false, "", nil
		}
		// Touch it: the image cache is pruned least recently used first.
		now := time.Now()
		_ = os.Chtimes(opts.Output.Dest, now, now)
		return true, opts.Output.Dest, nil
	case opts.Output.Type == "load":
		ok, err := dockerHas(ctx, opts.Output.DockerSocket, name)
		return ok, name + " (docker)", err
	case opts.Push:
		// Every name must be there: a new --tag is pushed by building
		// (from BuildKit's cache).
		for _, n := range opts.names(p) {
			if ok, err := registryHas(ctx, n, opts.Credentials); !ok || err != nil {
				return false, "", err
			}
		}
		return true, name, nil
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

// ApplyTags gives an image found up to date its --tag names, where they
// are missing: in the Docker engine that holds it (the building Docker
// engine, or the one --load loads into). Tarballs and registries need
// nothing here: Existing counts an image without all its names as not
// built, and the build (from BuildKit's cache) names it.
func (e *Engine) ApplyTags(ctx context.Context, p *Plan, opts BuildOptions) error {
	sock := e.DockerSocket
	if opts.Output.Type == "load" {
		sock = opts.Output.DockerSocket
	}
	if sock == "" || opts.Push || opts.Output.Type == "oci" || opts.Output.Type == "docker" {
		return nil
	}
	return dockerTag(ctx, sock, opts.KeyName(p), opts.Tags)
}

// dockerTag adds tags to an image in the Docker engine at sock.
func dockerTag(ctx context.Context, sock, image string, tags []string) error {
	c := unixHTTP(sock)
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
