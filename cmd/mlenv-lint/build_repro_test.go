package main

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/registry"
)

// ociTop is the index.json of an OCI image tarball: the descriptor of
// what it holds (an image manifest, or an index with attestations).
func ociTop(t *testing.T, tarball string) (layout string, top struct{ MediaType, Digest string }) {
	t.Helper()
	layout = filepath.Join(t.TempDir(), "layout")
	untar(t, tarball, layout)
	var index struct {
		Manifests []struct {
			MediaType string `json:"mediaType"`
			Digest    string `json:"digest"`
		} `json:"manifests"`
	}
	readJSON(t, filepath.Join(layout, "index.json"), &index)
	if len(index.Manifests) != 1 {
		t.Fatalf("%s holds %d images", tarball, len(index.Manifests))
	}
	top.MediaType, top.Digest = index.Manifests[0].MediaType, index.Manifests[0].Digest
	return layout, top
}

// TestBuildReproducible builds the same spec twice from scratch (no
// cache): with SOURCE_DATE_EPOCH the two images are byte for byte the
// same, without it they are not.
func TestBuildReproducible(t *testing.T) {
	addr := engineAddr(t)
	ctx := context.Background()
	dir := busyboxProject(t)
	build := func(env map[string]string, out string, extra ...string) string {
		t.Helper()
		dest := filepath.Join(dir, "out", out)
		args := append(append([]string{"build", "--addr", addr, "--progress", "quiet", "--no-cache", "-o", "type=oci,dest=" + dest,
			"--log-file", filepath.Join(dir, out+".log")}, extra...), "env.yml")
		code, stdout, stderr := runAppEnv(ctx, dir, env, args...)
		if code != exitOK {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		_, top := ociTop(t, dest)
		return top.Digest
	}

	a := build(nil, "a.tar", "--source-date-epoch", "1700000000")
	b := build(nil, "b.tar", "--source-date-epoch", "1700000000")
	if a != b {
		t.Errorf("with SOURCE_DATE_EPOCH the two builds differ: %s and %s", a, b)
	}
	if c := build(map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}, "c.tar"); c != a {
		t.Errorf("$SOURCE_DATE_EPOCH gave %s, the flag %s", c, a)
	}
	if got := runImage(t, filepath.Join(dir, "out", "a.tar")); got != "hello from the mlenv-lint build test\n" {
		t.Errorf("the reproducible image printed %q", got)
	}
	layout, top := ociTop(t, filepath.Join(dir, "out", "a.tar"))
	var manifest struct{ Config struct{ Digest string } }
	readJSON(t, blobPath(layout, top.Digest), &manifest)
	var config struct {
		Created string `json:"created"`
	}
	readJSON(t, blobPath(layout, manifest.Config.Digest), &config)
	if config.Created != "2023-11-14T22:13:20Z" {
		t.Errorf("the image was created %q, want the epoch's 2023-11-14T22:13:20Z", config.Created)
	}
	// The control: the same two builds without it differ (the RUN step
	// writes a file now), so the equality above is not an accident.
	if x, y := build(nil, "x.tar"), build(nil, "y.tar"); x == y {
		t.Errorf("without SOURCE_DATE_EPOCH two builds gave the same image %s: the test proves nothing", x)
	}
	code, _, stderr := runAppEnv(ctx, dir, nil, "build", "--addr", addr, "--source-date-epoch", "yesterday", "env.yml")
	if code != exitUsage || !strings.Contains(stderr, `--source-date-epoch "yesterday": want whole seconds since 1970`) {
		t.Errorf("exit %d, stderr %s", code, stderr)
	}
}

