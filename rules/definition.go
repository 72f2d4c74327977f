package rules

import "github.com/mlenv-lint/mlenv-lint/analyzers/lint"

// definitionRules check environment definitions against the guide's
// "Environment definition problems" (names, Docker sections, registries,
// build contexts, variables, deprecated properties).
var definitionRules = []*lint.Rule{}
