package load

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/mlenv-lint/mlenv-lint/analyzers/dockerlint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// maxCheckedInstructions bounds the Dockerfiles BuildKit's checks run on:
// its converter takes quadratic time (8,000 instructions: half a second;
// 200,000: minutes). Real Dockerfiles have tens; Azure ML refuses any over
// 100 KB (AML118).
const maxCheckedInstructions = 2000

// dockerChecks runs BuildKit's checks over src and positions them: on the
// quoted token the message names when it can be found on the line, else
// on the instruction that starts on the reported line. at, when set, is
// the only range (a v1 baseDockerfile string).
func dockerChecks(d *ir.Dockerfile, src []byte, at *ir.Range) {
	if len(d.Instructions) > maxCheckedInstructions {
		return // BuildKit's converter is quadratic in the number of instructions
	}
	found, err := dockerlint.Check(context.Background(), src)
	if err != nil {
		return
	}
	for _, f := range found {
		c := ir.Check{Rule: f.Rule, Message: f.Message, URL: f.URL}
		switch {
		case at != nil:
			c.Range = *at
		case len(f.Ranges) > 0 && f.Rule == "NoEmptyContinuation":
			c.Range = emptyLineBefore(d.File, f.Ranges[0].Start.Line)
		case len(f.Ranges) > 0 && f.Rule == "InvalidDefaultArgInFrom":
			c.Range = argRefRange(d, f.Ranges[0])
		case len(f.Ranges) > 0:
			c.Range = checkRange(d, f.Ranges[0], f.Message)
		default:
			c.Range = lineOne()
		}
		d.Checks = append(d.Checks, c)
	}
	d.Checks = dropConsequences(d.Checks)
}

// consequenceOf maps a BuildKit check to the check that causes it when
// both report the same line: a FROM with an undeclared ARG is also "invalid
// with the default values", but the undeclared ARG is the one problem to fix.
var consequenceOf = map[string]string{"InvalidDefaultArgInFrom": "UndefinedArgInFrom"}

// dropConsequences removes the findings whose cause is reported on the
// same line, so that one problem gives one finding.
func dropConsequences(checks []ir.Check) []ir.Check {
	causes := map[string]map[int]bool{}
	for _, c := range checks {
		if causes[c.Rule] == nil {
			causes[c.Rule] = map[int]bool{}
		}
		causes[c.Rule][c.Range.Start.Line] = true
	}
	out := checks[:0]
	for _, c := range checks {
		if cause, ok := consequenceOf[c.Rule]; ok && causes[cause][c.Range.Start.Line] {
			continue
		}
		out = append(out, c)
	}
	return out
}

func checkRange(d *ir.Dockerfile, r parser.Range, msg string) ir.Range {
	f := d.File
	line := max(1, min(r.Start.Line, max(f.LineCount(), 1)))
	var in *ir.Instruction
	for _, i := range d.Instructions {
		if i.Loc.Range.Start.Line == line {
			in = i
			break
		}
	}
	if tok := quotedToken(msg); tok != "" {
		text := f.Line(line)
		if i := indexFold(text, tok); i >= 0 {
			start := ir.Pos{Line: line, Col: colOf(text, i)}
			return ir.Range{Start: start, End: ir.Pos{Line: line, Col: colOf(text, i+len(tok))}}
		}
	}
	if in != nil {
		return in.Loc.Range
	}
	return f.LineRange(line)
}

// quotedToken returns the first 'x' or "x" in a BuildKit message.
func quotedToken(msg string) string {
	for _, q := range []byte{'"', '\''} {
		if i := strings.IndexByte(msg, q); i >= 0 {
			if j := strings.IndexByte(msg[i+1:], q); j > 0 {
				return msg[i+1 : i+1+j]
			}
		}
	}
	return ""
}

func indexFold(s, sub string) int {
	if i := strings.Index(s, sub); i >= 0 {
		return i
	}
	return strings.Index(strings.ToLower(s), strings.ToLower(sub))
}

// emptyLineBefore finds the empty line that BuildKit's NoEmptyContinuation
// reports on the line after it.
func emptyLineBefore(f *ir.File, line int) ir.Range {
	for ln := min(line, f.LineCount()); ln >= 1 && ln >= line-50; ln-- {
		if strings.TrimSpace(f.Line(ln)) == "" {
			return f.LineRange(ln)
		}
	}
	return f.LineRange(max(1, min(line, f.LineCount())))
}

// argRefRange positions InvalidDefaultArgInFrom on the first build
// argument reference ($TAG, ${TAG}) of the FROM's image, whose default is
// what makes the name invalid; else on the FROM.
func argRefRange(d *ir.Dockerfile, r parser.Range) ir.Range {
	rng := checkRange(d, r, "")
	for _, st := range d.Stages {
		if st.From == nil || st.Image == nil || st.From.Loc.Range.Start.Line != rng.Start.Line {
			continue
		}
		v := st.Image.Value
		i := strings.IndexByte(v, '$')
		if i < 0 || st.Image.Loc.Range.Start.Line != st.Image.Loc.Range.End.Line {
			break
		}
		j := i + 1
		if j < len(v) && v[j] == '{' {
			if k := strings.IndexByte(v[j:], '}'); k >= 0 {
				j += k + 1
			} else {
				j = len(v)
			}
		} else {
			for j < len(v) && (v[j] == '_' || v[j] >= 'A' && v[j] <= 'Z' || v[j] >= 'a' && v[j] <= 'z' || v[j] >= '0' && v[j] <= '9') {
				j++
			}
		}
		start := st.Image.Loc.Range.Start
		return ir.Range{
			Start: ir.Pos{Line: start.Line, Col: start.Col + utf8.RuneCountInString(v[:i])},
			End:   ir.Pos{Line: start.Line, Col: start.Col + utf8.RuneCountInString(v[:j])},
		}
	}
	return rng
}
