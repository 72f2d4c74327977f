// Command docgen writes docs/rules from rule metadata: one page per lint
// rule and build problem, and an index. Run it with "make docs".
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/internal/ruledoc"
	"github.com/mlenv-lint/mlenv-lint/mlenvlint"
)

func main() {
	out := flag.String("out", "docs/rules", "output directory")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
	docs := ruledoc.Pages(mlenvlint.Catalog())
	// Remove pages of rules that no longer exist.
	old, _ := filepath.Glob(filepath.Join(*out, "AML*.md"))
	for _, p := range old {
		if _, ok := docs[filepath.Base(p)]; !ok {
			_ = os.Remove(p)
		}
	}
	for name, body := range docs {
		if err := os.WriteFile(filepath.Join(*out, name), []byte(body), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "docgen:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("wrote %d files to %s\n", len(docs), strings.TrimSuffix(*out, "/"))
}
