package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// condaTop is where a diagnostic about a whole conda specification points:
// its dependencies key, else its first key, else the top of its file.
func condaTop(c *ir.Conda) ir.Location {
	if c.DepsKey != nil {
		return c.DepsKey.Loc
	}
	if c.Node != nil && len(c.Node.Content) > 0 {
		return nodeLoc(c.File, c.Node.Content[0])
	}
	return c.File.Loc(c.File.LineRange(1))
}

// hasDep reports whether the conda file lists a package of the given
// (lower-case) name, whatever its version: "pip={{pip}}" lists pip, with a
// version that is unknown, not absent.
func hasDep(c *ir.Conda, name string) bool {
	for _, d := range c.Dependencies {
		if d.Name == name && (d.Err == "" || d.Spec.Unknown()) {
			return true
		}
	}
	return false
}

// depsNamed returns the dependencies with the given (lower-case) name
// whose spec is known (a templated spec cannot be judged).
func depsNamed(c *ir.Conda, name string) []*ir.CondaDep {
	var out []*ir.CondaDep
	for _, d := range c.Dependencies {
		if d.Err == "" && !d.Spec.Unknown() && d.Name == name {
			out = append(out, d)
		}
	}
	return out
}

// pythonVersion extracts major and minor from a (python) dependency's
// version when it names one series ("=3.10", "==3.10.13", "3.10.*",
// ">=3.10,<3.11"); ok is false for open ranges and unparsable versions.
func pythonVersion(version string) (major, minor int, ok bool) {
	v := strings.TrimSpace(version)
	if v == "" {
		return 0, 0, false
	}
	if strings.ContainsAny(v, "<>!~|,") {
		// ">=3.10,<3.11" names one series; other ranges do not.
		lo, hi, found := strings.Cut(v, ",")
		if !found || !strings.HasPrefix(lo, ">=") || !strings.HasPrefix(hi, "<") {
			return 0, 0, false
		}
		maj, mnr, ok := parseMajorMinor(strings.TrimPrefix(lo, ">="))
		hmaj, hmnr, hok := parseMajorMinor(strings.TrimLeft(hi, "<="))
		if !ok || !hok || hmaj != maj || hmnr != mnr+1 {
			return 0, 0, false
		}
		return maj, mnr, true
	}
	return parseMajorMinor(strings.TrimLeft(v, "="))
}

func parseMajorMinor(v string) (int, int, bool) {
	parts := strings.Split(strings.TrimSpace(v), ".")
	if len(parts) < 2 {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return major, minor, true
}

// validPythonVersion reports whether a python dependency's version is
// something conda accepts for python: operators, then digits and dots,
// an optional trailing * (several constraints joined by , or |).
func validPythonVersion(version string) bool {
	for _, part := range strings.FieldsFunc(version, func(r rune) bool { return r == ',' || r == '|' }) {
		p := strings.TrimLeft(strings.TrimSpace(part), "=<>!~")
		p = strings.TrimSuffix(strings.TrimSuffix(p, "*"), ".")
		if p == "" {
			return false
		}
		for _, seg := range strings.Split(p, ".") {
			if _, err := strconv.Atoi(seg); err != nil {
				return false
			}
		}
	}
	return strings.TrimSpace(version) != ""
}

// pythonEOL is the end of life of each Python 3 series (Python developer
// guide, "Status of Python versions"; future dates from each release PEP).
var pythonEOL = map[[2]int]time.Time{
	{2, 7}:  date(2020, 1, 1),
	{3, 0}:  date(2009, 6, 27),
	{3, 1}:  date(2012, 4, 9),
	{3, 2}:  date(2016, 2, 20),
	{3, 3}:  date(2017, 9, 29),
	{3, 4}:  date(2019, 3, 18),
	{3, 5}:  date(2020, 9, 30),
	{3, 6}:  date(2021, 12, 23),
	{3, 7}:  date(2023, 6, 27),
	{3, 8}:  date(2024, 10, 7),
	{3, 9}:  date(2025, 10, 31),
	{3, 10}: date(2026, 10, 31),
	{3, 11}: date(2027, 10, 31),
	{3, 12}: date(2028, 10, 31),
	{3, 13}: date(2029, 10, 31),
	{3, 14}: date(2030, 10, 31),
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// condaPython is the python dependency a conda spec pins, for the Python
// version rules: the first well-formed one.
func condaPython(c *ir.Conda) *ir.CondaDep {
	if ds := depsNamed(c, "python"); len(ds) > 0 {
		return ds[0]
	}
	return nil
}

// quoteSpec quotes a dependency as written.
// A YAML number or boolean is shown as written, not as a string.
func quoteSpec(d *ir.CondaDep) string {
	if n := d.Spec.Node; n != nil && n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float" || n.Tag == "!!bool") {
		return d.Spec.Value
	}
	return fmt.Sprintf("%q", d.Spec.Value)
}

// nodeKind names what a dependency item is when it is not a scalar ("a
// list", "a mapping", "empty"), or "" for a scalar.
func nodeKind(s *ir.Scalar) string {
	if s == nil || s.Node == nil {
		return ""
	}
	switch {
	case s.Node.Kind == yaml.SequenceNode:
		return "a list"
	case s.Node.Kind == yaml.MappingNode:
		return "a mapping"
	case s.Node.Kind == yaml.ScalarNode && s.Node.Tag == yamlnode.NullTag:
		return "empty"
	}
	return ""
}

// isPythonSpec reports whether a dependency (possibly malformed) is python.
func isPythonSpec(d *ir.CondaDep) bool {
	if d.Name == "python" {
		return true
	}
	v := strings.ToLower(strings.TrimSpace(d.Spec.Value))
	if _, rest, ok := strings.Cut(v, "::"); ok {
		v = rest
	}
	return v == "python" || strings.HasPrefix(v, "python=") || strings.HasPrefix(v, "python ") ||
		strings.HasPrefix(v, "python<") || strings.HasPrefix(v, "python>") || strings.HasPrefix(v, "python!")
}

// managedConda reports whether Azure ML creates the environment's conda
// environment itself: a v2 conda_file, or v1 condaDependencies with
// userManagedDependencies not true.
func managedConda(e *ir.Env) bool {
	if e.Conda == nil {
		return false
	}
	if e.Format == ir.FormatV1 {
		return e.V1 == nil || e.V1.UserManagedDependencies == nil || !strings.EqualFold(strings.TrimSpace(e.V1.UserManagedDependencies.Value), "true")
	}
	return e.Build == nil
}
