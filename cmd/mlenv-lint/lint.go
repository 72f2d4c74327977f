package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/mlenv-lint/mlenv-lint/analyzers/config"
	"github.com/mlenv-lint/mlenv-lint/analyzers/discover"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
	"github.com/mlenv-lint/mlenv-lint/report"
	"github.com/mlenv-lint/mlenv-lint/rules"
)

// lintFlags are the flags shared by lint and build.
type lintFlags struct {
	configPath    string
	noConfig      bool
	root          string
	stdinFilename string
	disable       []string
	only          []string
}

func (f *lintFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&f.configPath, "config", "c", "", "configuration file (default: .mlenv-lint.yaml found upward)")
	fs.BoolVar(&f.noConfig, "no-config", false, "ignore configuration files")
	fs.StringVar(&f.root, "root", "", "project root that references may not leave (default: the enclosing git work tree)")
	fs.StringVar(&f.stdinFilename, "stdin-filename", "", "read one file from stdin and lint it as `NAME` (also: pass -)")
	fs.StringSliceVar(&f.disable, "disable", nil, "turn off these rules (IDs or names, comma separated)")
	fs.StringSliceVar(&f.only, "only", nil, "run only these rules (IDs or names, comma separated)")
}

// lintRun is the outcome of linting: the program, its diagnostics, and the
// configuration that applied.
type lintRun struct {
	prog  *ir.Program
	diags []lint.Diagnostic
	cfg   *config.Config
}

// lint discovers, loads and lints paths. Its errors are usage or I/O errors,
// already phrased as one line.
func (a *app) lint(paths []string, f *lintFlags) (*lintRun, error) {
	all := rules.All()
	if len(paths) == 0 && f.stdinFilename == "" {
		paths = []string{"."}
	}
	var stdinInput *load.Input
	var rest []string
	for _, p := range paths {
		if p == "-" {
			if stdinInput != nil {
				return nil, fmt.Errorf("stdin (-) given more than once")
			}
			stdinInput = &load.Input{}
			continue
		}
		rest = append(rest, a.abs(p))
	}
	if f.stdinFilename != "" && stdinInput == nil && len(rest) == 0 {
		stdinInput = &load.Input{}
	}
	if stdinInput != nil {
		data, err := io.ReadAll(io.LimitReader(a.stdin, 64<<20))
		if err != nil {
			return nil, fmt.Errorf("reading stdin: %w", err)
		}
		name := "-"
		if f.stdinFilename != "" {
			name = a.abs(f.stdinFilename)
		}
		*stdinInput = load.Input{Path: name, Src: data, Explicit: true}
	}

	rootHint := rest
	if len(rootHint) == 0 && stdinInput != nil && stdinInput.Path != "-" {
		rootHint = []string{stdinInput.Path}
	}
	root, err := discover.Root(a.absOrEmpty(f.root), rootHint, a.cwd)
	if err != nil {
		return nil, err
	}

	cfg, err := a.loadConfig(f, rootHint, all)
	if err != nil {
		return nil, err
	}
	settings := cfg.Settings(a.today())
	for _, name := range f.disable {
		r := lint.Find(all, name)
		if r == nil {
			return nil, unknownRuleErr("--disable", name, all)
		}
		settings.Severity[r.ID] = lint.Off
	}
	if len(f.only) > 0 {
		settings.Only = map[string]bool{}
		for _, name := range f.only {
			r := lint.Find(all, name)
			if r == nil {
				return nil, unknownRuleErr("--only", name, all)
			}
			settings.Only[r.ID] = true
		}
	}

	found, err := discover.Walk(rest, discover.Options{Candidate: load.Candidate, Ignore: cfg.Ignore.Match})
	if err != nil {
		return nil, err
	}
	var inputs []load.Input
	for _, d := range found {
		if d.Explicit && cfg.Ignore.Match(d.Path, false) {
			continue // configuration ignores win even over explicit paths (pre-commit passes every file)
		}
		inputs = append(inputs, load.Input{Path: d.Path, Explicit: d.Explicit})
	}
	if stdinInput != nil && (stdinInput.Path == "-" || !cfg.Ignore.Match(stdinInput.Path, false)) {
		inputs = append(inputs, *stdinInput)
	}
	prog, err := load.Load(inputs, load.Options{Root: root, Cwd: a.cwd})
	if err != nil {
		return nil, err
	}
	return &lintRun{prog: prog, diags: lint.Run(prog, all, settings), cfg: cfg}, nil
}

