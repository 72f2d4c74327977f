package rules

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/imageref"
)

// series is a Python release series, {major, minor}.
type series [2]int

func (s series) String() string { return fmt.Sprintf("%d.%d", s[0], s[1]) }

// knownSeries are the series of pythonEOL, oldest first.
func knownSeries() []series {
	out := make([]series, 0, len(pythonEOL))
	for s := range pythonEOL {
		out = append(out, series(s))
	}
	slices.SortFunc(out, func(a, b series) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	return out
}

// pythonAllows returns the known Python series that a version constraint
// lets in ("=3.8", ">=3.7,<3.11", "<3.10", "3.*", ">=3.8|=2.7"), judged the
// way conda and pip read them: a series is allowed when some release of it
// satisfies every clause of one alternative. ok is false when the
// constraint cannot be read; an empty constraint allows every series.
func pythonAllows(constraint string) (allowed []series, ok bool) {
	constraint = strings.TrimSpace(constraint)
	var alts [][]clause
	for _, alt := range strings.Split(constraint, "|") {
		var cs []clause
		for _, part := range strings.Split(alt, ",") {
			if strings.TrimSpace(part) == "" && constraint != "" {
				return nil, false
			}
			c, ok := parseClause(part)
			if !ok {
				return nil, false
			}
			cs = append(cs, c)
		}
		alts = append(alts, cs)
	}
	for _, s := range knownSeries() {
		for _, cs := range alts {
			if allAllow(cs, s) {
				allowed = append(allowed, s)
				break
			}
		}
	}
	return allowed, true
}

// clause is one comparison of a constraint: op and a version of one to
// three numbers (a trailing .* is a wildcard).
type clause struct {
	op       string // "", ">=", ">", "<=", "<", "==", "!=", "~="
	nums     []int
	wildcard bool
}

var clauseRE = regexp.MustCompile(`^(>=|<=|==|!=|~=|>|<|=)?\s*(\d+(?:\.\d+){0,2})(\.\*|\*)?$`)

func parseClause(s string) (clause, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "*" {
		return clause{}, true
	}
	m := clauseRE.FindStringSubmatch(s)
	if m == nil {
		return clause{}, false
	}
	c := clause{op: m[1], wildcard: m[3] != ""}
	for _, n := range strings.Split(m[2], ".") {
		v, err := strconv.Atoi(n)
		if err != nil {
			return clause{}, false
		}
		c.nums = append(c.nums, v)
	}
	return c, true
}

func allAllow(cs []clause, s series) bool {
	for _, c := range cs {
		if !c.allows(s) {
			return false
		}
	}
	return true
}

// allows reports whether some release of series s satisfies c.
func (c clause) allows(s series) bool {
	if len(c.nums) == 0 {
		return true
	}
	major := c.nums[0]
	if len(c.nums) == 1 {
		// A major version alone: "3", "=3", "3.*", ">=3", "<4".
		switch c.op {
		case ">=":
			return s[0] >= major
		case ">":
			return s[0] > major
		case "<=":
			return s[0] <= major
		case "<":
			return s[0] < major
		case "!=":
			return s[0] != major
		default:
			return s[0] == major
		}
	}
	at := series{major, c.nums[1]}
	cmpS := cmp.Or(cmp.Compare(s[0], at[0]), cmp.Compare(s[1], at[1]))
	patch := 0
	if len(c.nums) == 3 {
		patch = c.nums[2]
	}
	switch c.op {
	case ">=", ">":
		return cmpS >= 0 // later patches of the series satisfy a bound inside it
	case "<=":
		return cmpS <= 0
	case "<":
		return cmpS < 0 || (cmpS == 0 && patch > 0)
	case "!=":
		// "!=3.8" excludes the release 3.8.0 only; "!=3.8.*" the series.
		return !c.wildcard || cmpS != 0
	case "~=":
		if len(c.nums) == 3 {
			return cmpS == 0
		}
		return s[0] == at[0] && s[1] >= at[1]
	default: // "", "=", "==": one series
		return cmpS == 0
	}
}

// pythonVerdict says what the series a spec allows mean today: the newest
// allowed series and its end of life. ok is false when nothing known is
// allowed.
func pythonVerdict(allowed []series) (newest series, eol time.Time, ok bool) {
	if len(allowed) == 0 {
		return series{}, time.Time{}, false
	}
	newest = allowed[len(allowed)-1]
	return newest, pythonEOL[newest], true
}

// describeAllowed names the allowed series for a message: "Python 3.8" or
// "Python 3.7 to 3.10".
func describeAllowed(allowed []series) string {
	if len(allowed) == 1 {
		return "Python " + allowed[0].String()
	}
	return "Python " + allowed[0].String() + " to " + allowed[len(allowed)-1].String()
}

// pythonUse is one place that chooses a Python: a conda python dependency,
// a python image tag or a python= argument of a conda install in RUN.
type pythonUse struct {
	loc     ir.Location
	what    string // for messages: `"python>=3.7,<3.11"`, `base image "python:3.8-slim"`
	allowed []series
	conda   bool // a conda file's python dependency
}

// pythonUses lists every Python choice of the program that names at least
// one known series. Conda files come first, then base images, then RUN
// installs.
func pythonUses(p *lint.Pass) []pythonUse {
	var out []pythonUse
	for _, c := range p.Prog.Condas {
		py := condaPython(c)
		if py == nil || strings.TrimSpace(py.Version) == "" {
			continue
		}
		if allowed, ok := pythonAllows(py.Version); ok && len(allowed) > 0 {
			out = append(out, pythonUse{loc: py.Spec.Loc, what: quoteSpec(py), allowed: allowed, conda: true})
		}
	}
	for _, b := range p.Facts.BaseImages() {
		if b.Env != nil && b.Env.Conda != nil && condaPython(b.Env.Conda) != nil {
			continue // the conda environment Azure ML creates brings its own Python
		}
		if s, ok := imagePython(b.Ref.Value); ok {
			out = append(out, pythonUse{loc: b.Ref.Loc, what: "base image " + quoteImage(b.Ref.Value), allowed: []series{s}})
		}
	}
	for _, d := range p.Facts.Dockerfiles() {
		if d.File == nil {
			continue
		}
		for _, in := range d.Instructions {
			for _, inst := range p.Facts.Installs(in) {
				if inst.Tool == "pip" {
					continue
				}
				for i, a := range inst.Args {
					v, ok := condaPythonArg(a)
					if !ok {
						continue
					}
					if allowed, ok := pythonAllows(v); ok && len(allowed) > 0 {
						out = append(out, pythonUse{loc: inst.Locs[i], what: inst.Tool + " install " + strconv.Quote(a), allowed: allowed})
					}
				}
			}
		}
	}
	return out
}

// condaPythonArg returns the version of a "python=3.7" / "python==3.7.1" /
// "python>=3.8" argument of conda install or create.
func condaPythonArg(arg string) (string, bool) {
	a := strings.Trim(arg, `'"`)
	if _, rest, ok := strings.Cut(a, "::"); ok {
		a = rest
	}
	rest, ok := strings.CutPrefix(strings.ToLower(a), "python")
	if !ok || rest == "" || !strings.ContainsAny(rest[:1], "=<>!~") {
		return "", false
	}
	return rest, true
}

var (
	// pythonTagRE is the version at the start of a python image tag:
	// "3.8", "3.8.10-slim", "3.10-bullseye".
	pythonTagRE = regexp.MustCompile(`^(\d+)\.(\d+)(?:$|[.-])`)
	// azuremlPyRE is the Python in an Azure ML image name: "-py38-",
	// "-py37-cpu-inference", "-py310".
	azuremlPyRE = regexp.MustCompile(`-py(3)(\d{1,2})(?:$|-)`)
)

// imagePython returns the Python series a base image is known to carry:
// the official python image's version tag, or the pyNN part of an Azure ML
// image name.
func imagePython(ref string) (series, bool) {
	repo := imageref.Short(ref)
	tag := imageref.Tag(ref)
	switch {
	case repo == "python":
		m := pythonTagRE.FindStringSubmatch(tag)
		if m == nil {
			return series{}, false
		}
		return atoiSeries(m[1], m[2])
	case strings.HasPrefix(repo, "mcr.microsoft.com/azureml/"):
		m := azuremlPyRE.FindStringSubmatch(repo)
		if m == nil {
			return series{}, false
		}
		return atoiSeries(m[1], m[2])
	}
	return series{}, false
}

func atoiSeries(a, b string) (series, bool) {
	x, err1 := strconv.Atoi(a)
	y, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil {
		return series{}, false
	}
	s := series{x, y}
	_, known := pythonEOL[s]
	return s, known
}

// supportedPython is the oldest series that is not past its end of life
// and not within a year of it on day today, for suggestions.
func supportedPython(today time.Time) series {
	for _, s := range knownSeries() {
		if s[0] == 3 && pythonEOL[s].After(today.AddDate(1, 0, 0)) {
			return s
		}
	}
	return series{3, 14}
}

// pythonEOLFindings reports, for AML304 (past) and AML305 (within a year),
// every Python choice whose newest allowed series is in that state.
func pythonEOLFindings(p *lint.Pass, past bool) {
	today := p.Opts.Today
	for _, u := range pythonUses(p) {
		newest, eol, ok := pythonVerdict(u.allowed)
		if !ok {
			continue
		}
		isPast := today.After(eol)
		soon := !isPast && !today.AddDate(1, 0, 0).Before(eol)
		if past != isPast || (!past && !soon) {
			continue
		}
		conda := u.conda
		switch {
		case past && conda && len(u.allowed) == 1:
			p.Reportf(u.loc, "Python %s reached its end of life on %s and is not supported; use a newer Python", newest, eol.Format("2006-01-02"))
		case past && len(u.allowed) == 1:
			p.Reportf(u.loc, "%s means Python %s, which reached its end of life on %s and is not supported; use Python %s or newer", u.what, newest, eol.Format("2006-01-02"), supportedPython(today))
		case past:
			p.Reportf(u.loc, "%s allows only %s, all past their end of life (%s on %s) and not supported; allow a supported Python, e.g. python=%s", u.what, describeAllowed(u.allowed), newest, eol.Format("2006-01-02"), supportedPython(today))
		case conda && len(u.allowed) == 1:
			p.Reportf(u.loc, "Python %s reaches its end of life on %s; plan the move to a newer Python", newest, eol.Format("2006-01-02"))
		case len(u.allowed) == 1:
			p.Reportf(u.loc, "%s means Python %s, which reaches its end of life on %s; plan the move to Python %s or newer", u.what, newest, eol.Format("2006-01-02"), supportedPython(today))
		default:
			p.Reportf(u.loc, "%s allows at most %s, which reaches its end of life on %s; allow a newer Python", u.what, "Python "+newest.String(), eol.Format("2006-01-02"))
		}
	}
}
