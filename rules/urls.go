package rules

import (
	"net/url"
	"strings"
	"time"

	"github.com/mlenv-lint/mlenv-lint/internal/redact"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// urlParts splits a URL without validating it (url.Parse refuses the
// ${VAR} placeholders that build files use).
type urlParts struct {
	scheme, userinfo, host, path, query string
	hasUser                             bool
}

func splitURL(s string) (urlParts, bool) {
	var u urlParts
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return u, false
	}
	u.scheme = strings.ToLower(scheme)
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, u.query = rest[:i], rest[i+1:]
	}
	auth := rest
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		auth, u.path = rest[:i], rest[i:]
	}
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		u.userinfo, u.hasUser, auth = auth[:i], true, auth[i+1:]
	}
	u.host = strings.ToLower(auth)
	return u, u.host != ""
}

// safe is the URL without credentials or query, for messages.
func (u urlParts) safe() string {
	s := u.scheme + "://"
	if u.hasUser {
		s += u.userinfo + "@"
	}
	s += u.host + u.path
	if u.query != "" {
		s += "?" + u.query
	}
	return textutil.Truncate(redact.URL(s, redact.DropQuery), 100)
}

// queryValues parses the query leniently.
func (u urlParts) queryValues() url.Values {
	q, _ := url.ParseQuery(u.query)
	return q
}

// hasVariable reports whether s is or holds a shell/pip variable reference.
func hasVariable(s string) bool { return strings.Contains(s, "$") || strings.Contains(s, "%(") }

// placeholder reports whether a credential-looking value is an obvious
// placeholder rather than a secret: <PAT>, {token}, ***, xxx, "password".
func placeholder(s string) bool {
	if s == "" || strings.ContainsAny(s, "<>{}[]*") {
		return true
	}
	low := strings.ToLower(s)
	if strings.Trim(low, "x.-_") == "" {
		return true
	}
	switch low {
	case "password", "passwd", "pass", "pwd", "token", "secret", "pat", "changeme", "placeholder",
		"redacted", "example", "mypassword", "mytoken", "mypat", "user", "username", "none", "null":
		return true
	}
	return strings.HasPrefix(low, "your")
}

// sasExpiry returns the expiry (se=) of an Azure Storage SAS in a URL's
// query; ok is false when the URL holds no SAS or the date cannot be read.
func sasExpiry(u urlParts) (time.Time, bool) {
	q := u.queryValues()
	if q.Get("sig") == "" || q.Get("se") == "" {
		return time.Time{}, false
	}
	se := strings.TrimSpace(q.Get("se"))
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, se); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
