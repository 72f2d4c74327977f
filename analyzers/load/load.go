// Package load reads input files, recognises what they are by content and
// name, parses them into the IR with exact positions, and resolves and links
// the files they reference. Parse problems are recorded in the IR
// (File.Syntax) for rules to report; they are never returned as errors.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/placeholder"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
	"github.com/mlenv-lint/mlenv-lint/internal/fserr"
)

// MaxFileSize is the largest file that is parsed; larger ones get a syntax
// problem instead.
const MaxFileSize = 10 << 20

// Input is one file to load.
type Input struct {
	Path     string // as given: absolute, or relative to Options.Cwd; "-" for unnamed stdin
	Src      []byte // contents when already read (stdin); nil means read Path
	Explicit bool   // named on the command line or read from stdin
}

// Options configure a load.
type Options struct {
	Root string // absolute project root; references outside it are never read
	Cwd  string // absolute working directory, for display paths
	// Placeholders recognises template placeholders; nil means
	// placeholder.Default(), an empty set recognises none.
	Placeholders *placeholder.Set
}

type loader struct {
	opts  Options
	prog  *ir.Program
	files map[string]*ir.File // by absolute path (or "-" for stdin)
	ph    *placeholder.Set
}

// Load reads, parses and classifies the inputs, follows references, and
// returns the program. The error is only for I/O failures on explicit inputs.
func Load(inputs []Input, opts Options) (*ir.Program, error) {
	if opts.Cwd == "" {
		opts.Cwd, _ = os.Getwd()
	}
	if opts.Root == "" {
		opts.Root = opts.Cwd
	}
	l := &loader{opts: opts, prog: &ir.Program{Root: opts.Root}, files: map[string]*ir.File{}, ph: opts.Placeholders}
	if l.ph == nil {
		l.ph = placeholder.Default()
	}
	for _, in := range inputs {
		if err := l.input(in); err != nil {
			return nil, err
		}
	}
	l.linkRunFiles()
	slices.SortFunc(l.prog.Files, func(a, b *ir.File) int { return strings.Compare(a.Path, b.Path) })
	return l.prog, nil
}

func (l *loader) input(in Input) error {
	abs := in.Path
	if in.Path != "-" && !filepath.IsAbs(abs) {
		abs = filepath.Join(l.opts.Cwd, abs)
	}
	if in.Path != "-" {
		abs = filepath.Clean(abs)
	}
	if f, ok := l.files[abs]; ok {
		f.Explicit = f.Explicit || in.Explicit
		return nil
	}
	src := in.Src
	var tooBig int64
	if src == nil {
		data, size, err := readCapped(abs)
		if err != nil {
			if in.Explicit {
				return fmt.Errorf("%s: %w", in.Path, err)
			}
			return nil // vanished or unreadable while walking: skip
		}
		src, tooBig = data, size
	}
	f := l.newFile(abs, src, in.Explicit)
	if in.Path == "-" {
		f.Abs, f.Path, f.Rel = "", "<stdin>", "<stdin>"
	}
	if tooBig > 0 {
		f.Kind = KindByName(filepath.Base(abs))
		if f.Kind == ir.KindDockerfile {
			// A huge Dockerfile is still an AML118 finding, so keep its size.
			l.register(f)
			l.prog.Dockerfiles = append(l.prog.Dockerfiles, &ir.Dockerfile{File: f, Size: int(tooBig)})
		}
		if in.Explicit || f.Kind != ir.KindUnknown {
			f.Syntax = append(f.Syntax, ir.Problem{Range: lineOne(), Message: fmt.Sprintf("file too large to lint (%d bytes; the limit is %d)", tooBig, MaxFileSize)})
			if f.Kind != ir.KindDockerfile {
				l.register(f)
			}
		}
		return nil
	}
	l.parse(f, KindByName(filepath.Base(in.Path)))
	return nil
}

func lineOne() ir.Range {
	return ir.Range{Start: ir.Pos{Line: 1, Col: 1}, End: ir.Pos{Line: 1, Col: 2}}
}

// readCapped reads a regular file of at most MaxFileSize bytes; for larger
// files it returns their size and no data.
func readCapped(path string) ([]byte, int64, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, 0, fserr.Bare(err)
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, 0, fserr.Bare(err)
	}
	if info.IsDir() {
		return nil, 0, errors.New("is a directory")
	}
	if info.Size() > MaxFileSize {
		return nil, info.Size(), nil
	}
	buf := bytes.NewBuffer(make([]byte, 0, info.Size()+1))
	if _, err := buf.ReadFrom(fh); err != nil {
		return nil, 0, fserr.Bare(err)
	}
	return buf.Bytes(), 0, nil
}

