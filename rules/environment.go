package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// environmentRules check base image references and the v1 Python section.
var environmentRules = []*lint.Rule{
	AML203, AML204,
	AML301,
	AML401, AML404,
}
