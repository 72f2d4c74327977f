package load

import (
	"strings"
	"unicode/utf8"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
)

// stripComment removes a pip-style comment: "#" at the start or after
// whitespace (a "#" inside a URL fragment is not a comment).
func stripComment(s string) string {
	if i := commentStart(s); i >= 0 {
		return strings.TrimRight(s[:i], " \t")
	}
	return s
}

func commentStart(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			return i
		}
	}
	return -1
}

// requirements parses a pip requirements file: one requirement per logical
// line, with backslash continuations and comments.
func (l *loader) requirements(f *ir.File) {
	rq := &ir.Requirements{File: f}
	l.prog.Reqs = append(l.prog.Reqs, rq)
	l.findPlaceholders(f)
	n := f.LineCount()
	for ln := 1; ln <= n; ln++ {
		first := ln
		text := f.Line(ln)
		if d := commentDirective(ln, text, commentStart(text)); d != nil {
			f.Directives = append(f.Directives, d)
		}
		logical := stripComment(text)
		for strings.HasSuffix(logical, `\`) && ln < n {
			ln++
			next := f.Line(ln)
			if d := commentDirective(ln, next, commentStart(next)); d != nil {
				f.Directives = append(f.Directives, d)
			}
			logical = strings.TrimSuffix(logical, `\`) + " " + strings.TrimSpace(stripComment(next))
		}
		logical = strings.TrimSpace(logical)
		if logical == "" {
			continue
		}
		r := pkgspec.ParseRequirement(logical)
		line := f.Line(first)
		lead := len(line) - len(strings.TrimLeft(line, " \t"))
		start := ir.Pos{Line: first, Col: colOf(line, lead)}
		end := ir.Pos{Line: first, Col: start.Col + utf8.RuneCountInString(strings.TrimSpace(stripComment(line)))}
		if ln != first {
			end = f.EndOfLine(ln)
		}
		if end.Col <= start.Col && end.Line == start.Line {
			end.Col = start.Col + 1
		}
		r.Loc = f.Loc(ir.Range{Start: start, End: end})
		if r.Placeholder = f.PlaceholderIn(r.Loc.Range); r.Placeholder != "" {
			r.Err = "" // a template: its final text is unknown, not invalid
		}
		rq.Reqs = append(rq.Reqs, &r)
		if (r.Kind == ir.ReqInclude || r.Kind == ir.ReqConstraint) && r.Value != "" {
			from := &ir.Scalar{Value: r.Value, Loc: valueLoc(f, r.Loc, r.Option, r.Value), Placeholder: r.Placeholder}
			ref := l.ref(f, ir.RefRequirements, from, r.Value)
			rq.Includes = append(rq.Includes, ref)
			if inc := l.follow(ref, ir.KindRequirements); inc != nil && inc.Kind == ir.KindUnknown {
				inc.Kind = ir.KindRequirements
			}
		}
	}
	fixDirectiveTargets(f)
}
