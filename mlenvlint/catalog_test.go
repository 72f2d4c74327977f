package mlenvlint_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/internal/ruledoc"
	"github.com/mlenv-lint/mlenv-lint/mlenvlint"
)

// TestDocsUpToDate fails when docs/rules differs from what the metadata
// generates, or holds a page no rule generates.
func TestDocsUpToDate(t *testing.T) {
	want := ruledoc.Pages(mlenvlint.Catalog())
	for name, body := range want {
		got, err := os.ReadFile(filepath.Join("..", "docs", "rules", name))
		if err != nil || string(got) != body {
			t.Errorf("docs/rules/%s is stale or missing: run make docs", name)
		}
	}
	pages, err := filepath.Glob(filepath.Join("..", "docs", "rules", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if _, ok := want[filepath.Base(p)]; !ok {
			t.Errorf("docs/rules/%s documents no rule: delete it or run make docs", filepath.Base(p))
		}
	}
}

// TestCatalog: every documented ID is unique and belongs to an ID series.
func TestCatalog(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range mlenvlint.Catalog() {
		if seen[d.ID] || seen[d.Name] {
			t.Errorf("%s (%s) is documented twice", d.ID, d.Name)
		}
		seen[d.ID], seen[d.Name] = true, true
		if ruledoc.SeriesOf(d.ID).Prefix == "" {
			t.Errorf("%s belongs to no ID series (ruledoc.SeriesList)", d.ID)
		}
		if d.Command != "lint" && d.Command != "diagnose" {
			t.Errorf("%s: Command %q", d.ID, d.Command)
		}
	}
}
