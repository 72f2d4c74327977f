// Package yamlpos computes exact source ranges of yaml.v3 nodes: yaml.v3
// gives only start positions, so ends are found by scanning the source.
package yamlpos

import (
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// ByteCol converts a 1-based code-point column on line to a byte offset.
func ByteCol(line string, col int) int {
	i, c := 0, 1
	for i < len(line) && c < col {
		_, w := utf8.DecodeRuneInString(line[i:])
		i += w
		c++
	}
	return i
}

// ColOf converts a byte offset on line to a 1-based code-point column.
func ColOf(line string, off int) int {
	if off > len(line) {
		off = len(line)
	}
	return utf8.RuneCountInString(line[:off]) + 1
}

// Range computes the exact source range of a yaml node: for scalars the
// whole token including quotes (or the block scalar's content), for
// collections the start token only (their extent is rarely what a message
// should point at).
func Range(f *ir.File, n *yaml.Node) ir.Range {
	start := ir.Pos{Line: max(n.Line, 1), Col: max(n.Column, 1)}
	line := f.Line(start.Line)
	off := ByteCol(line, start.Col)
	end := ir.Pos{Line: start.Line, Col: start.Col + 1}
	if emptyItem(n, line, off) {
		// yaml.v3 places an empty block-sequence item just after its "-";
		// the dash is what a reader can see and point at.
		start.Col--
		return ir.Range{Start: start, End: ir.Pos{Line: start.Line, Col: start.Col + 1}}
	}
	switch {
	case n.Kind == yaml.AliasNode:
		end.Col = ColOf(line, scanPlain(line, off, false))
	case n.Kind != yaml.ScalarNode:
		// "[" or "{" or the first item: one character.
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return quotedEnd(f, start, '"')
	case n.Style&yaml.SingleQuotedStyle != 0:
		return quotedEnd(f, start, '\'')
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return blockEnd(f, start)
	default:
		if !strings.Contains(n.Value, "\n") && strings.HasPrefix(line[min(off, len(line)):], n.Value) && n.Value != "" {
			end.Col = start.Col + utf8.RuneCountInString(n.Value)
		} else {
			end.Col = ColOf(line, scanPlain(line, off, true))
		}
	}
	if end.Col <= start.Col {
		end.Col = start.Col + 1
	}
	return ir.Range{Start: start, End: end}
}

// emptyItem reports whether n is an empty block-sequence item ("-" with
// nothing after it but spaces or a comment), which the parser positions one
// column after the dash.
func emptyItem(n *yaml.Node, line string, off int) bool {
	return n.Kind == yaml.ScalarNode && n.Value == "" && n.Style == 0 &&
		off > 0 && off <= len(line) && line[off-1] == '-'
}

// scanPlain returns the byte offset where a plain scalar starting at off ends
// on this line: before " #", ": " or, in flow context, ",]}".
func scanPlain(line string, off int, flow bool) int {
	end := off
	for i := off; i < len(line); i++ {
		c := line[i]
		if c == '#' && i > off && (line[i-1] == ' ' || line[i-1] == '\t') {
			break
		}
		if c == ':' && (i+1 == len(line) || line[i+1] == ' ') {
			break
		}
		if flow && (c == ',' || c == ']' || c == '}') {
			break
		}
		if c != ' ' && c != '\t' {
			end = i + 1
		}
	}
	if end == off && off < len(line) {
		end = off + 1
	}
	return end
}

// quotedEnd finds the closing quote of a quoted scalar, across lines.
func quotedEnd(f *ir.File, start ir.Pos, q byte) ir.Range {
	ln := start.Line
	line := f.Line(ln)
	i := ByteCol(line, start.Col) + 1
	for steps := 0; steps < 10000; steps++ {
		for ; i < len(line); i++ {
			c := line[i]
			if q == '"' && c == '\\' {
				i++
				continue
			}
			if c == q {
				if q == '\'' && i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				return ir.Range{Start: start, End: ir.Pos{Line: ln, Col: ColOf(line, i+1)}}
			}
		}
		if ln >= f.LineCount() {
			break
		}
		ln++
		line = f.Line(ln)
		i = 0
	}
	return ir.Range{Start: start, End: f.EndOfLine(ln)}
}

// blockEnd returns the range of a literal or folded block scalar: from its
// indicator to the end of its last non-blank content line.
func blockEnd(f *ir.File, start ir.Pos) ir.Range {
	header := f.Line(start.Line)
	parentIndent := len(header) - len(strings.TrimLeft(header, " "))
	indent := -1
	if d := indentIndicator(header[min(ByteCol(header, start.Col), len(header)):]); d > 0 {
		indent = parentIndent + d // "|2": the content is indented by exactly that much
	}
	last := start.Line
	for ln := start.Line + 1; ln <= f.LineCount(); ln++ {
		text := f.Line(ln)
		trimmed := strings.TrimLeft(text, " ")
		if trimmed == "" {
			continue
		}
		ind := len(text) - len(trimmed)
		if indent < 0 {
			if ind <= parentIndent {
				break
			}
			indent = ind
		}
		if ind < indent {
			break
		}
		last = ln
	}
	return ir.Range{Start: start, End: f.EndOfLine(last)}
}

// indentIndicator returns the indentation indicator of a block scalar
// header ("|2", ">-1", "|+3"), or 0 when it has none.
func indentIndicator(header string) int {
	if header == "" || (header[0] != '|' && header[0] != '>') {
		return 0
	}
	for i := 1; i < len(header) && i <= 2; i++ {
		if c := header[i]; c >= '1' && c <= '9' {
			return int(c - '0')
		} else if c != '+' && c != '-' {
			break
		}
	}
	return 0
}
