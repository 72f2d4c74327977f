// Package ir is the intermediate representation that loaders build and rules
// read: one value per environment, conda spec, requirements file, Dockerfile
// and job, each field carrying the exact source range it came from.
//
// The IR is plain data. Loaders fill it in (package load); rules only read it.
package ir

import (
	"bytes"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// Pos is a 1-based line and column. Columns count Unicode code points, as
// yaml.v3 does, and as SARIF's "unicodeCodePoints" column kind expects.
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"column"`
}

// Before reports whether p comes strictly before q.
func (p Pos) Before(q Pos) bool {
	return p.Line < q.Line || (p.Line == q.Line && p.Col < q.Col)
}

// Range is a half-open source range: End is the position just after the last
// character.
type Range struct {
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

// Location is a range inside a named file. Path is the display path (see
// File.Path).
type Location struct {
	Path  string `json:"path"`
	Range Range  `json:"range"`
}

// Kind tells what a file is.
type Kind int

// File kinds, recognised by content and name (see package discover).
const (
	KindUnknown      Kind = iota
	KindEnv               // v2 environment YAML
	KindEnvV1             // v1 azureml_environment.json, or a run configuration (.runconfig) with a v1 environment section
	KindJob               // job, deployment or component YAML with an environment: key
	KindConda             // conda environment YAML
	KindRequirements      // pip requirements file
	KindDockerfile        // Dockerfile
	KindConnection        // workspace connection YAML
)

var kindNames = [...]string{"unknown", "environment", "environment-v1", "job", "conda", "requirements", "dockerfile", "connection"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && k >= 0 {
		return kindNames[k]
	}
	return "unknown"
}

// File is one input file.
type File struct {
	Path string // display path: relative to the working directory when possible, slash-separated
	Abs  string // absolute path; empty for stdin without --stdin-filename
	Rel  string // path relative to the project root, slash-separated (SARIF URIs)
	Kind Kind
	Src  []byte

	// Root is the yaml document node for YAML and JSON files; nil otherwise or
	// when the file could not be parsed.
	Root *yaml.Node

	// Syntax holds parse problems; each becomes an AML001 diagnostic.
	Syntax []Problem

	// Directives are the inline "mlenv-lint: disable=..." comments.
	Directives []*Directive

	// Explicit is true when the file was named on the command line, read from
	// stdin, or referenced by another spec (as opposed to found by walking).
	Explicit bool

	// Placeholders are the unrendered template placeholders in the file
	// ("{{ACR_NAME}}", "<VERSION>"), recognised once by the loader. Values
	// that overlap one are unknown (Scalar.Placeholder).
	Placeholders []Placeholder

	lineStarts []int
}

// Problem is a loader finding that a rule turns into a diagnostic.
type Problem struct {
	Range   Range
	Message string
}

// Placeholder is one unrendered template placeholder.
type Placeholder struct {
	Range Range
	Text  string
}

// PlaceholderIn returns the text of the first placeholder that overlaps r,
// or "".
func (f *File) PlaceholderIn(r Range) string {
	for _, p := range f.Placeholders {
		if p.Range.Start.Before(r.End) && r.Start.Before(p.Range.End) {
			return p.Text
		}
	}
	return ""
}

// Directive is one inline suppression comment.
type Directive struct {
	Range   Range    // the comment text
	Line    int      // the source line whose diagnostics it suppresses
	IDs     []string // rule IDs (upper-cased) or rule names as written
	IDRange []Range  // range of each entry in IDs
	Used    []bool   // set by the runner: entry i suppressed something
}

// Loc returns the location of r in f.
func (f *File) Loc(r Range) Location { return Location{Path: f.Path, Range: r} }

// Line returns source line n (1-based) without its line terminator, or "" if
// out of range.
func (f *File) Line(n int) string {
	if f.lineStarts == nil {
		f.lineStarts = append(f.lineStarts, 0)
		for i, b := range f.Src {
			if b == '\n' {
				f.lineStarts = append(f.lineStarts, i+1)
			}
		}
	}
	if n < 1 || n > len(f.lineStarts) {
		return ""
	}
	start := f.lineStarts[n-1]
	end := len(f.Src)
	if n < len(f.lineStarts) {
		end = f.lineStarts[n] - 1
	}
	return string(bytes.TrimSuffix(f.Src[start:end], []byte("\r")))
}

// LineCount returns the number of lines in the file.
func (f *File) LineCount() int {
	f.Line(1)
	n := len(f.lineStarts)
	if n > 0 && f.lineStarts[n-1] == len(f.Src) {
		n-- // trailing newline does not start a line
	}
	return n
}

// EndOfLine returns the position just after the last character of line n.
func (f *File) EndOfLine(n int) Pos {
	return Pos{Line: n, Col: utf8.RuneCountInString(f.Line(n)) + 1}
}

// LineRange returns the range covering the text of line n.
func (f *File) LineRange(n int) Range {
	return Range{Start: Pos{Line: n, Col: 1}, End: f.EndOfLine(n)}
}

// Scalar is a single value with its position. Key is the mapping key that
// holds it (zero Location when it is a list item or a whole-file value).
type Scalar struct {
	Value string
	Loc   Location
	Key   Location
	Node  *yaml.Node // nil for values that do not come from YAML/JSON
	// Placeholder is the first template placeholder in the value ("" when
	// none): the value is a template, not yet known, and rules stay silent
	// on it.
	Placeholder string
}

// Unknown reports whether the value holds a template placeholder.
func (s *Scalar) Unknown() bool { return s != nil && s.Placeholder != "" }

// String returns the value, or "" for a nil scalar.
func (s *Scalar) String() string {
	if s == nil {
		return ""
	}
	return s.Value
}

// Program is everything loaded for one run.
type Program struct {
	Root  string  // absolute project root; references may not leave it
	Files []*File // every file loaded, sorted by Path

	Envs        []*Env
	Jobs        []*Job
	Condas      []*Conda
	Reqs        []*Requirements
	Dockerfiles []*Dockerfile
	Connections []*Connection
	Refs        []*Ref // every file reference made by any spec
}

// File returns the loaded file with the given display path, or nil.
func (p *Program) File(path string) *File {
	for _, f := range p.Files {
		if f.Path == path {
			return f
		}
	}
	return nil
}
