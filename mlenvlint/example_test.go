package mlenvlint_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/mlenv-lint/mlenv-lint/mlenvlint"
)

// The library does what "mlenv-lint lint" does: here on a requirements file
// with an unpinned package.
func ExampleLinter() {
	dir, err := os.MkdirTemp("", "mlenvlint-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "requirements.txt"), []byte("numpy\n"), 0o644); err != nil {
		panic(err)
	}
	l, err := mlenvlint.New(mlenvlint.Options{Cwd: dir, Root: dir, NoConfig: true})
	if err != nil {
		panic(err)
	}
	res, err := l.LintFiles([]string{"."})
	if err != nil {
		panic(err)
	}
	for _, d := range res.Diagnostics {
		fmt.Println(d.RuleID, d.Loc.Path, d.Loc.Range.Start.Line)
	}
	// Output: AML406 requirements.txt 1
}
