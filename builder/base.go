package builder

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/distribution/reference"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Base is a base image of a build and what it resolved to. The cache key
// includes Digest, so a moved tag, a retagged local image or a new
// --base-layout makes a new key.
type Base struct {
	Ref string // as the spec or Dockerfile names it
	// Digest identifies the content: the manifest (or index) digest from
	// the registry or the layout, or the Docker engine's image ID. Empty
	// when the base could not be resolved (Err says why): the key then
	// rests on the tag.
	Digest string
	// From says where Digest comes from: "registry", "base-layout",
	// "docker" (the engine's image store) or "reference" (written @digest).
	From string
	// Platforms are the os/arch[/variant] the image offers; nil when not known.
	Platforms []string
	Err       error
}

func (b Base) String() string {
	if b.Digest == "" {
		return b.Ref
	}
	return b.Ref + "@" + b.Digest + " (" + b.From + ")"
}

// ResolveBases resolves each base image the way the build will find it: a
// --base-layout first; a reference pinned by digest as it is; then, unless
// opts.Pull, the Docker engine's image store when the engine is Docker;
// then the registry, with the user's credentials.
func (e *Engine) ResolveBases(ctx context.Context, refs []string, opts BuildOptions) []Base {
	out := make([]Base, 0, len(refs))
	for _, ref := range refs {
		out = append(out, e.resolveBase(ctx, ref, opts))
	}
	return out
}

func (e *Engine) resolveBase(ctx context.Context, ref string, opts BuildOptions) Base {
	b := Base{Ref: ref}
	if dir, ok := opts.Layouts[ref]; ok {
		b.From = "base-layout"
		b.Digest, b.Platforms, b.Err = layoutBase(dir)
		return b
	}
	n, err := registryRef(ref)
	if err != nil {
		b.Err = err
		return b
	}
	if d, ok := n.(name.Digest); ok {
		b.Digest, b.From = d.DigestStr(), "reference"
		return b
	}
	if e.DockerSocket != "" && !opts.Pull {
		id, platform, found, err := dockerImage(ctx, e.DockerSocket, ref)
		if err != nil {
			b.Err = err
			return b
		}
		if found {
			b.Digest, b.From, b.Platforms = id, "docker", []string{platform}
			return b
		}
	}
	b.From = "registry"
	b.Digest, b.Platforms, b.Err = registryBase(ctx, n, opts.Credentials)
	return b
}

// Pins are the registry bases to fix to their digests at solve time (a
// named build context per FROM image), on engines whose Dockerfile
// frontend has named contexts (BuildKit 0.10 and later). Elsewhere BuildKit
// resolves the tag itself, moments after it was resolved here.
func (e *Engine) Pins(bases []Base) map[string]string {
	if !e.Caps.atLeast(0, 10) {
		return nil
	}
	pins := map[string]string{}
	for _, b := range bases {
		if b.From == "registry" && b.Digest != "" {
			pins[b.Ref] = b.Digest
		}
	}
	return pins
}

// registryRef reads an image reference as Docker does (distribution's
// grammar, docker.io and library/ filled in) for the registry client.
func registryRef(ref string) (name.Reference, error) {
	n, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return nil, err
	}
	return name.ParseReference(reference.TagNameOnly(n).String(), name.WeakValidation)
}

// registryBase asks the registry for ref's manifest: its digest, and the
// platforms of an index (or of the image's config).
func registryBase(ctx context.Context, ref name.Reference, creds *Credentials) (string, []string, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	d, err := remote.Get(ref, remote.WithContext(ctx), remote.WithAuthFromKeychain(creds))
	if err != nil {
		return "", nil, shortErr(err)
	}
	if d.MediaType.IsIndex() {
		idx, err := v1.ParseIndexManifest(bytes.NewReader(d.Manifest))
		if err != nil {
			return d.Digest.String(), nil, nil
		}
		return d.Digest.String(), indexPlatforms(idx), nil
	}
	img, err := d.Image()
	if err != nil {
		return d.Digest.String(), nil, nil
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return d.Digest.String(), nil, nil
	}
	return d.Digest.String(), []string{platformString(cfg.OS, cfg.Architecture, cfg.Variant)}, nil
}

