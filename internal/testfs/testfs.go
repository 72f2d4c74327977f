// Package testfs writes small file trees for tests.
package testfs

import (
	"os"
	"path/filepath"
	"testing"
)

// Write creates files (slash-separated names relative to dir, with their
// contents) under dir, making directories as needed.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Temp creates files in a new temporary directory and returns it.
func Temp(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	Write(t, dir, files)
	return dir
}
