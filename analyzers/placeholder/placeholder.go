// Package placeholder recognises unrendered template placeholders in spec
// text: "{{asset.name}}", "<registry_name>", "${MODEL_NAME}". Repositories
// that render their specs from templates commit such values on purpose; the
// loader marks them once (ir.File.Placeholders, ir.Scalar.Placeholder) and
// rules treat a value holding one as unknown.
//
// Azure ML binding expressions ("${{inputs.x}}", "${{parent.outputs.y}}")
// are valid values, never placeholders, whatever the patterns say.
package placeholder

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Defaults are the patterns used when the configuration names none: Jinja,
// Mustache and Go templates, angle-bracket fill-ins ("<VERSION>",
// "< your environment name >") and shell-style variables ("${NAME}").
var Defaults = []string{
	`\{\{[^{}\n]*\}\}`,
	`<[ \t]*[A-Za-z][A-Za-z0-9_.\- \t]*>`,
	`\$\{[A-Za-z_][A-Za-z0-9_.\-]*\}`,
}

// bindingRE matches an Azure ML binding expression.
var bindingRE = regexp.MustCompile(`\$\{\{[^{}\n]*\}\}`)

// Set is a compiled list of placeholder patterns. The zero value and nil
// recognise nothing.
type Set struct {
	res []*regexp.Regexp
}

// Span is one placeholder: byte offsets into the searched text.
type Span struct {
	Start, End int
}

// Compile compiles the patterns (Go regular expressions).
func Compile(patterns []string) (*Set, error) {
	s := &Set{}
	for _, p := range patterns {
		if strings.TrimSpace(p) == "" {
			return nil, fmt.Errorf("placeholder pattern %q is empty", p)
		}
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("placeholder pattern %q: %w", p, err)
		}
		if re.MatchString("") {
			return nil, fmt.Errorf("placeholder pattern %q matches the empty string", p)
		}
		s.res = append(s.res, re)
	}
	return s, nil
}

// Default returns the set of the default patterns.
func Default() *Set {
	s, err := Compile(Defaults)
	if err != nil {
		panic(err) // the defaults are constants
	}
	return s
}

// Find returns the placeholders in text, in order and without overlaps.
// Binding expressions and anything inside them are left out.
func (s *Set) Find(text string) []Span {
	if s == nil || len(s.res) == 0 {
		return nil
	}
	bindings := bindingRE.FindAllStringIndex(text, -1)
	var out []Span
	for _, re := range s.res {
		for _, m := range re.FindAllStringIndex(text, -1) {
			// A pattern refused for matching "" can still match an empty
			// span inside a text (\b, ^): that is no placeholder.
			if m[0] == m[1] || overlapsAny(m[0], m[1], bindings) {
				continue
			}
			out = append(out, Span{m[0], m[1]})
		}
	}
	if len(out) < 2 {
		return out
	}
	slices.SortFunc(out, func(a, b Span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	merged := out[:1]
	for _, sp := range out[1:] {
		last := &merged[len(merged)-1]
		if sp.Start < last.End {
			last.End = max(last.End, sp.End)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// First returns the first placeholder in text, or "".
func (s *Set) First(text string) string {
	if sp := s.Find(text); len(sp) > 0 {
		return text[sp[0].Start:sp[0].End]
	}
	return ""
}

func overlapsAny(start, end int, spans [][]int) bool {
	for _, b := range spans {
		if start < b[1] && b[0] < end {
			return true
		}
	}
	return false
}
