// Package pkgspec parses pip requirement lines (PEP 508 with pip's options) and
// conda match specs, and normalises package names. It is a leaf: the loader
// and diagnose both use it without depending on each other.
package pkgspec

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
)

// NormalizeName applies PEP 503 normalisation: lower case, runs of "-", "_"
// and "." become one "-".
func NormalizeName(name string) string {
	var b strings.Builder
	prevSep := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '-' || c == '_' || c == '.' {
			if !prevSep {
				b.WriteByte('-')
			}
			prevSep = true
			continue
		}
		prevSep = false
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isNameByte(c byte) bool {
	return c == '-' || c == '_' || c == '.' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// ParseRequirement parses one logical requirements line (comment already
// removed, continuations joined).
//
// pip expands ${NAME} in requirements files from the environment; a line
// that holds one is parsed as far as possible, gets the variable as its
// Placeholder, and no Err, since its final text is unknown here.
func ParseRequirement(line string) ir.PipReq {
	r := parseRequirement(line)
	if i := strings.Index(r.Raw, "${"); i >= 0 {
		v := r.Raw[i:]
		if j := strings.IndexByte(v, '}'); j >= 0 {
			v = v[:j+1]
		}
		r.Placeholder, r.Err = v, ""
	}
	return r
}

func parseRequirement(line string) ir.PipReq {
	s := strings.TrimSpace(line)
	r := ir.PipReq{Raw: s}
	if strings.HasPrefix(s, "-") {
		parseOption(s, &r)
		return r
	}
	// Per-requirement options: --hash=..., --config-settings ...
	if i := strings.Index(s, " --"); i >= 0 {
		opts := strings.Fields(s[i:])
		s = strings.TrimSpace(s[:i])
		for _, o := range opts {
			if h, ok := strings.CutPrefix(o, "--hash="); ok {
				r.Hashes = append(r.Hashes, h)
			}
		}
	}
	parseReqSpec(s, &r)
	return r
}

func parseOption(s string, r *ir.PipReq) {
	name, value := s, ""
	if i := strings.IndexAny(s, " \t="); i >= 0 {
		name, value = s[:i], strings.TrimSpace(s[i+1:])
	} else if len(s) > 2 && s[1] != '-' {
		// -rfile
		name, value = s[:2], s[2:]
	}
	r.Option = name
	r.Value = value
	long, known := shellcmd.PipValueOption(name)
	if !known {
		r.Kind = ir.ReqOption
		return
	}
	switch long {
	case "--requirement":
		r.Kind = ir.ReqInclude
		r.URL = value
	case "--constraint":
		r.Kind = ir.ReqConstraint
		r.URL = value
	case "--editable":
		r.Kind = ir.ReqEditable
		r.URL = value
		if i := strings.Index(value, "#egg="); i >= 0 {
			r.Name = NormalizeName(strings.SplitN(value[i+5:], "&", 2)[0])
		}
	default:
		r.Kind = ir.ReqOption
	}
	if value == "" {
		r.Err = "option " + name + " needs a value"
	}
}

func isURL(s string) bool {
	for _, p := range []string{"http://", "https://", "file:", "git+", "hg+", "svn+", "bzr+", "ftp://", "git://"} {
		if strings.HasPrefix(strings.ToLower(s), p) {
			return true
		}
	}
	return false
}

func isPath(s string) bool {
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~") || strings.HasPrefix(s, "$") {
		return true
	}
	low := strings.ToLower(s)
	for _, ext := range []string{".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz"} {
		if strings.HasSuffix(low, ext) {
			return true
		}
	}
	return strings.Contains(s, "/") && !strings.Contains(s, "@")
}

// isNamedURL reports whether s has the PEP 508 "name @ url" form.
func isNamedURL(s string) bool {
	i := 0
	for i < len(s) && isNameByte(s[i]) {
		i++
	}
	if i == 0 {
		return false
	}
	rest := strings.TrimSpace(s[i:])
	if strings.HasPrefix(rest, "[") {
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return false
		}
		rest = strings.TrimSpace(rest[j+1:])
	}
	return strings.HasPrefix(rest, "@")
}