func indexPlatforms(idx *v1.IndexManifest) []string {
	var out []string
	for _, m := range idx.Manifests {
		if m.Platform == nil || m.Platform.OS == "unknown" { // attestation manifests
			continue
		}
		p := platformString(m.Platform.OS, m.Platform.Architecture, m.Platform.Variant)
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func platformString(os, arch, variant string) string {
	p := os + "/" + arch
	if variant != "" {
		p += "/" + variant
	}
	return p
}

// layoutBase is the digest and platforms of an OCI image layout's image.
func layoutBase(dir string) (string, []string, error) {
	dgst, err := layoutDigest(dir)
	if err != nil {
		return "", nil, err
	}
	b, err := os.ReadFile(blobFile(dir, dgst))
	if err != nil {
		return dgst, nil, nil
	}
	var m struct {
		MediaType string `json:"mediaType"`
		Config    struct {
			Digest string `json:"digest"`
		} `json:"config"`
	}
	if json.Unmarshal(b, &m) != nil {
		return dgst, nil, nil
	}
	if m.Config.Digest == "" { // an index
		idx, err := v1.ParseIndexManifest(bytes.NewReader(b))
		if err != nil {
			return dgst, nil, nil
		}
		return dgst, indexPlatforms(idx), nil
	}
	cb, err := os.ReadFile(blobFile(dir, m.Config.Digest))
	if err != nil {
		return dgst, nil, nil
	}
	var cfg struct {
		OS           string `json:"os"`
		Architecture string `json:"architecture"`
		Variant      string `json:"variant"`
	}
	if json.Unmarshal(cb, &cfg) != nil || cfg.OS == "" {
		return dgst, nil, nil
	}
	return dgst, []string{platformString(cfg.OS, cfg.Architecture, cfg.Variant)}, nil
}

func blobFile(layout, digest string) string {
	algo, hex, _ := strings.Cut(digest, ":")
	return filepath.Join(layout, "blobs", algo, hex)
}

// dockerImage asks the Docker engine for a local image: its ID and platform.
func dockerImage(ctx context.Context, sock, ref string) (id, platform string, found bool, err error) {
	c := unixHTTP(sock)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://docker/images/"+url.PathEscape(ref)+"/json", nil)
	if err != nil {
		return "", "", false, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", "", false, fmt.Errorf("asking docker for %s: %w", ref, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return "", "", false, nil
	}
	if resp.StatusCode != http.StatusOK {
		return "", "", false, fmt.Errorf("asking docker for %s: %s", ref, resp.Status)
	}
	var img struct {
		ID           string `json:"Id"`
		Os           string `json:"Os"`
		Architecture string `json:"Architecture"`
		Variant      string `json:"Variant"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&img); err != nil {
		return "", "", false, fmt.Errorf("asking docker for %s: %w", ref, err)
	}
	return img.ID, platformString(img.Os, img.Architecture, img.Variant), true, nil
}

// PlatformWarning says, before building, when the requested platforms
// (comma separated) ask for more than a base image offers; "" when they
// fit or the base's platforms are not known.
func PlatformWarning(requested string, b Base) string {
	if requested == "" || len(b.Platforms) == 0 {
		return ""
	}
	var missing []string
	for _, p := range strings.Split(requested, ",") {
		p = strings.TrimSpace(p)
		if p != "" && !slices.ContainsFunc(b.Platforms, func(have string) bool { return platformMatch(p, have) }) {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	kind := "is a single-platform image"
	if len(b.Platforms) > 1 {
		kind = "offers " + fmt.Sprint(len(b.Platforms)) + " platforms"
	}
	return fmt.Sprintf("--platform %s: base image %s %s (%s), not %s: those steps would run the %s image under emulation, or fail",
		requested, b.Ref, kind, strings.Join(b.Platforms, ", "), strings.Join(missing, ", "), b.Platforms[0])
}

// platformMatch compares os/arch[/variant], a missing variant matching any.
func platformMatch(want, have string) bool {
	w, h := strings.Split(want, "/"), strings.Split(have, "/")
	if len(w) < 2 || len(h) < 2 || w[0] != h[0] || w[1] != h[1] {
		return false
	}
	return len(w) < 3 || len(h) < 3 || w[2] == h[2]
}
