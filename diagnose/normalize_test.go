package diagnose

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-03-05T10:11:12.1234567Z Step 1/8 : FROM x\r\n", "Step 1/8 : FROM x"},
		{"2024-03-05T10:11:12.1234567Z 2024/03/05 10:11:12 Downloading source code...", "Downloading source code..."},
		{"[2024-03-05 10:11:12,123] INFO ok", "INFO ok"},
		{"2024-03-05T10:11:12+01:00 x", "x"},
		{"#12 4.213 ERROR: No matching", "ERROR: No matching"},
		{"#12 [3/4] RUN pip install x", "[3/4] RUN pip install x"},
		{"#12 DONE 0.1s", "DONE 0.1s"},
		{"\x1b[31mERROR:\x1b[0m bad \x1b]0;title\x07end", "ERROR: bad end"},
		{"2024-03-05 not a time", "2024-03-05 not a time"},
		{"#x not buildkit", "#x not buildkit"},
		{"1.25 Requires-Python", "1.25 Requires-Python"}, // no BuildKit seen yet
		{"", ""},
	}
	for _, tc := range tests {
		a := newAnalyzer()
		if got := a.normalize([]byte(tc.in)); got != tc.want {
			t.Errorf("normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	a := newAnalyzer()
	a.normalize([]byte("#1 [1/2] FROM x"))
	if got := a.normalize([]byte("12.345 ERROR: x")); got != "ERROR: x" {
		t.Errorf("summary line after BuildKit output: %q", got)
	}
}
