// Package facts derives, once per program, the facts that several rules and
// diagnose's spec mapping need: the Dockerfiles (files and v1
// baseDockerfile strings), the base images (env image, v1 baseImage, every
// FROM with ARG defaults resolved and stage chains followed), every URL a
// spec writes, the environment references of jobs, and the package installs
// of RUN instructions.
//
// A Facts value is made by the lint runner (lint.Run) for one program and
// handed to every rule's pass; each fact is computed the first time a rule
// asks for it, and only then. Facts only read the IR.
package facts

import (
	"slices"
	"sync"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// Facts are the derived facts of one program.
type Facts struct {
	prog *ir.Program

	dockerfiles func() []*ir.Dockerfile
	stages      func() map[*ir.Dockerfile]*dockerfileFacts
	baseImages  func() []BaseImage
	urls        func() []URL
	envRefs     func() []EnvRef
	installs    func() map[*ir.Instruction][]Install
	pipReqs     func() []*ir.PipReq
}

// New returns the facts of p; nothing is computed until asked for.
func New(p *ir.Program) *Facts {
	if p == nil {
		p = &ir.Program{}
	}
	f := &Facts{prog: p}
	f.dockerfiles = sync.OnceValue(func() []*ir.Dockerfile { return dockerfiles(p) })
	f.stages = sync.OnceValue(func() map[*ir.Dockerfile]*dockerfileFacts {
		out := map[*ir.Dockerfile]*dockerfileFacts{}
		for _, d := range f.Dockerfiles() {
			out[d] = newDockerfileFacts(d)
		}
		return out
	})
	f.baseImages = sync.OnceValue(func() []BaseImage { return baseImages(f) })
	f.urls = sync.OnceValue(func() []URL { return urls(f) })
	f.envRefs = sync.OnceValue(func() []EnvRef { return envRefs(p) })
	f.installs = sync.OnceValue(func() map[*ir.Instruction][]Install { return installs(f) })
	f.pipReqs = sync.OnceValue(func() []*ir.PipReq { return pipRequirements(p) })
	return f
}

// Program is the program the facts are about.
func (f *Facts) Program() *ir.Program { return f.prog }

// Dockerfiles returns every Dockerfile of the program: the files, then the
// v1 baseDockerfile strings of environments.
func (f *Facts) Dockerfiles() []*ir.Dockerfile { return f.dockerfiles() }

// PipRequirements returns every pip requirement the service installs: the
// pip lists of conda specifications, then the lines of requirements files.
func (f *Facts) PipRequirements() []*ir.PipReq { return f.pipReqs() }

func pipRequirements(p *ir.Program) []*ir.PipReq {
	var out []*ir.PipReq
	for _, c := range p.Condas {
		out = append(out, c.Pip...)
	}
	for _, rq := range p.Reqs {
		out = append(out, rq.Reqs...)
	}
	return out
}

func dockerfiles(p *ir.Program) []*ir.Dockerfile {
	out := append([]*ir.Dockerfile(nil), p.Dockerfiles...)
	for _, e := range p.Envs {
		if e.Dockerfile != nil && !slices.Contains(out, e.Dockerfile) {
			out = append(out, e.Dockerfile) // a v1 baseDockerfile string (a BaseDockerfile file is already in)
		}
	}
	return out
}
