package discover

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
)

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"*.yml", "env.yml", true},
		{"*.yml", "a/env.yml", false},
		{"a/**/b", "a/b", true},
		{"a/**/b", "a/x/y/b", true},
		{"a/**/b", "a/x/y/c", false},
		{"**/conda.yml", "x/conda.yml", true},
		{"**/conda.yml", "conda.yml", true},
		{"build/**", "build/x/y", true},
		{"env?.yml", "env1.yml", true},
		{"[", "[", false}, // malformed pattern never matches
	}
	for _, tt := range tests {
		if got := globMatch(tt.pattern, tt.name); got != tt.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}

func TestIgnored(t *testing.T) {
	set := &ignoreSet{rules: parseGitignore("", []byte("# comment\n*.log\nbuild/\n/top.yml\n!keep.log\nsub/deep/*.yml\n\\#hash\n"))}
	set.rules = append(set.rules, parseGitignore("pkg", []byte("local.yml\n"))...)
	tests := []struct {
		rel   string
		isDir bool
		want  bool
	}{
		{"x.log", false, true},
		{"a/b/x.log", false, true},
		{"keep.log", false, false},
		{"build", true, true},
		{"build", false, false}, // dir-only pattern
		{"top.yml", false, true},
		{"a/top.yml", false, false}, // anchored
		{"sub/deep/e.yml", false, true},
		{"pkg/local.yml", false, true},
		{"local.yml", false, false}, // rule scoped to pkg/
		{"#hash", false, true},
	}
	for _, tt := range tests {
		if got := set.ignored(tt.rel, tt.isDir); got != tt.want {
			t.Errorf("ignored(%q, dir=%v) = %v, want %v", tt.rel, tt.isDir, got, tt.want)
		}
	}
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	return testfs.Temp(t, files)
}

func TestWalk(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".gitignore":                 "ignored/\n*.tmp.yml\n",
		".git/config":                "",
		"env.yml":                    "image: x\n",
		"scratch.tmp.yml":            "image: x\n",
		"ignored/env.yml":            "image: x\n",
		"node_modules/pkg/env.yml":   "image: x\n",
		"vendor/env.yml":             "image: x\n",
		"sub/.gitignore":             "local.yml\n",
		"sub/local.yml":              "image: x\n",
		"sub/conda.yaml":             "dependencies: []\n",
		"sub/Dockerfile":             "FROM x\n",
		"sub/readme.md":              "# no\n",
		"config/requirements.txt":    "numpy\n",
		"config/excluded/Dockerfile": "FROM x\n",
	})
	candidate := func(name string) bool {
		return strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml") ||
			name == "Dockerfile" || strings.HasSuffix(name, ".txt")
	}
	excluded := filepath.Join(dir, "config", "excluded")
	got, err := Walk([]string{dir, filepath.Join(dir, "sub", "readme.md")}, Options{
		Candidate: candidate,
		Ignore:    func(abs string, isDir bool) bool { return abs == excluded },
	})
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, f := range got {
		rel, _ := filepath.Rel(dir, f.Path)
		if f.Explicit {
			rel += " (explicit)"
		}
		rels = append(rels, filepath.ToSlash(rel))
	}
	want := []string{"config/requirements.txt", "env.yml", "sub/Dockerfile", "sub/conda.yaml", "sub/readme.md (explicit)"}
	if diff := cmp.Diff(want, rels); diff != "" {
		t.Errorf("Walk mismatch (-want +got):\n%s", diff)
	}
}

