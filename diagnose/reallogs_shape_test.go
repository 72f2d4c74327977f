package diagnose_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/diagnose"
)

// TestRealLogShapes re-pastes every tune-split real log in the other
// shapes real logs come in — quoted with "> ", indented, with CRLF line
// ends, and (for logs that are not markdown posts) with BuildKit, ACR and
// Azure timestamp prefixes on every line — and requires the same first
// finding as for the log as it was pasted. Only the tune split is read:
// the eval split is never looked at (testdata/reallogs/README.md).
func TestRealLogShapes(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(realLogsDir, splitTune, "*.log"))
	if err != nil || len(files) == 0 {
		t.Skip("no tune-split logs")
	}
	shapes := []struct {
		name     string
		prefixed bool // a prefix a tool writes, so not for markdown posts
		line     func(string) string
	}{
		{"quoted", false, func(l string) string { return "> " + l }},
		{"indented", false, func(l string) string { return "    " + l }},
		{"crlf", false, func(l string) string { return l + "\r" }},
		{"buildkit", true, func(l string) string { return "#8 12.34 " + l }},
		{"acr", true, func(l string) string { return "2024/03/05 10:11:12 " + l }},
		{"azure", true, func(l string) string { return "2024-03-05T10:11:12.1234567Z " + l }},
	}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := firstFinding(t, b)
		post := bytes.Contains(b, []byte("```"))
		lines := strings.Split(string(b), "\n")
		for _, sh := range shapes {
			if sh.prefixed && post {
				continue
			}
			out := make([]string, len(lines))
			for i, l := range lines {
				out[i] = sh.line(l)
			}
			if got := firstFinding(t, []byte(strings.Join(out, "\n"))); got != want {
				t.Errorf("%s %s: %s as pasted, %s re-pasted", filepath.Base(path), sh.name, want, got)
			}
		}
	}
}

func firstFinding(t *testing.T, b []byte) string {
	t.Helper()
	res, err := diagnose.Analyze(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		return "none"
	}
	return res.Findings[0].Problem.ID + "/" + res.Findings[0].Severity.String()
}