func (l *loader) newFile(abs string, src []byte, explicit bool) *ir.File {
	f := &ir.File{Abs: abs, Src: src, Explicit: explicit}
	f.Path = displayPath(l.opts.Cwd, abs)
	if rel, err := filepath.Rel(l.opts.Root, abs); err == nil && !strings.HasPrefix(rel, "..") {
		f.Rel = filepath.ToSlash(rel)
	} else {
		f.Rel = filepath.ToSlash(abs)
	}
	return f
}

func displayPath(cwd, abs string) string {
	if rel, err := filepath.Rel(cwd, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

func (l *loader) register(f *ir.File) {
	key := f.Abs
	if key == "" {
		key = "-"
	}
	l.files[key] = f
	l.prog.Files = append(l.prog.Files, f)
}

// textProblem checks that src is text: not binary, valid UTF-8. It returns
// the problem and whether the file is unusable. A Dockerfile is judged by
// BuildKit's parser, which reads bytes: invalid UTF-8 in a comment or a
// string (a Latin-1 "Jos\xe9") is accepted there, so only NUL bytes make
// a Dockerfile unusable. Columns count an invalid byte as one character.
func textProblem(f *ir.File, kind ir.Kind) (ir.Problem, bool) {
	src := f.Src
	if i := bytes.IndexByte(src[:min(len(src), 8192)], 0); i >= 0 {
		return ir.Problem{Range: lineOne(), Message: "binary file (contains NUL bytes): expected text"}, true
	}
	if kind != ir.KindDockerfile && !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, w := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && w <= 1 {
				break
			}
			off += w
		}
		line := 1 + bytes.Count(src[:off], []byte("\n"))
		lineStart := bytes.LastIndexByte(src[:off], '\n') + 1
		col := utf8.RuneCount(src[lineStart:off]) + 1
		return ir.Problem{
			Range:   ir.Range{Start: ir.Pos{Line: line, Col: col}, End: ir.Pos{Line: line, Col: col + 1}},
			Message: fmt.Sprintf("not valid UTF-8 at line %d, column %d: save the file as UTF-8", line, col),
		}, true
	}
	return ir.Problem{}, false
}

// parse classifies and parses a file, then registers it when it is worth
// linting. hint is the kind suggested by the name.
func (l *loader) parse(f *ir.File, hint ir.Kind) {
	isYAMLName := isYAMLish(f.Abs) || f.Abs == ""
	if hint == ir.KindUnknown && !isYAMLName {
		// Not a spec by name (notes.txt, setup.cfg, train.py, README.md):
		// left alone, also when named on the command line, unless it is a
		// text file whose content is unmistakably a requirements file.
		if !f.Explicit || !sniffableName(f.Abs) || !requirementsText(f.Src) {
			return
		}
		hint = ir.KindRequirements
	}
	if hint == ir.KindUnknown && f.Abs == "" && requirementsText(f.Src) {
		hint = ir.KindRequirements // unnamed stdin holding requirements
	}
	if p, bad := textProblem(f, hint); bad {
		if f.Explicit || hint != ir.KindUnknown || suggestsSpec(f.Abs) {
			f.Kind = hint
			f.Syntax = append(f.Syntax, p)
			l.register(f)
		}
		return
	}
	f.Src = bytes.TrimPrefix(f.Src, []byte("\xef\xbb\xbf"))
	switch hint {
	case ir.KindDockerfile:
		f.Kind = ir.KindDockerfile
		l.register(f)
		l.prog.Dockerfiles = append(l.prog.Dockerfiles, l.dockerfile(f))
		return
	case ir.KindRequirements:
		f.Kind = ir.KindRequirements
		l.register(f)
		l.requirements(f)
		return
	}
	l.yamlFile(f, hint)
}

func isYAMLish(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	return ext == ".yml" || ext == ".yaml" || ext == ".json" || ext == ".runconfig"
}

// suggestsSpec reports whether a YAML/JSON file name suggests an environment,
// conda or job file, so that a broken one is worth reporting when walked.
func suggestsSpec(p string) bool {
	base := strings.ToLower(filepath.Base(p))
	for _, s := range []string{"env", "conda", "azureml", "job", "deployment", "component", "pipeline"} {
		if strings.Contains(base, s) {
			return true
		}
	}
	return false
}

