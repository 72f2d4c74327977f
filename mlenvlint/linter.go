// Package mlenvlint is mlenv-lint as a library: one Linter does what the
// lint command does (discover the specs under some paths, load them with the
// references they make, apply the configuration, run the rules) and renders
// the result in any of the report formats. The command-line tool is a thin
// layer over it that only owns flags, subcommands and exit codes.
//
//	l, err := mlenvlint.New(mlenvlint.Options{Cwd: dir})
//	res, err := l.LintFiles([]string{"."})
//	err = l.Report(os.Stdout, res, mlenvlint.ReportOptions{Format: "sarif"})
package mlenvlint

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/mlenv-lint/mlenv-lint/analyzers/config"
	"github.com/mlenv-lint/mlenv-lint/analyzers/discover"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
	"github.com/mlenv-lint/mlenv-lint/report"
	"github.com/mlenv-lint/mlenv-lint/rules"
)

// stdinLimit bounds how much of stdin is read.
const stdinLimit = 64 << 20

// Options configure a Linter. Relative paths are relative to Cwd.
type Options struct {
	// Cwd is the working directory (absolute); required.
	Cwd string
	// Root is the project root that references may not leave; "" means the
	// enclosing git work tree of the first path, else that path.
	Root string
	// ConfigPath names the configuration file; "" searches upward from the
	// first path (then from Cwd) for .mlenv-lint.yaml.
	ConfigPath string
	// NoConfig ignores configuration files.
	NoConfig bool
	// Disable turns rules off and Only restricts the run to some rules (IDs
	// or names); both win over the configuration.
	Disable, Only []string
	// Stdin is read for the path "-" and by LintStdin.
	Stdin io.Reader
	// StdinFilename is the name stdin is linted as ("" shows it as "-").
	StdinFilename string
	// Now is the date end-of-life checks use unless the configuration sets
	// today:; zero means time.Now().
	Now time.Time
	// ToolVersion is written into SARIF reports.
	ToolVersion string
}

// Linter lints environment specs. Make one with New.
type Linter struct {
	opts  Options
	rules []*lint.Rule
}

// New returns a Linter for opts.
func New(opts Options) (*Linter, error) {
	if !filepath.IsAbs(opts.Cwd) {
		return nil, fmt.Errorf("mlenvlint: Options.Cwd must be an absolute path (got %q)", opts.Cwd)
	}
	return &Linter{opts: opts, rules: rules.All()}, nil
}

// Rules returns the lint rules the Linter runs (before the configuration
// and Disable/Only select among them).
func (l *Linter) Rules() []*lint.Rule { return l.rules }

// Result is the outcome of a lint run.
type Result struct {
	Program     *ir.Program
	Diagnostics []lint.Diagnostic // sorted, suppressions applied
	Config      *config.Config    // the configuration that applied (defaults when none)
}

// LintFiles lints the specs found under paths (files or directories; "-"
// reads Options.Stdin). With no paths and no StdinFilename it lints Cwd.
// Its errors are usage or I/O errors, each phrased as one line.
func (l *Linter) LintFiles(paths []string) (*Result, error) {
	in, err := l.inputs(paths)
	if err != nil {
		return nil, err
	}
	return l.run(in)
}

// LintStdin lints src as one file named name ("" for an anonymous "-").
func (l *Linter) LintStdin(src []byte, name string) (*Result, error) {
	path := "-"
	if name != "" {
		path = l.abs(name)
	}
	return l.run(&inputs{stdin: &load.Input{Path: path, Src: src, Explicit: true}, hint: hintOf(nil, path)})
}

// Load discovers and loads the specs under paths, with the configuration's
// ignore patterns applied, without running any rule: what diagnose --spec
// needs to map findings back to spec lines.
func (l *Linter) Load(paths []string) (*ir.Program, *config.Config, error) {
	in, err := l.inputs(paths)
	if err != nil {
		return nil, nil, err
	}
	prog, cfg, _, err := l.load(in)
	return prog, cfg, err
}

// inputs are the resolved command-line inputs of a run.
type inputs struct {
	paths []string    // absolute paths to walk
	stdin *load.Input // stdin, when read
	hint  []string    // paths the root and the configuration are found from
}

func (l *Linter) inputs(paths []string) (*inputs, error) {
	if len(paths) == 0 && l.opts.StdinFilename == "" {
		paths = []string{"."}
	}
	in := &inputs{}
	readStdin := false
	for _, p := range paths {
		if p == "-" {
			if readStdin {
				return nil, fmt.Errorf("stdin (-) given more than once")
			}
			readStdin = true
			continue
		}
		in.paths = append(in.paths, l.abs(p))
	}
	if l.opts.StdinFilename != "" && !readStdin && len(in.paths) == 0 {
		readStdin = true
	}
	if readStdin {
		var data []byte
		if l.opts.Stdin != nil {
			var err error
			if data, err = io.ReadAll(io.LimitReader(l.opts.Stdin, stdinLimit)); err != nil {
				return nil, fmt.Errorf("reading stdin: %w", err)
			}
		}
		name := "-"
		if l.opts.StdinFilename != "" {
			name = l.abs(l.opts.StdinFilename)
		}
		in.stdin = &load.Input{Path: name, Src: data, Explicit: true}
	}
	in.hint = hintOf(in.paths, "")
	if in.stdin != nil {
		in.hint = hintOf(in.paths, in.stdin.Path)
	}
	return in, nil
}

