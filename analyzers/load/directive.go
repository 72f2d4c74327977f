package load

import (
	"strings"
	"unicode/utf8"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

const directivePrefix = "mlenv-lint:"

// commentDirective parses a suppression comment starting at byte offset
// hash on line ln (hash < 0: no comment). It returns nil when the comment is
// not a directive. Line is set to ln for trailing comments and to -ln for
// comments alone on their line (fixDirectiveTargets resolves those).
func commentDirective(ln int, line string, hash int) *ir.Directive {
	if hash < 0 {
		return nil
	}
	body := line[hash+1:]
	i := strings.Index(body, directivePrefix)
	if i < 0 {
		return nil
	}
	rest := body[i+len(directivePrefix):]
	restOff := hash + 1 + i + len(directivePrefix)
	trimmed := strings.TrimLeft(rest, " \t")
	restOff += len(rest) - len(trimmed)
	list, ok := strings.CutPrefix(trimmed, "disable=")
	if !ok {
		return nil
	}
	restOff += len("disable=")
	d := &ir.Directive{
		Range: ir.Range{Start: ir.Pos{Line: ln, Col: colOf(line, hash)}, End: ir.Pos{Line: ln, Col: utf8.RuneCountInString(line) + 1}},
		Line:  ln,
	}
	if strings.TrimSpace(line[:hash]) == "" {
		d.Line = -ln
	}
	off := restOff
	for _, part := range strings.Split(list, ",") {
		word := part
		if j := strings.IndexAny(word, " \t"); j >= 0 {
			word = word[:j]
		}
		lead := len(part) - len(strings.TrimLeft(part, " \t"))
		word = strings.TrimSpace(word)
		if word != "" {
			start := colOf(line, off+lead)
			d.IDs = append(d.IDs, word)
			d.IDRange = append(d.IDRange, ir.Range{Start: ir.Pos{Line: ln, Col: start}, End: ir.Pos{Line: ln, Col: start + utf8.RuneCountInString(word)}})
		}
		off += len(part) + 1
		if strings.ContainsAny(strings.TrimSpace(part), " \t") {
			break // the list ends at the first word boundary
		}
	}
	if len(d.IDs) == 0 {
		return nil
	}
	return d
}

// fixDirectiveTargets points each comment-only directive at the next line
// that is neither blank nor a comment.
func fixDirectiveTargets(f *ir.File) {
	for _, d := range f.Directives {
		if d.Line >= 0 {
			continue
		}
		ln := -d.Line + 1
		for ln <= f.LineCount() {
			t := strings.TrimSpace(f.Line(ln))
			if t != "" && !strings.HasPrefix(t, "#") {
				break
			}
			ln++
		}
		d.Line = ln
	}
}

// yamlDirectives finds suppression comments in a YAML file, skipping "#"
// inside quoted scalars.
func yamlDirectives(f *ir.File) []*ir.Directive {
	if !strings.Contains(string(f.Src), directivePrefix) {
		return nil
	}
	var out []*ir.Directive
	for ln := 1; ln <= f.LineCount(); ln++ {
		line := f.Line(ln)
		if !strings.Contains(line, directivePrefix) {
			continue
		}
		if d := commentDirective(ln, line, yamlCommentStart(line)); d != nil {
			out = append(out, d)
		}
	}
	f.Directives = out
	fixDirectiveTargets(f)
	return out
}

// yamlCommentStart returns the offset of the comment on a YAML line, or -1.
func yamlCommentStart(line string) int {
	var q byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case q == '"' && c == '\\':
			i++
		case q != 0:
			if c == q {
				q = 0
			}
		case (c == '"' || c == '\'') && (i == 0 || strings.IndexByte(" \t:[{,-", line[i-1]) >= 0):
			q = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return i
		}
	}
	return -1
}
