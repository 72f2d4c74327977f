package load

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// maxInstructionErrors bounds how many rejected instructions are reported
// per Dockerfile.
const maxInstructionErrors = 20

// instrError is one instruction BuildKit's instruction parser rejects.
type instrError struct {
	node *parser.Node // nil when BuildKit's error names no instruction
	msg  string       // BuildKit's error text
}

// instructionErrors runs BuildKit's instruction parser (instructions.Parse,
// the step after the line parser that rejects `RUNN`, `COPY onlyone` or
// `FROM debian:12 foo` when a build starts) until the Dockerfile passes.
// BuildKit stops at the first error; to find the next one the rejected
// instruction is taken out (a rejected FROM is replaced by `FROM scratch`
// so that its stage still exists), so every error is the one BuildKit
// gives once the errors before it are fixed. A file without any FROM is a
// fragment (SDK v1's extra Docker steps, appended to a generated
// Dockerfile): its instructions are judged as if a stage were open.
func instructionErrors(ast *parser.Node) (out []instrError) {
	defer func() {
		if r := recover(); r != nil {
			out = append(out, instrError{msg: fmt.Sprintf("cannot parse: %v", r)})
		}
	}()
	if ast == nil {
		return nil
	}
	scratch := scratchNode()
	if scratch == nil {
		return nil
	}
	children := slices.Clone(ast.Children)
	fragment := !slices.ContainsFunc(children, isFrom)
	lint := linter.New(&linter.Config{SkipAll: true})
	for range maxInstructionErrors {
		list := children
		if fragment {
			list = append([]*parser.Node{scratch}, children...)
		}
		_, _, err := instructions.Parse(&parser.Node{Children: list}, lint)
		if err == nil {
			return out
		}
		i := failingNode(err, children)
		if i < 0 {
			return append(out, instrError{msg: err.Error()})
		}
		out = append(out, instrError{node: children[i], msg: err.Error()})
		if isFrom(children[i]) {
			repl := *scratch
			repl.StartLine, repl.EndLine = children[i].StartLine, children[i].EndLine
			children[i] = &repl
		} else {
			children = slices.Delete(children, i, i+1)
		}
	}
	return out
}

func isFrom(n *parser.Node) bool { return strings.EqualFold(n.Value, "from") }

// scratchNode is a parsed `FROM scratch`.
func scratchNode() *parser.Node {
	res, err := parser.Parse(strings.NewReader("FROM scratch\n"))
	if err != nil || len(res.AST.Children) != 1 {
		return nil
	}
	return res.AST.Children[0]
}

// failingNode is the index of the instruction BuildKit's error points at.
func failingNode(err error, children []*parser.Node) int {
	var le *parser.LocationError
	if !errors.As(err, &le) || len(le.Locations) == 0 || len(le.Locations[0]) == 0 {
		return -1
	}
	line := le.Locations[0][0].Start.Line
	return slices.IndexFunc(children, func(n *parser.Node) bool { return n.StartLine <= line && line <= n.EndLine })
}

// instructionProblem positions a rejected instruction and adds what the
// usual causes are when they can be seen: a non-breaking space that glues
// the keyword to its arguments, or a line that was meant to continue the
// instruction before it.
func instructionProblem(f *ir.File, e instrError, prev *parser.Node) ir.Problem {
	msg := "invalid Dockerfile: " + e.msg
	if e.node == nil {
		return ir.Problem{Range: lineOne(), Message: msg}
	}
	r := instrRange(f, e.node)
	if ln, col, ok := oddSpace(f, e.node); ok {
		r = ir.Range{Start: ir.Pos{Line: ln, Col: col}, End: ir.Pos{Line: ln, Col: col + 1}}
		msg += fmt.Sprintf("; line %d holds a non-breaking space (U+00A0) at column %d, which Dockerfiles do not read as a space: replace it with an ordinary space", ln, col)
	} else if strings.Contains(e.msg, "unknown instruction:") && prev != nil && continuesInstruction(f, e.node, prev) {
		msg += fmt.Sprintf("; if this line continues the %s instruction above, end line %d with \\", strings.ToUpper(prev.Value), e.node.StartLine-1)
	}
	return ir.Problem{Range: r, Message: msg}
}

// oddSpace finds a Unicode space other than space and tab in an
// instruction's first line, up to the end of its keyword's word.
func oddSpace(f *ir.File, n *parser.Node) (line, col int, ok bool) {
	text := f.Line(n.StartLine)
	i := strings.IndexFunc(text, func(r rune) bool { return r != ' ' && r != '\t' && unicode.IsSpace(r) })
	if i < 0 {
		return 0, 0, false
	}
	return n.StartLine, colOf(text, i), true
}

// continuesInstruction tells whether a rejected instruction looks like the
// rest of the one before it, cut off by a missing backslash: it follows on
// the very next line, is indented or lower case (instructions are
// conventionally written in capitals), and the one before is a RUN, an ENV
// or a LABEL, which take lists.
func continuesInstruction(f *ir.File, n, prev *parser.Node) bool {
	if prev.EndLine+1 != n.StartLine {
		return false
	}
	switch strings.ToLower(prev.Value) {
	case "run", "env", "label", "arg":
	default:
		return false
	}
	line := f.Line(n.StartLine)
	word := strings.Fields(line)
	if len(word) == 0 {
		return false
	}
	indented := strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")
	return indented || word[0] != strings.ToUpper(word[0])
}

// withoutInstructions blanks the lines of the rejected instructions (and
// writes `FROM scratch` for a rejected FROM), so that BuildKit's checks,
// which stop at the first rejected instruction, run over the rest of the
// file with the same line numbers.
func withoutInstructions(src []byte, errs []instrError) []byte {
	lines := bytes.SplitAfter(src, []byte("\n"))
	changed := false
	for _, e := range errs {
		if e.node == nil {
			continue
		}
		for ln := e.node.StartLine; ln <= e.node.EndLine && ln <= len(lines); ln++ {
			if ln < 1 {
				continue
			}
			nl := []byte{}
			if bytes.HasSuffix(lines[ln-1], []byte("\n")) {
				nl = []byte("\n")
			}
			if ln == e.node.StartLine && isFrom(e.node) {
				lines[ln-1] = append([]byte("FROM scratch"), nl...)
			} else {
				lines[ln-1] = nl
			}
			changed = true
		}
	}
	if !changed {
		return src
	}
	return bytes.Join(lines, nil)
}