// yamlFile parses YAML or JSON and dispatches on its content.
func (l *loader) yamlFile(f *ir.File, hint ir.Kind) {
	if hint == ir.KindUnknown && foreignName(f.Abs) != "" {
		return // e.g. vcpkg.json, package.json: not a spec, whatever it holds
	}
	worthReporting := hint != ir.KindUnknown || suggestsSpec(f.Abs) || f.Explicit && mentionsSpec(f.Src)
	if len(bytes.TrimSpace(f.Src)) == 0 {
		worthReporting = f.Explicit || worthReporting
		if worthReporting {
			f.Kind = hint
			f.Syntax = append(f.Syntax, ir.Problem{Range: lineOne(), Message: "file is empty: expected an environment, job, conda or requirements spec"})
			l.register(f)
		}
		return
	}
	if isTemplateText(f.Src) {
		return // a Helm or Jinja template: its shape is only known once rendered
	}
	var doc yaml.Node
	var comment *ir.Problem
	if err := l.parseYAML(f, &doc); err != nil {
		// JSON with comments (.vscode/settings.json, tsconfig.json) is
		// read without them: it is a spec only if its content says so.
		p, ok := l.parseJSONC(f, &doc)
		if !ok {
			if worthReporting {
				f.Kind = hint
				f.Syntax = append(f.Syntax, yamlProblem(f, err))
				l.register(f)
			}
			return
		}
		comment = &p
	}
	f.Root = &doc
	root := yamlnode.DocRoot(&doc)
	if isRunConfigName(f.Abs) && l.runConfig(f, root) {
		return
	}
	if hint == ir.KindUnknown {
		switch foreignKind(f.Abs, root) {
		case "":
		case "prompt flow":
			l.promptFlow(f, root)
			return
		default:
			return
		}
	}
	kind := classify(f.Abs, root, hint)
	if comment != nil && kind != ir.KindUnknown {
		f.Syntax = append(f.Syntax, *comment) // the SDKs read JSON strictly
	}
	if kind == ir.KindUnknown {
		if f.Explicit {
			l.register(f)
		}
		return
	}
	f.Kind = kind
	l.register(f)
	f.Directives = yamlDirectives(f)
	switch kind {
	case ir.KindEnv:
		l.prog.Envs = append(l.prog.Envs, l.envV2(f, root, ir.FormatV2, nil))
	case ir.KindEnvV1:
		e := l.envV1(f, root)
		l.v1Directory(f, e)
		l.prog.Envs = append(l.prog.Envs, e)
	case ir.KindConda:
		l.prog.Condas = append(l.prog.Condas, l.conda(f, root, false))
	case ir.KindJob:
		l.job(f, root)
	case ir.KindConnection:
		l.prog.Connections = append(l.prog.Connections, connection(f, root))
	}
}

// safeUnmarshal parses YAML into a node tree, converting a parser panic on
// hostile input into an error.
func safeUnmarshal(src []byte, doc *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: cannot parse: %v", r)
		}
	}()
	return yaml.Unmarshal(src, doc)
}

// yamlProblem turns a yaml.v3 error into a positioned problem.
func yamlProblem(f *ir.File, err error) ir.Problem {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		n := 0
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			n = n*10 + int(rest[i]-'0')
			i++
		}
		if i > 0 && strings.HasPrefix(rest[i:], ": ") {
			line, msg = n, rest[i+2:]
		}
	}
	// yaml.v3 numbers "did not find expected ..." errors from the line
	// before the construct that is left open.
	if strings.HasPrefix(msg, "did not find expected") {
		line++
	}
	if line < 1 {
		line = 1
	}
	if n := f.LineCount(); line > n && n > 0 {
		line = n
	}
	r := f.LineRange(line)
	if r.End.Col <= r.Start.Col {
		r.End.Col = r.Start.Col + 1
	}
	lang := "YAML"
	if strings.EqualFold(filepath.Ext(f.Abs), ".json") {
		lang = "JSON"
	}
	return ir.Problem{Range: r, Message: "invalid " + lang + ": " + msg}
}

// envKeys are the keys that make a mapping a v2 environment.
var envKeys = []string{"image", "build", "conda_file"}

// looksLikeEnv recognises an environment whose distinguishing key is
// misspelt ("imgae:"), so that the typo is reported rather than the file
// ignored: a name that says "env" and a top-level key close to an env key.
func looksLikeEnv(path string, root *yaml.Node) bool {
	base := strings.ToLower(filepath.Base(path))
	if !strings.Contains(base, "env") || strings.Contains(base, "conda") || yamlnode.Has(root, "dependencies") {
		return false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := strings.ToLower(root.Content[i].Value)
		for _, e := range envKeys {
			if k != e && len(k) >= 4 && closeWords(k, e) {
				return true
			}
		}
	}
	return false
}

// closeWords reports whether a and b differ by at most two edits, judged
// cheaply: same letters in a different order, or a short prefix match.
func closeWords(a, b string) bool {
	if strings.HasPrefix(a, b[:min(4, len(b))]) || strings.HasPrefix(b, a[:min(4, len(a))]) {
		return true
	}
	if len(a) != len(b) {
		return false
	}
	diff := 0
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			diff++
		}
	}
	return diff <= 2
}

