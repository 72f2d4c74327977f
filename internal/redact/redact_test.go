package redact

import "testing"

func TestURL(t *testing.T) {
	tests := []struct {
		in   string
		mode Mode
		want string
	}{
		{"https://user:pass@host/x", MaskSecrets, "https://***@host/x"},
		{"pkg @ git+https://ghp_TOKEN@github.com/o/r.git", MaskSecrets, "pkg @ git+https://***@github.com/o/r.git"},
		{"https://a.blob.core.windows.net/c/f?sv=2020&se=2024-01-01&sig=SECRET", MaskSecrets, "https://a.blob.core.windows.net/c/f?sv=2020&se=2024-01-01&sig=***"},
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
