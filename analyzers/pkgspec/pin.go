package pkgspec

import (
	"strconv"
	"strings"
)

// Pin says how tightly a version constraint fixes what gets installed. pip
// and conda constraints are judged alike: one release series (major.minor)
// is a pin in both, whatever the syntax.
type Pin int

// Pin levels, loosest first.
const (
	PinNone   Pin = iota // no constraint: any version
	PinRange             // more than one release series: >=1.2, <2, ~=1.2, =1, 1.*
	PinSeries            // one release series: pip ==1.2.*, ~=1.2.3; conda =1.2, 1.2.*; >=1.2,<1.3
	PinExact             // one version: pip ==1.2.3, ===1.2.3; conda ==1.2.3, "1.2.3"
	PinBuild             // conda only: any version of a chosen build (blas=*=mkl)
)

// Pinned reports whether the constraint fixes a release series or better.
func (p Pin) Pinned() bool { return p >= PinSeries }

// clause is one comparison of a constraint.
type clause struct{ op, v string }

var operators = []string{"===", "==", "~=", "!=", "<=", ">=", "<", ">", "="}

func clauses(spec string, sep string) []clause {
	var out []clause
	for _, part := range strings.FieldsFunc(spec, func(r rune) bool { return strings.ContainsRune(sep, r) }) {
		p := strings.TrimSpace(strings.Trim(strings.TrimSpace(part), "()"))
		if p == "" {
			continue
		}
		c := clause{v: p}
		for _, op := range operators {
			if strings.HasPrefix(p, op) {
				c = clause{op: op, v: strings.TrimSpace(p[len(op):])}
				break
			}
		}
		out = append(out, c)
	}
	return out
}

// PipPin classifies a PEP 440 specifier set ("==1.2.3", ">=1,<2", "~=1.2.0").
func PipPin(spec string) Pin {
	return judge(clauses(spec, ","), false)
}

// CondaPin classifies a conda version constraint as ParseCondaSpec keeps it
// ("=1.26", "==1.26.4", "1.26.*", ">=1.2,<2", "=*") together with its build.
func CondaPin(version, build string) Pin {
	v := strings.TrimSpace(version)
	if v == "" || v == "*" || v == "=*" {
		if b := strings.Trim(build, "*"); b != "" {
			return PinBuild
		}
		return PinNone
	}
	if strings.Contains(v, "|") {
		return PinRange
	}
	return judge(clauses(v, ","), true)
}

// judge classifies a conjunction of clauses. In conda, a bare version is
// exact unless it has a "*", and "=X.Y" means X.Y.*.
func judge(cs []clause, conda bool) Pin {
	if len(cs) == 0 {
		return PinNone
	}
	best := PinRange
	var lo, hi string
	for _, c := range cs {
		switch c.op {
		case "===":
			return PinExact
		case "==", "":
			if c.op == "" && !conda {
				return PinRange // not a PEP 440 clause; the caller reports it
			}
			if !strings.Contains(c.v, "*") {
				return PinExact
			}
			if globFixed(c.v) >= 2 {
				best = PinSeries
			}
		case "=":
			if !conda {
				return PinRange
			}
			if globFixed(strings.TrimSuffix(c.v, "*")+"*") >= 2 {
				best = PinSeries
			}
		case "~=":
			if len(releaseParts(c.v)) >= 3 {
				best = PinSeries
			}
		case ">=":
			lo = c.v
		case "<":
			hi = c.v
		}
	}
	if best == PinRange && lo != "" && hi != "" && oneSeries(lo, hi) {
		best = PinSeries
	}
	return best
}

// globFixed counts the release components before a "*": "1.27.*" and
// "1.27*" fix 2, "1.*" fixes 1; a "*" in the middle ("1.*.2") fixes 0.
func globFixed(v string) int {
	i := strings.IndexByte(v, '*')
	if i < 0 {
		return len(releaseParts(v))
	}
	if i != len(v)-1 {
		return 0
	}
	return len(releaseParts(strings.TrimSuffix(v[:i], ".")))
}

// oneSeries reports whether >=lo,<hi admits one release series: same
// major, and hi is the next minor (1.2 → 1.3 or 1.3.0).
func oneSeries(lo, hi string) bool {
	l, h := releaseParts(lo), releaseParts(hi)
	if len(l) < 2 || len(h) < 2 {
		return false
	}
	for _, x := range h[2:] {
		if x != 0 {
			return false
		}
	}
	return l[0] == h[0] && h[1] == l[1]+1
}

// releaseParts returns the numeric release components at the start of a
// version ("1!2.3.4rc1" → [2 3 4]); it stops at the first non-numeric part.
func releaseParts(v string) []int {
	if i := strings.IndexByte(v, '!'); i >= 0 {
		v = v[i+1:]
	}
	v = strings.TrimPrefix(strings.TrimPrefix(v, "v"), "V")
	var out []int
	for _, part := range strings.Split(v, ".") {
		j := 0
		for j < len(part) && part[j] >= '0' && part[j] <= '9' {
			j++
		}
		if j == 0 {
			break
		}
		n, err := strconv.Atoi(part[:j])
		if err != nil {
			break
		}
		out = append(out, n)
		if j < len(part) {
			break // 0b1, 2rc1: the release ends here
		}
	}
	return out
}

// CompareRelease compares the numeric releases of two versions, missing
// components counting as 0 ("24" == "24.0"); pre-release and local parts
// are ignored.
func CompareRelease(a, b string) int {
	x, y := releaseParts(a), releaseParts(b)
	for i := 0; i < max(len(x), len(y)); i++ {
		var p, q int
		if i < len(x) {
			p = x[i]
		}
		if i < len(y) {
			q = y[i]
		}
		switch {
		case p < q:
			return -1
		case p > q:
			return 1
		}
	}
	return 0
}

// Bound is one end of the versions a constraint allows.
type Bound struct {
	V         string // "" when that end is open
	Inclusive bool
}

// Bounds returns the lowest and highest versions a pip specifier set or a
// conda version allows, as far as ==, ===, >=, >, <=, < and ~= tell.
func Bounds(spec string) (lo, hi Bound) {
	for _, c := range clauses(spec, ",") {
		if c.v == "" || strings.Contains(c.v, "*") {
			continue
		}
		switch c.op {
		case "==", "===":
			return Bound{c.v, true}, Bound{c.v, true}
		case ">=", "~=":
			lo = Bound{c.v, true}
		case ">":
			lo = Bound{c.v, false}
		case "<=":
			hi = Bound{c.v, true}
		case "<":
			hi = Bound{c.v, false}
		}
	}
	return lo, hi
}
