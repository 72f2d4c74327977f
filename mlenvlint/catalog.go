package mlenvlint

import (
	"fmt"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/suggest"
)

// UnknownRuleError is the error for a rule ID or name that is not in list,
// with the closest match when there is one.
func UnknownRuleError(flag, name string, list []*lint.Rule) error {
	var keys []string
	for _, r := range list {
		keys = append(keys, r.ID, r.Name)
	}
	msg := fmt.Sprintf("%s: unknown rule %q", flag, name)
	if s := suggest.Closest(name, keys); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	}
	return fmt.Errorf("%s (run 'mlenv-lint rules' for the list)", msg)
}
