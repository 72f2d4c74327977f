package lint

import "testing"

func TestParseFailLevel(t *testing.T) {
	tests := []struct {
		in      string
		want    Severity
		wantErr bool
	}{
		{"error", Error, false},
		{"Warning", Warning, false},
		{"warn", Warning, false},
		{"info", Info, false},
		{"none", Off, false},
		{"off", Off, false},
		{"loud", Off, true},
		{"", Off, true},
	}
	for _, tt := range tests {
		got, err := ParseFailLevel(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseFailLevel(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func TestFind(t *testing.T) {
	list := []*Rule{{ID: "AML001", Name: "syntax-error"}, {ID: "AML406", Name: "unpinned-pip-dependency"}}
	for in, want := range map[string]string{"aml406": "AML406", "Syntax-Error": "AML001", "AML999": "", "": ""} {
		got := ""
		if r := Find(list, in); r != nil {
			got = r.ID
		}
		if got != want {
			t.Errorf("Find(%q) = %q, want %q", in, got, want)
		}
	}
}
