package yamlpos

import (
	"fmt"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// value returns the value node of key in the top mapping of src.
func value(t *testing.T, f *ir.File, key string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(f.Src, &doc); err != nil {
		t.Fatal(err)
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	t.Fatalf("no key %q", key)
	return nil
}

func TestRange(t *testing.T) {
	tests := []struct {
		name, src, key string
		want           string // "L:C-L:C"
	}{
		{"plain", "image: python:3.11 # comment\n", "image", "1:8-1:19"},
		{"plain with unicode", "name: AzureML-é\n", "name", "1:7-1:16"},
		{"double quoted", "name: \"a \\\" b\"\nx: 1\n", "name", "1:7-1:15"},
		{"single quoted with escape", "name: 'it''s'\n", "name", "1:7-1:14"},
		{"multi-line double quoted", "d: \"first\n  second\"\nx: 1\n", "d", "1:4-2:10"},
		{"literal block", "d: |\n  FROM python:3.11\n  RUN pip install x\nnext: 1\n", "d", "1:4-3:20"},
		{"folded block with strip chomping", "d: >-\n  one\n  two\n\nnext: 1\n", "d", "1:4-3:6"},
		{"literal block, keep chomping, blank lines inside", "d: |+\n  a\n\n  b\n\n", "d", "1:4-4:4"},
		{"literal block with indentation indicator", "d: |2\n    indented\n  base\nx: 1\n", "d", "1:4-3:7"},
		{"block at the end of the file", "d: |\n  last", "d", "1:4-2:7"},
		{"empty block", "d: |\nnext: 1\n", "d", "1:4-1:5"},
		{"nested block", "outer:\n  inner: |\n    text\n  sibling: 1\n", "outer", "2:3-2:4"},
		{"flow mapping", "d: {a: 1}\n", "d", "1:4-1:5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &ir.File{Path: "f.yml", Src: []byte(tt.src)}
			r := Range(f, value(t, f, tt.key))
			if got := fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Col, r.End.Line, r.End.Col); got != tt.want {
				t.Errorf("Range = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestEmptySequenceItem(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"bare dash", "d:\n  -\n  - a\n", "2:3-2:4"},
		{"dash and spaces", "d:\n  -   \n  - a\n", "2:3-2:4"},
		{"dash and comment", "d:\n  - # none\n  - a\n", "2:3-2:4"},
		{"explicit null stays on its tilde", "d:\n  - ~\n", "2:5-2:6"},
		{"empty quoted string stays on its quotes", "d:\n  - ''\n", "2:5-2:7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &ir.File{Path: "f.yml", Src: []byte(tt.src)}
			r := Range(f, value(t, f, "d").Content[0])
			if got := fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Col, r.End.Line, r.End.Col); got != tt.want {
				t.Errorf("Range = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestNestedBlockScalar(t *testing.T) {
	f := &ir.File{Path: "f.yml", Src: []byte("outer:\n  inner: |\n    text\n    more\n  sibling: 1\n")}
	outer := value(t, f, "outer")
	r := Range(f, outer.Content[1])
	if got := fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Col, r.End.Line, r.End.Col); got != "2:10-4:9" {
		t.Errorf("nested block scalar: %s, want 2:10-4:9", got)
	}
}

func TestColumns(t *testing.T) {
	line := "añb\tc"
	for _, tt := range []struct{ col, off int }{{1, 0}, {2, 1}, {3, 3}, {5, 5}, {99, len(line)}} {
		if got := ByteCol(line, tt.col); got != tt.off {
			t.Errorf("ByteCol(%d) = %d, want %d", tt.col, got, tt.off)
		}
		if tt.col < 99 {
			if got := ColOf(line, tt.off); got != tt.col {
				t.Errorf("ColOf(%d) = %d, want %d", tt.off, got, tt.col)
			}
		}
	}
}
