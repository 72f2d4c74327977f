package mlenvlint

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/facts"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/diagnose"
	"github.com/mlenv-lint/mlenv-lint/rules"
)

// SpecLocator returns what maps a diagnose finding to the spec lines behind
// it in prog (loaded with Linter.Load): a build problem through diagnose's
// locators over the program's facts, a definition problem the service
// reported through the lint rule of the same ID. It returns nil for a nil
// program.
func SpecLocator(prog *ir.Program) func(*diagnose.Finding) []lint.Related {
	if prog == nil {
		return nil
	}
	fx := facts.New(prog)
	return func(f *diagnose.Finding) []lint.Related {
		if f.IsDefinitionProblem() {
			return definitionLocations(prog, f.Problem.ID)
		}
		return diagnose.Locate(fx, f)
	}
}

// definitionLocations finds the spec lines behind a definition problem the
// service reported: where the lint rule of the same ID finds it.
func definitionLocations(prog *ir.Program, id string) []lint.Related {
	r := rules.ByID(id)
	if r == nil {
		return nil
	}
	var out []lint.Related
	for _, d := range lint.Run(prog, []*lint.Rule{r}, nil) {
		if d.RuleID == id {
			out = append(out, lint.Related{Loc: d.Loc, Message: d.Message})
		}
	}
	return out
}
