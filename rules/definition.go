package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// definitionRules check environment definitions against the guide's
// "Environment definition problems" (names, Docker sections, registries,
// build contexts, variables, deprecated properties).
var definitionRules = []*lint.Rule{
	AML103, AML104, AML105, AML106, AML107,
	AML116,
	AML130,
	AML140,
}
