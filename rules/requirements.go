package rules

import (
	"path/filepath"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
)

// reqName is the PEP 503 name at the start of a requirement word, or "".
func reqName(s string) string {
	i := 0
	for i < len(s) && (s[i] == '-' || s[i] == '_' || s[i] == '.' || ('a' <= s[i] && s[i] <= 'z') || ('A' <= s[i] && s[i] <= 'Z') || ('0' <= s[i] && s[i] <= '9')) {
		i++
	}
	if i == 0 {
		return ""
	}
	return pkgspec.NormalizeName(s[:i])
}

// reqFileByPath finds the loaded requirements file at an absolute path.
func reqFileByPath(p *ir.Program, abs string) *ir.Requirements {
	for _, rq := range p.Reqs {
		if rq.File.Abs != "" && filepath.Clean(rq.File.Abs) == filepath.Clean(abs) {
			return rq
		}
	}
	return nil
}

// withIncludes returns rq and the loaded requirements files it includes
// with -r / -c, transitively.
func withIncludes(p *ir.Program, rq *ir.Requirements, seen map[*ir.Requirements]bool) []*ir.Requirements {
	if rq == nil || seen[rq] {
		return nil
	}
	seen[rq] = true
	out := []*ir.Requirements{rq}
	for _, ref := range rq.Includes {
		if ref != nil && !ref.Remote && ref.Path != "" {
			out = append(out, withIncludes(p, reqFileByPath(p, ref.Path), seen)...)
		}
	}
	return out
}

// condaIncludes returns the requirements files a conda spec's pip list
// includes with -r / -c (the loader resolved them against the conda
// file's directory), and the files they include.
func condaIncludes(p *ir.Program, c *ir.Conda) []*ir.Requirements {
	seen := map[*ir.Requirements]bool{}
	var out []*ir.Requirements
	for _, ref := range c.PipIncludes {
		if ref != nil && !ref.Remote && ref.Exists && ref.Path != "" {
			out = append(out, withIncludes(p, reqFileByPath(p, ref.Path), seen)...)
		}
	}
	return out
}

// reqDisplay is a requirement's name with its extras, for suggestions:
// inference-schema[numpy-support].
func reqDisplay(r *ir.PipReq) string {
	name := r.Name
	if r.WrittenName != "" {
		name = r.WrittenName // keep the spelling the user wrote
	}
	if len(r.Extras) == 0 {
		return name
	}
	return name + "[" + strings.Join(r.Extras, ",") + "]"
}

// runPipReqs returns the requirements that RUN instructions pass to pip
// install on the command line, positioned on their words.
func runPipReqs(p *lint.Pass) []*ir.PipReq {
	var out []*ir.PipReq
	for _, d := range p.Facts.Dockerfiles() {
		for _, in := range d.Instructions {
			for _, inst := range p.Facts.Installs(in) {
				out = append(out, inst.Pip...)
			}
		}
	}
	return out
}
