package fserr

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestBare(t *testing.T) {
	_, statErr := os.Stat(filepath.Join(t.TempDir(), "missing"))
	other := errors.New("plain")
	tests := []struct {
		name string
		in   error
		want error
	}{
		{"a path error", statErr, fs.ErrNotExist},
		{"wrapped", fmt.Errorf("reading: %w", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrPermission}), fs.ErrPermission},
		{"another error", other, other},
		{"nil", nil, nil},
	}
	for _, tt := range tests {
		got := Bare(tt.in)
		if !errors.Is(got, tt.want) || (tt.want == nil) != (got == nil) {
			t.Errorf("%s: Bare(%v) = %v, want %v", tt.name, tt.in, got, tt.want)
		}
		var pe *fs.PathError
		if errors.As(got, &pe) {
			t.Errorf("%s: Bare(%v) still holds the path: %v", tt.name, tt.in, got)
		}
	}
}