// parseReqSpec parses a PEP 508 requirement (or a URL/path).
func parseReqSpec(s string, r *ir.PipReq) {
	if s == "" {
		r.Err = "empty requirement"
		return
	}
	body, marker, _ := strings.Cut(s, ";")
	r.Marker = strings.TrimSpace(marker)
	body = strings.TrimSpace(body)
	if isURL(body) {
		r.Kind = ir.ReqURL
		if strings.HasPrefix(strings.ToLower(body), "file:") {
			r.Kind = ir.ReqPath
		}
		r.URL = body
		if i := strings.Index(body, "#egg="); i >= 0 {
			r.Name = NormalizeName(strings.SplitN(body[i+5:], "&", 2)[0])
		}
		return
	}
	if isPath(body) && !isNamedURL(body) {
		r.Kind = ir.ReqPath
		r.URL = body
		return
	}
	i := 0
	for i < len(body) && isNameByte(body[i]) {
		i++
	}
	if i == 0 {
		r.Err = "a requirement must start with a package name"
		return
	}
	r.Name, r.WrittenName = NormalizeName(body[:i]), body[:i]
	rest := strings.TrimSpace(body[i:])
	if strings.HasPrefix(rest, "[") {
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			r.Err = "unclosed extras bracket"
			return
		}
		for _, e := range strings.Split(rest[1:j], ",") {
			if e = strings.TrimSpace(e); e != "" {
				r.Extras = append(r.Extras, e)
			}
		}
		rest = strings.TrimSpace(rest[j+1:])
	}
	if strings.HasPrefix(rest, "@") {
		r.Kind = ir.ReqURL
		r.URL = strings.TrimSpace(rest[1:])
		if r.URL == "" {
			r.Err = "missing URL after @"
		}
		return
	}
	if strings.HasPrefix(rest, "(") && strings.HasSuffix(rest, ")") {
		rest = strings.TrimSpace(rest[1 : len(rest)-1])
	}
	r.Specifier = rest
	if rest != "" {
		if msg := checkSpecifier(rest); msg != "" {
			r.Err = msg
		}
	}
}

// checkSpecifier validates a PEP 440 specifier set ("==1.2", ">=1,<2").
func checkSpecifier(spec string) string {
	for _, clause := range strings.Split(spec, ",") {
		c := strings.TrimSpace(clause)
		op := ""
		for _, o := range []string{"===", "~=", "==", "!=", "<=", ">=", "<", ">"} {
			if strings.HasPrefix(c, o) {
				op = o
				break
			}
		}
		switch {
		case op == "" && strings.HasPrefix(c, "="):
			return "\"=\" is not a version operator; pip's is \"==\""
		case op == "" && c != "" && c[0] >= '0' && c[0] <= '9':
			return "a version must follow an operator such as =="
		case op == "":
			return "version specifier " + quote(c) + " must start with ==, !=, <=, >=, <, >, ~= or ==="
		}
		v := strings.TrimSpace(c[len(op):])
		if v == "" {
			return "version specifier " + quote(c) + " has no version"
		}
		for i := 0; i < len(v); i++ {
			ch := v[i]
			if !isNameByte(ch) && ch != '*' && ch != '+' && ch != '!' {
				return "version " + quote(v) + " contains " + quote(string(ch))
			}
		}
	}
	return ""
}

func quote(s string) string { return "\"" + s + "\"" }

// Fix returns the requirement pip would accept in place of one it rejects,
// when the mistake is a known one: conda's "=" (pandas=2.0 → pandas==2.0),
// a bare version after the name (pandas 2.0), reversed operators (=>, =<),
// or a conda build string (numpy==1.26.4=py311h0). It returns "" when it
// knows no fix.
func Fix(r *ir.PipReq) string {
	if r.Err == "" || r.Kind != ir.ReqPackage || r.Specifier == "" {
		return ""
	}
	i := strings.Index(r.Raw, r.Specifier)
	if i < 0 {
		return ""
	}
	head, tail := strings.TrimSpace(r.Raw[:i]), r.Raw[i+len(r.Specifier):]
	if strings.HasSuffix(head, "(") && strings.HasPrefix(tail, ")") {
		head, tail = strings.TrimSpace(strings.TrimSuffix(head, "(")), tail[1:]
	}
	var parts []string
	for _, c := range strings.Split(r.Specifier, ",") {
		c = strings.TrimSpace(c)
		switch {
		case strings.HasPrefix(c, "=>"):
			c = ">=" + strings.TrimSpace(c[2:])
		case strings.HasPrefix(c, "=<"):
			c = "<=" + strings.TrimSpace(c[2:])
		case strings.HasPrefix(c, "=") && !strings.HasPrefix(c, "=="):
			c = "==" + strings.TrimSpace(c[1:])
		case c != "" && c[0] >= '0' && c[0] <= '9':
			c = "==" + c
		}
		if op, v, ok := cutOperator(c); ok {
			if j := strings.IndexByte(v, '='); j > 0 {
				v = v[:j] // a conda build string after the version
			}
			c = op + v
		}
		parts = append(parts, c)
	}
	spec := strings.Join(parts, ",")
	if checkSpecifier(spec) != "" {
		return ""
	}
	return head + spec + tail
}

// cutOperator splits a PEP 440 clause into its operator and version.
func cutOperator(c string) (op, v string, ok bool) {
	for _, o := range []string{"===", "~=", "==", "!=", "<=", ">=", "<", ">"} {
		if strings.HasPrefix(c, o) {
			return o, strings.TrimSpace(c[len(o):]), true
		}
	}
	return "", c, false
}
