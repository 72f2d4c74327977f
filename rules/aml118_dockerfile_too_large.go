package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// maxDockerfileSize is the service's Dockerfile limit: 100 KB.
const maxDockerfileSize = 102400

// AML118 reports Dockerfiles over 100 KB.
var AML118 = &lint.Rule{
	ID:       "AML118",
	Name:     "dockerfile-too-large",
	Summary:  "Dockerfile larger than 100 KB (102400 bytes), the service's limit",
	Severity: lint.Error,
	Guide:    "Dockerfile length over limit",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML118"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: generated
build:
  path: docker   # docker/Dockerfile: FROM python:3.11.9, then 150 KB of generated RUN lines
`, Files: map[string]string{"docker/Dockerfile": "FROM python:3.11.9\n" + strings.Repeat("RUN echo generated step\n", 6500)}},
	Good: lint.Example{Path: "environment.yml", Src: `
name: generated
build:
  path: docker   # docker/Dockerfile: FROM python:3.11.9, COPY setup.sh /tmp/setup.sh, RUN sh /tmp/setup.sh
`, Files: map[string]string{"docker/Dockerfile": "FROM python:3.11.9\nCOPY setup.sh /tmp/setup.sh\nRUN sh /tmp/setup.sh\n", "docker/setup.sh": "echo generated step\n"}},
	Run: func(p *lint.Pass) {
		usedByEnv := map[*ir.Dockerfile]bool{}
		for _, e := range p.Prog.Envs {
			if e.BaseDockerfile != nil && len(e.BaseDockerfile.Value) > maxDockerfileSize {
				p.Reportf(e.BaseDockerfile.Loc, "baseDockerfile is %d bytes; the limit is %d (100 KB): move content into build-context files", len(e.BaseDockerfile.Value), maxDockerfileSize)
			}
			b := e.Build
			if b == nil || b.Dockerfile == nil {
				continue
			}
			usedByEnv[b.Dockerfile] = true
			if b.Dockerfile.Size <= maxDockerfileSize {
				continue
			}
			at := b.Path
			if b.DockerfilePath != nil {
				at = b.DockerfilePath
			}
			df := b.Dockerfile.File
			p.Report(lint.Diagnostic{
				Loc:     at.Loc,
				Message: sizeMessage(df.Path, b.Dockerfile.Size),
				Related: []lint.Related{related(df.Loc(df.LineRange(1)), "the Dockerfile")},
			})
		}
		for _, d := range p.Prog.Dockerfiles {
			if usedByEnv[d] || d.Size <= maxDockerfileSize {
				continue
			}
			at := d.File.Loc(d.File.LineRange(1))
			if len(d.Instructions) > 0 {
				at = d.Instructions[0].Loc
			}
			p.Reportf(at, "%s", sizeMessage(d.File.Path, d.Size))
		}
	},
}

func sizeMessage(path string, size int) string {
	return "Dockerfile " + path + " is " + itoa(size) + " bytes; Azure ML accepts at most " + itoa(maxDockerfileSize) + " (100 KB): move generated content into build-context files"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
