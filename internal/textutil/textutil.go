// Package textutil holds the small text helpers messages share.
package textutil

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
