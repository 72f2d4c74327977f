package load

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// parseDockerfile runs BuildKit's parser, converting a panic on hostile
// input into an error.
func parseDockerfile(src []byte) (res *parser.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cannot parse: %v", r)
		}
	}()
	return parser.Parse(bytes.NewReader(src))
}

// forBuildKit returns src with each byte that is not valid UTF-8 replaced
// by '?'. BuildKit reads a Dockerfile as bytes and accepts invalid UTF-8
// in comments and values (a Latin-1 "# Maintainer: Jos\xe9"); its word lexer
// decodes such a byte as U+FFFD and prints a warning on stderr. One byte
// for one byte keeps every offset and column (an invalid byte counts as
// one column), and '?' is as inert to the parser as U+FFFD.
func forBuildKit(src []byte) []byte {
	if utf8.Valid(src) {
		return src
	}
	out := make([]byte, 0, len(src))
	for len(src) > 0 {
		r, w := utf8.DecodeRune(src)
		if r == utf8.RuneError && w == 1 {
			out = append(out, '?')
		} else {
			out = append(out, src[:w]...)
		}
		src = src[w:]
	}
	return out
}

// dockerfile parses a Dockerfile file.
func (l *loader) dockerfile(f *ir.File) *ir.Dockerfile {
	d := &ir.Dockerfile{File: f, Size: len(f.Src)}
	for ln := 1; ln <= f.LineCount(); ln++ {
		line := f.Line(ln)
		t := strings.TrimLeft(line, " \t")
		if strings.HasPrefix(t, "#") {
			if dir := commentDirective(ln, line, len(line)-len(t)); dir != nil {
				f.Directives = append(f.Directives, dir)
			}
		}
	}
	fixDirectiveTargets(f)
	l.findDockerfilePlaceholders(f)
	src := forBuildKit(f.Src)
	res, err := parseDockerfile(src)
	if err != nil {
		f.Syntax = append(f.Syntax, dockerfileProblem(f, err))
		return d
	}
	d.AST = res.AST
	for _, w := range res.Warnings {
		r := lineOne()
		if w.Location != nil && w.Location.Start.Line > 0 {
			r = f.LineRange(w.Location.Start.Line)
		}
		d.Warnings = append(d.Warnings, ir.Problem{Range: r, Message: w.Short})
	}
	buildStages(d, func(n *parser.Node) ir.Range { return instrRange(f, n) }, func(n *parser.Node, tok string) ir.Range {
		return tokenRange(f, n, tok)
	})
	rejected := instructionErrors(res.AST)
	for _, e := range rejected {
		f.Syntax = append(f.Syntax, instructionProblem(f, e, nodeBefore(res.AST, e.node)))
	}
	dropRejected(d, rejected)
	dockerChecks(d, withoutInstructions(src, rejected), nil)
	dropPlaceholderChecks(d)
	return d
}

// dropRejected takes the instructions BuildKit rejects (AML001's findings)
// out of what the other rules see, so that a rejected instruction gives
// one finding: `FROM debian:12 foo` is no base image for AML203 to judge,
// a rejected RUN installs nothing. A rejected FROM keeps its stage (later
// instructions still belong to it) without a base image.
func dropRejected(d *ir.Dockerfile, rejected []instrError) {
	bad := map[*parser.Node]bool{}
	for _, e := range rejected {
		if e.node != nil {
			bad[e.node] = true
		}
	}
	if len(bad) == 0 {
		return
	}
	for _, st := range d.Stages {
		if st.From != nil && bad[st.From.Node] {
			st.Image, st.Platform, st.FromStage = nil, nil, false
		}
	}
	d.Instructions = slices.DeleteFunc(d.Instructions, func(in *ir.Instruction) bool {
		return bad[in.Node] && in.Cmd != "from"
	})
}

// nodeBefore is the instruction before n, or nil.
func nodeBefore(ast *parser.Node, n *parser.Node) *parser.Node {
	for i, c := range ast.Children {
		if c == n && i > 0 {
			return ast.Children[i-1]
		}
	}
	return nil
}

// dockerfileProblem positions a parser error ("dockerfile parse error on
// line 3: ...").
func dockerfileProblem(f *ir.File, err error) ir.Problem {
	msg := err.Error()
	line := 1
	if i := strings.Index(msg, "line "); i >= 0 {
		n, j := 0, i+5
		for j < len(msg) && msg[j] >= '0' && msg[j] <= '9' {
			n = n*10 + int(msg[j]-'0')
			j++
		}
		if n > 0 {
			line = min(n, max(f.LineCount(), 1))
		}
	}
	r := f.LineRange(line)
	if r.End.Col <= r.Start.Col {
		r.End.Col = r.Start.Col + 1
	}
	return ir.Problem{Range: r, Message: "invalid Dockerfile: " + msg}
}

