package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// predictedRules (AML5xx) find, in the specs, the causes of image-build
// failures that diagnose would otherwise explain after a failed build.
var predictedRules = []*lint.Rule{AML501, AML502, AML503, AML504, AML505, AML506}
