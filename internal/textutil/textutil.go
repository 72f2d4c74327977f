// Package textutil holds the small text helpers messages share.
package textutil

import "unicode/utf8"

// Truncate shortens s to at most n characters (runes), the last of them an
// ellipsis when s was cut. n below 1 is treated as 1.
func Truncate(s string, n int) string {
	if n < 1 {
		n = 1
	}
	if len(s) <= n { // fast path: n bytes are at most n runes
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// TruncateBytes keeps at most n bytes of s, cut back to a character
// boundary, and marks a cut with an ellipsis (which comes on top of the n
// bytes). It decodes nothing but the cut, so it is for text taken from
// long, possibly invalid input (build-log lines, read at hundreds of MB/s),
// where Truncate's rune count would cost; lint messages use Truncate. n
// below 0 is treated as 0.
func TruncateBytes(s string, n int) string {
	n = max(n, 0)
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
