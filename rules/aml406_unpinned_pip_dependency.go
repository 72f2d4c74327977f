package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// AML406 reports pip requirements that do not pin an exact version.
var AML406 = &lint.Rule{
	ID:       "AML406",
	Name:     "unpinned-pip-dependency",
	Summary:  "A pip requirement without an exact == version",
	Severity: lint.Warning,
	Guide:    "Unpinned dependencies",
	Tags:     []string{"reproducibility"},
	Doc: `
Without an exact version, pip picks whatever is newest on the day of the build, so rebuilding the
same environment can install different packages and break in new ways. Pin every requirement with
` + "`==`" + ` (or ` + "`===`" + `); ranges (` + "`>=`, `~=`" + `), wildcards (` + "`==1.*`" + `) and bare names are unpinned. Checked in
conda ` + "`pip:`" + ` lists and requirements files (and the files they include with ` + "`-r`" + `). Requirements
that come from a URL, a VCS repository or a local path cannot be pinned by pip at all; they are
reported with their own message: publish a wheel and pin it, or at least pin a tag or commit.

## Bad

` + "```yaml" + `
dependencies:
  - python=3.11.9
  - pip=24.0
  - pip:
      - numpy
      - pandas>=2.0
` + "```" + `

## Good

` + "```yaml" + `
dependencies:
  - python=3.11.9
  - pip=24.0
  - pip:
      - numpy==1.26.4
      - pandas==2.2.2
` + "```",
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			for _, r := range c.Pip {
				checkPin(p, r)
			}
		}
		for _, rq := range p.Prog.Reqs {
			for _, r := range rq.Reqs {
				checkPin(p, r)
			}
		}
	},
}

func checkPin(p *lint.Pass, r *ir.PipReq) {
	if r.Err != "" || r.Pinned() {
		return
	}
	raw := textutil.Truncate(redact.URL(r.Raw, redact.MaskSecrets), 80)
	switch r.Kind {
	case ir.ReqPackage:
		if r.Specifier == "" {
			p.Reportf(r.Loc, "pip requirement %q is not pinned; pin an exact version, e.g. %s==<version>", raw, r.Name)
		} else {
			p.Reportf(r.Loc, "pip requirement %q allows a range of versions (%s); pin one with ==", raw, strings.TrimSpace(r.Specifier))
		}
	case ir.ReqURL:
		p.Reportf(r.Loc, "pip requirement %q installs from a URL, which pip cannot pin; publish a wheel and pin it with ==, or pin a tag or commit in the URL", raw)
	case ir.ReqPath, ir.ReqEditable:
		p.Reportf(r.Loc, "pip requirement %q is a local path, whose version cannot be pinned; build a wheel, publish it and pin it with ==", raw)
	default:
		return // options, includes
	}
}
