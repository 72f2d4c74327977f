package builder

import (
	"errors"
	"strings"
	"testing"

	"github.com/moby/buildkit/client"
)

func TestCheck(t *testing.T) {
	buildkitd := &Engine{Addr: "unix:///run/buildkit/buildkitd.sock", Caps: Capabilities{BuildKit: "v0.34.2"}}
	oldBuildkitd := &Engine{Addr: "tcp://old:1234"}
	docker20 := &Engine{Addr: "docker", DockerSocket: "/var/run/docker.sock", Caps: Capabilities{Docker: "20.10.24"}}
	dockerCtrd := &Engine{Addr: "docker", DockerSocket: "/var/run/docker.sock", Caps: Capabilities{BuildKit: "v0.20.0", Docker: "28.0.0", ContainerdStore: true}}
	registryCache := []client.CacheOptionsEntry{{Type: "registry", Attrs: map[string]string{"ref": "r/c"}}}
	inlineCache := []client.CacheOptionsEntry{{Type: "inline"}}
	layouts := map[string]string{"r/x:1": "/l"}
	for _, c := range []struct {
		name string
		e    *Engine
		opts BuildOptions
		want string // "" accepts
		plan Plan
	}{
		{"buildkitd tarball", buildkitd, BuildOptions{Output: Output{Type: "oci", Dest: "x"}}, "", Plan{}},
		{"buildkitd push and registry cache", buildkitd, BuildOptions{Push: true, CacheTo: registryCache}, "", Plan{}},
		{"buildkitd image store", buildkitd, BuildOptions{Output: Output{Type: "image"}}, "buildkitd has no image store", Plan{}},
		{"docker image store", docker20, BuildOptions{Output: Output{Type: "image"}}, "", Plan{}},
		{"buildkitd layouts", buildkitd, BuildOptions{Layouts: layouts}, "", Plan{}},
		{"old buildkitd layouts", oldBuildkitd, BuildOptions{Layouts: layouts}, "BuildKit older than v0.11 at tcp://old:1234 cannot", Plan{}},
		{"docker 20.10 store and push", docker20, BuildOptions{Push: true}, "", Plan{}},
		{"docker 20.10 load into itself", docker20, BuildOptions{Output: Output{Type: "load", DockerSocket: "/var/run/docker.sock"}}, "", Plan{}},
		{"docker 20.10 load elsewhere", docker20, BuildOptions{Output: Output{Type: "load", DockerSocket: "/other.sock"}}, "--load into another Docker engine", Plan{}},
		{"docker 20.10 oci tarball", docker20, BuildOptions{Output: Output{Type: "oci", Dest: "x"}}, "the Docker engine 20.10.24 (classic image store) cannot; leave -o out", Plan{}},
		{"docker 20.10 docker tarball", docker20, BuildOptions{Output: Output{Type: "docker", Dest: "x"}}, "docker save", Plan{}},
		{"docker 20.10 registry cache", docker20, BuildOptions{CacheTo: registryCache}, "--cache-to type=registry", Plan{}},
		{"docker 20.10 inline cache", docker20, BuildOptions{CacheTo: inlineCache}, "", Plan{}},
		{"docker 20.10 layouts", docker20, BuildOptions{Layouts: layouts}, "`docker load` the image", Plan{}},
		{"docker containerd store tarball, cache, layouts", dockerCtrd, BuildOptions{Output: Output{Type: "oci", Dest: "x"}, CacheTo: registryCache, Layouts: layouts}, "", Plan{}},
		{"buildkitd reproducible, attested", buildkitd, BuildOptions{}, "", Plan{SourceDateEpoch: "1", Attest: map[string]string{"provenance": "mode=max"}}},
		{"buildkitd attested --load", buildkitd, BuildOptions{Output: Output{Type: "load", DockerSocket: "/var/run/docker.sock"}}, "with --load", Plan{Attest: map[string]string{"provenance": "mode=min"}}},
		{"docker 20.10 reproducible", docker20, BuildOptions{}, "--source-date-epoch", Plan{SourceDateEpoch: "1"}},
		{"docker 20.10 attested", docker20, BuildOptions{}, "--provenance/--sbom", Plan{Attest: map[string]string{"sbom": ""}}},
		{"old buildkitd reproducible", oldBuildkitd, BuildOptions{}, "--source-date-epoch", Plan{SourceDateEpoch: "1"}},
		{"buildkitd 0.12 reproducible", &Engine{Addr: "x", Caps: Capabilities{BuildKit: "v0.12.5"}}, BuildOptions{}, "BuildKit v0.12.5 at x cannot", Plan{SourceDateEpoch: "1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.e.Check(&c.plan, c.opts)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.want != "" && (err == nil || !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), c.want)):
				t.Errorf("got %v, want an ErrUnsupported naming %q", err, c.want)
			}
		})
	}
}

func TestCapabilitiesAtLeast(t *testing.T) {
	for _, c := range []struct {
		v            string
		major, minor int
		want         bool
	}{
		{"v0.34.2", 0, 13, true}, {"v0.12.5", 0, 13, false}, {"0.13.0", 0, 13, true}, {"v1.0.0", 0, 13, true}, {"", 0, 11, false}, {"dev", 0, 11, false},
	} {
		if got := (Capabilities{BuildKit: c.v}).atLeast(c.major, c.minor); got != c.want {
			t.Errorf("%q at least %d.%d = %v", c.v, c.major, c.minor, got)
		}
	}
}
