package rules

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// tokenParams are query parameters that carry a credential. An Azure
// Storage SAS (sig=) is judged on its own (liveSAS): it is a credential
// until it expires, and AML505 reports it once it has.
var tokenParams = map[string]bool{
	"token": true, "access_token": true, "private_token": true, "auth_token": true,
	"api_key": true, "apikey": true, "api-key": true, "key": true,
	"password": true, "pwd": true, "pat": true, "secret": true, "client_secret": true,
}

// tokenPrefixes start well-known personal access tokens.
var tokenPrefixes = []string{"ghp_", "gho_", "ghs_", "ghu_", "github_pat_", "glpat-", "pypi-"}

// urlSecret says which credential a URL holds in plain text ("password",
// "token", "query parameter token=") or "" when it holds none. Variables
// ($PAT, ${TOKEN}) and placeholders (<PAT>) are not secrets.
func urlSecret(u urlParts) string {
	if u.hasUser && !hasVariable(u.userinfo) {
		user, pass, hasPass := strings.Cut(u.userinfo, ":")
		switch {
		case hasPass && !placeholder(pass):
			return "a password"
		case !hasPass && looksLikeToken(user):
			return "a token"
		}
	}
	// Anaconda channel tokens: https://conda.anaconda.org/t/<token>/<channel>.
	if rest, ok := strings.CutPrefix(u.path, "/t/"); ok {
		tok, _, _ := strings.Cut(rest, "/")
		if len(tok) >= 16 && !hasVariable(tok) && !placeholder(tok) {
			return "a token (/t/...)"
		}
	}
	q := u.queryValues()
	keys := slices.Sorted(maps.Keys(q))
	for _, k := range keys {
		if !tokenParams[strings.ToLower(k)] {
			continue
		}
		for _, v := range q[k] {
			if hasVariable(v) || placeholder(v) || len(v) < 8 || (strings.EqualFold(k, "key") && !looksLikeToken(v)) {
				continue
			}
			return "a token (" + k + "=)"
		}
	}
	return ""
}

// liveSAS reports whether a URL carries an Azure Storage SAS signature that
// is a real value (not a placeholder or variable) and has not expired by
// today: an expired token grants nothing any more, and AML505 reports it.
func liveSAS(u urlParts, today time.Time) bool {
	sig := u.queryValues().Get("sig")
	if sig == "" || hasVariable(sig) || placeholder(sig) {
		return false
	}
	exp, ok := sasExpiry(u)
	return !ok || !exp.Before(today)
}

// looksLikeToken reports whether a user name alone is in fact a token:
// a known token prefix, or a long run of letters and digits.
func looksLikeToken(s string) bool {
	if placeholder(s) {
		return false
	}
	for _, p := range tokenPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	if len(s) < 20 {
		return false
	}
	digits, letters := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			digits++
		case ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z'):
			letters++
		case c == '_' || c == '-':
		default:
			return false
		}
	}
	return digits > 0 && letters > 0
}

// AML506 reports URLs with credentials written into them.
var AML506 = &lint.Rule{
	ID:               "AML506",
	Name:             "credentials-in-url",
	Summary:          "A URL with a password or token written into it (user:password@, token=...)",
	Severity:         lint.Error,
	Guide:            "Interactive auth was attempted",
	Tags:             []string{"security"},
	SecuritySeverity: "7.5",
	Doc:              ruleDoc("AML506"),
	Bad: lint.Example{Path: "requirements.txt", Src: `
--extra-index-url https://build:s3cr3tPassw0rd@pkgs.dev.azure.com/contoso/_packaging/ml-feed/pypi/simple/
contoso-features==2.4.1
`},
	Good: lint.Example{Path: "requirements.txt", Src: `
# credentials come from a python_feed workspace connection for this feed
--extra-index-url https://pkgs.dev.azure.com/contoso/_packaging/ml-feed/pypi/simple/
contoso-features==2.4.1
`},
	Run: func(p *lint.Pass) {
		for _, su := range p.Facts.URLs() {
			u, ok := splitURL(su.Raw)
			if !ok || hasVariable(u.host) {
				continue
			}
			secret := urlSecret(u)
			fix := "take it out, give Azure ML the credential through a workspace connection, and rotate it"
			if !su.Service {
				fix = "it stays in the image history: pass it with a build secret (RUN --mount=type=secret) instead, and rotate it"
			}
			if secret == "" && liveSAS(u, p.Opts.Today) {
				p.Reportf(su.Loc, "URL %s (%s) has an Azure Storage SAS token (sig=) written into it, which lets anyone who reads the file download from the storage account until it expires; keep the token out of the spec (make the blob readable by the workspace's identity, or put the file in the build context) and revoke it (regenerate the storage key or its access policy)",
					u.safe(), su.Where)
				continue
			}
			if secret == "" {
				continue
			}
			p.Reportf(su.Loc, "URL %s (%s) has %s written into it; %s",
				u.safe(), su.Where, secret, fix)
		}
	},
}
