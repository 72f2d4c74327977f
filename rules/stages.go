package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/facts"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// chainFlags tells, for a predicate over instruction text, whether it
// holds for an instruction before a given one in its stage or in the
// stages that stage builds on (before, by instruction index), and whether
// it holds anywhere in a stage's chain (all, by stage index). pred runs
// once per instruction, so this is linear in the Dockerfile's size.
type chainFlags struct {
	before []bool
	all    []bool
}

func newChainFlags(fx *facts.Facts, d *ir.Dockerfile, pred func(string) bool) chainFlags {
	full := make([]bool, len(d.Stages))
	chain := func(s int) []int { return fx.StageChain(d, s) }
	f := chainFlags{before: make([]bool, len(d.Instructions)), all: make([]bool, len(d.Stages))}
	for i, in := range d.Instructions {
		if in.Stage < 0 || in.Stage >= len(d.Stages) {
			continue
		}
		for _, t := range chain(in.Stage) {
			if full[t] {
				f.before[i] = true
				break
			}
		}
		if in.Cmd != "from" && !full[in.Stage] && pred(in.Text) {
			full[in.Stage] = true
		}
	}
	for s := range d.Stages {
		for _, t := range chain(s) {
			if full[t] {
				f.all[s] = true
				break
			}
		}
	}
	return f
}