func (a *app) loadConfig(f *lintFlags, paths []string, all []*lint.Rule) (*config.Config, error) {
	if f.noConfig {
		return config.Parse("", nil, all)
	}
	path := a.absOrEmpty(f.configPath)
	if path == "" {
		start := a.cwd
		if len(paths) > 0 {
			start = paths[0]
			if info, err := os.Stat(start); err != nil || !info.IsDir() {
				start = filepath.Dir(start)
			}
		}
		if path = config.Find(start); path == "" && start != a.cwd {
			path = config.Find(a.cwd)
		}
		if path == "" {
			return config.Parse("", nil, all)
		}
	}
	cfg, err := config.Load(path, all)
	if err != nil {
		return nil, err
	}
	return cfg, nil
}

func (a *app) abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(a.cwd, p)
}

func (a *app) absOrEmpty(p string) string {
	if p == "" {
		return ""
	}
	return a.abs(p)
}

func cmdLint(_ context.Context, a *app, args []string) int {
	var f lintFlags
	var format, failLevel, color, output string
	fs := newFlags("lint", "mlenv-lint [lint] [flags] [path...]",
		"Lint Azure Machine Learning environment specs: v2 environment YAML, job and deployment YAML,\n"+
			"v1 azureml_environment.json, conda files, pip requirements and Dockerfiles. Directories are\n"+
			"walked (skipping .git, vendored dirs and .gitignored paths); with no path, the current directory.\n\n"+
			"Exit status: 0 clean, 1 findings at or above the fail level, 2 usage or I/O error.", a.stdout)
	fs.StringVarP(&format, "format", "f", "text", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&failLevel, "fail-level", "", "lowest severity that fails the run: error, warning, info or none (default warning)")
	fs.StringVar(&color, "color", "auto", "colour text output: auto, always or never (NO_COLOR is honoured)")
	fs.StringVarP(&output, "output", "o", "", "write the report to `FILE` instead of stdout")
	f.register(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return a.flagError("lint", err)
	}
	if !validFormat(format) {
		return a.errorf("lint: unknown format %q (want %s)", format, strings.Join(report.Formats(), ", "))
	}
	fail := lint.Off
	if failLevel != "" {
		s, err := lint.ParseFailLevel(failLevel)
		if err != nil {
			return a.errorf("lint: --fail-level %v", err)
		}
		fail = s
	}
	useColor, err := a.colorMode(color)
	if err != nil {
		return a.errorf("lint: %v", err)
	}

	run, err := a.lint(fs.Args(), &f)
	if err != nil {
		return a.errorf("%v", err)
	}
	if failLevel == "" {
		fail = run.cfg.FailLevel
	}

	out, closeOut, err := a.openOutput(output)
	if err != nil {
		return a.errorf("%v", err)
	}
	toTTY := output == "" && a.stdoutTTY
	opts := a.reportOptions(format, run.prog, rules.All())
	opts.Color = useColor && toTTY
	opts.Context = toTTY
	werr := report.Write(out, run.diags, opts)
	if cerr := closeOut(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return a.errorf("writing report: %v", werr)
	}
	if len(run.prog.Files) == 0 && format == "text" {
		fmt.Fprintln(a.stderr, "mlenv-lint: no environment specs found")
	}
	if fail != lint.Off && lint.Max(run.diags) >= fail {
		return exitFindings
	}
	return exitOK
}

func (a *app) reportOptions(format string, prog *ir.Program, ruleList []*lint.Rule) report.Options {
	files := map[string]*ir.File{}
	root := a.cwd
	if prog != nil {
		for _, f := range prog.Files {
			files[f.Path] = f
		}
		root = prog.Root
	}
	return report.Options{
		Format: format, Files: files, Root: root, Cwd: a.cwd,
		Rules: ruleList, ToolVersion: version(),
	}
}

func validFormat(format string) bool {
	for _, f := range report.Formats() {
		if f == format {
			return true
		}
	}
	return false
}

// colorMode resolves --color against NO_COLOR.
func (a *app) colorMode(mode string) (bool, error) {
	switch mode {
	case "auto":
		return a.getenv("NO_COLOR") == "" && a.getenv("TERM") != "dumb", nil
	case "always":
		return a.getenv("NO_COLOR") == "", nil
	case "never":
		return false, nil
	}
	return false, fmt.Errorf("--color %q: want auto, always or never", mode)
}

// openOutput returns stdout or the named file.
func (a *app) openOutput(path string) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return a.stdout, func() error { return nil }, nil
	}
	f, err := os.Create(a.abs(path))
	if err != nil {
		return nil, nil, fmt.Errorf("--output: %w", err)
	}
	return f, f.Close, nil
}
