package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// BenchmarkLintOneEnv is what a pre-commit hook pays for one environment:
// env YAML + conda file + build-context Dockerfile, through discovery,
// loading, every rule and nothing else.
func BenchmarkLintOneEnv(b *testing.B) {
	dir, _ := filepath.Abs("../../testdata/examples")
	a := &app{cwd: dir, getenv: func(string) string { return "" }}
	paths := []string{filepath.Join(dir, "bad/environment.yml"), filepath.Join(dir, "docker-context/environment.yml")}
	for b.Loop() {
		if _, err := a.lint(paths, &lintFlags{noConfig: true, root: dir}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLintCorpus lints the whole shared corpus.
func BenchmarkLintCorpus(b *testing.B) {
	dir := corpusDir(b)
	a := &app{cwd: dir, getenv: func(string) string { return "" }}
	for b.Loop() {
		if _, err := a.lint([]string{dir}, &lintFlags{noConfig: true, root: dir}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloorCorpus is the floor the linter is measured against: read
// every corpus file and YAML-parse the YAML ones, nothing more.
func BenchmarkFloorCorpus(b *testing.B) {
	dir := corpusDir(b)
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	for b.Loop() {
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			if strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".json") {
				var n yaml.Node
				_ = yaml.Unmarshal(data, &n)
			}
		}
	}
}

// BenchmarkFloorOneEnv reads and parses the same files as BenchmarkLintOneEnv.
func BenchmarkFloorOneEnv(b *testing.B) {
	dir, _ := filepath.Abs("../../testdata/examples")
	files := []string{"bad/environment.yml", "bad/conda.yml", "docker-context/environment.yml", "docker-context/context/Dockerfile"}
	for b.Loop() {
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				b.Fatal(err)
			}
			if strings.HasSuffix(f, ".yml") {
				var n yaml.Node
				_ = yaml.Unmarshal(data, &n)
			}
		}
	}
}
