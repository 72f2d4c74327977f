package facts

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

// BaseImage is one place a base image is named.
type BaseImage struct {
	// Ref is the reference, positioned where it is written; for a FROM its
	// Value has the Dockerfile's global ARG defaults substituted.
	Ref *ir.Scalar
	// Where is "image" (v2), "baseImage" (v1) or "FROM".
	Where string
	// Env is the environment of an image or baseImage; Dockerfile and Stage
	// the Dockerfile and stage index of a FROM.
	Env        *ir.Env
	Dockerfile *ir.Dockerfile
	Stage      int
}

// BaseImages lists every base image reference: env image / v1 baseImage and
// the FROM of every Dockerfile stage that names an image (not scratch, not an
// earlier stage). Images that still hold a variable without a default are
// left out.
func (f *Facts) BaseImages() []BaseImage { return f.baseImages() }

func baseImages(f *Facts) []BaseImage {
	var out []BaseImage
	for _, e := range f.prog.Envs {
		if e.Image != nil && !e.Image.Unknown() && strings.TrimSpace(e.Image.Value) != "" && e.Image.Node != nil && e.Image.Node.Kind == yaml.ScalarNode {
			where := "image"
			if e.Format == ir.FormatV1 {
				where = "baseImage"
			}
			out = append(out, BaseImage{Ref: e.Image, Where: where, Env: e, Stage: -1})
		}
	}
	for _, d := range f.Dockerfiles() {
		args := f.stages()[d].args
		for _, st := range d.Stages {
			if st.Image == nil || st.Image.Unknown() || st.FromStage || strings.EqualFold(st.Image.Value, "scratch") {
				continue
			}
			v, ok := ExpandArgs(st.Image.Value, args)
			if !ok || strings.EqualFold(v, "scratch") {
				continue
			}
			ref := *st.Image
			ref.Value = v
			out = append(out, BaseImage{Ref: &ref, Where: "FROM", Dockerfile: d, Stage: st.Index})
		}
	}
	return out
}

// dockerfileFacts are the per-Dockerfile facts: global ARG defaults and the
// chain of stages each stage builds on.
type dockerfileFacts struct {
	args   map[string]string
	chains [][]int
}

func newDockerfileFacts(d *ir.Dockerfile) *dockerfileFacts {
	df := &dockerfileFacts{args: globalArgs(d), chains: make([][]int, len(d.Stages))}
	for s := range d.Stages {
		df.chains[s] = stageChain(d, s)
	}
	return df
}

// dockerfile returns the facts of d, also for a Dockerfile that is not part
// of the program (computed on the spot).
func (f *Facts) dockerfile(d *ir.Dockerfile) *dockerfileFacts {
	if df, ok := f.stages()[d]; ok {
		return df
	}
	return newDockerfileFacts(d)
}

// GlobalArgs returns the defaults of d's ARG instructions before the first
// FROM.
func (f *Facts) GlobalArgs(d *ir.Dockerfile) map[string]string { return f.dockerfile(d).args }

// StageChain returns the index of stage s and of the stages it builds on
// (FROM an earlier stage's name), nearest first; nil when s is out of range.
func (f *Facts) StageChain(d *ir.Dockerfile, s int) []int {
	if s < 0 || s >= len(d.Stages) {
		return nil
	}
	return f.dockerfile(d).chains[s]
}

// StageImage is the external image stage s starts from, following its
// chain, with global ARG defaults expanded; nil when it cannot be told.
func (f *Facts) StageImage(d *ir.Dockerfile, s int) *ir.Scalar {
	chain := f.StageChain(d, s)
	if len(chain) == 0 {
		return nil
	}
	st := d.Stages[chain[len(chain)-1]]
	if st.Image == nil || st.FromStage {
		return nil
	}
	v, ok := ExpandArgs(st.Image.Value, f.GlobalArgs(d))
	if !ok {
		return nil
	}
	img := *st.Image
	img.Value = v
	return &img
}

func stageChain(d *ir.Dockerfile, s int) []int {
	var out []int
	for len(out) < len(d.Stages) && s >= 0 && s < len(d.Stages) {
		out = append(out, s)
		st := d.Stages[s]
		if st.Image == nil || !st.FromStage {
			break
		}
		next := -1
		for _, prev := range d.Stages[:s] {
			if prev.Name != nil && strings.EqualFold(prev.Name.Value, st.Image.Value) {
				next = prev.Index
			}
		}
		s = next
	}
	return out
}

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

// ExpandArgs substitutes $NAME, ${NAME} and ${NAME:-default} from args; it
// reports false when a variable has no value.
func ExpandArgs(s string, args map[string]string) (string, bool) {
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
