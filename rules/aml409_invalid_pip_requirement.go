package rules

import (
	"fmt"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// AML409 reports pip requirements that pip refuses to read.
var AML409 = &lint.Rule{
	ID:       "AML409",
	Name:     "invalid-pip-requirement",
	Summary:  "A pip requirement that pip rejects as invalid, or a conda pip: entry that is not a list",
	Severity: lint.Error,
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML409"),
	Bad: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.12
  - pip=24.0
  - pip:
      - pandas=2.0
  - pip: numpy==2.1.3
`},
	Good: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.12
  - pip=24.0
  - pip:
      - pandas==2.0
      - numpy==2.1.3
`},
	Run: func(p *lint.Pass) {
		for _, c := range p.Prog.Condas {
			for _, s := range c.PipNotList {
				if s.Value == "" {
					p.Reportf(s.Loc, "pip: must be a list of requirements; conda cannot use a mapping here")
					continue
				}
				v := textutil.Truncate(redact.URL(s.Value, redact.MaskSecrets), 60)
				p.Reportf(s.Loc, "pip: holds the string %q, not a list: conda hands it to pip one character per line and the build fails; write it as a list item: pip: [%q]", v, v)
			}
		}
		for _, r := range p.Facts.PipRequirements() {
			checkValid(p, r)
		}
		for _, r := range runPipReqs(p) {
			checkValid(p, r)
		}
	},
}

// checkValid reports a requirement that pip cannot read, with the fix
// when the mistake is a known one.
func checkValid(p *lint.Pass, r *ir.PipReq) {
	if r.Err == "" || r.Placeholder != "" {
		return
	}
	raw := textutil.Truncate(redact.URL(r.Raw, redact.MaskSecrets), 80)
	msg := fmt.Sprintf("pip rejects %q as an invalid requirement (%s)", raw, r.Err)
	if fix := pkgspec.Fix(r); fix != "" {
		msg += "; write " + textutil.Truncate(redact.URL(fix, redact.MaskSecrets), 80)
	} else if r.Kind == ir.ReqPackage && r.Name != "" {
		msg += "; write it as " + reqDisplay(r) + "==<version>"
	}
	if strings.HasPrefix(r.Err, "a pip requirement must be a string") {
		msg = fmt.Sprintf("this pip: entry is not a string: %s; quote it", r.Err)
	}
	p.Reportf(r.Loc, "%s", msg)
}
