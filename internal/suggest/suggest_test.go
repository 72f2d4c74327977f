package suggest

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"image", "image", 0},
		{"imgae", "image", 1}, // transposition
		{"imag", "image", 1},
		{"conda_fle", "conda_file", 1},
		{"kitten", "sitting", 3},
		{"", "abc", 3},
		{"ü", "u", 1},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	keys := []string{"image", "build", "conda_file", "name", "version", "description", "tags", "os_type"}
	tests := []struct {
		word, want string
	}{
		{"imgae", "image"},
		{"IMAGE", "image"},
		{"conda-file", "conda_file"},
		{"biuld", "build"},
		{"dscription", "description"},
		{"zzz", ""},
		{"platform", ""},
		{"nme", "name"},
	}
	for _, tt := range tests {
		if got := Closest(tt.word, keys); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	if got := Closest("x", nil); got != "" {
		t.Errorf("Closest with no candidates = %q", got)
	}
}