// TestBuildProvenance attaches a SLSA provenance attestation (mode=max)
// and finds it in the OCI tarball, bound to the image by digest.
func TestBuildProvenance(t *testing.T) {
	addr := engineAddr(t)
	ctx := context.Background()
	dir := busyboxProject(t)
	dest := filepath.Join(dir, "out", "attested.tar")
	code, stdout, stderr := runAppEnv(ctx, dir, nil, "build", "--addr", addr, "--progress", "quiet", "--provenance", "mode=max",
		"-o", "type=oci,dest="+dest, "--log-file", filepath.Join(dir, "attested.log"), "env.yml")
	if code != exitOK {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	stmt := attestation(t, dest, "https://slsa.dev/provenance/")
	// mode=max records the build's definition: the Dockerfile's steps.
	if !strings.Contains(stmt, "greeting") {
		t.Errorf("the provenance does not record the Dockerfile's steps:\n%.2000s", stmt)
	}
}

// TestBuildSBOM attaches an SBOM made by a scanner image. Syft's scanner
// (BuildKit's default) cannot be pulled here, so the scanner is a busybox
// script the test builds and pushes to a registry on 127.0.0.1; it speaks
// BuildKit's scanner protocol (reads $BUILDKIT_SCAN_SOURCE, writes an
// in-toto SPDX statement to $BUILDKIT_SCAN_DESTINATION), so what is real
// is everything but the package analysis: --sbom generator=, BuildKit
// pulling and running the scanner on the built image's filesystem, and
// the attestation manifest bound to the image.
func TestBuildSBOM(t *testing.T) {
	addr := engineAddr(t)
	ctx := context.Background()
	reg := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer reg.Close()
	host := strings.TrimPrefix(reg.URL, "http://")
	scanner := host + "/mlenv/scanner:1"

	scan := secretProject(t, map[string]string{
		"context/scan": "#!/bin/sh\nset -e\nn=$(find \"$BUILDKIT_SCAN_SOURCE\" -type f | wc -l)\ng=no\n[ -f \"$BUILDKIT_SCAN_SOURCE/greeting\" ] && g=yes\n" +
			"printf '{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"predicateType\":\"https://spdx.dev/Document\",\"predicate\":" +
			"{\"spdxVersion\":\"SPDX-2.3\",\"dataLicense\":\"CC0-1.0\",\"SPDXID\":\"SPDXRef-DOCUMENT\",\"name\":\"mlenv-test-scan\"," +
			"\"documentNamespace\":\"https://example.invalid/mlenv-test\",\"creationInfo\":{\"created\":\"2024-01-01T00:00:00Z\",\"creators\":[\"Tool: mlenv-test-scanner\"]}," +
			"\"comment\":\"files=%s greeting=%s\"}}' $n $g > \"$BUILDKIT_SCAN_DESTINATION/sbom.spdx.json\"\n",
		"context/Dockerfile": "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCOPY scan /bin/scan\nCMD [\"/bin/scan\"]\n",
	})
	if code, stdout, stderr := runAppEnv(ctx, scan, nil, "build", "--addr", addr, "--progress", "quiet", "--push", "-t", scanner,
		"--log-file", filepath.Join(scan, "scanner.log"), "env.yml"); code != exitOK {
		t.Fatalf("the scanner image: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}

	dir := busyboxProject(t)
	dest := filepath.Join(dir, "out", "sbom.tar")
	code, stdout, stderr := runAppEnv(ctx, dir, nil, "build", "--addr", addr, "--progress", "plain", "--sbom", "generator="+scanner,
		"-o", "type=oci,dest="+dest, "--log-file", filepath.Join(dir, "sbom.log"), "env.yml")
	if code != exitOK {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	stmt := attestation(t, dest, "https://spdx.dev/Document")
	t.Logf("the SBOM statement: %.400s", stmt)
	if !strings.Contains(stmt, `"comment":"files=`) || !strings.Contains(stmt, "greeting=yes") {
		t.Errorf("the SBOM is not the scanner's report on the image:\n%s", stmt)
	}

	t.Run("a scanner that cannot be pulled is named", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, nil, "build", "--addr", addr, "--progress", "quiet", "--sbom", "generator="+host+"/mlenv/missing:1",
			"-o", "type=oci,dest="+filepath.Join(dir, "out", "nosbom.tar"), "--log-file", filepath.Join(dir, "nosbom.log"), "env.yml")
		if code != exitFindings || !strings.Contains(stderr, "the SBOM scanner image "+host+"/mlenv/missing:1 could not be pulled") {
			t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
	})
}

// attestation returns the in-toto statement whose predicate type starts
// with predicateType attached to the image in an OCI tarball, checking that it is bound to
// the image's digest.
func attestation(t *testing.T, tarball, predicateType string) string {
	t.Helper()
	layout, top := ociTop(t, tarball)
	if top.MediaType != "application/vnd.oci.image.index.v1+json" {
		t.Fatalf("the tarball holds a %s, want an index (image + attestation)", top.MediaType)
	}
	var index struct {
		Manifests []struct {
			Digest      string            `json:"digest"`
			Annotations map[string]string `json:"annotations"`
		} `json:"manifests"`
	}
	readJSON(t, blobPath(layout, top.Digest), &index)
	image, att, attested := "", "", ""
	for _, m := range index.Manifests {
		if m.Annotations["vnd.docker.reference.type"] == "attestation-manifest" {
			att, attested = m.Digest, m.Annotations["vnd.docker.reference.digest"]
		} else {
			image = m.Digest
		}
	}
	if image == "" || att == "" || attested != image {
		t.Fatalf("image %q, attestation %q for %q", image, att, attested)
	}
	var am struct {
		Layers []struct {
			Digest      string            `json:"digest"`
			Annotations map[string]string `json:"annotations"`
		} `json:"layers"`
	}
	readJSON(t, blobPath(layout, att), &am)
	for _, l := range am.Layers {
		if !strings.HasPrefix(l.Annotations["in-toto.io/predicate-type"], predicateType) {
			continue
		}
		b, err := os.ReadFile(blobPath(layout, l.Digest))
		if err != nil {
			t.Fatal(err)
		}
		var stmt struct {
			Subject []struct {
				Digest map[string]string `json:"digest"`
			} `json:"subject"`
		}
		if err := json.Unmarshal(b, &stmt); err != nil {
			t.Fatal(err)
		}
		if len(stmt.Subject) == 0 || "sha256:"+stmt.Subject[0].Digest["sha256"] != image {
			t.Errorf("the statement's subject %+v is not the image %s", stmt.Subject, image)
		}
		return string(b)
	}
	t.Fatalf("no %s statement in the attestation manifest: %+v", predicateType, am)
	return ""
}
