package lint

import (
	"cmp"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/mlenv-lint/mlenv-lint/analyzers/facts"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// Settings say which rules run and at what severity.
type Settings struct {
	// Severity overrides a rule's default severity; Off disables it. Keys are
	// rule IDs.
	Severity map[string]Severity
	// Only, when non-empty, restricts the run to these rule IDs.
	Only map[string]bool
	Options
}

// Enabled reports whether the rule runs under s, and at which severity.
func (s *Settings) Enabled(r *Rule) (Severity, bool) {
	if len(s.Only) > 0 && !s.Only[r.ID] {
		return Off, false
	}
	sev := r.Severity
	if o, ok := s.Severity[r.ID]; ok {
		sev = o
	}
	return sev, sev != Off
}

// Run applies the enabled rules to prog and returns the diagnostics that are
// not suppressed, sorted. A rule that panics does not take the run down: the
// panic becomes an error diagnostic naming the rule, so that a bug in one
// rule is visible but never hides the others' findings.
func Run(prog *ir.Program, rules []*Rule, s *Settings) []Diagnostic {
	if s == nil {
		s = &Settings{}
	}
	opts := s.Options
	if opts.Today.IsZero() {
		opts.Today = time.Now().UTC() // rules compare dates with Today and never read the clock
	}
	opts.KnownRules = rules
	fx := facts.New(prog)
	enabled := map[string]bool{}
	for _, r := range rules {
		if _, ok := s.Enabled(r); ok {
			enabled[r.ID] = true
		}
	}
	opts.Running = enabled
	var diags []Diagnostic
	var after []*Rule
	for _, r := range rules {
		sev, ok := s.Enabled(r)
		if !ok {
			continue
		}
		if r.After {
			after = append(after, r)
			continue
		}
		diags = append(diags, runOne(prog, fx, r, sev, &opts, nil)...)
	}

	byName := map[string]string{}
	for _, r := range rules {
		byName[strings.ToLower(r.Name)] = r.ID
	}
	diags = suppress(prog, diags, byName)

	if len(after) > 0 {
		unused := unusedDirectives(prog, byName, enabled)
		for _, r := range after {
			sev, _ := s.Enabled(r)
			diags = append(diags, suppress(prog, runOne(prog, fx, r, sev, &opts, unused), byName)...)
		}
	}
	Sort(diags)
	return slices.CompactFunc(diags, func(a, b Diagnostic) bool {
		return a.RuleID == b.RuleID && a.Loc == b.Loc && a.Message == b.Message
	})
}

func runOne(prog *ir.Program, fx *facts.Facts, r *Rule, sev Severity, opts *Options, unused []UnusedDirective) (out []Diagnostic) {
	p := &Pass{Rule: r, Prog: prog, Facts: fx, Opts: opts, Unused: unused}
	defer func() {
		if v := recover(); v != nil {
			if os.Getenv("MLENV_LINT_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "panic in %s: %v\n%s", r.ID, v, debug.Stack())
			}
			p.diags = append(p.diags, Diagnostic{
				RuleID: r.ID, RuleName: r.Name, Severity: Error,
				Message: fmt.Sprintf("internal error in rule %s (%v); please report it", r.ID, v),
				Loc:     ir.Location{Path: firstPath(prog)},
			})
			out = p.diags
		}
	}()
	r.Run(p)
	for i := range p.diags {
		if p.diags[i].RuleID == r.ID && p.diags[i].Severity == r.Severity {
			p.diags[i].Severity = sev
		}
	}
	return p.diags
}

func firstPath(prog *ir.Program) string {
	if len(prog.Files) > 0 {
		return prog.Files[0].Path
	}
	return ""
}

// resolveID maps a directive entry (an ID in any case, or a rule name) to a rule ID.
func resolveID(entry string, byName map[string]string) string {
	if id, ok := byName[strings.ToLower(entry)]; ok {
		return id
	}
	return strings.ToUpper(entry)
}

// suppress drops diagnostics covered by a directive and marks the directive
// entries that were used.
func suppress(prog *ir.Program, diags []Diagnostic, byName map[string]string) []Diagnostic {
	files := map[string]*ir.File{}
	for _, f := range prog.Files {
		if len(f.Directives) > 0 {
			files[f.Path] = f
		}
	}
	if len(files) == 0 {
		return diags
	}
	out := diags[:0]
	for _, d := range diags {
		if f := files[d.Loc.Path]; f != nil && suppressedBy(f, d, byName) {
			continue
		}
		out = append(out, d)
	}
	return out
}

func suppressedBy(f *ir.File, d Diagnostic, byName map[string]string) bool {
	hit := false
	for _, dir := range f.Directives {
		if dir.Line != d.Loc.Range.Start.Line {
			continue
		}
		if dir.Used == nil {
			dir.Used = make([]bool, len(dir.IDs))
		}
		for i, e := range dir.IDs {
			if id := resolveID(e, byName); id == d.RuleID || id == "ALL" {
				dir.Used[i] = true
				hit = true
			}
		}
	}
	return hit
}

func unusedDirectives(prog *ir.Program, byName map[string]string, enabled map[string]bool) []UnusedDirective {
	var out []UnusedDirective
	for _, f := range prog.Files {
		for _, dir := range f.Directives {
			for i, e := range dir.IDs {
				if dir.Used != nil && dir.Used[i] {
					continue
				}
				id := resolveID(e, byName)
				if id != "ALL" && isKnown(id, byName) && !enabled[id] {
					continue // the rule is off: its suppression is not stale
				}
				out = append(out, UnusedDirective{File: f, Directive: dir, Index: i})
			}
		}
	}
	return out
}

func isKnown(id string, byName map[string]string) bool {
	for _, v := range byName {
		if v == id {
			return true
		}
	}
	return false
}

// Sort orders diagnostics by path, position, rule ID and message.
func Sort(diags []Diagnostic) {
	slices.SortStableFunc(diags, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Loc.Path, b.Loc.Path),
			cmp.Compare(a.Loc.Range.Start.Line, b.Loc.Range.Start.Line),
			cmp.Compare(a.Loc.Range.Start.Col, b.Loc.Range.Start.Col),
			cmp.Compare(a.RuleID, b.RuleID),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Max returns the highest severity among diags (Off when empty).
func Max(diags []Diagnostic) Severity {
	m := Off
	for _, d := range diags {
		m = max(m, d.Severity)
	}
	return m
}
