package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/facts"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// mpiPackages are the pip packages that compile against MPI at install time.
var mpiPackages = map[string]string{
	"mpi4py":  "mpi4py",
	"horovod": "horovod",
}

// providesMPI reports whether text (lower-cased instructions) installs or
// sets up an MPI implementation: any mention of "mpi" other than mpi4py.
func providesMPI(text string) bool {
	return strings.Contains(strings.ReplaceAll(strings.ToLower(text), "mpi4py", ""), "mpi")
}

// condaProvidesMPI reports whether a conda spec's own dependencies bring
// MPI (openmpi, mpich, impi, mpi4py from conda, ...).
func condaProvidesMPI(c *ir.Conda) bool {
	for _, d := range c.Dependencies {
		if d.Err == "" && strings.Contains(d.Name, "mpi") {
			return true
		}
	}
	return false
}

func mpiMessage(pkg, image string) string {
	fix := "install it from conda-forge (conda-forge::mpi4py brings its own MPI) or use an MPI base image such as mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04"
	if pkg != "mpi4py" {
		fix = "use an MPI base image such as mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04, or install MPI, a compiler and cmake before it"
	}
	return "pip builds " + pkg + " from source against MPI, which base image " + quoteImage(image) + " does not have and nothing here installs; " + fix
}

// AML503 reports mpi4py or horovod from pip on images without MPI.
var AML503 = &lint.Rule{
	ID:       "AML503",
	Name:     "mpi-package-needs-build-tools",
	Summary:  "mpi4py or horovod installed with pip on a base image without MPI: the wheel build fails",
	Severity: lint.Warning,
	Guide:    "Cannot build mpi4py",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML503"),
	Bad: lint.Example{Path: "conda.yml", Files: map[string]string{"environment.yml": "name: mpi\nimage: python:3.11.9\nconda_file: conda.yml\n"}, Src: `
# environment.yml: image: python:3.11.9
channels: [conda-forge]
dependencies:
  - python=3.11.9
  - pip=24.0
  - pip:
      - mpi4py==3.1.6
`},
	Good: lint.Example{Path: "conda.yml", Files: map[string]string{"environment.yml": "name: mpi\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1\nconda_file: conda.yml\n"}, Src: `
# environment.yml: image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
channels: [conda-forge]
dependencies:
  - python=3.11.9
  - mpi4py=3.1.6
`},
	Run: func(p *lint.Pass) {
		c := &mpiCheck{p: p, reported: map[*ir.PipReq]bool{}}
		for _, e := range p.Prog.Envs {
			c.env(e)
		}
		for _, d := range p.Facts.Dockerfiles() {
			c.dockerfile(d)
		}
	},
}

// mpiCheck is one AML503 pass; each requirement is reported once.
type mpiCheck struct {
	p        *lint.Pass
	reported map[*ir.PipReq]bool
}

// reqs reports the MPI packages among reqs, installed on image.
func (c *mpiCheck) reqs(reqs []*ir.PipReq, image string) {
	for _, r := range reqs {
		pkg, ok := mpiPackages[r.Name]
		if !ok || c.reported[r] || r.Kind != ir.ReqPackage || r.Err != "" {
			continue
		}
		c.reported[r] = true
		c.p.Reportf(r.Loc, "%s", mpiMessage(pkg, image))
	}
}

func (c *mpiCheck) files(files []*ir.Requirements, image string) {
	for _, rq := range files {
		c.reqs(rq.Reqs, image)
	}
}

// env checks an environment built by the service: an image (or a v1
// baseDockerfile) with a conda specification whose pip list needs MPI.
func (c *mpiCheck) env(e *ir.Env) {
	if !managedConda(e) || condaProvidesMPI(e.Conda) {
		return
	}
	img := e.Image
	if img == nil && e.Dockerfile != nil && e.BaseDockerfile != nil && len(e.Dockerfile.Stages) > 0 {
		last := len(e.Dockerfile.Stages) - 1
		if newChainFlags(c.p.Facts, e.Dockerfile, providesMPI).all[last] {
			return
		}
		img = c.p.Facts.StageImage(e.Dockerfile, last)
	}
	if img == nil || !knownNoMPI(img.Value) {
		return
	}
	c.reqs(e.Conda.Pip, img.Value)
	c.files(condaIncludes(c.p.Prog, e.Conda), img.Value)
}

// dockerfile checks the pip installs of RUN instructions, and the
// requirements files they install, on a stage whose image has no MPI and
// where nothing before installs it.
func (c *mpiCheck) dockerfile(d *ir.Dockerfile) {
	var mpi chainFlags
	for i, in := range d.Instructions {
		if in.Stage < 0 {
			continue
		}
		cmds := c.p.Facts.Installs(in)
		if len(cmds) == 0 {
			continue
		}
		img := c.p.Facts.StageImage(d, in.Stage)
		if img == nil || !knownNoMPI(img.Value) {
			continue
		}
		if mpi.before == nil {
			mpi = newChainFlags(c.p.Facts, d, providesMPI)
		}
		if mpi.before[i] {
			continue
		}
		if cmd, _ := facts.RunShell(in); providesMPI(cmd) {
			continue // e.g. apt-get install libopenmpi-dev && pip install mpi4py
		}
		for _, inst := range cmds {
			if inst.Tool == "pip" {
				c.pipInstall(in, inst, img.Value)
			}
		}
	}
}

// pipInstall reports the MPI packages a pip install names or installs from
// a requirements file.
func (c *mpiCheck) pipInstall(in *ir.Instruction, inst facts.Install, image string) {
	for _, r := range inst.Pip {
		if pkg, ok := mpiPackages[r.Name]; ok && r.Kind == ir.ReqPackage {
			c.p.Reportf(r.Loc, "%s", mpiMessage(pkg, image))
		}
	}
	for _, f := range in.Files {
		if f.Kind == ir.KindRequirements {
			c.files(withIncludes(c.p.Prog, reqFileByPath(c.p.Prog, f.Abs), map[*ir.Requirements]bool{}), image)
		}
	}
}

// knownNoMPI reports whether image is known to carry no MPI.
func knownNoMPI(image string) bool {
	f, ok := factsOf(image)
	return ok && f.noMPI
}
