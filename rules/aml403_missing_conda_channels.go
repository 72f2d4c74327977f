package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML403 reports conda specifications without channels.
var AML403 = &lint.Rule{
	ID:       "AML403",
	Name:     "missing-conda-channels",
	Summary:  "A conda specification without channels",
	Severity: lint.Warning,
	Guide:    "Missing conda channels",
	Tags:     []string{"reproducibility"},
	Doc:      ruleDoc("AML403"),
	Bad: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.12
`},
	Good: lint.Example{Path: "conda.yml", Src: `
channels:
  - conda-forge
dependencies:
  - python=3.12
`},
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			switch {
			case c.ChannelsKey == nil && c.DepsKey == nil:
				// not a conda specification with content
			case c.ChannelsKey == nil:
				p.Reportf(condaTop(c), "no channels are listed, so conda's defaults (which change) decide where packages come from; add channels, e.g. channels: [conda-forge]")
			case len(c.Channels) == 0:
				p.Reportf(c.ChannelsKey.Loc, "the channels list is empty; name the channels packages come from, e.g. conda-forge")
			}
		}
	},
}