// virtualDockerfile parses the text of a v1 baseDockerfile; every range
// points at the JSON string that holds it.
func virtualDockerfile(f *ir.File, s *ir.Scalar) *ir.Dockerfile {
	d := &ir.Dockerfile{File: f, Virtual: true, Size: len(s.Value)}
	res, err := parseDockerfile([]byte(s.Value))
	if err != nil {
		f.Syntax = append(f.Syntax, ir.Problem{Range: s.Loc.Range, Message: "invalid Dockerfile in docker.baseDockerfile: " + err.Error()})
		return d
	}
	d.AST = res.AST
	at := func(*parser.Node) ir.Range { return s.Loc.Range }
	buildStages(d, at, func(*parser.Node, string) ir.Range { return s.Loc.Range })
	rejected := instructionErrors(res.AST)
	for _, e := range rejected {
		f.Syntax = append(f.Syntax, ir.Problem{Range: s.Loc.Range, Message: "invalid Dockerfile in docker.baseDockerfile: " + e.msg})
	}
	dropRejected(d, rejected)
	dockerChecks(d, withoutInstructions([]byte(s.Value), rejected), &s.Loc.Range)
	dropPlaceholderChecks(d)
	return d
}

// buildStages fills Stages and Instructions from the AST.
func buildStages(d *ir.Dockerfile, instr func(*parser.Node) ir.Range, token func(*parser.Node, string) ir.Range) {
	stage := -1
	names := map[string]bool{}
	for _, n := range d.AST.Children {
		in := &ir.Instruction{
			Cmd: strings.ToLower(n.Value), Flags: n.Flags, Text: n.Original,
			Loc: d.File.Loc(instr(n)), Node: n,
		}
		for a := n.Next; a != nil; a = a.Next {
			in.Args = append(in.Args, a.Value)
		}
		if in.Cmd == "from" {
			stage++
			st := &ir.Stage{Index: stage, From: in}
			if len(in.Args) > 0 {
				img := in.Args[0]
				st.Image = &ir.Scalar{Value: img, Loc: d.File.Loc(token(n, img))}
				if d.Virtual {
					st.Image.Placeholder = placeholderText(d.File, img)
				} else {
					st.Image.Placeholder = d.File.PlaceholderIn(st.Image.Loc.Range)
				}
				st.FromStage = names[strings.ToLower(img)]
			}
			if len(in.Args) >= 3 && strings.EqualFold(in.Args[1], "as") {
				name := in.Args[2]
				st.Name = &ir.Scalar{Value: name, Loc: d.File.Loc(token(n, name))}
				names[strings.ToLower(name)] = true
			}
			for _, fl := range n.Flags {
				if v, ok := strings.CutPrefix(fl, "--platform="); ok {
					st.Platform = &ir.Scalar{Value: v, Loc: d.File.Loc(token(n, fl))}
				}
			}
			d.Stages = append(d.Stages, st)
		}
		in.Stage = stage
		d.Instructions = append(d.Instructions, in)
	}
}

// instrRange spans an instruction from its keyword to the end of its last line.
func instrRange(f *ir.File, n *parser.Node) ir.Range {
	start := max(n.StartLine, 1)
	line := f.Line(start)
	lead := len(line) - len(strings.TrimLeft(line, " \t"))
	end := max(n.EndLine, start)
	r := ir.Range{Start: ir.Pos{Line: start, Col: colOf(line, lead)}, End: f.EndOfLine(end)}
	if r.End.Line == r.Start.Line && r.End.Col <= r.Start.Col {
		r.End.Col = r.Start.Col + 1
	}
	return r
}

// tokenRange finds tok in the instruction's source lines, after the keyword.
func tokenRange(f *ir.File, n *parser.Node, tok string) ir.Range {
	start := max(n.StartLine, 1)
	end := max(n.EndLine, start)
	for ln := start; ln <= end; ln++ {
		line := f.Line(ln)
		from := 0
		if ln == start {
			t := strings.TrimLeft(line, " \t")
			from = len(line) - len(t) + len(n.Value)
		}
		if from > len(line) {
			continue
		}
		if i := indexToken(line[from:], tok); i >= 0 {
			c := colOf(line, from+i)
			return ir.Range{Start: ir.Pos{Line: ln, Col: c}, End: ir.Pos{Line: ln, Col: c + len([]rune(tok))}}
		}
	}
	return instrRange(f, n)
}

// indexToken finds tok as a whole whitespace-separated word in s.
func indexToken(s, tok string) int {
	off := 0
	for {
		i := strings.Index(s[off:], tok)
		if i < 0 {
			return -1
		}
		i += off
		before := i == 0 || s[i-1] == ' ' || s[i-1] == '\t'
		after := i+len(tok) == len(s) || s[i+len(tok)] == ' ' || s[i+len(tok)] == '\t' || s[i+len(tok)] == '\\'
		if before && after {
			return i
		}
		off = i + 1
	}
}
