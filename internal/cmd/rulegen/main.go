// Command rulegen writes rules/registry_gen.go, the list of every rule
// declared in a rule file (see package internal/rulegen). Run it with
// "make docs".
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mlenv-lint/mlenv-lint/internal/rulegen"
)

func main() {
	dir := flag.String("dir", "rules", "the rules package directory")
	flag.Parse()
	src, err := rulegen.Generate(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := filepath.Join(*dir, rulegen.FileName)
	if err := os.WriteFile(out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "rulegen:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %s\n", out)
}
