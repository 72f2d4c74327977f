package facts

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlpos"
	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
)

// urlRE finds URLs in free text (shell commands, requirement lines).
var urlRE = regexp.MustCompile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s'\"`<>\\\\;|]+")

// URL is one URL written in a spec.
type URL struct {
	Raw   string      // as written
	Loc   ir.Location // the URL itself when it can be found, else its value or instruction
	Where string      // "conda channel", "pip requirement", "RUN instruction", ...
	// Index is set when the URL is the value of a pip index option
	// (-i, --index-url, --extra-index-url, PIP_INDEX_URL ...).
	Index bool
	// Service is set for URLs the Azure ML service itself uses in its build
	// (conda specs, requirements files); Dockerfile URLs are the user's own.
	Service bool
	// Dockerfile and Instruction are set for URLs in a Dockerfile.
	Dockerfile  *ir.Dockerfile
	Instruction *ir.Instruction
}

// URLs lists every URL in conda specs (channels, dependencies, pip lists),
// requirements files, build context locations and Dockerfile RUN, ADD, ENV
// and ARG instructions.
func (f *Facts) URLs() []URL { return f.urls() }

func urls(f *Facts) []URL {
	var out []URL
	addText := func(file *ir.File, loc ir.Location, text, where string, index map[string]bool, service bool, d *ir.Dockerfile, in *ir.Instruction) {
		for _, m := range urlRE.FindAllString(text, -1) {
			m = strings.TrimRight(m, ".,)")
			at := TokenIn(file, loc, m, false)
			if file.PlaceholderIn(at.Range) != "" {
				continue // a template: the URL is only known once rendered
			}
			out = append(out, URL{Raw: m, Loc: at, Where: where, Index: index[m], Service: service, Dockerfile: d, Instruction: in})
		}
	}
	pipReq := func(file *ir.File, r *ir.PipReq, where string) {
		idx := map[string]bool{}
		if r.Kind == ir.ReqOption && pipIndexOption(r.Option) {
			idx[strings.TrimSpace(r.Value)] = true
		}
		addText(file, r.Loc, r.Raw, where, idx, true, nil, nil)
	}
	p := f.prog
	for _, c := range p.Condas {
		for _, ch := range c.Channels {
			addText(c.File, ch.Loc, ch.Value, "conda channel", nil, true, nil, nil)
		}
		for _, d := range c.Dependencies {
			if d.Spec != nil {
				addText(c.File, d.Spec.Loc, d.Spec.Value, "conda dependency", nil, true, nil, nil)
			}
		}
		for _, r := range c.Pip {
			pipReq(c.File, r, "conda pip list")
		}
	}
	for _, rq := range p.Reqs {
		for _, r := range rq.Reqs {
			pipReq(rq.File, r, "requirements file")
		}
	}
	for _, e := range p.Envs {
		if e.Build != nil && e.Build.Path != nil {
			addText(e.File, e.Build.Path.Loc, e.Build.Path.Value, "build context", nil, true, nil, nil)
		}
	}
	for _, d := range f.Dockerfiles() {
		for _, in := range d.Instructions {
			switch in.Cmd {
			case "run", "add", "env", "arg":
			default:
				continue
			}
			addText(d.File, in.Loc, strings.Join(in.Args, " "), strings.ToUpper(in.Cmd)+" instruction", dockerIndexURLs(in), false, d, in)
		}
	}
	return out
}

// pipIndexOption reports whether a requirements option names a package index.
func pipIndexOption(opt string) bool {
	switch opt {
	case "-i", "--index-url", "--extra-index-url":
		return true
	}
	return false
}

// dockerIndexURLs returns the package index URLs an instruction sets: pip
// install -i/--index-url/--extra-index-url, pip config set
// global.(extra-)index-url, and PIP_INDEX_URL / PIP_EXTRA_INDEX_URL in ENV
// and ARG.
func dockerIndexURLs(in *ir.Instruction) map[string]bool {
	out := map[string]bool{}
	switch in.Cmd {
	case "env", "arg":
		for _, kv := range keyValues(in) {
			switch strings.ToUpper(kv[0]) {
			case "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL":
				for _, u := range strings.Fields(strings.Trim(kv[1], `"'`)) {
					out[u] = true
				}
			}
		}
	case "run":
		cmd, ok := RunShell(in)
		if !ok {
			return out
		}
		for _, c := range shellcmd.Split(cmd) {
			if tool, sub := shellcmd.Installer(c.Words); tool == "pip" {
				_, opts := PipArgs(c.Words[sub+1:])
				for _, k := range []string{"--index-url", "--extra-index-url"} {
					for _, u := range opts[k] {
						out[u] = true
					}
				}
				continue
			}
			for i, w := range c.Words {
				if (w == "global.index-url" || w == "global.extra-index-url") && i+1 < len(c.Words) {
					out[c.Words[i+1]] = true
				}
				if k, v, ok := strings.Cut(w, "="); ok && (k == "PIP_INDEX_URL" || k == "PIP_EXTRA_INDEX_URL") {
					out[v] = true
				}
			}
		}
	}
	return out
}

// keyValues returns the name, value pairs of an ENV or ARG instruction
// (BuildKit gives ENV as key, value pairs and ARG as "key=value" words).
func keyValues(in *ir.Instruction) [][2]string {
	var kvs [][2]string
	if in.Cmd == "env" {
		for i := 0; i+1 < len(in.Args); i += 2 {
			kvs = append(kvs, [2]string{in.Args[i], in.Args[i+1]})
		}
		return kvs
	}
	for _, a := range in.Args {
		k, v, _ := strings.Cut(a, "=")
		kvs = append(kvs, [2]string{k, v})
	}
	return kvs
}

// isBoundary reports whether c may sit next to a whole shell word.
func isBoundary(c byte) bool { return strings.IndexByte(" \t'\"\\;&|()=", c) >= 0 }

// TokenIn narrows loc, a range of f, to the first occurrence of tok inside
// it; with word set, tok must be a whole shell word there. It returns loc
// itself when tok is not found on one line (e.g. it was written with quotes
// or escapes).
func TokenIn(f *ir.File, loc ir.Location, tok string, word bool) ir.Location {
	if f == nil || tok == "" || loc.Path != f.Path {
		return loc
	}
	r := loc.Range
	for ln := r.Start.Line; ln <= r.End.Line; ln++ {
		line := f.Line(ln)
		from, to := 0, len(line)
		if ln == r.Start.Line {
			from = yamlpos.ByteCol(line, r.Start.Col)
		}
		if ln == r.End.Line {
			to = yamlpos.ByteCol(line, r.End.Col)
		}
		for off := from; off <= to; {
			i := strings.Index(line[off:to], tok)
			if i < 0 {
				break
			}
			i += off
			end := i + len(tok)
			if !word || ((i == 0 || isBoundary(line[i-1])) && (end == len(line) || isBoundary(line[end]))) {
				col := utf8.RuneCountInString(line[:i]) + 1
				return f.Loc(ir.Range{Start: ir.Pos{Line: ln, Col: col}, End: ir.Pos{Line: ln, Col: col + utf8.RuneCountInString(tok)}})
			}
			off = i + 1
		}
	}
	return loc
}
