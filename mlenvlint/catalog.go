package mlenvlint

import (
	"fmt"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/diagnose"
	"github.com/mlenv-lint/mlenv-lint/internal/suggest"
	"github.com/mlenv-lint/mlenv-lint/rules"
)

// UnknownRuleError is the error for a rule ID or name that is not in list,
// with the closest match when there is one.
func UnknownRuleError(flag, name string, list []lint.Doc) error {
	var keys []string
	for _, d := range list {
		keys = append(keys, d.ID, d.Name)
	}
	msg := fmt.Sprintf("%s: unknown rule %q", flag, name)
	if s := suggest.Closest(name, keys); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	}
	return fmt.Errorf("%s (run 'mlenv-lint rules' for the list)", msg)
}

// Catalog is the documentation of every ID: the lint rules, then the build
// problems that diagnose reports.
func Catalog() []lint.Doc {
	return append(lint.DocsOf(rules.All()), diagnose.Docs()...)
}
