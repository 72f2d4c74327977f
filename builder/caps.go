package builder

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Capabilities are what an engine can do, found out when connecting, so
// that a build it cannot finish is refused before it starts.
type Capabilities struct {
	// BuildKit is the engine's BuildKit version ("v0.34.2"); empty when
	// the engine has no Info call (BuildKit before 0.11, as in Docker 20.10).
	BuildKit string
	// Docker is the Docker engine's version when the engine is Docker's
	// built-in BuildKit.
	Docker string
	// ContainerdStore: the Docker engine keeps images in containerd's image
	// store, which gives its BuildKit the tarball exporters, every cache
	// exporter and attestations.
	ContainerdStore bool
}

// atLeast reports whether the BuildKit version is at least major.minor.
func (c Capabilities) atLeast(major, minor int) bool {
	v := strings.TrimPrefix(c.BuildKit, "v")
	maj, rest, _ := strings.Cut(v, ".")
	minS, _, _ := strings.Cut(rest, ".")
	a, err1 := strconv.Atoi(maj)
	b, err2 := strconv.Atoi(minS)
	if err1 != nil || err2 != nil {
		return false
	}
	return a > major || a == major && b >= minor
}

// full reports whether the engine has BuildKit's exporters (all but the
// Docker engine with its classic image store).
func (e *Engine) full() bool { return e.DockerSocket == "" || e.Caps.ContainerdStore }

// describe names the engine for a refusal.
func (e *Engine) describe() string {
	if e.DockerSocket != "" {
		s := "the Docker engine"
		if e.Caps.Docker != "" {
			s += " " + e.Caps.Docker
		}
		if !e.Caps.ContainerdStore {
			s += " (classic image store)"
		}
		return s
	}
	v := e.Caps.BuildKit
	if v == "" {
		v = "older than v0.11"
	}
	return "BuildKit " + v + " at " + e.Addr
}

// ErrUnsupported is wrapped by Check's error: the engine cannot do what was
// asked.
var ErrUnsupported = errors.New("not supported by this engine")

// Check refuses, before anything is built, what the engine cannot do for
// the plan, and says what to do instead.
func (e *Engine) Check(p *Plan, opts BuildOptions) error {
	refuse := func(what, instead string) error {
		return fmt.Errorf("%s: %w: %s cannot; %s", what, ErrUnsupported, e.describe(), instead)
	}
	const buildkitd = "build on a buildkitd instead (--addr unix:///run/buildkit/buildkitd.sock, or tcp://, docker-container://, kube-pod://)"
	switch opts.Output.Type {
	case "oci", "docker":
		if !e.full() {
			return refuse("-o type="+opts.Output.Type+" (an image tarball)",
				"leave -o out to build into Docker and run `docker save NAME -o FILE`, or "+buildkitd)
		}
	case "image":
		if e.DockerSocket == "" && !opts.Push {
			return fmt.Errorf("-o type=image: %w: buildkitd has no image store to keep the image in (it would stay in its cache, unnamed for you); add --push (or write -o type=registry), --load, or -o type=oci,dest=FILE", ErrUnsupported)
		}
	case "load":
		if e.DockerSocket != "" && e.DockerSocket != opts.Output.DockerSocket && !e.full() {
			return refuse("--load into another Docker engine", "push it through a registry, or "+buildkitd)
		}
	}
	for _, c := range opts.CacheTo {
		if c.Type != "inline" && !e.full() {
			return refuse("--cache-to type="+c.Type,
				"use --cache-to type=inline with --push (the cache travels in the image), turn on Docker's containerd image store, or "+buildkitd)
		}
	}
	if len(opts.Layouts) > 0 && e.Caps.BuildKit == "" {
		return refuse("--base-layout (named build contexts, BuildKit 0.11 or later)",
			"`docker load` the image and give its name, or "+buildkitd)
	}
	if p.SourceDateEpoch != "" && (!e.full() || !e.Caps.atLeast(0, 13)) {
		return refuse("--source-date-epoch (rewriting layer timestamps: BuildKit 0.13 or later, and an image exporter that rewrites)",
			buildkitd)
	}
	if len(p.Attest) > 0 && (!e.full() || !e.Caps.atLeast(0, 11)) {
		return refuse("--provenance/--sbom (attestations: BuildKit 0.11 or later, and an image store that keeps them)",
			buildkitd)
	}
	if len(p.Attest) > 0 && opts.Output.Type == "load" && (opts.Output.DockerSocket != e.DockerSocket || !e.Caps.ContainerdStore) {
		// Docker's /images/load takes the tarball, then fails on the
		// attestation manifest; whether the target Docker has the
		// containerd store is not known here.
		return fmt.Errorf("--provenance/--sbom with --load: %w: a Docker image store may not take attestations (the classic one fails after the build); write -o type=oci,dest=FILE or --push instead", ErrUnsupported)
	}
	return nil
}

// dockerInfo asks the Docker engine for its version and image store.
func dockerInfo(ctx context.Context, sock string) (version string, containerd bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://docker/info", nil)
	if err != nil {
		return "", false, err
	}
	resp, err := unixHTTP(sock).Do(req)
	if err != nil {
		return "", false, fmt.Errorf("docker info: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", false, fmt.Errorf("docker info: %s", resp.Status)
	}
	var info struct {
		ServerVersion string     `json:"ServerVersion"`
		DriverStatus  [][]string `json:"DriverStatus"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&info); err != nil {
		return "", false, fmt.Errorf("docker info: %w", err)
	}
	for _, kv := range info.DriverStatus {
		if len(kv) == 2 && kv[0] == "driver-type" && kv[1] == "io.containerd.snapshotter.v1" {
			containerd = true
		}
	}
	return info.ServerVersion, containerd, nil
}
