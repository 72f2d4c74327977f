package linttest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// recorder collects what the checks complain about.
type recorder struct{ errs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestParseSpecs(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{`AML201`, "AML201 col 0 end {0 0}"},
		{`8:AML201 "deprecated"`, "AML201 col 8 end {0 0} re deprecated"},
		{`8-19:AML201`, "AML201 col 8 end {4 19}"},
		{`8-6.3:AML201 AML202`, "AML201 col 8 end {6 3}|AML202 col 0 end {0 0}"},
	}
	for _, tt := range tests {
		ws, err := parseSpecs("f.yml", 4, tt.text)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range ws {
			s := fmt.Sprintf("%s col %d end %v", w.Rule, w.Col, w.End)
			if w.Re != nil {
				s += " re " + w.Re.String()
			}
			got = append(got, s)
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("parseSpecs(%q) = %v, want %s", tt.text, got, tt.want)
		}
	}
	if _, err := parseSpecs("f.yml", 1, "nothing"); err == nil {
		t.Error("a want comment without a rule must be an error")
	}
}

func TestCheckPositions(t *testing.T) {
	d := lint.Diagnostic{RuleID: "AML201", Message: "base image is deprecated",
		Loc: ir.Location{Path: "f.yml", Range: ir.Range{Start: ir.Pos{Line: 4, Col: 8}, End: ir.Pos{Line: 4, Col: 19}}}}
	tests := []struct {
		spec string
		ok   bool
	}{
		{`AML201`, true},
		{`8-19:AML201 "deprecated"`, true},
		{`8-20:AML201`, false},
		{`9:AML201`, false},
		{`AML201 "missing"`, false},
		{`AML202`, false},
	}
	for _, tt := range tests {
		ws, err := parseSpecs("f.yml", 4, tt.spec)
		if err != nil {
			t.Fatal(err)
		}
		var r recorder
		check(&r, ws, []lint.Diagnostic{d})
		if (len(r.errs) == 0) != tt.ok {
			t.Errorf("%s: complaints %v, want ok=%v", tt.spec, r.errs, tt.ok)
		}
	}
}

func TestApplyEdits(t *testing.T) {
	f := &ir.File{Path: "f.yml", Src: []byte("imgae: x\nchanels: [é, b]\n")}
	edit := func(l1, c1, l2, c2 int, text string) lint.Edit {
		return lint.Edit{Range: ir.Range{Start: ir.Pos{Line: l1, Col: c1}, End: ir.Pos{Line: l2, Col: c2}}, NewText: text}
	}
	got, err := ApplyEdits(f, []lint.Edit{edit(2, 1, 2, 8, "channels"), edit(1, 1, 1, 6, "image"), edit(2, 11, 2, 12, "e")})
	if err != nil || got != "image: x\nchannels: [e, b]\n" {
		t.Errorf("ApplyEdits = %q, %v", got, err)
	}
	if _, err := ApplyEdits(f, []lint.Edit{edit(1, 1, 1, 6, "a"), edit(1, 3, 1, 4, "b")}); err == nil {
		t.Error("overlapping edits must be an error")
	}
}
