package redact

import (
	"testing"
	"unicode/utf8"
)

func TestURL(t *testing.T) {
	tests := []struct {
		in   string
		mode Mode
		want string
	}{
		{"https://user:pass@host/x", MaskSecrets, "https://***@host/x"},
		{"pkg @ git+https://ghp_TOKEN@github.com/o/r.git", MaskSecrets, "pkg @ git+https://***@github.com/o/r.git"},
		{"https://a.blob.core.windows.net/c/f?sv=2020&se=2024-01-01&sig=SECRET", MaskSecrets, "https://a.blob.core.windows.net/c/f?…"},
		{"https://a.blob.core.windows.net/c/f.whl?sv=2022-11-02&se=2027-01-01&sr=b&sp=r&SIG=x#frag", MaskSecrets, "https://a.blob.core.windows.net/c/f.whl?…"},
		{"pip install https://a.blob.core.windows.net/c/f.whl?sig=S&se=1 other==1.0", MaskSecrets, "pip install https://a.blob.core.windows.net/c/f.whl?… other==1.0"},
		{"https://h/x?design=1&page=2", MaskSecrets, "https://h/x?design=1&page=2"},
		{"https://h/x?token=abc&page=2", MaskSecrets, "https://h/x?token=***&page=2"},
		{"https://a.blob.core.windows.net/c/f?sv=2020&sig=SECRET", DropQuery, "https://a.blob.core.windows.net/c/f?…"},
		{"https://u:p@h/x?sig=S and https://h2/y", DropQuery, "https://***@h/x?… and https://h2/y"},
		{"no url here?sig=1", DropQuery, "no url here?sig=1"},
		{"conda-forge", MaskSecrets, "conda-forge"},
		{"https://user@mail.com:p@ss@host/x", MaskSecrets, "https://***@host/x"},
	}
	for _, tt := range tests {
		if got := URL(tt.in, tt.mode); got != tt.want {
			t.Errorf("URL(%q, %d) = %q, want %q", tt.in, tt.mode, got, tt.want)
		}
	}
}

func TestMaskInPlace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"no url", "no url"},
		{"--extra-index-url https://build:s3cr3t@pkgs.dev.azure.com/x", "--extra-index-url https://************@pkgs.dev.azure.com/x"},
		{"pkg @ https://a.blob.core.windows.net/w/p.whl?sv=1&sig=abc  # é", "pkg @ https://a.blob.core.windows.net/w/p.whl?************  # é"},
		{"é https://h/x?token=abc&page=2", "é https://h/x?token=***&page=2"},
	}
	for _, tt := range tests {
		got := MaskInPlace(tt.in)
		if got != tt.want {
			t.Errorf("MaskInPlace(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(tt.in) {
			t.Errorf("MaskInPlace(%q) changed the length", tt.in)
		}
	}
}
