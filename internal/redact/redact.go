// Package redact hides credentials in URLs before they reach a message, so
// that no diagnostic, related location or log line prints a secret.
package redact

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Mode says how much of a URL survives.
type Mode int

const (
	// MaskSecrets replaces the user information (user:password@, a token as
	// user name) with ***@ and the values of query parameters that carry
	// secrets (token, password, key, ...) with ***, keeping the rest of the
	// query; the query of an Azure Storage SAS (sig=) is dropped whole,
	// because all of its parameters make up the token. Use it where the other parameters help the reader (a SAS
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
	sasRE         = regexp.MustCompile(`(?i)(?:^|[?&])sig=`)
)

// URL redacts every URL in s according to m. s may be a bare URL or text
// that holds URLs (a requirement line such as "pkg @ git+https://TOKEN@host/repo",
// a shell command).
func URL(s string, m Mode) string {
	if !strings.Contains(s, "://") {
		return s
	}
	s = userinfoRE.ReplaceAllString(s, "${1}***@")
	return queryRE.ReplaceAllStringFunc(s, func(q string) string {
		if m == DropQuery || IsSAS(q) {
			return "?…"
		}
		return secretParamRE.ReplaceAllString(q, "${1}***")
	})
}

// IsSAS reports whether a URL query (with or without its leading "?") is an
// Azure Storage shared access signature: it carries sig=. Every parameter of
// a SAS (sv, se, sp, sr, sig, ...) is part of the token, so none of it is
// printed in any mode.
func IsSAS(query string) bool {
	return sasRE.MatchString(query)
}

// MaskInPlace hides the credentials of every URL in s (user information,
// secret query values, a whole SAS query) by overwriting them with '*', one
// per code point, so that columns computed on s still fit the result. It is
// for echoing source lines next to a caret.
func MaskInPlace(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	b := []rune(s)
	stars := func(start, end int) { // byte offsets into s
		i := utf8.RuneCountInString(s[:start])
		for n := utf8.RuneCountInString(s[start:end]); n > 0; n-- {
			b[i] = '*'
			i++
		}
	}
	for _, m := range userinfoRE.FindAllStringSubmatchIndex(s, -1) {
		stars(m[3], m[1]-1) // between "scheme://" and "@"
	}
	for _, m := range queryRE.FindAllStringIndex(s, -1) {
		q := s[m[0]:m[1]]
		if IsSAS(q) {
			stars(m[0]+1, m[1])
			continue
		}
		for _, p := range secretParamRE.FindAllStringSubmatchIndex(q, -1) {
			stars(m[0]+p[3], m[0]+p[1])
		}
	}
	return string(b)
}
