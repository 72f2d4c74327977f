package rules

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var ruleFileRE = regexp.MustCompile(`^aml\d{3}_[a-z0-9_]+\.go$`)

// TestHelpersLiveInHelperFiles: what one rule file declares besides its rule
// is that rule's own; a helper another file uses belongs in a helper file by
// topic (names.go, images.go, urls.go, requirements.go, ...).
func TestHelpersLiveInHelperFiles(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = f
	}
	declaredIn := map[string]string{} // identifier -> rule file that declares it
	for name, f := range files {
		if !ruleFileRE.MatchString(name) {
			continue
		}
		for _, d := range f.Decls {
			for _, id := range declNames(d) {
				if !strings.HasPrefix(id, "AML") {
					declaredIn[id] = name
				}
			}
		}
	}
	var bad []string
	for name, f := range files {
		seen := map[string]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || seen[id.Name] {
				return true
			}
			if owner, ok := declaredIn[id.Name]; ok && owner != name {
				seen[id.Name] = true
				bad = append(bad, id.Name+" (declared in "+owner+", used in "+name+")")
			}
			return true
		})
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("cross-rule helper in a rule file: %s; move it to a helper file", b)
	}
}

// declNames are the package-level names a declaration introduces.
func declNames(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			return []string{d.Name.Name}
		}
	case *ast.GenDecl:
		var out []string
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.ValueSpec:
				for _, n := range s.Names {
					out = append(out, n.Name)
				}
			case *ast.TypeSpec:
				out = append(out, s.Name.Name)
			}
		}
		return out
	}
	return nil
}
