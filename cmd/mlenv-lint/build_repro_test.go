package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	layout, top := ociTop(t, dest)
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
	image, attestation, attested := "", "", ""
	for _, m := range index.Manifests {
		switch m.Annotations["vnd.docker.reference.type"] {
		case "attestation-manifest":
			attestation, attested = m.Digest, m.Annotations["vnd.docker.reference.digest"]
		default:
			image = m.Digest
		}
	}
	if image == "" || attestation == "" {
		t.Fatalf("index without image or attestation: %+v", index)
	}
	if attested != image {
		t.Errorf("the attestation manifest is for %s, the image is %s", attested, image)
	}
	var am struct {
		Layers []struct {
			Digest      string            `json:"digest"`
			Annotations map[string]string `json:"annotations"`
		} `json:"layers"`
	}
	readJSON(t, blobPath(layout, attestation), &am)
	found := false
	for _, l := range am.Layers {
		if !strings.HasPrefix(l.Annotations["in-toto.io/predicate-type"], "https://slsa.dev/provenance/") {
			continue
		}
		found = true
		b, err := os.ReadFile(blobPath(layout, l.Digest))
		if err != nil {
			t.Fatal(err)
		}
		var stmt struct {
			Subject []struct {
				Digest map[string]string `json:"digest"`
			} `json:"subject"`
			Predicate json.RawMessage `json:"predicate"`
		}
		if err := json.Unmarshal(b, &stmt); err != nil {
			t.Fatal(err)
		}
		if len(stmt.Subject) == 0 || "sha256:"+stmt.Subject[0].Digest["sha256"] != image {
			t.Errorf("the provenance's subject %+v is not the image %s", stmt.Subject, image)
		}
		// mode=max records the build's definition: the Dockerfile's steps.
		if !strings.Contains(string(stmt.Predicate), "greeting") {
			t.Errorf("the provenance does not record the Dockerfile's steps:\n%.2000s", stmt.Predicate)
		}
	}
	if !found {
		t.Errorf("no SLSA provenance in the attestation manifest: %+v", am)
	}
}
