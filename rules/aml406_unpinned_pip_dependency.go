package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
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
	Doc:      ruleDoc("AML406"),
	Bad: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.11.9
  - pip=24.0
  - pip:
      - numpy
      - pandas>=2.0
`},
	Good: lint.Example{Path: "conda.yml", Src: `
dependencies:
  - python=3.11.9
  - pip=24.0
  - pip:
      - numpy==1.26.4
      - pandas==2.2.2
`},
	Run: func(p *lint.Pass) {
		for _, r := range p.Facts.PipRequirements() {
			checkPin(p, r)
		}
		for _, r := range runPipReqs(p) {
			if r.Kind == ir.ReqPath || (r.Kind == ir.ReqEditable && pkgspec.ParseOrigin(r.URL).Local) {
				continue // a file of the build context or the image
			}
			checkPin(p, r)
		}
	},
}

func checkPin(p *lint.Pass, r *ir.PipReq) {
	if r.Err != "" || r.Placeholder != "" {
		return
	}
	raw := textutil.Truncate(redact.URL(r.Raw, redact.MaskSecrets), 80)
	switch r.Kind {
	case ir.ReqPackage:
		switch pkgspec.PipPin(r.Specifier) {
		case pkgspec.PinNone:
			p.Reportf(r.Loc, "pip requirement %q is not pinned; pin an exact version, e.g. %s==<version>", raw, reqDisplay(r))
		case pkgspec.PinRange:
			spec := strings.TrimSpace(r.Specifier)
			eg := "<version>"
			if _, hi := pkgspec.Bounds(spec); hi.Inclusive && hi.V != "" {
				eg = hi.V // never suggest more than the bound allows
			}
			p.Reportf(r.Loc, "pip requirement %q allows a range of versions (%s); pin one with ==, e.g. %s==%s", raw, spec, reqDisplay(r), eg)
		}
	case ir.ReqURL, ir.ReqPath, ir.ReqEditable:
		checkOrigin(p, r, raw)
	}
}

// checkOrigin reports a URL, VCS or path requirement that does not always
// install the same thing.
func checkOrigin(p *lint.Pass, r *ir.PipReq, raw string) {
	o := pkgspec.ParseOrigin(r.URL)
	if o.Pinned() {
		return
	}
	what := "pip requirement"
	if r.Kind == ir.ReqEditable {
		what = "editable requirement"
	}
	switch {
	case o.Source == pkgspec.SourceVCS && o.RefKind == pkgspec.RefNone:
		p.Reportf(r.Loc, "%s %q installs the latest commit of a VCS repository, which changes; pin a commit (@<commit>) or a tag (@v1.2.3) in the URL", what, raw)
	case o.Source == pkgspec.SourceVCS || o.RefKind == pkgspec.RefBranch:
		p.Reportf(r.Loc, "%s %q installs branch %q of a repository, which moves; pin a commit (@<commit>) or a tag (@v1.2.3) instead", what, raw, textutil.Truncate(o.Ref, 40))
	case o.Local:
		p.Reportf(r.Loc, "%s %q is a local path, whose version pip does not pin; build a wheel, publish it and pin it with ==", what, raw)
	default:
		p.Reportf(r.Loc, "%s %q installs from a URL that names no version; point it at a versioned wheel or sdist, or publish the package and pin it with ==", what, raw)
	}
}