func TestWalkSubdirHonoursParentGitignore(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".git/HEAD":      "",
		".gitignore":     "*.gen.yml\nproj/out/\n",
		"proj/a.gen.yml": "image: x\n",
		"proj/b.yml":     "image: x\n",
		"proj/out/c.yml": "image: x\n",
	})
	got, err := Walk([]string{filepath.Join(dir, "proj")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || filepath.Base(got[0].Path) != "b.yml" {
		t.Errorf("got %+v, want only proj/b.yml", got)
	}
}

func TestWalkErrors(t *testing.T) {
	_, err := Walk([]string{"/nonexistent/path/env.yml"}, Options{})
	if err == nil || !strings.Contains(err.Error(), "no such file or directory") || strings.Count(err.Error(), "/nonexistent") != 1 {
		t.Errorf("err = %v, want one clear line naming the path once", err)
	}
}

func TestRoot(t *testing.T) {
	dir := writeTree(t, map[string]string{".git/HEAD": "", "a/b/env.yml": ""})
	nogit := writeTree(t, map[string]string{"x/env.yml": "", "x/conda.yml": "", "x/q.yml": "", "y/z/job.yml": ""})
	tests := []struct {
		name     string
		explicit string
		paths    []string
		cwd      string
		want     string
	}{
		{"git top", "", []string{filepath.Join(dir, "a/b/env.yml")}, "/", dir},
		{"explicit", filepath.Join(dir, "a"), nil, "/", filepath.Join(dir, "a")},
		{"file dir without git", "", []string{filepath.Join(nogit, "x/env.yml")}, "/", filepath.Join(nogit, "x")},
		{"relative path", "", []string{"x"}, nogit, filepath.Join(nogit, "x")},
		{"cwd", "", nil, nogit, nogit},
		{"files in several directories without git", "", []string{"x/env.yml", "y/z/job.yml", "x/q.yml"}, nogit, nogit},
		{"files in one directory without git", "", []string{"x/env.yml", "x/conda.yml"}, nogit, filepath.Join(nogit, "x")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Root(tt.explicit, tt.paths, tt.cwd)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Root = %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := Root(filepath.Join(dir, "a/b/env.yml"), nil, "/"); err == nil {
		t.Error("a file as --root should be an error")
	}
}

func TestPatterns(t *testing.T) {
	p := NewPatterns("/proj", []string{"legacy/", "**/experimental-*.yml", "/top.yml", "*.bak"})
	tests := []struct {
		abs   string
		isDir bool
		want  bool
	}{
		{"/proj/legacy", true, true},
		{"/proj/legacy/env.yml", false, true},
		{"/proj/a/legacy/env.yml", false, true},
		{"/proj/x/experimental-1.yml", false, true},
		{"/proj/top.yml", false, true},
		{"/proj/x/top.yml", false, false},
		{"/proj/x/y/old.bak", false, true},
		{"/other/legacy/env.yml", false, false},
		{"/proj/env.yml", false, false},
	}
	for _, tt := range tests {
		if got := p.Match(tt.abs, tt.isDir); got != tt.want {
			t.Errorf("Match(%q) = %v, want %v", tt.abs, got, tt.want)
		}
	}
	var nilP *Patterns
	if nilP.Match("/proj/x", false) {
		t.Error("nil Patterns matched")
	}
}

func TestUpward(t *testing.T) {
	dir := t.TempDir()
	testfs.Write(t, dir, map[string]string{"a/mark": "", "a/b/c/file": ""})
	hasMark := func(d string) string {
		if d == filepath.Join(dir, "a") || d == filepath.Join(dir, "a", "b", "c") {
			return d
		}
		return ""
	}
	var seen []string
	record := func(d string) string {
		if strings.HasPrefix(d, dir) {
			seen = append(seen, strings.TrimPrefix(filepath.ToSlash(strings.TrimPrefix(d, dir)), "/"))
		}
		return ""
	}
	tests := []struct {
		start string
		try   func(string) string
		want  string
	}{
		{filepath.Join(dir, "a", "b"), hasMark, filepath.Join(dir, "a")},                // a parent
		{filepath.Join(dir, "a", "b", "c"), hasMark, filepath.Join(dir, "a", "b", "c")}, // the start itself
		{dir, hasMark, ""}, // below the marks only: up to the root, none
		{filepath.Join(dir, "a", "b", "c"), record, ""}, // every level is tried, nearest first
	}
	for _, tt := range tests {
		if got := Upward(tt.start, tt.try); got != tt.want {
			t.Errorf("Upward(%s) = %q, want %q", tt.start, got, tt.want)
		}
	}
	if diff := cmp.Diff([]string{"a/b/c", "a/b", "a", ""}, seen); diff != "" {
		t.Errorf("levels tried (-want +got):\n%s", diff)
	}
}
