package rules

import "github.com/mlenv-lint/mlenv-lint/analyzers/lint"

// environmentRules check base image references and the v1 Python section.
var environmentRules = []*lint.Rule{}
