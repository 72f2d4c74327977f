package rules

import (
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlpos"
	"github.com/mlenv-lint/mlenv-lint/internal/imageref"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// predictedRules (AML5xx) find, in the specs, the causes of image-build
// failures that diagnose would otherwise explain after a failed build.
var predictedRules = []*lint.Rule{AML501, AML502, AML503, AML504, AML505, AML506}

// ---- base images -----------------------------------------------------------

// imageFacts is what is certainly known about a base image repository.
type imageFacts struct {
	repo    string // normalised repository (see imageref.Short); a trailing * matches a prefix
	noConda bool   // has no conda (nor mamba) on its PATH
	noMPI   bool   // has no MPI implementation (no mpicc)
}

// knownImages lists the base images whose contents are certain. Docker Hub
// official images are written without host or "library/"; their
// mcr.microsoft.com/mirror/docker/library/ copies normalise to the same
// name. Anything not listed is unknown, and the rules stay silent on it.
var knownImages = []imageFacts{
	// Official OS and Python images: neither conda nor MPI.
	{repo: "python", noConda: true, noMPI: true},
	{repo: "ubuntu", noConda: true, noMPI: true},
	{repo: "debian", noConda: true, noMPI: true},
	{repo: "alpine", noConda: true, noMPI: true},
	{repo: "busybox", noConda: true, noMPI: true},
	{repo: "centos", noConda: true, noMPI: true},
	{repo: "fedora", noConda: true, noMPI: true},
	{repo: "amazonlinux", noConda: true, noMPI: true},
	{repo: "nvidia/cuda", noConda: true, noMPI: true},
	{repo: "nvcr.io/nvidia/cuda", noConda: true, noMPI: true},
	// Conda distributions: conda, but no MPI.
	{repo: "continuumio/miniconda3", noMPI: true},
	{repo: "continuumio/anaconda3", noMPI: true},
	{repo: "condaforge/miniforge3", noMPI: true},
	{repo: "condaforge/mambaforge", noMPI: true},
	{repo: "mambaorg/micromamba", noMPI: true},
	// Azure ML's minimal inference images carry no MPI.
	{repo: "mcr.microsoft.com/azureml/minimal-*", noMPI: true},
}

// factsOf returns what is known about an image, or false when it is unknown.
func factsOf(ref string) (imageFacts, bool) {
	repo := imageref.Short(ref)
	if repo == "" {
		return imageFacts{}, false
	}
	for _, f := range knownImages {
		if prefix, ok := strings.CutSuffix(f.repo, "*"); ok {
			if strings.HasPrefix(repo, prefix) && !strings.Contains(repo, "mpi") {
				return f, true
			}
		} else if repo == f.repo {
			return f, true
		}
	}
	return imageFacts{}, false
}

// stageChain returns the index of stage s and of the stages it builds on
// (FROM an earlier stage's name), nearest first.
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

// stageImage is the external image stage s starts from, with global ARG
// defaults expanded, or nil when it cannot be told.
func stageImage(d *ir.Dockerfile, s int) *ir.Scalar {
	chain := stageChain(d, s)
	if len(chain) == 0 {
		return nil
	}
	st := d.Stages[chain[len(chain)-1]]
	if st.Image == nil || st.FromStage {
		return nil
	}
	v, ok := expandArgs(st.Image.Value, globalArgs(d))
	if !ok {
		return nil
	}
	img := *st.Image
	img.Value = v
	return &img
}

// chainFlags tells, for a predicate over instruction text, whether it
// holds for an instruction before a given one in its stage or in the
// stages that stage builds on (before, by instruction index), and whether
// it holds anywhere in a stage's chain (all, by stage index). pred runs
// once per instruction, so this is linear in the Dockerfile's size.
type chainFlags struct {
	before []bool
	all    []bool
}

func newChainFlags(d *ir.Dockerfile, pred func(string) bool) chainFlags {
	full := make([]bool, len(d.Stages))
	chains := make([][]int, len(d.Stages))
	chain := func(s int) []int {
		if chains[s] == nil {
			chains[s] = stageChain(d, s)
		}
		return chains[s]
	}
	f := chainFlags{before: make([]bool, len(d.Instructions)), all: make([]bool, len(d.Stages))}
	for i, in := range d.Instructions {
		if in.Stage < 0 || in.Stage >= len(d.Stages) {
			continue
		}
		for _, t := range chain(in.Stage) {
			if full[t] {
				f.before[i] = true
				break
			}
		}
		if in.Cmd != "from" && !full[in.Stage] && pred(in.Text) {
			full[in.Stage] = true
		}
	}
	for s := range d.Stages {
		for _, t := range chain(s) {
			if full[t] {
				f.all[s] = true
				break
			}
		}
	}
	return f
}

// ---- Dockerfile RUN commands ---------------------------------------------

// runShell returns the shell command of a shell-form RUN instruction
// (exec-form RUN runs no shell; heredocs are not read).
func runShell(in *ir.Instruction) (string, bool) {
	if in.Cmd != "run" || in.Node == nil || in.Node.Attributes["json"] || len(in.Node.Heredocs) > 0 || len(in.Args) == 0 {
		return "", false
	}
	return strings.Join(in.Args, " "), true
}

// installCmd is one package-installing command of a RUN line.
type installCmd struct {
	tool string   // conda, mamba, micromamba or pip
	args []string // the words after the subcommand
	bare []string // words glued to an unquoted > or <
}

// installCommands lists the package installs of a RUN instruction.
func installCommands(in *ir.Instruction) []installCmd {
	cmd, ok := runShell(in)
	if !ok {
		return nil
	}
	var out []installCmd
	for _, c := range shellcmd.Split(cmd) {
		tool, sub := shellcmd.Installer(c.Words)
		if tool == "" {
			continue
		}
		out = append(out, installCmd{tool: tool, args: c.Words[sub+1:], bare: c.Bare})
	}
	return out
}

// pipValueOptions are the pip install options that take a separate value.
var pipValueOptions = map[string]bool{
	"-r": true, "--requirement": true, "-c": true, "--constraint": true,
	"-e": true, "--editable": true, "-i": true, "--index-url": true,
	"--extra-index-url": true, "-f": true, "--find-links": true,
	"--trusted-host": true, "-t": true, "--target": true, "--prefix": true,
	"--root": true, "--upgrade-strategy": true, "--no-binary": true,
	"--only-binary": true, "--platform": true, "--python-version": true,
	"--implementation": true, "--abi": true, "--src": true, "--log": true,
	"--progress-bar": true, "--cache-dir": true, "--timeout": true,
	"--retries": true, "--proxy": true, "--cert": true, "--client-cert": true,
	"-C": true, "--config-settings": true, "--global-option": true,
	"--install-option": true, "--report": true, "--exists-action": true,
}

// pipArgs splits the words of a pip install into package arguments and
// option values keyed by the option's long form (for -r, -i, --index-url,
// --extra-index-url; "-rfile" and "--opt=value" forms included).
func pipArgs(args []string) (pkgs []string, opts map[string][]string) {
	opts = map[string][]string{}
	long := map[string]string{"-r": "--requirement", "-i": "--index-url", "-c": "--constraint"}
	add := func(name, v string) {
		if l, ok := long[name]; ok {
			name = l
		}
		opts[name] = append(opts[name], v)
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case strings.HasPrefix(a, "--") && strings.Contains(a, "="):
			k, v, _ := strings.Cut(a, "=")
			add(k, v)
		case pipValueOptions[a]:
			if i+1 < len(args) {
				add(a, args[i+1])
				i++
			}
		case len(a) > 2 && (strings.HasPrefix(a, "-r") || strings.HasPrefix(a, "-i") || strings.HasPrefix(a, "-c")) && a[1] != '-':
			add(a[:2], a[2:])
		case strings.HasPrefix(a, "-"):
		default:
			pkgs = append(pkgs, a)
		}
	}
	return pkgs, opts
}

