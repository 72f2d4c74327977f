package diagnose

import (
	"fmt"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/facts"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
	"github.com/mlenv-lint/mlenv-lint/internal/imageref"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// Locate maps a finding back to the lines of the spec that caused it: the
// conda dependency or pip requirement a package problem names, the image
// a pull or conda-not-found problem is about, the RUN instruction that
// holds an unquoted bound or calls a missing command, the channel or index
// that could not be reached. It returns nothing when the spec does not
// mention the subject, or when fx is nil (no spec given).
//
// The spec's facts (its Dockerfiles, also v1 baseDockerfile strings, and
// its base images with ARG defaults resolved) are the ones the lint rules
// use, so diagnose and lint agree on what the spec says.
func Locate(fx *facts.Facts, f *Finding) []lint.Related {
	if fx == nil || f == nil {
		return nil
	}
	locate, ok := locators[f.Problem.ID]
	if !ok {
		locate = locatePackages
	}
	if locate == nil {
		return nil
	}
	l := &located{seen: map[ir.Location]bool{}}
	locate(fx, f, l)
	return l.out
}

// located collects related locations, each once.
type located struct {
	out  []lint.Related
	seen map[ir.Location]bool
}

func (l *located) add(loc ir.Location, msg string) {
	if loc.Path == "" || l.seen[loc] {
		return
	}
	l.seen[loc] = true
	l.out = append(l.out, lint.Related{Loc: loc, Message: msg})
}

// A locator finds the spec lines behind the subjects of a finding.
type locator func(fx *facts.Facts, f *Finding, l *located)

// locators maps problems to their locator; a nil entry means the problem
// has no spec lines to point at, and problems not listed name packages.
var locators = map[string]locator{
	PullFailed:           locateImage,
	CondaCommandNotFound: locateImage,
	CondaBareRedirection: locateRun,
	MissingCommand:       locateRun,
	CommunicationsError:  locateHost,
	ForbiddenBlob:        locateHost,
	InteractiveAuth:      locateHost,
	UnrecognisedFailure:  nil,
	BuildLogUnavailable:  nil,
	ACRUnreachable:       nil,
	CondaTimeout:         nil,
	OutOfMemory:          nil,
}

// locateImage points at the environment image or FROM that names the
// subject image; for conda-not-found also at the environments that create
// a conda environment on an image.
func locateImage(fx *facts.Facts, f *Finding, l *located) {
	for _, s := range f.Subjects {
		want := imageref.Canonical(s)
		for _, b := range fx.BaseImages() {
			if imageref.Canonical(b.Ref.Value) == want {
				l.add(b.Ref.Loc, fmt.Sprintf("the image %q is used here", s))
			}
		}
	}
	if f.Problem.ID == CondaCommandNotFound {
		for _, e := range fx.Program().Envs {
			if e.Image != nil && e.Conda != nil {
				l.add(e.Image.Loc, fmt.Sprintf("a conda environment is created on %q, which has no conda", e.Image.Value))
			}
		}
	}
}

// locateRun points at the RUN instructions that contain the subject word.
func locateRun(fx *facts.Facts, f *Finding, l *located) {
	for _, s := range f.Subjects {
		for _, d := range fx.Dockerfiles() {
			for _, in := range d.Instructions {
				if in.Cmd == "run" && containsWord(in.Text, s) {
					l.add(in.Loc, fmt.Sprintf("this RUN instruction contains %q", s))
				}
			}
		}
	}
}

// locateHost points at every URL of the spec (channels, pip indexes and
// requirements, build contexts, Dockerfile instructions) on the subject's
// host.
func locateHost(fx *facts.Facts, f *Finding, l *located) {
	for _, s := range f.Subjects {
		host := hostOf(s)
		if host == "" {
			continue
		}
		for _, u := range fx.URLs() {
			if strings.Contains(u.Raw, host) {
				l.add(u.Loc, fmt.Sprintf("%s %q refers to %s", u.Where, textutil.Truncate(redact.URL(u.Raw, redact.DropQuery), 80), host))
			}
		}
	}
}

// locatePackages points at the conda dependencies and pip requirements
// that name the subject package.
func locatePackages(fx *facts.Facts, f *Finding, l *located) {
	for _, s := range f.Subjects {
		locatePackage(fx, f.Problem.ID, s, l)
	}
}

func locatePackage(fx *facts.Facts, id, s string, l *located) {
	for _, name := range packageNames(id, s) {
		for _, c := range fx.Program().Condas {
			for _, d := range c.Dependencies {
				if d.Name != "" && pkgspec.NormalizeName(d.Name) == name {
					l.add(d.Spec.Loc, fmt.Sprintf("conda dependency %q", d.Spec.Value))
				}
			}
		}
		for _, r := range fx.PipRequirements() {
			if r.Name == name {
				l.add(r.Loc, fmt.Sprintf("pip requirement %q", r.Raw))
			}
		}
	}
}

// packageNames turns a subject as the log names it ("numpy==1.25.0",
// "conda-forge::pytorch 1.0", "azureml.core") into normalised package
// names to look for.
func packageNames(id, subject string) []string {
	s := subject
	if i := strings.Index(s, "::"); i >= 0 {
		s = s[i+2:]
	}
	end := 0
	for end < len(s) && (wordByte(s[end]) || s[end] == '.') {
		end++
	}
	s = s[:end]
	if s == "" {
		return nil
	}
	names := []string{pkgspec.NormalizeName(s)}
	if id == MissingPythonModule {
		// import name -> distribution names: azureml.core -> azureml-core, azureml
		if i := strings.IndexByte(s, '.'); i > 0 {
			names = append(names, pkgspec.NormalizeName(s[:i]))
		}
	}
	return names
}

func hostOf(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexAny(s, "/:?"); i >= 0 {
		s = s[:i]
	}
	if !strings.Contains(s, ".") {
		return ""
	}
	return s
}

// containsWord reports whether text contains w not glued to other word
// characters (wordByte).
func containsWord(text, w string) bool { return containsWordOf(text, w, wordByte) }

// containsWordOf reports whether text contains w with no byte of which
// glued holds on either side.
func containsWordOf(text, w string, glued func(byte) bool) bool {
	for off := 0; w != ""; {
		i := strings.Index(text[off:], w)
		if i < 0 {
			return false
		}
		i += off
		j := i + len(w)
		if (i == 0 || !glued(text[i-1])) && (j == len(text) || !glued(text[j])) {
			return true
		}
		off = i + 1
	}
	return false
}
