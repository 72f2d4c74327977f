package pkgspec

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// ParseCondaSpec parses a conda match spec the way conda reads one:
//
//	[channel::]name[ ]version[ |=build]   numpy=1.26.4, numpy 1.26.4 py312h0, scipy==1.13=py311h0
//	name[key=value, ...]                  numpy[version='>=1.20',build=py*]
//	URL or path of a .conda / .tar.bz2 package file
//
// The name runs up to the first blank or operator character (=<>!~). The
// rest is a version, then optionally a build string, which is the last
// field after a blank or "=" that does not follow an operator and holds no
// operator itself; blanks inside the version are removed, so that
// "PyJWT < 2.0.0" is PyJWT with version "<2.0.0", and ">=1.0 , < 2.0 py34_0"
// is version ">=1.0,<2.0" with build "py34_0". Version is kept as written
// otherwise ("=1.26", "==1.26.4", "1.26.*", "=*"); CondaPin classifies it.
func ParseCondaSpec(spec string) ir.CondaDep {
	s := strings.TrimSpace(spec)
	var d ir.CondaDep
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if s == "" {
		d.Err = "empty dependency"
		return d
	}
	if packageFile(s) {
		parsePackageFile(s, &d)
		return d
	}
	var bracket map[string]string
	if i := strings.IndexByte(s, '['); i >= 0 {
		j := strings.LastIndexByte(s, ']')
		if j < i {
			d.Err = "unclosed bracket"
			return d
		}
		bracket = map[string]string{}
		for _, kv := range splitBracket(s[i+1 : j]) {
			k, v, _ := strings.Cut(kv, "=")
			k, v = strings.TrimSpace(k), strings.Trim(strings.TrimSpace(v), `'"`)
			if k == "" || v == "" {
				d.Err = "brackets hold key=value pairs such as version='>=1.0' (pip extras belong in the pip: list)"
				return d
			}
			bracket[k] = v
		}
		s = strings.TrimSpace(s[:i] + s[j+1:])
	}
	if ch, rest, ok := strings.Cut(s, "::"); ok {
		d.Channel, s = ch, rest
	}
	n := 0
	for n < len(s) && strings.IndexByte(" \t=<>!~", s[n]) < 0 {
		n++
	}
	d.Name = strings.ToLower(s[:n])
	if rest := strings.TrimSpace(s[n:]); rest != "" {
		d.Version, d.Build = versionPlusBuild(rest)
	}
	if v, ok := bracket["version"]; ok {
		d.Version = strings.ReplaceAll(v, " ", "")
	}
	if b, ok := bracket["build"]; ok {
		d.Build = b
	}
	d.Err = condaSpecErr(&d)
	return d
}

// versionPlusBuild splits what follows a conda package name into version
// and build: the build is the shortest tail after a blank or "=" that does
// not follow an operator character and contains no operator.
func versionPlusBuild(s string) (version, build string) {
	for i := 1; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '=' && s[i] != '\t' {
			continue
		}
		if strings.IndexByte("=!|,<>~ \t", s[i-1]) >= 0 {
			continue
		}
		b := strings.TrimSpace(s[i+1:])
		if b == "" || strings.ContainsAny(b, "-=,|<>~") {
			continue
		}
		return removeBlanks(s[:i]), b
	}
	return removeBlanks(s), ""
}

func removeBlanks(s string) string {
	if !strings.ContainsAny(s, " \t") {
		return s // nearly every spec: no replacer to build
	}
	return strings.NewReplacer(" ", "", "\t", "").Replace(s)
}

func condaSpecErr(d *ir.CondaDep) string {
	if d.Name == "" {
		return "a dependency must start with a package name"
	}
	for i := 0; i < len(d.Name); i++ {
		if c := d.Name[i]; !isNameByte(c) && c != '*' {
			return "package name " + quote(d.Name) + " contains " + quote(string(c))
		}
	}
	for i := 0; i < len(d.Build); i++ {
		if c := d.Build[i]; !isNameByte(c) && strings.IndexByte("*+!", c) < 0 {
			return "build " + quote(d.Build) + " contains " + quote(string(c))
		}
	}
	v := d.Version
	if v == "" {
		return ""
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !isNameByte(c) && strings.IndexByte("*=<>!~,|+()", c) < 0 {
			return "version " + quote(v) + " contains " + quote(string(c))
		}
	}
	if strings.Trim(v, "=<>!~") == "" {
		return "version " + quote(v) + " has no version number"
	}
	return condaVersionErr(v)
}

// packageFile reports whether a spec names a package file (a URL or path
// ending in .conda or .tar.bz2) rather than a match spec.
func packageFile(s string) bool {
	low := strings.ToLower(s)
	return (strings.HasSuffix(low, ".conda") || strings.HasSuffix(low, ".tar.bz2")) &&
		(strings.Contains(s, "/") || strings.Contains(s, "\\"))
}

// parsePackageFile reads name, version and build from a package file name
// (name-version-build.conda); the version is exact.
func parsePackageFile(s string, d *ir.CondaDep) {
	base := s[strings.LastIndexAny(s, `/\`)+1:]
	for _, ext := range []string{".conda", ".tar.bz2"} {
		if strings.HasSuffix(strings.ToLower(base), ext) {
			base = base[:len(base)-len(ext)]
			break
		}
	}
	j := strings.LastIndexByte(base, '-')
	i := -1
	if j > 0 {
		i = strings.LastIndexByte(base[:j], '-')
	}
	if i <= 0 {
		d.Err = "package file name " + quote(base) + " is not name-version-build"
		return
	}
	d.Name, d.Version, d.Build = strings.ToLower(base[:i]), "=="+base[i+1:j], base[j+1:]
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
// "," (and) or "|" (or), optionally grouped in parentheses, each an
// optional operator (==, =, >=, <=, >, <, !=, ~=) and a version of
// letters, digits and ".+_!*-". It returns why the constraint is
// malformed, or "".
func condaVersionErr(v string) string {
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '|' }) {
		p := strings.Trim(strings.TrimSpace(part), "()")
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
			if !versionByte(p[i]) {
				return "version " + quote(v) + " has " + quote(string(p[i])) + " where a version is expected"
			}
		}
	}
	return ""
}

func versionByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || strings.IndexByte(".+_!*-", c) >= 0
}
