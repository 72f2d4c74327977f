package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML001 reports files that cannot be parsed.
var AML001 = &lint.Rule{
	ID:       "AML001",
	Name:     "syntax-error",
	Summary:  "A YAML, JSON, requirements or Dockerfile cannot be parsed",
	Severity: lint.Error,
	Tags:     []string{"correctness"},
	Doc: `
A file that cannot be parsed cannot be checked, and Azure ML rejects it when the environment is
created. This covers invalid YAML or JSON, Dockerfile parse errors, binary files, files that are
not valid UTF-8, empty environment or conda files, unrendered template placeholders such as
` + "`{{ENDPOINT_NAME}}`" + ` and files too large to lint (over 10 MiB).

Dockerfiles are judged by BuildKit's own parsers, the line parser and the instruction parser, so
the message is the one the image build would fail with
(` + "`dockerfile parse error on line 3: unknown instruction: RUNN (did you mean RUN?)`" + `), at the
instruction's line. BuildKit stops at the first rejected instruction; mlenv-lint reports each one, and BuildKit's checks (AML6xx) still run over
the rest of the file. Two causes are named when they can be seen: a non-breaking space (U+00A0)
that glues an instruction to its arguments, and a missing ` + "`\\`" + ` that turns the next package
name of a RUN into an instruction of its own. A file without any FROM is an SDK v1 fragment of
extra Docker steps (appended to a generated Dockerfile) and is not judged as a whole Dockerfile.

## Bad

` + "```yaml" + `
name: my-env
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest
conda_file: [conda.yml
` + "```" + `

## Good

` + "```yaml" + `
name: my-env
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
conda_file: conda.yml
` + "```",
	Run: func(p *lint.Pass) {
		for _, f := range p.Prog.Files {
			for _, s := range f.Syntax {
				p.Report(lint.Diagnostic{Loc: f.Loc(s.Range), Message: s.Message})
			}
		}
	},
}
