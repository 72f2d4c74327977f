package rules

import "github.com/mlenv-lint/mlenv-lint/analyzers/lint"

// dockerfileRules (AML6xx) check Dockerfiles.
var dockerfileRules = []*lint.Rule{}
