package load

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/placeholder"
)

// Template placeholders are recognised once per file, on its text, before
// parsing: every value that overlaps one is unknown to the rules
// (ir.Scalar.Placeholder). A placeholder is masked before YAML parsing so
// that "image: {{ACR_NAME}}.azurecr.io/x" parses as the string it becomes
// once rendered, instead of opening a flow mapping; the mask keeps every
// line and column, and the parsed values get their original text back.

// maskBase is the first rune of the mask: ASCII character c inside a
// placeholder becomes maskBase+c, a private-use code point that YAML treats
// as an ordinary character.
const maskBase = 0xE000

// findPlaceholders records the placeholders of f's text and returns
// their byte spans.
func (l *loader) findPlaceholders(f *ir.File) []placeholder.Span {
	f.Placeholders = nil
	text := string(f.Src)
	spans := l.ph.Find(text)
	if len(spans) == 0 {
		return nil
	}
	lc := newLineCols(text)
	for _, sp := range spans {
		f.Placeholders = append(f.Placeholders, ir.Placeholder{
			Range: ir.Range{Start: lc.pos(sp.Start), End: lc.pos(sp.End)},
			Text:  text[sp.Start:sp.End],
		})
	}
	return spans
}

// parseYAML parses f's YAML or JSON with its placeholders masked.
func (l *loader) parseYAML(f *ir.File, doc *yaml.Node) error {
	spans := l.findPlaceholders(f)
	if len(spans) == 0 || hasMaskRunes(f.Src) {
		// (A text that already holds the mask's code points is parsed as
		// written: restoring would change its own characters.)
		return safeUnmarshal(f.Src, doc)
	}
	masked := mask(string(f.Src), spans)
	if err := safeUnmarshal([]byte(masked), doc); err != nil {
		return err
	}
	unmask(doc, 0)
	return nil
}

// mask replaces the ASCII punctuation and spaces inside each span by
// private-use code points (one rune for one rune, so positions stay exact).
func mask(text string, spans []placeholder.Span) string {
	var b bytes.Buffer
	b.Grow(len(text) + 2*len(spans)*8)
	prev := 0
	for _, sp := range spans {
		b.WriteString(text[prev:sp.Start])
		for _, r := range text[sp.Start:sp.End] {
			if r < utf8.RuneSelf && !isWordByte(byte(r)) && r != '\n' {
				b.WriteRune(maskBase + r)
			} else {
				b.WriteRune(r)
			}
		}
		prev = sp.End
	}
	b.WriteString(text[prev:])
	return b.String()
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func hasMaskRunes(src []byte) bool {
	for _, r := range string(src) {
		if r >= maskBase && r < maskBase+utf8.RuneSelf {
			return true
		}
	}
	return false
}

// unmask restores the original text in every value of the tree.
func unmask(n *yaml.Node, depth int) {
	if n == nil || depth > 10000 {
		return
	}
	n.Value = unmaskString(n.Value)
	for _, c := range n.Content {
		unmask(c, depth+1)
	}
}

func unmaskString(s string) string {
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r >= maskBase && r < maskBase+utf8.RuneSelf {
			break
		}
		i += w
	}
	if i == len(s) {
		return s
	}
	b := []byte(s[:i])
	for _, r := range s[i:] {
		if r >= maskBase && r < maskBase+utf8.RuneSelf {
			r -= maskBase
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// goTemplateRE finds the control structures of Helm (Go templates) and
// Jinja: a file that holds them is a template of a spec, whose shape is only
// known once rendered, not a spec with values left to fill in.
var goTemplateRE = regexp.MustCompile(`\{\{-|-\}\}|\{\{\s*(?:\.|\$[A-Za-z.]|if\s|else|end\s*\}|range\s|with\s|include\s|template\s|define\s|toYaml|nindent|indent\s|required\s|default\s)|\{%-?\s*(?:if|for|set|macro|block|include|import|raw)\b`)

// isTemplateText reports whether src is a Helm or Jinja template. Every
// alternative of goTemplateRE starts with "{{", "-}}" or "{%": a file with
// none of them (nearly every spec) skips the expression, which has no
// literal prefix and was 16% of the lint time of the corpus.
func isTemplateText(src []byte) bool {
	if !bytes.Contains(src, []byte("{{")) && !bytes.Contains(src, []byte("-}}")) && !bytes.Contains(src, []byte("{%")) {
		return false
	}
	return goTemplateRE.Match(src)
}

// lineCols converts byte offsets of a text into 1-based lines and
// code-point columns.
type lineCols struct {
	text   string
	starts []int
}

func newLineCols(text string) *lineCols {
	lc := &lineCols{text: text, starts: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			lc.starts = append(lc.starts, i+1)
		}
	}
	return lc
}

func (lc *lineCols) pos(off int) ir.Pos {
	lo, hi := 0, len(lc.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if lc.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return ir.Pos{Line: lo + 1, Col: utf8.RuneCountInString(lc.text[lc.starts[lo]:off]) + 1}
}

// findDockerfilePlaceholders records the placeholders of a Dockerfile. A
// match that is Dockerfile or shell syntax ("${VERSION}" is a build
// argument, "<" a redirection or heredoc) is not a placeholder there.
func (l *loader) findDockerfilePlaceholders(f *ir.File) {
	l.findPlaceholders(f)
	kept := f.Placeholders[:0]
	for _, p := range f.Placeholders {
		if !dockerSyntax(p.Text) {
			kept = append(kept, p)
		}
	}
	f.Placeholders = kept
}

func dockerSyntax(text string) bool {
	return strings.HasPrefix(text, "$") || strings.HasPrefix(text, "<")
}

// placeholderText returns the first placeholder inside text (a v1
// baseDockerfile's FROM image, whose range is the whole JSON string), or "".
func placeholderText(f *ir.File, text string) string {
	for _, p := range f.Placeholders {
		if !dockerSyntax(p.Text) && strings.Contains(text, p.Text) {
			return p.Text
		}
	}
	return ""
}

// placeholderChecks are BuildKit checks that a placeholder in a FROM causes
// ("{{tag}}" is not a valid image name), not the author.
var placeholderChecks = map[string]bool{"InvalidDefaultArgInFrom": true}

// dropPlaceholderChecks removes those checks from the FROM instructions
// whose image holds a placeholder.
func dropPlaceholderChecks(d *ir.Dockerfile) {
	templated := map[int]bool{}
	for _, st := range d.Stages {
		if st.Image.Unknown() {
			templated[st.From.Loc.Range.Start.Line] = true
		}
	}
	if len(templated) == 0 {
		return
	}
	kept := d.Checks[:0]
	for _, c := range d.Checks {
		if placeholderChecks[c.Rule] && (d.Virtual || templated[c.Range.Start.Line]) {
			continue
		}
		kept = append(kept, c)
	}
	d.Checks = kept
}
