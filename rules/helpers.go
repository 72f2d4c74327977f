package rules

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlpos"
)

// nodeLoc is the location of a yaml node in f.
func nodeLoc(f *ir.File, n *yaml.Node) ir.Location { return f.Loc(yamlpos.Range(f, n)) }

// envLoc is where a diagnostic about a whole environment points: its first
// key (the top of the file for a v2/v1 env, the inline mapping in a job).
func envLoc(e *ir.Env) ir.Location {
	if e.Node != nil && e.Node.Kind == yaml.MappingNode && len(e.Node.Content) > 0 {
		return nodeLoc(e.File, e.Node.Content[0])
	}
	return e.File.Loc(e.File.LineRange(1))
}

// related makes a related location.
func related(loc ir.Location, format string, args ...any) lint.Related {
	return lint.Related{Loc: loc, Message: fmt.Sprintf(format, args...)}
}

// allDockerfiles returns every Dockerfile in the program: files, and the
// v1 baseDockerfile strings of environments.
func allDockerfiles(p *ir.Program) []*ir.Dockerfile {
	out := append([]*ir.Dockerfile(nil), p.Dockerfiles...)
	for _, e := range p.Envs {
		if e.Dockerfile != nil {
			out = append(out, e.Dockerfile)
		}
	}
	return out
}

// baseImage is one place a base image is named.
type baseImage struct {
	ref   *ir.Scalar
	where string // "image", "baseImage", "FROM"
	df    *ir.Dockerfile
}

// baseImages lists every base image reference: env image / v1 baseImage and
// the FROM of every Dockerfile stage that names an image (not scratch, not
// an earlier stage). ARG references are expanded from the Dockerfile's
// global ARG defaults; images that still hold a variable are skipped.
func baseImages(p *ir.Program) []baseImage {
	var out []baseImage
	for _, e := range p.Envs {
		if e.Image != nil && strings.TrimSpace(e.Image.Value) != "" && e.Image.Node != nil && e.Image.Node.Kind == yaml.ScalarNode {
			where := "image"
			if e.Format == ir.FormatV1 {
				where = "baseImage"
			}
			out = append(out, baseImage{ref: e.Image, where: where})
		}
	}
	for _, d := range allDockerfiles(p) {
		args := globalArgs(d)
		for _, st := range d.Stages {
			if st.Image == nil || st.FromStage || strings.EqualFold(st.Image.Value, "scratch") {
				continue
			}
			v, ok := expandArgs(st.Image.Value, args)
			if !ok || strings.EqualFold(v, "scratch") {
				continue
			}
			ref := *st.Image
			ref.Value = v
			out = append(out, baseImage{ref: &ref, where: "FROM", df: d})
		}
	}
	return out
}

// globalArgs returns the defaults of ARG instructions before the first FROM.
func globalArgs(d *ir.Dockerfile) map[string]string {
	args := map[string]string{}
	for _, in := range d.Instructions {
		if in.Stage >= 0 {
			break
		}
		if in.Cmd != "arg" {
			continue
		}
		for _, a := range in.Args {
			if k, v, ok := strings.Cut(a, "="); ok {
				args[k] = strings.Trim(v, `"'`)
			}
		}
	}
	return args
}

// expandArgs substitutes $NAME, ${NAME} and ${NAME:-default}; it reports
// false when a variable has no value.
func expandArgs(s string, args map[string]string) (string, bool) {
	if !strings.Contains(s, "$") {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			b.WriteByte(s[i])
			continue
		}
		name, def, hasDef := "", "", false
		if i+1 < len(s) && s[i+1] == '{' {
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return "", false
			}
			inner := s[i+2 : i+end]
			if n, d, ok := strings.Cut(inner, ":-"); ok {
				name, def, hasDef = n, d, true
			} else {
				name = inner
			}
			i += end
		} else {
			j := i + 1
			for j < len(s) && (s[j] == '_' || ('a' <= s[j] && s[j] <= 'z') || ('A' <= s[j] && s[j] <= 'Z') || ('0' <= s[j] && s[j] <= '9')) {
				j++
			}
			name = s[i+1 : j]
			i = j - 1
		}
		v, ok := args[name]
		switch {
		case ok && v != "":
			b.WriteString(v)
		case hasDef:
			b.WriteString(def)
		default:
			return "", false
		}
	}
	return b.String(), true
}
