package rules

import (
	"path"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// dsOutsideContext reports whether a Dockerfile path, relative to the root
// of the build context, is absolute or climbs out of the context.
func dsOutsideContext(p string) (absolute, escapes bool) {
	p = strings.ReplaceAll(strings.TrimSpace(p), `\`, "/")
	if strings.HasPrefix(p, "/") || (len(p) >= 2 && p[1] == ':' && (('a' <= p[0] && p[0] <= 'z') || ('A' <= p[0] && p[0] <= 'Z'))) {
		return true, false
	}
	c := path.Clean(p)
	return false, c == ".." || strings.HasPrefix(c, "../")
}

// AML120 reports build contexts whose Dockerfile path is missing or cannot
// point at a file of the context. Dockerfiles that do not exist in a local
// context are AML004's.
var AML120 = &lint.Rule{
	ID:       "AML120",
	Name:     "missing-dockerfile-path",
	Summary:  "A build context whose Dockerfile path is null/empty, absolute, or outside the context",
	Severity: lint.Error,
	Guide:    "Missing Dockerfile path",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML120"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: my-env
build:
  path: ./docker-context
  dockerfile_path: ../Dockerfile
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: my-env
build:
  path: ./docker-context
  dockerfile_path: Dockerfile   # docker-context/Dockerfile
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			b := dsBuild(e)
			if b == nil {
				continue
			}
			key := "dockerfile_path"
			if e.Format == ir.FormatV1 {
				key = "dockerfilePath"
			}
			where := dsBuildName(e) + "." + key
			if b.DockerfilePath == nil {
				// Absent means the default "Dockerfile"; an explicit null is
				// kept as null by the v1 SDK.
				if _, v := yamlnode.Entry(b.Node, key); e.Format == ir.FormatV1 && yamlnode.IsNull(v) {
					p.Reportf(nodeLoc(e.File, v), "%s is null; set it to the Dockerfile's path relative to the context root (e.g. \"Dockerfile\") or remove the key", where)
				}
				continue
			}
			df := b.DockerfilePath
			if !dsString(df) {
				continue
			}
			if !dsSet(df) {
				p.Reportf(df.Loc, "%s is empty; set it to the Dockerfile's path relative to the context root (e.g. \"Dockerfile\") or remove the key", where)
				continue
			}
			abs, esc := dsOutsideContext(df.Value)
			if r := b.DockerfileRef; r != nil {
				// Local context: a missing file is AML004's; report only a
				// Dockerfile found outside the context.
				if !esc || !r.Exists || r.Escapes {
					continue
				}
			}
			switch {
			case abs:
				p.Reportf(df.Loc, "%s %q is absolute; it must be relative to the root of the build context", where, df.Value)
			case esc:
				p.Reportf(df.Loc, "%s %q points outside the build context, which is all that is uploaded; move the Dockerfile into the context and give its path relative to the context root", where, df.Value)
			}
		}
	},
}
