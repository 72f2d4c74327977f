package diagnose

import (
	"fmt"
	"strings"

	"github.com/distribution/reference"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
)

// Locate maps a finding back to the lines of the spec that caused it: the
// conda dependency or pip requirement a package problem names, the image
// a pull or conda-not-found problem is about, the RUN instruction that
// holds an unquoted bound or calls a missing command, the channel or index
// that could not be reached. It returns nothing when the spec does not
// mention the subject.
func Locate(prog *ir.Program, f *Finding) []lint.Related {
	if prog == nil {
		return nil
	}
	var out []lint.Related
	seen := map[ir.Location]bool{}
	addLoc := func(loc ir.Location, msg string) {
		if loc.Path == "" || seen[loc] {
			return
		}
		seen[loc] = true
		out = append(out, lint.Related{Loc: loc, Message: msg})
	}
	switch f.Problem.ID {
	case PullFailed, CondaCommandNotFound:
		for _, s := range f.Subjects {
			for _, loc := range imageLocations(prog, s) {
				addLoc(loc, fmt.Sprintf("the image %q is used here", s))
			}
		}
		if f.Problem.ID == CondaCommandNotFound {
			for _, e := range prog.Envs {
				if e.Image != nil && e.Conda != nil {
					addLoc(e.Image.Loc, fmt.Sprintf("a conda environment is created on %q, which has no conda", e.Image.Value))
				}
			}
		}
	case CondaBareRedirection, MissingCommand:
		for _, s := range f.Subjects {
			for _, in := range runInstructions(prog) {
				if containsWord(in.Text, s) {
					addLoc(in.Loc, fmt.Sprintf("this RUN instruction contains %q", s))
				}
			}
		}
	case CommunicationsError, ForbiddenBlob, InteractiveAuth:
		for _, s := range f.Subjects {
			host := hostOf(s)
			if host == "" {
				continue
			}
			for _, c := range prog.Condas {
				for _, ch := range c.Channels {
					if strings.Contains(ch.Value, host) {
						addLoc(ch.Loc, fmt.Sprintf("channel %q", redactURL(ch.Value)))
					}
				}
			}
			for _, r := range pipRequirements(prog) {
				if strings.Contains(r.Value, host) || strings.Contains(r.URL, host) {
					addLoc(r.Loc, fmt.Sprintf("%q refers to %s", truncate(redactURL(r.Raw), 80), host))
				}
			}
		}
	case UnrecognisedFailure, BuildLogUnavailable, ACRUnreachable, CondaTimeout, OutOfMemory:
	default:
		for _, s := range f.Subjects {
			for _, name := range packageNames(f.Problem.ID, s) {
				for _, c := range prog.Condas {
					for _, d := range c.Dependencies {
						if d.Name != "" && pkgspec.NormalizeName(d.Name) == name {
							addLoc(d.Spec.Loc, fmt.Sprintf("conda dependency %q", d.Spec.Value))
						}
					}
				}
				for _, r := range pipRequirements(prog) {
					if r.Name == name {
						addLoc(r.Loc, fmt.Sprintf("pip requirement %q", r.Raw))
					}
				}
			}
		}
	}
	return out
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

func pipRequirements(prog *ir.Program) []*ir.PipReq {
	var out []*ir.PipReq
	for _, c := range prog.Condas {
		out = append(out, c.Pip...)
	}
	for _, r := range prog.Reqs {
		out = append(out, r.Reqs...)
	}
	return out
}

func runInstructions(prog *ir.Program) []*ir.Instruction {
	var out []*ir.Instruction
	for _, d := range prog.Dockerfiles {
		for _, in := range d.Instructions {
			if in.Cmd == "run" {
				out = append(out, in)
			}
		}
	}
	return out
}

// imageLocations finds where the spec names image: an environment's image
// or a Dockerfile FROM. Names compare in their canonical form, so
// "python:3.99" matches "docker.io/library/python:3.99".
func imageLocations(prog *ir.Program, image string) []ir.Location {
	want := canonicalImage(image)
	var out []ir.Location
	for _, e := range prog.Envs {
		if e.Image != nil && canonicalImage(e.Image.Value) == want {
			out = append(out, e.Image.Loc)
		}
	}
	for _, d := range prog.Dockerfiles {
		for _, st := range d.Stages {
			if st.Image != nil && !st.FromStage && canonicalImage(st.Image.Value) == want {
				out = append(out, st.Image.Loc)
			}
		}
	}
	return out
}

func canonicalImage(s string) string {
	if n, err := reference.ParseNormalizedNamed(strings.TrimSpace(s)); err == nil {
		return reference.TagNameOnly(n).String()
	}
	return s
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
// characters.
func containsWord(text, w string) bool {
	for off := 0; w != ""; {
		i := strings.Index(text[off:], w)
		if i < 0 {
			return false
		}
		i += off
		j := i + len(w)
		if (i == 0 || !wordByte(text[i-1])) && (j == len(text) || !wordByte(text[j])) {
			return true
		}
		off = i + 1
	}
	return false
}
