package rules

import (
	"fmt"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
)

// currentPip is the pip suggested for current Python series (26.1.1,
// released 2026-05-04, per pip's changelog).
const currentPip = "26.1.1"

// lastPip is the newest pip that still installs on each older Python
// series. From pip's changelog: 19.2 dropped Python 3.4, 21.0 dropped 2.7
// and 3.5, 22.0 dropped 3.6, 24.1 dropped 3.7, 25.1 dropped 3.8 and 26.1
// dropped 3.9.
var lastPip = []struct {
	major, minor int
	pip          string
}{
	{2, 7, "20.3.4"},
	{3, 4, "19.1.1"},
	{3, 5, "20.3.4"},
	{3, 6, "21.3.1"},
	{3, 7, "24.0"},
	{3, 8, "25.0.1"},
	{3, 9, "26.0.1"},
}

// pipFor returns the pip to suggest for a Python series and why, when the
// series is one that current pip no longer supports.
func pipFor(major, minor int) (pip, why string) {
	for _, e := range lastPip {
		if major < e.major || (major == e.major && minor <= e.minor) {
			return e.pip, fmt.Sprintf(", the last pip that installs on Python %d.%d", major, minor)
		}
	}
	return currentPip, ""
}

// specPython returns the oldest Python series a conda spec allows: its
// python pin, or the lower bound of its python range.
func specPython(c *ir.Conda) (major, minor int, ok bool) {
	py := condaPython(c)
	if py == nil {
		return 0, 0, false
	}
	if major, minor, ok = pythonVersion(py.Version); ok {
		return major, minor, true
	}
	if lo, _ := pkgspec.Bounds(py.Version); lo.V != "" {
		return parseMajorMinor(lo.V)
	}
	return 0, 0, false
}

// suggestPip returns a pip version to pin in a conda spec: one that installs
// on the spec's Python and lies inside the range already written (an upper
// bound pip<=20.2.4 gives 20.2.4; pip>=26.2 gives 26.2), and the reason it
// is not the current pip. It returns "" when no known version fits.
func suggestPip(c *ir.Conda, written string) (pip, why string) {
	pip = currentPip
	if major, minor, ok := specPython(c); ok {
		pip, why = pipFor(major, minor)
	}
	lo, hi := pkgspec.Bounds(written)
	if hi.V != "" {
		if cmp := pkgspec.CompareRelease(pip, hi.V); cmp > 0 || (cmp == 0 && !hi.Inclusive) {
			why = ""
			if hi.Inclusive {
				pip = hi.V
			} else {
				pip = newestPipBelow(hi.V)
			}
		}
	}
	if lo.V != "" && pip != "" {
		if cmp := pkgspec.CompareRelease(pip, lo.V); cmp < 0 || (cmp == 0 && !lo.Inclusive) {
			why = ""
			pip = ""
			if lo.Inclusive {
				pip = lo.V
				if !strings.Contains(pip, ".") {
					pip += ".0"
				}
			}
		}
	}
	return pip, why
}

// newestPipBelow returns the newest pip of the table that is older than v.
func newestPipBelow(v string) string {
	best := ""
	for _, p := range append([]string{currentPip}, pipVersions()...) {
		if pkgspec.CompareRelease(p, v) < 0 && (best == "" || pkgspec.CompareRelease(p, best) > 0) {
			best = p
		}
	}
	return best
}

func pipVersions() []string {
	out := make([]string, 0, len(lastPip))
	for _, e := range lastPip {
		out = append(out, e.pip)
	}
	return out
}
