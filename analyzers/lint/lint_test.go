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

// TestReportRedacts: whatever a rule writes, a URL credential never reaches
// a diagnostic's message or notes, and a rule marked Secrets hides its
// source lines.
func TestReportRedacts(t *testing.T) {
	tests := []struct {
		name    string
		rule    *Rule
		message string
		want    string
		hide    bool
	}{
		{"password", &Rule{ID: "AML900"}, "see https://u:pw@host/x", "see https://***@host/x", false},
		{"SAS", &Rule{ID: "AML900"}, "wheel https://a.blob.core.windows.net/w/x.whl?sv=1&sig=S", "wheel https://a.blob.core.windows.net/w/x.whl?…", false},
		{"plain", &Rule{ID: "AML900", Secrets: true}, "password in plain text", "password in plain text", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Pass{Rule: tt.rule}
			p.Report(Diagnostic{Message: tt.message, Related: []Related{{Message: tt.message}}})
			d := p.diags[0]
			if d.Message != tt.want || d.Related[0].Message != tt.want || d.HideSource != tt.hide {
				t.Errorf("got %q / %q / hide=%v, want %q / hide=%v", d.Message, d.Related[0].Message, d.HideSource, tt.want, tt.hide)
			}
		})
	}
}
