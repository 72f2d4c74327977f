package rules

import (
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// AML304 reports Python versions past their end of life.
var AML304 = &lint.Rule{
	ID:       "AML304",
	Name:     "python-version-unsupported",
	Summary:  "The spec chooses a Python version past its end of life (conda pin or range, python image tag, conda install in RUN)",
	Severity: lint.Error,
	Guide:    "Python version not supported",
	Tags:     []string{"security"},
	Doc: `
A Python series past its end of life gets no security fixes, and Azure Machine Learning does not
support it. Move to a supported version. The end-of-life dates are those of the Python developer
guide; the date checked against is today, or ` + "`today:`" + ` in ` + "`.mlenv-lint.yaml`" + `.

Python is read where a spec chooses it: a conda file's ` + "`python`" + ` dependency, the official ` + "`python`" + `
image's version tag (` + "`FROM python:3.8-slim`" + `, ` + "`image: python:3.8`" + `), the ` + "`pyNN`" + ` part of an Azure ML image
name (` + "`mlflow-ubuntu18.04-py37-cpu-inference`" + `), and ` + "`python=`" + ` arguments of ` + "`conda`" + `/` + "`mamba`" + `/` + "`micromamba`" + `
installs in a Dockerfile ` + "`RUN`" + `. A range is judged by what it allows: ` + "`python>=3.7,<3.11`" + ` and
` + "`python<3.10`" + ` let in only series past their end of life and are reported; ` + "`python>=3.8`" + ` and
` + "`python=3`" + ` let in a supported Python and are not.

## Bad

` + "```yaml" + `
dependencies:
  - python=3.8
` + "```" + `

## Good

` + "```yaml" + `
dependencies:
  - python=3.12
` + "```",
	SecuritySeverity: "5.0",
	Run:              func(p *lint.Pass) { pythonEOLFindings(p, true) },
}
