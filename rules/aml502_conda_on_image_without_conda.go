package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/facts"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
)

// condaWords are the strings whose presence in a Dockerfile means it may
// install or copy in a conda distribution.
var condaWords = []string{"conda", "mamba", "miniforge", "anaconda"}

func mentionsConda(text string) bool {
	low := strings.ToLower(text)
	for _, w := range condaWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// condaLoc is where an environment's conda specification is named.
func condaLoc(e *ir.Env) ir.Location {
	if e.CondaFile != nil {
		return keyOr(e.CondaFile)
	}
	return condaTop(e.Conda)
}

const condaImageAdvice = "use an image that has conda (e.g. mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04), or drop the conda file and install the packages in a Dockerfile build"

// AML502 reports conda specifications on base images that have no conda.
var AML502 = &lint.Rule{
	ID:       "AML502",
	Name:     "conda-on-image-without-conda",
	Summary:  "A conda specification on a base image that has no conda: the build fails with \"conda: command not found\"",
	Severity: lint.Error,
	Guide:    "Conda command not found",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML502"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: my-env
image: python:3.11.9-slim
conda_file: conda.yml
`, Files: map[string]string{"conda.yml": "channels:\n  - conda-forge\ndependencies:\n  - python=3.11.9\n"}},
	Good: lint.Example{Path: "environment.yml", Src: `
name: my-env
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
conda_file: conda.yml
`, Files: map[string]string{"conda.yml": "channels:\n  - conda-forge\ndependencies:\n  - python=3.11.9\n"}},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if !managedConda(e) {
				continue
			}
			img := e.Image
			if img == nil && e.Dockerfile != nil && len(e.Dockerfile.Stages) > 0 && e.BaseDockerfile != nil {
				last := len(e.Dockerfile.Stages) - 1
				if newChainFlags(p.Facts, e.Dockerfile, mentionsConda).all[last] {
					continue
				}
				if img = p.Facts.StageImage(e.Dockerfile, last); img != nil {
					narrowed := *img
					narrowed.Loc = facts.TokenIn(e.File, img.Loc, img.Value, true)
					img = &narrowed
				}
			}
			if img == nil {
				continue
			}
			if f, ok := factsOf(img.Value); !ok || !f.noConda {
				continue
			}
			p.Report(lint.Diagnostic{
				Loc:     img.Loc,
				Message: "base image " + quoteImage(img.Value) + " has no conda, but Azure ML installs the conda specification with conda on it, so the build fails with \"conda: command not found\"; " + condaImageAdvice,
				Related: []lint.Related{related(condaLoc(e), "the conda specification")},
			})
		}
		for _, d := range p.Facts.Dockerfiles() {
			reported := map[int]bool{}
			var conda chainFlags
			for i, in := range d.Instructions {
				if in.Stage < 0 || reported[in.Stage] {
					continue
				}
				word, ok := firstCondaCommand(in)
				if !ok {
					continue
				}
				if conda.before == nil {
					conda = newChainFlags(p.Facts, d, mentionsConda)
				}
				img := p.Facts.StageImage(d, in.Stage)
				if img == nil || conda.before[i] {
					continue
				}
				if f, known := factsOf(img.Value); !known || !f.noConda {
					continue
				}
				reported[in.Stage] = true
				p.Report(lint.Diagnostic{
					Loc:     facts.TokenIn(d.File, in.Loc, word, true),
					Message: "RUN calls " + word + " but base image " + quoteImage(img.Value) + " has no conda and nothing before installs it, so the build fails with \"" + word + ": command not found\"; install conda first (e.g. Miniforge) or start from an image that has it",
					Related: []lint.Related{related(img.Loc, "the base image")},
				})
			}
		}
	},
}

// firstCondaCommand reports whether the first command of a shell RUN that
// mentions conda runs conda (or mamba) itself, rather than installing it,
// and returns the program word as written.
func firstCondaCommand(in *ir.Instruction) (string, bool) {
	cmd, ok := facts.RunShell(in)
	if !ok || !mentionsConda(cmd) {
		return "", false
	}
	for _, c := range shellcmd.Split(cmd) {
		if !mentionsConda(strings.Join(c.Words, " ")) {
			continue
		}
		i := 0
		for i < len(c.Words) && (strings.Contains(c.Words[i], "=") || c.Words[i] == "sudo" || c.Words[i] == "env" || c.Words[i] == "exec") {
			i++
		}
		if i >= len(c.Words) {
			return "", false
		}
		base := c.Words[i]
		if j := strings.LastIndexByte(base, '/'); j >= 0 {
			base = base[j+1:]
		}
		if shellcmd.IsConda(base) && !strings.Contains(c.Words[i], "/") {
			return c.Words[i], true
		}
		return "", false
	}
	return "", false
}
