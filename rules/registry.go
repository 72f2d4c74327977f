// Package rules holds every lint rule of mlenv-lint, one file per rule, and
// the registry that lists them.
package rules

import (
	"slices"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// All returns every lint rule in ID order. The slice is new on each call.
// The rules declared one per file are listed in registry_gen.go, which
// "make docs" generates from the source (internal/rulegen); BuildKit's
// Dockerfile checks come from their table (dockerfile.go).
func All() []*lint.Rule {
	all := slices.Concat(fileRules, dockerfileRules)
	slices.SortFunc(all, func(a, b *lint.Rule) int { return strings.Compare(a.ID, b.ID) })
	return all
}

// ByID returns the rule with the given ID or name (any case), or nil.
func ByID(id string) *lint.Rule { return lint.Find(All(), id) }
