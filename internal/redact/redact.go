// Package redact hides credentials in URLs before they reach a message, so
// that no diagnostic, related location or log line prints a secret.
package redact

import (
	"regexp"
	"strings"
)

// Mode says how much of a URL survives.
type Mode int

const (
	// MaskSecrets replaces the user information (user:password@, a token as
	// user name) with ***@ and the values of query parameters that carry
	// secrets (sig, token, password, key, ...) with ***, keeping the rest of
	// the query. Use it where the other parameters help the reader (a SAS
	// URL's expiry, a channel's path).
	MaskSecrets Mode = iota
	// DropQuery replaces the user information with ***@ and the whole query
	// with ?…: for URLs whose query is nothing but a token (SAS URLs of
	// blobs, signed downloads).
	DropQuery
)

var (
	userinfoRE    = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://)[^/\s]+@`)
	secretParamRE = regexp.MustCompile(`(?i)([?&](?:sig|token|access_token|password|pat|key|code|secret)=)[^&\s#'"]*`)
	queryRE       = regexp.MustCompile(`\?[^\s'"]*`)
)

// URL redacts every URL in s according to m. s may be a bare URL or text
// that holds URLs (a requirement line such as "pkg @ git+https://TOKEN@host/repo",
// a shell command).
func URL(s string, m Mode) string {
	if !strings.Contains(s, "://") {
		return s
	}
	s = userinfoRE.ReplaceAllString(s, "${1}***@")
	switch m {
	case DropQuery:
		return queryRE.ReplaceAllString(s, "?…")
	default:
		return secretParamRE.ReplaceAllString(s, "${1}***")
	}
}
