package diagnose

import (
	"bytes"
	"strings"
)

// normalize turns a raw log line into the text the handlers match: no line
// ending, no colour codes, no timestamp or progress prefixes.
func (a *analyzer) normalize(raw []byte) string {
	raw = bytes.TrimRight(raw, "\r\n")
	if bytes.IndexByte(raw, 0x1b) >= 0 {
		raw = stripANSI(raw)
	}
	s := string(raw)
	for range 4 {
		n := len(s)
		s = s[quoteLen(s):]
		if k := blanks(s); k > 0 && k < len(s) && (s[k] == '#' || s[k] >= '0' && s[k] <= '9' || s[k] == '[') {
			// an indented paste: blanks before a timestamp or BuildKit prefix
			if t := s[k:]; timestampLen(t) > 0 || (t[0] == '#' && buildkitLen(t) > 0) {
				s = t
			}
		}
		s = s[timestampLen(s):]
		if strings.HasPrefix(s, "#") {
			if k := buildkitLen(s); k > 0 {
				s = s[k:]
				a.buildkit = true
			}
		} else if a.buildkit {
			s = s[elapsedLen(s):]
		}
		if len(s) == n {
			break
		}
	}
	return strings.TrimRight(s, " \t\r")
}

// stripANSI removes ANSI escape sequences: CSI (ESC [ ... final), OSC
// (ESC ] ... BEL or ESC \) and two-byte escapes.
func stripANSI(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != 0x1b {
			out = append(out, c)
			continue
		}
		if i+1 >= len(b) {
			break
		}
		switch b[i+1] {
		case '[':
			j := i + 2
			for j < len(b) && (b[j] < 0x40 || b[j] > 0x7e) {
				j++
			}
			i = j
		case ']':
			j := i + 2
			for j < len(b) && b[j] != 0x07 && (b[j] != 0x1b || j+1 >= len(b) || b[j+1] != '\\') {
				j++
			}
			if j < len(b) && b[j] == 0x1b {
				j++
			}
			i = j
		default:
			i++
		}
	}
	return out
}

// digits returns how many ASCII digits s starts with.
func digits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// timestampLen returns the length of a leading timestamp and the blanks
// after it: "2024-03-05T10:11:12.1234567Z ", "2024/03/05 10:11:12 ",
// "[2024-03-05 10:11:12,123] ", "2024-03-05T10:11:12+01:00 ". It returns 0
// when s does not start with one.
func timestampLen(s string) int {
	i := 0
	if strings.HasPrefix(s, "[") {
		i++
	}
	// date
	if digits(s[i:]) != 4 || len(s) < i+19 {
		return 0
	}
	sep := s[i+4]
	if (sep != '-' && sep != '/') || s[i+7] != sep || digits(s[i+5:]) != 2 || digits(s[i+8:]) != 2 {
		return 0
	}
	i += 10
	if s[i] != 'T' && s[i] != ' ' {
		return 0
	}
	i++
	if digits(s[i:]) != 2 || s[i+2] != ':' || digits(s[i+3:]) != 2 || s[i+5] != ':' || digits(s[i+6:]) != 2 {
		return 0
	}
	i += 8
	if i < len(s) && (s[i] == '.' || s[i] == ',') && digits(s[i+1:]) > 0 {
		i += 1 + digits(s[i+1:])
	}
	if i < len(s) && s[i] == 'Z' {
		i++
	} else if i < len(s) && (s[i] == '+' || s[i] == '-') && digits(s[i+1:]) == 2 {
		j := i + 3
		if j < len(s) && s[j] == ':' {
			j++
		}
		if digits(s[j:]) == 2 {
			i = j + 2
		}
	}
	if i < len(s) && s[i] == ']' {
		i++
	}
	k := i
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if k == i && k < len(s) {
		return 0 // a timestamp must be followed by a blank
	}
	return k
}

// buildkitLen returns the length of a BuildKit progress prefix: "#12 " or
// "#12 4.213 ".
func buildkitLen(s string) int {
	d := digits(s[1:])
	if d == 0 || len(s) <= 1+d || s[1+d] != ' ' {
		return 0
	}
	i := 2 + d
	return i + elapsedLen(s[i:])
}

// elapsedLen returns the length of a leading "4.213 " (seconds since the
// step started, as BuildKit prints them).
func elapsedLen(s string) int {
	d := digits(s)
	if d == 0 || d+1 >= len(s) || s[d] != '.' {
		return 0
	}
	f := digits(s[d+1:])
	if f == 0 || f > 3 || d+1+f >= len(s) || s[d+1+f] != ' ' {
		return 0
	}
	return d + f + 2
}

// quoteLen returns the length of the markdown quote markers a pasted log
// starts with: "> ", ">> ", "> > ". A marker is a '>' at the start of the
// line, or right after another marker, and the one blank after it; BuildKit's
// own " > [3/4] RUN …" summary lines start with a blank and are left alone.
func quoteLen(s string) int {
	i := 0
	for i < len(s) && s[i] == '>' {
		i++
		if i < len(s) && s[i] == ' ' {
			i++
		}
	}
	return i
}

func blanks(s string) int {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}