// hintOf is what the root and configuration are searched from: the paths,
// else stdin's name when it has one.
func hintOf(paths []string, stdinPath string) []string {
	if len(paths) == 0 && stdinPath != "" && stdinPath != "-" {
		return []string{stdinPath}
	}
	return paths
}

func (l *Linter) run(in *inputs) (*Result, error) {
	prog, cfg, settings, err := l.load(in)
	if err != nil {
		return nil, err
	}
	return &Result{Program: prog, Diagnostics: lint.Run(prog, l.rules, settings), Config: cfg}, nil
}

// load finds the root and the configuration, walks the paths and loads
// what is not ignored.
func (l *Linter) load(in *inputs) (*ir.Program, *config.Config, *lint.Settings, error) {
	root, err := discover.Root(l.absOrEmpty(l.opts.Root), in.hint, l.opts.Cwd)
	if err != nil {
		return nil, nil, nil, err
	}
	cfg, err := l.config(in.hint)
	if err != nil {
		return nil, nil, nil, err
	}
	settings, err := l.settings(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	found, err := discover.Walk(in.paths, discover.Options{Candidate: load.Candidate, Ignore: cfg.Ignore.Match})
	if err != nil {
		return nil, nil, nil, err
	}
	var inputs []load.Input
	for _, d := range found {
		if d.Explicit && cfg.Ignore.Match(d.Path, false) {
			continue // configuration ignores win even over explicit paths (pre-commit passes every file)
		}
		inputs = append(inputs, load.Input{Path: d.Path, Explicit: d.Explicit})
	}
	if in.stdin != nil && (in.stdin.Path == "-" || !cfg.Ignore.Match(in.stdin.Path, false)) {
		inputs = append(inputs, *in.stdin)
	}
	prog, err := load.Load(inputs, load.Options{Root: root, Cwd: l.opts.Cwd, Placeholders: cfg.Placeholders})
	if err != nil {
		return nil, nil, nil, err
	}
	return prog, cfg, settings, nil
}

// settings are the configuration's rule settings with Disable and Only
// applied.
func (l *Linter) settings(cfg *config.Config) (*lint.Settings, error) {
	now := l.opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	s := cfg.Settings(now)
	for _, name := range l.opts.Disable {
		r := lint.Find(l.rules, name)
		if r == nil {
			return nil, UnknownRuleError("--disable", name, lint.DocsOf(l.rules))
		}
		s.Severity[r.ID] = lint.Off
	}
	if len(l.opts.Only) > 0 {
		s.Only = map[string]bool{}
		for _, name := range l.opts.Only {
			r := lint.Find(l.rules, name)
			if r == nil {
				return nil, UnknownRuleError("--only", name, lint.DocsOf(l.rules))
			}
			s.Only[r.ID] = true
		}
	}
	return s, nil
}

// config loads the configuration that applies to paths.
func (l *Linter) config(paths []string) (*config.Config, error) {
	if l.opts.NoConfig {
		return config.Parse("", nil, l.rules)
	}
	path := l.absOrEmpty(l.opts.ConfigPath)
	if path == "" {
		cwd := l.opts.Cwd
		start := cwd
		if len(paths) > 0 {
			start = paths[0]
			if info, err := os.Stat(start); err != nil || !info.IsDir() {
				start = filepath.Dir(start)
			}
		}
		if path = config.Find(start); path == "" && start != cwd {
			path = config.Find(cwd)
		}
		if path == "" {
			return config.Parse("", nil, l.rules)
		}
	}
	return config.Load(path, l.rules)
}

func (l *Linter) abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(l.opts.Cwd, p)
}

func (l *Linter) absOrEmpty(p string) string {
	if p == "" {
		return ""
	}
	return l.abs(p)
}

// ReportOptions say how Report renders a result.
type ReportOptions struct {
	Format  string // text (default), json, sarif or github
	Color   bool   // ANSI colour in text output
	Context bool   // text: show the source line and a caret under the range
}

// Report writes res's diagnostics to w.
func (l *Linter) Report(w io.Writer, res *Result, ro ReportOptions) error {
	opts := ReportFiles(res.Program, l.opts.Cwd)
	opts.Format, opts.Color, opts.Context = ro.Format, ro.Color, ro.Context
	opts.Rules, opts.ToolVersion = lint.DocsOf(l.rules), l.opts.ToolVersion
	return report.Write(w, res.Diagnostics, opts)
}

// ReportFiles returns report options that know prog's files and root (the
// working directory when prog is nil).
func ReportFiles(prog *ir.Program, cwd string) report.Options {
	files := map[string]*ir.File{}
	root := cwd
	if prog != nil {
		for _, f := range prog.Files {
			files[f.Path] = f
		}
		root = prog.Root
	}
	return report.Options{Files: files, Root: root, Cwd: cwd}
}