// reqName is the PEP 503 name at the start of a requirement word, or "".
func reqName(s string) string {
	i := 0
	for i < len(s) && (s[i] == '-' || s[i] == '_' || s[i] == '.' || ('a' <= s[i] && s[i] <= 'z') || ('A' <= s[i] && s[i] <= 'Z') || ('0' <= s[i] && s[i] <= '9')) {
		i++
	}
	if i == 0 {
		return ""
	}
	return pkgspec.NormalizeName(s[:i])
}

// ---- locations ---------------------------------------------------------------

// isBoundary reports whether c may sit next to a whole shell word.
func isBoundary(c byte) bool { return strings.IndexByte(" \t'\"\\;&|()=", c) >= 0 }

// tokenIn narrows loc, a range of f, to the first occurrence of tok inside
// it; with word set, tok must be a whole shell word there. It returns loc
// itself when tok is not found on one line (e.g. it was written with quotes
// or escapes).
func tokenIn(f *ir.File, loc ir.Location, tok string, word bool) ir.Location {
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

// ---- URLs ---------------------------------------------------------------------

// urlRE finds URLs in free text (shell commands, requirement lines).
var urlRE = regexp.MustCompile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s'\"`<>\\\\;|]+")

// specURL is one URL written in a spec.
type specURL struct {
	raw   string      // as written
	loc   ir.Location // the URL itself when it can be found, else its value or instruction
	where string      // "conda channel", "pip requirement", "RUN instruction", ...
	// index is set when the URL is the value of a pip index option
	// (-i, --index-url, --extra-index-url, PIP_INDEX_URL ...).
	index bool
	// service is set for URLs the Azure ML service itself uses in its build
	// (conda specs, requirements files); Dockerfile URLs are the user's own.
	service bool
	df      *ir.Dockerfile
	in      *ir.Instruction
}

// pipIndexOption reports whether a requirements option names a package index.
func pipIndexOption(opt string) bool {
	switch opt {
	case "-i", "--index-url", "--extra-index-url":
		return true
	}
	return false
}

// specURLs lists every URL in conda specs (channels, dependencies, pip
// lists), requirements files, build context locations and Dockerfile RUN,
// ADD, ENV and ARG instructions.
func specURLs(p *ir.Program) []specURL {
	var out []specURL
	addText := func(f *ir.File, loc ir.Location, text, where string, index map[string]bool, service bool, d *ir.Dockerfile, in *ir.Instruction) {
		for _, m := range urlRE.FindAllString(text, -1) {
			m = strings.TrimRight(m, ".,)")
			out = append(out, specURL{raw: m, loc: tokenIn(f, loc, m, false), where: where, index: index[m], service: service, df: d, in: in})
		}
	}
	pipReq := func(f *ir.File, r *ir.PipReq, where string) {
		idx := map[string]bool{}
		if r.Kind == ir.ReqOption && pipIndexOption(r.Option) {
			idx[strings.TrimSpace(r.Value)] = true
		}
		addText(f, r.Loc, r.Raw, where, idx, true, nil, nil)
	}
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
	for _, d := range allDockerfiles(p) {
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

// dockerIndexURLs returns the package index URLs an instruction sets: pip
// install -i/--index-url/--extra-index-url, pip config set
// global.(extra-)index-url, and PIP_INDEX_URL / PIP_EXTRA_INDEX_URL in ENV
// and ARG.
func dockerIndexURLs(in *ir.Instruction) map[string]bool {
	out := map[string]bool{}
	switch in.Cmd {
	case "env", "arg":
		// BuildKit gives ENV as key, value pairs and ARG as "key=value" words.
		var kvs [][2]string
		if in.Cmd == "env" {
			for i := 0; i+1 < len(in.Args); i += 2 {
				kvs = append(kvs, [2]string{in.Args[i], in.Args[i+1]})
			}
		} else {
			for _, a := range in.Args {
				k, v, _ := strings.Cut(a, "=")
				kvs = append(kvs, [2]string{k, v})
			}
		}
		for _, kv := range kvs {
			switch strings.ToUpper(kv[0]) {
			case "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL":
				for _, u := range strings.Fields(strings.Trim(kv[1], `"'`)) {
					out[u] = true
				}
			}
		}
	case "run":
		cmd, ok := runShell(in)
		if !ok {
			return out
		}
		for _, c := range shellcmd.Split(cmd) {
			if tool, sub := shellcmd.Installer(c.Words); tool == "pip" {
				_, opts := pipArgs(c.Words[sub+1:])
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

// urlParts splits a URL without validating it (url.Parse refuses the
// ${VAR} placeholders that build files use).
type urlParts struct {
	scheme, userinfo, host, path, query string
	hasUser                             bool
}

func splitURL(s string) (urlParts, bool) {
	var u urlParts
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return u, false
	}
	u.scheme = strings.ToLower(scheme)
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, u.query = rest[:i], rest[i+1:]
	}
	auth := rest
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		auth, u.path = rest[:i], rest[i:]
	}
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		u.userinfo, u.hasUser, auth = auth[:i], true, auth[i+1:]
	}
	u.host = strings.ToLower(auth)
	return u, u.host != ""
}

// safe is the URL without credentials or query, for messages.
func (u urlParts) safe() string {
	s := u.scheme + "://"
	if u.hasUser {
		s += u.userinfo + "@"
	}
	s += u.host + u.path
	if u.query != "" {
		s += "?" + u.query
	}
	return textutil.Truncate(redact.URL(s, redact.DropQuery), 100)
}

// queryValues parses the query leniently.
func (u urlParts) queryValues() url.Values {
	q, _ := url.ParseQuery(u.query)
	return q
}

// hasVariable reports whether s is or holds a shell/pip variable reference.
func hasVariable(s string) bool { return strings.Contains(s, "$") || strings.Contains(s, "%(") }

// placeholder reports whether a credential-looking value is an obvious
// placeholder rather than a secret: <PAT>, {token}, ***, xxx, "password".
func placeholder(s string) bool {
	if s == "" || strings.ContainsAny(s, "<>{}[]*") {
		return true
	}
	low := strings.ToLower(s)
	if strings.Trim(low, "x.-_") == "" {
		return true
	}
	switch low {
	case "password", "passwd", "pass", "pwd", "token", "secret", "pat", "changeme", "placeholder",
		"redacted", "example", "mypassword", "mytoken", "mypat", "user", "username", "none", "null":
		return true
	}
	return strings.HasPrefix(low, "your")
}

// ---- requirements files and images --------------------------------------

// reqFileByPath finds the loaded requirements file at an absolute path.
func reqFileByPath(p *ir.Program, abs string) *ir.Requirements {
	for _, rq := range p.Reqs {
		if rq.File.Abs != "" && filepath.Clean(rq.File.Abs) == filepath.Clean(abs) {
			return rq
		}
	}
	return nil
}

// withIncludes returns rq and the loaded requirements files it includes
// with -r / -c, transitively.
func withIncludes(p *ir.Program, rq *ir.Requirements, seen map[*ir.Requirements]bool) []*ir.Requirements {
	if rq == nil || seen[rq] {
		return nil
	}
	seen[rq] = true
	out := []*ir.Requirements{rq}
	for _, ref := range rq.Includes {
		if ref != nil && !ref.Remote && ref.Path != "" {
			out = append(out, withIncludes(p, reqFileByPath(p, ref.Path), seen)...)
		}
	}
	return out
}

// condaIncludes returns the requirements files a conda spec's pip list
// includes with -r (resolved against the conda file's directory).
func condaIncludes(p *ir.Program, c *ir.Conda) []*ir.Requirements {
	if c.File.Abs == "" {
		return nil
	}
	seen := map[*ir.Requirements]bool{}
	var out []*ir.Requirements
	for _, r := range c.Pip {
		if r.Kind != ir.ReqInclude || r.Value == "" || hasVariable(r.Value) {
			continue
		}
		v := strings.TrimPrefix(r.Value, "file:")
		if filepath.IsAbs(v) {
			continue
		}
		out = append(out, withIncludes(p, reqFileByPath(p, filepath.Join(filepath.Dir(c.File.Abs), filepath.FromSlash(v))), seen)...)
	}
	return out
}

// dockerfileDirs are the directories whose files a Dockerfile's COPY may
// name: its own directory and the build contexts that use it.
func dockerfileDirs(p *ir.Program, d *ir.Dockerfile) []string {
	var dirs []string
	if d.Virtual || d.File.Abs == "" {
		return nil
	}
	dirs = append(dirs, filepath.Dir(d.File.Abs))
	for _, e := range p.Envs {
		if e.Build != nil && e.Build.Dockerfile == d && e.Build.ContextRef != nil && e.Build.ContextRef.Path != "" {
			dirs = append(dirs, e.Build.ContextRef.Path)
		}
	}
	return dirs
}

// runRequirements returns the loaded requirements files that a
// `pip install -r NAME` in a RUN most likely installs: files named like
// NAME's last element in the Dockerfile's directory or build context.
func runRequirements(p *ir.Program, d *ir.Dockerfile, name string) []*ir.Requirements {
	if name == "" || hasVariable(name) {
		return nil
	}
	base := filepath.Base(filepath.FromSlash(name))
	seen := map[*ir.Requirements]bool{}
	var out []*ir.Requirements
	for _, dir := range dockerfileDirs(p, d) {
		out = append(out, withIncludes(p, reqFileByPath(p, filepath.Join(dir, base)), seen)...)
	}
	return out
}
