package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// AML505 reports Azure Storage SAS tokens that have expired.
var AML505 = &lint.Rule{
	ID:       "AML505",
	Name:     "expired-sas-token",
	Summary:  "A URL carries an Azure Storage SAS token whose expiry (se=) has passed: the download is forbidden",
	Severity: lint.Error,
	Guide:    "Forbidden blob",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML505"),
	Bad: lint.Example{Path: "requirements.txt", Src: `
https://contosoml.blob.core.windows.net/wheels/contoso_features-2.4.1-py3-none-any.whl?sv=2022-11-02&se=2024-01-31T00%3A00%3A00Z&sr=b&sp=r&sig=REDACTED
`},
	Good: lint.Example{Path: "requirements.txt", Src: `
https://contosoml.blob.core.windows.net/wheels/contoso_features-2.4.1-py3-none-any.whl?sv=2022-11-02&se=2027-06-30T00%3A00%3A00Z&sr=b&sp=r&sig=REDACTED
`},
	Run: func(p *lint.Pass) {
		today := p.Opts.Today
		for _, su := range p.Facts.URLs() {
			u, ok := splitURL(su.Raw)
			if !ok {
				continue
			}
			exp, ok := sasExpiry(u)
			if !ok || !exp.Before(today) {
				continue
			}
			p.Reportf(su.Loc, "the SAS token of %s://%s%s (%s) expired on %s, so the download is forbidden (403); generate a new SAS token or open up the blob's permissions",
				u.scheme, u.host, textutil.Truncate(u.path, 80), su.Where, exp.Format("2006-01-02"))
		}
	},
}
