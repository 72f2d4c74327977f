package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// testProgram is one file with a suppression comment on line 2 for AML002
// and one on line 3 for a rule that reports nothing there.
func testProgram() *ir.Program {
	f := &ir.File{Path: "env.yml", Src: []byte("a: 1\nb: 2\nc: 3\n")}
	f.Directives = []*ir.Directive{
		{Line: 2, IDs: []string{"AML002"}},
		{Line: 3, IDs: []string{"second-rule"}},
	}
	return &ir.Program{Files: []*ir.File{f}}
}

// lineRule reports once on each of the given lines.
func lineRule(id, name string, sev Severity, lines ...int) *Rule {
	return &Rule{ID: id, Name: name, Severity: sev, Run: func(p *Pass) {
		f := p.Prog.Files[0]
		for _, ln := range lines {
			p.Reportf(f.Loc(f.LineRange(ln)), "%s on line %d", p.Rule.ID, ln)
		}
	}}
}

func summary(diags []Diagnostic) string {
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%s@%d:%s", d.RuleID, d.Loc.Range.Start.Line, d.Severity))
	}
	return strings.Join(out, " ")
}

func TestRunSettings(t *testing.T) {
	first := func() *Rule { return lineRule("AML001", "first-rule", Warning, 1, 2) }
	second := func() *Rule { return lineRule("AML002", "second-rule", Error, 1, 2) }
	tests := []struct {
		name string
		s    *Settings
		want string
	}{
		{"defaults, suppression on line 2", nil, "AML001@1:warning AML002@1:error AML001@2:warning"},
		{"severity override", &Settings{Severity: map[string]Severity{"AML001": Error, "AML002": Info}}, "AML001@1:error AML002@1:info AML001@2:error"},
		{"off", &Settings{Severity: map[string]Severity{"AML001": Off}}, "AML002@1:error"},
		{"only", &Settings{Only: map[string]bool{"AML002": true}}, "AML002@1:error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(Run(testProgram(), []*Rule{first(), second()}, tt.s))
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestRunPanickingRule(t *testing.T) {
	boom := &Rule{ID: "AML099", Name: "boom", Severity: Warning, Run: func(p *Pass) {
		p.Reportf(ir.Location{Path: "env.yml"}, "before the panic")
		panic("rule bug")
	}}
	ok := lineRule("AML001", "first-rule", Warning, 1)
	diags := Run(testProgram(), []*Rule{boom, ok}, nil)
	var internal *Diagnostic
	for i, d := range diags {
		if d.RuleID == "AML099" && strings.Contains(d.Message, "internal error in rule AML099") {
			internal = &diags[i]
		}
	}
	if internal == nil || internal.Severity != Error || internal.Loc.Path != "env.yml" {
		t.Fatalf("no internal-error diagnostic for the panicking rule: %s", summary(diags))
	}
	if !strings.Contains(summary(diags), "AML001@1:warning") {
		t.Errorf("the other rule's findings were lost: %s", summary(diags))
	}
}

func TestRunAfterRule(t *testing.T) {
	var seen []string
	after := &Rule{ID: "AML006", Name: "unused-suppression", Severity: Warning, After: true, Run: func(p *Pass) {
		for _, u := range p.Unused {
			seen = append(seen, fmt.Sprintf("%d:%s", u.Directive.Line, u.Directive.IDs[u.Index]))
			p.Reportf(u.File.Loc(u.File.LineRange(u.Directive.Line)), "unused")
		}
	}}
	second := lineRule("AML002", "second-rule", Error, 2)
	diags := Run(testProgram(), []*Rule{after, second}, nil)
	// Line 2's directive suppressed AML002; line 3's names a rule that
	// reported nothing there, so only it is unused.
	if strings.Join(seen, " ") != "3:second-rule" {
		t.Errorf("After rule saw unused %v", seen)
	}
	if got := summary(diags); got != "AML006@3:warning" {
		t.Errorf("got %s", got)
	}
	// With the named rule off, its suppression is not stale.
	seen = nil
	Run(testProgram(), []*Rule{after, second}, &Settings{Severity: map[string]Severity{"AML002": Off}})
	if len(seen) != 0 {
		t.Errorf("a disabled rule's suppression was reported unused: %v", seen)
	}
}
