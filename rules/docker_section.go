package rules

import "github.com/mlenv-lint/mlenv-lint/analyzers/lint"

// dockerSectionRules check the Docker side of environment definitions:
// v1 docker sections, registries, build contexts.
var dockerSectionRules = []*lint.Rule{}