// classify decides what a parsed YAML/JSON document is.
func classify(path string, root *yaml.Node, hint ir.Kind) ir.Kind {
	if root == nil || root.Kind != yaml.MappingNode {
		if hint != ir.KindUnknown {
			return hint
		}
		return ir.KindUnknown
	}
	isJSON := strings.EqualFold(filepath.Ext(path), ".json")
	if hint == ir.KindEnvV1 || (isJSON && (yamlnode.Has(root, "python") || yamlnode.Has(root, "docker"))) ||
		(isV1EnvNode(root) && !yamlnode.Has(root, "environment") && !yamlnode.Has(root, "command") && !yamlnode.Has(root, "script")) {
		// An SDK v1 environment, also written as YAML (camelCase python
		// and docker sections): checked as v1, not against the v2 schema.
		return ir.KindEnvV1
	}
	if _, s := yamlnode.Entry(root, "$schema"); yamlnode.IsString(s) {
		v := strings.ToLower(s.Value)
		switch {
		case strings.Contains(v, "/environment.schema"):
			return ir.KindEnv
		case strings.Contains(v, "azuremlschemas") || strings.Contains(v, "azureml"):
			if hasEnvKey(root) {
				return ir.KindJob
			}
			return ir.KindUnknown
		}
	}
	if yamlnode.Has(root, "image") || yamlnode.Has(root, "build") || yamlnode.Has(root, "conda_file") || isPreviewEnv(root) {
		if yamlnode.Has(root, "command") || yamlnode.Has(root, "jobs") || yamlnode.Has(root, "environment") {
			return ir.KindJob
		}
		return ir.KindEnv
	}
	if _, deps := yamlnode.Entry(root, "dependencies"); deps != nil && (yamlnode.IsSeq(deps) || yamlnode.Has(root, "channels")) {
		return ir.KindConda
	}
	if yamlnode.Has(root, "channels") && !yamlnode.Has(root, "environment") {
		return ir.KindConda
	}
	if _, t := yamlnode.Entry(root, "type"); yamlnode.IsString(t) && yamlnode.Has(root, "target") {
		switch strings.ToLower(t.Value) {
		case "container_registry", "python_feed", "git", "azure_container_registry", "feature_store":
			return ir.KindConnection
		}
	}
	if hasEnvKey(root) {
		return ir.KindJob
	}
	if looksLikeEnv(path, root) {
		return ir.KindEnv
	}
	return hint
}

// hasEnvKey reports whether an "environment" key with a string or mapping
// value appears anywhere in the tree.
func hasEnvKey(root *yaml.Node) bool {
	found := false
	yamlnode.WalkKeys(root, func(_, k, v *yaml.Node) bool {
		if k.Value == "environment" && (yamlnode.IsString(v) || yamlnode.IsMap(v)) {
			found = true
		}
		return !found
	})
	return found
}

// KindByName guesses a file's kind from its name alone. YAML and JSON
// files need their content to tell, except azureml_environment.json.
func KindByName(name string) ir.Kind {
	base := strings.ToLower(filepath.Base(name))
	switch {
	case strings.HasSuffix(base, ".dockerignore"):
		return ir.KindUnknown // Dockerfile.dockerignore: BuildKit's per-Dockerfile ignore file
	case strings.HasSuffix(base, "dockerfile") || strings.HasPrefix(base, "dockerfile.") || strings.HasPrefix(base, "dockerfile-") || strings.HasPrefix(base, "dockerfile_"):
		// Dockerfile, dockerfile, Dockerfile.gpu, Dockerfile-gpu, gpu.Dockerfile,
		// BaseDockerfile (SDK v1's save_to_directory), ...
		return ir.KindDockerfile
	case base == "azureml_environment.json":
		return ir.KindEnvV1
	case (strings.HasSuffix(base, ".txt") || strings.HasSuffix(base, ".in")) &&
		(strings.Contains(base, "requirements") || strings.HasPrefix(base, "constraints")):
		// requirements.txt, dev-requirements.txt, requirements-gpu.in (pip-tools),
		// constraints.txt: pip's own names. Other .in files (MANIFEST.in,
		// Makefile.in) are not requirements.
		return ir.KindRequirements
	}
	return ir.KindUnknown
}

// Candidate reports whether a file found while walking may be a spec.
func Candidate(name string) bool {
	return KindByName(name) != ir.KindUnknown || isYAMLish(name)
}

// isPreviewEnv recognises an environment in the early-preview CLI v2
// format, whose image sits in a docker section: a name and docker: {image}.
func isPreviewEnv(root *yaml.Node) bool {
	_, d := yamlnode.Entry(root, "docker")
	return yamlnode.Has(root, "name") && yamlnode.IsMap(d) && yamlnode.Has(d, "image")
}
