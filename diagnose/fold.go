package diagnose

import "strings"

// Case-insensitive literal tests, the exact preconditions in front of
// case-insensitive ((?i)) expressions. Go's regexp folds a letter to every
// rune of its unicode.SimpleFold orbit; for ASCII letters that adds only
// two runes outside ASCII: U+212A KELVIN SIGN (k) and U+017F LATIN SMALL
// LETTER LONG S (s). A test that folds ASCII case, and gives way when the
// line holds one of those two runes and the literal a k or an s, rejects
// no line the expression would match.

const (
	kelvinSign = "\u212a"
	longS      = "\u017f"
)

// lowerASCII folds an ASCII upper-case letter to lower case.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasFoldAt reports whether text holds lit (lower-case ASCII) at p in some
// ASCII case.
func hasFoldAt(text string, p int, lit string) bool {
	if p < 0 || p+len(lit) > len(text) {
		return false
	}
	for j := 0; j < len(lit); j++ {
		if lowerASCII(text[p+j]) != lit[j] {
			return false
		}
	}
	return true
}

// eachFold calls at with every position of text where lit (lower-case
// ASCII, not empty) starts in some ASCII case, lower-case first byte's
// positions first, until at returns true; it reports whether one did.
// strings.IndexByte finds the candidates, so a line without the literal's
// first letter costs two vectorised scans.
func eachFold(text, lit string, at func(p int) bool) bool {
	first := [2]byte{lit[0], lit[0]}
	if 'a' <= lit[0] && lit[0] <= 'z' {
		first[1] = lit[0] - ('a' - 'A')
	}
	for k, b := range first {
		if k == 1 && b == first[0] {
			break
		}
		for off := 0; off+len(lit) <= len(text); {
			j := strings.IndexByte(text[off:], b)
			if j < 0 || off+j+len(lit) > len(text) {
				break
			}
			p := off + j
			if hasFoldAt(text, p, lit) && at(p) {
				return true
			}
			off = p + 1
		}
	}
	return false
}

// hasFold reports whether text holds lit (lower-case ASCII) in some
// ASCII case.
func hasFold(text, lit string) bool {
	return eachFold(text, lit, func(int) bool { return true })
}

// mayMatchFold is the precondition for a (?i) expression every match of
// which holds one of lits (lower-case ASCII) in some case: it is false only
// when the expression cannot match text.
func mayMatchFold(text string, lits []string) bool {
	for _, lit := range lits {
		if hasFold(text, lit) {
			return true
		}
		if strings.ContainsAny(lit, "ks") && (strings.Contains(lit, "k") && strings.Contains(text, kelvinSign) ||
			strings.Contains(lit, "s") && strings.Contains(text, longS)) {
			return true // a folded k or s outside ASCII: leave it to the expression
		}
	}
	return false
}

// reWordByte is a word byte as regexp's \b sees it: ASCII letters, digits
// and the underscore (not wordByte's hyphen).
func reWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// boundaryBefore and boundaryAfter: a \b before text[p] or after text[:p].
func boundaryBefore(text string, p int) bool { return p == 0 || !reWordByte(text[p-1]) }
func boundaryAfter(text string, p int) bool  { return p == len(text) || !reWordByte(text[p]) }

// condaTalk reports whether a line talks about conda in words: conda,
// mamba, micromamba or miniconda as a word, or "env generation" / "env
// creation", in any case (what `(?i)\b(?:conda|mamba|micromamba|miniconda)\b|\benv
// (?:generation|creation)` matches; none of these letters folds outside
// ASCII). It is the scan itself, not a precondition.
func condaTalk(text string) bool {
	word := func(lit, prefix string) func(p int) bool {
		return func(p int) bool {
			if !boundaryAfter(text, p+len(lit)) {
				return false
			}
			// the word itself, or its longer name ("miniconda", "micromamba")
			return boundaryBefore(text, p) || hasFoldAt(text, p-len(prefix), prefix) && boundaryBefore(text, p-len(prefix))
		}
	}
	return eachFold(text, "conda", word("conda", "mini")) ||
		eachFold(text, "mamba", word("mamba", "micro")) ||
		eachFold(text, "env ", func(p int) bool {
			return boundaryBefore(text, p) && (hasFoldAt(text, p+4, "generation") || hasFoldAt(text, p+4, "creation"))
		})
}
