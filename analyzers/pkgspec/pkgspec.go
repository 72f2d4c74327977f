// Package pkgspec parses pip requirement lines (PEP 508 with pip's options) and
// conda match specs, and normalises package names. It is a leaf: the loader
// and diagnose both use it without depending on each other.
package pkgspec

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
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

// pipOptionsWithValue are the requirements-file options that take an argument.
var pipOptionsWithValue = map[string]string{
	"-r": "--requirement", "--requirement": "--requirement",
	"-c": "--constraint", "--constraint": "--constraint",
	"-e": "--editable", "--editable": "--editable",
	"-i": "--index-url", "--index-url": "--index-url",
	"--extra-index-url": "--extra-index-url",
	"-f":                "--find-links", "--find-links": "--find-links",
	"--trusted-host": "--trusted-host",
	"--no-binary":    "--no-binary", "--only-binary": "--only-binary",
	"--use-feature": "--use-feature",
}

// ParseRequirement parses one logical requirements line (comment already
// removed, continuations joined).
func ParseRequirement(line string) ir.PipReq {
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
	long, known := pipOptionsWithValue[name]
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
	r.Name = NormalizeName(body[:i])
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
		if op == "" {
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

// ParseCondaSpec parses a conda match spec:
// [channel::]name[ version[ build]], name=1.2[=build], name>=1,<2,
// name[version='>=1.0',build=py38*].
func ParseCondaSpec(spec string) ir.CondaDep {
	s := strings.TrimSpace(spec)
	var d ir.CondaDep
	if s == "" {
		d.Err = "empty dependency"
		return d
	}
	if ch, rest, ok := strings.Cut(s, "::"); ok {
		d.Channel, s = ch, rest
	}
	if i := strings.IndexByte(s, '['); i >= 0 {
		if !strings.HasSuffix(s, "]") {
			d.Err = "unclosed bracket"
			return d
		}
		for _, kv := range splitBracket(s[i+1 : len(s)-1]) {
			k, v, _ := strings.Cut(kv, "=")
			v = strings.Trim(strings.TrimSpace(v), `'"`)
			switch strings.TrimSpace(k) {
			case "version":
				d.Version = v
			case "build":
				d.Build = v
			}
		}
		s = strings.TrimSpace(s[:i])
	}
	if f := strings.Fields(s); len(f) > 1 {
		d.Name = strings.ToLower(f[0])
		d.Version = strings.Join(f[1:2], "")
		if len(f) > 2 {
			d.Build = f[2]
		}
		if len(f) > 3 {
			d.Err = "too many fields"
		}
	} else {
		i := 0
		for i < len(s) && (isNameByte(s[i]) || s[i] == '*') {
			i++
		}
		d.Name = strings.ToLower(s[:i])
		rest := s[i:]
		if rest != "" && d.Version == "" {
			// name=1.2=build: the second "=" (not part of an operator) starts the build.
			if strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "==") {
				if j := strings.IndexByte(rest[1:], '='); j >= 0 {
					d.Build = rest[j+2:]
					rest = rest[:j+1]
				}
			}
			d.Version = rest
		} else if rest != "" {
			d.Err = "version given twice"
		}
	}
	switch {
	case d.Err != "":
	case d.Name == "":
		d.Err = "a dependency must start with a package name"
	default:
		for i := 0; i < len(d.Version); i++ {
			c := d.Version[i]
			if !isNameByte(c) && strings.IndexByte("*=<>!~,|+ ", c) < 0 {
				d.Err = "version " + quote(d.Version) + " contains " + quote(string(c))
				break
			}
		}
		if d.Err == "" && d.Version != "" && strings.Trim(d.Version, "=<>!~") == "" {
			d.Err = "version " + quote(d.Version) + " has no version number"
		}
		if d.Err == "" && d.Version != "" {
			d.Err = condaVersionErr(d.Version)
		}
	}
	return d
}

func splitBracket(s string) []string {
	var out []string
	var cur strings.Builder
	inQ := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQ != 0:
			if c == inQ {
				inQ = 0
			}
		case c == '\'' || c == '"':
			inQ = c
		case c == ',':
			out = append(out, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteByte(c)
	}
	return append(out, cur.String())
}

// condaVersionErr checks a conda version constraint: constraints joined by
// "," (and) or "|" (or), each an optional operator (==, =, >=, <=, >, <,
// !=, ~=) and a version of letters, digits and ".+_!*-". It returns why
// the constraint is malformed, or "".
func condaVersionErr(v string) string {
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '|' }) {
		p := strings.TrimSpace(part)
		for _, op := range []string{"==", ">=", "<=", "!=", "~=", "=", ">", "<"} {
			if strings.HasPrefix(p, op) {
				p = p[len(op):]
				break
			}
		}
		if p == "" {
			return "version " + quote(v) + " has an operator without a version"
		}
		for i := 0; i < len(p); i++ {
			c := p[i]
			if !versionByte(c) {
				return "version " + quote(v) + " has " + quote(string(c)) + " where a version is expected"
			}
		}
	}
	return ""
}

func versionByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || strings.IndexByte(".+_!*-", c) >= 0
}
