package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// privateIndex is a PEP 503 package index on 127.0.0.1 that answers
// nothing without basic-auth credentials, serving one wheel, mlenvpkg 1.0.
type privateIndex struct {
	host, user, pass string
	downloads        atomic.Int64
}

func newPrivateIndex(t *testing.T) *privateIndex {
	t.Helper()
	wheel := testWheel(t)
	sum := sha256.Sum256(wheel)
	const file = "mlenvpkg-1.0-py3-none-any.whl"
	ix := &privateIndex{user: "feed", pass: "pat-" + hex.EncodeToString(sum[:4])}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != ix.user || p != ix.pass {
			w.Header().Set("WWW-Authenticate", `Basic realm="feed"`)
			http.Error(w, "credentials required", http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/simple/mlenvpkg/":
			fmt.Fprintf(w, "<html><body><a href=\"/files/%s#sha256=%s\">%s</a></body></html>\n", file, hex.EncodeToString(sum[:]), file)
		case "/files/" + file:
			ix.downloads.Add(1)
			_, _ = w.Write(wheel)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	ix.host = strings.TrimPrefix(srv.URL, "http://")
	return ix
}

// testWheel is a pure-Python wheel whose module says where it came from.
func testWheel(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files := [][2]string{
		{"mlenvpkg/__init__.py", "VALUE = 'from the private feed'\n"},
		{"mlenvpkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: mlenvpkg\nVersion: 1.0\n"},
		{"mlenvpkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: mlenv-lint-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"},
	}
	record := ""
	for _, f := range files {
		w, err := zw.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f[1])); err != nil {
			t.Fatal(err)
		}
		record += f[0] + ",,\n"
	}
	w, err := zw.Create("mlenvpkg-1.0.dist-info/RECORD")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(record + "mlenvpkg-1.0.dist-info/RECORD,,\n")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pythonRootfs copies this machine's Debian python3 and pip, with the
// shared libraries they and their extension modules load, into dir.
func pythonRootfs(t *testing.T, dir string) {
	t.Helper()
	python, err := filepath.EvalSymlinks("/usr/bin/python3") // /usr/bin/python3.11
	if err != nil {
		t.Fatal(err)
	}
	stdlib := "/usr/lib/" + filepath.Base(python)
	var sos []string
	copyTree := func(root string, skip func(rel string) bool) {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if skip(rel) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || d.Type()&fs.ModeSymlink != 0 {
				return nil
			}
			if strings.HasSuffix(p, ".so") {
				sos = append(sos, p)
			}
			return copyFile(p, filepath.Join(dir, p))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	copyTree(stdlib, func(rel string) bool {
		return rel == "test" || rel == "idlelib" || rel == "tkinter" || rel == "EXTERNALLY-MANAGED" || strings.HasPrefix(rel, "config-")
	})
	copyTree("/usr/lib/python3/dist-packages/pip", func(string) bool { return false })
	if err := copyFile(python, filepath.Join(dir, "usr/bin/python3")); err != nil {
		t.Fatal(err)
	}
	libs := map[string]bool{}
	for _, bin := range append(sos, python) {
		out, err := exec.Command("ldd", bin).Output()
		if err != nil {
			continue // not a dynamic object
		}
		for _, f := range strings.Fields(string(out)) {
			if strings.HasPrefix(f, "/") {
				libs[f] = true
			}
		}
	}
	for l := range libs {
		if err := copyFile(l, filepath.Join(dir, l)); err != nil {
			t.Fatal(err)
		}
	}
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o755)
}

// TestBuildPrivateFeed installs a package from a private pip index in a
// RUN step. Without credentials pip asks for a user name the build cannot
// give, and the failure is diagnosed as the guide's "Interactive auth was
// attempted" (AML914); with the index's netrc as a --secret the package
// installs. Real: this machine's Debian python3 and pip (copied into the
// image), pip's own 401 handling and prompt, the netrc lookup, and the
// index protocol; the index is a Go handler, not Azure Artifacts.
func TestBuildPrivateFeed(t *testing.T) {
	addr := engineAddr(t)
	fail := requirement(t, "MLENV_REQUIRE_BUILD_ENGINE")
	if _, err := os.Stat("/usr/lib/python3/dist-packages/pip/__init__.py"); err != nil {
		fail("the private feed test copies Debian's python3 and pip into the image (apt-get install python3-pip): %v", err)
	}
	ctx := context.Background()
	ix := newPrivateIndex(t)
	host, _, _ := strings.Cut(ix.host, ":")
	dir := secretProject(t, map[string]string{
		"feed.yml": "$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json\nname: feed-env\nbuild:\n  path: context\n  dockerfile_path: feed.Dockerfile\n",
		"context/feed.Dockerfile": "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCOPY rootfs/ /\n" +
			"ARG INDEX\nRUN printf '[global]\\nindex-url = http://%s/simple/\\n' \"$INDEX\" > /etc/pip.conf\n" +
			"RUN --mount=type=secret,id=netrc,target=/root/.netrc python3 -m pip install --no-cache-dir --disable-pip-version-check mlenvpkg \\\n" +
			"    && python3 -c 'import mlenvpkg; print(mlenvpkg.VALUE)' > /installed\n" +
			"CMD [\"/bin/cat\", \"/installed\"]\n",
		"context/rootfs/etc/passwd": "root:x:0:0:root:/root:/bin/sh\n",
		"context/rootfs/root/.keep": "",
		"netrc":                     fmt.Sprintf("machine %s login %s password %s\n", host, ix.user, ix.pass),
	})
	pythonRootfs(t, filepath.Join(dir, "context", "rootfs"))
	out := filepath.Join(dir, "out", "feed.tar")
	// The index's port is new each run, so no step is answered from cache.
	args := func(extra ...string) []string {
		return append(append([]string{"build", "--addr", addr, "--progress", "plain", "-o", "type=oci,dest=" + out,
			"--build-arg", "INDEX=" + ix.host, "--log-file", filepath.Join(dir, "feed.log")}, extra...), "feed.yml")
	}

	t.Run("without credentials pip prompts and the build is diagnosed AML914", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, nil, args()...)
		if code != exitFindings {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		for _, want := range []string{"User for " + ix.host, "[AML914 interactive-auth-attempted]", "for this local build, give the feed's credentials as a secret: --secret id=netrc"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("missing %q in:\n%s", want, stderr)
			}
		}
		if ix.downloads.Load() != 0 {
			t.Errorf("the index served %d downloads", ix.downloads.Load())
		}
	})
	t.Run("the netrc as a --secret installs from the private feed", func(t *testing.T) {
		code, stdout, stderr := runAppEnv(ctx, dir, nil, args("--secret", "id=netrc,src=netrc")...)
		if code != exitOK {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		if got := runImage(t, out); got != "from the private feed\n" {
			t.Errorf("the image printed %q", got)
		}
		if ix.downloads.Load() != 1 {
			t.Errorf("the index served %d downloads, want 1", ix.downloads.Load())
		}
		if blobsContain(t, out, ix.pass) {
			t.Errorf("the feed's password is in the image")
		}
	})
}
