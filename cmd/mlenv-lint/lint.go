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
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/mlenvlint"
	"github.com/mlenv-lint/mlenv-lint/report"
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

// linter is the library Linter the flags describe.
func (a *app) linter(f *lintFlags) (*mlenvlint.Linter, error) {
	return mlenvlint.New(mlenvlint.Options{
		Cwd: a.cwd, Root: f.root, ConfigPath: f.configPath, NoConfig: f.noConfig,
		Disable: f.disable, Only: f.only,
		Stdin: a.stdin, StdinFilename: f.stdinFilename,
		Now: a.today(), ToolVersion: version(),
	})
}

// lint discovers, loads and lints paths. Its errors are usage or I/O errors,
// already phrased as one line.
func (a *app) lint(paths []string, f *lintFlags) (*lintRun, error) {
	l, err := a.linter(f)
	if err != nil {
		return nil, err
	}
	res, err := l.LintFiles(paths)
	if err != nil {
		return nil, err
	}
	return &lintRun{prog: res.Program, diags: res.Diagnostics, cfg: res.Config}, nil
}

func (a *app) abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(a.cwd, p)
}

// lintCmd holds the parsed flags of the lint command.
type lintCmd struct {
	lint                             lintFlags
	format, failLevel, color, output string
	paths                            []string
}

func cmdLint(_ context.Context, a *app, args []string) int {
	c, code, ok := a.parseLint(args)
	if !ok {
		return code
	}
	fail := lint.Off
	if c.failLevel != "" {
		s, err := lint.ParseFailLevel(c.failLevel)
		if err != nil {
			return a.errorf("lint: --fail-level %v", err)
		}
		fail = s
	}
	useColor, err := a.colorMode(c.color)
	if err != nil {
		return a.errorf("lint: %v", err)
	}
	l, err := a.linter(&c.lint)
	if err != nil {
		return a.errorf("%v", err)
	}
	res, err := l.LintFiles(c.paths)
	if err != nil {
		return a.errorf("%v", err)
	}
	if c.failLevel == "" {
		fail = res.Config.FailLevel
	}
	toTTY := c.output == "" && a.stdoutTTY
	if err := a.writeOutput(c.output, func(w io.Writer) error {
		return l.Report(w, res, mlenvlint.ReportOptions{Format: c.format, Color: useColor && toTTY, Context: toTTY})
	}); err != nil {
		return a.errorf("%v", err)
	}
	if len(res.Program.Files) == 0 && c.format == "text" {
		fmt.Fprintln(a.stderr, "mlenv-lint: no environment specs found")
	}
	if fail != lint.Off && lint.Max(res.Diagnostics) >= fail {
		return exitFindings
	}
	return exitOK
}

// parseLint parses the lint command's flags; when ok is false the command
// ends with code.
func (a *app) parseLint(args []string) (c *lintCmd, code int, ok bool) {
	c = &lintCmd{}
	fs := newFlags("lint", "mlenv-lint [lint] [flags] [path...]",
		"Lint Azure Machine Learning environment specs: v2 environment YAML, job and deployment YAML,\n"+
			"v1 azureml_environment.json, conda files, pip requirements and Dockerfiles. Directories are\n"+
			"walked (skipping .git, vendored dirs and .gitignored paths); with no path, the current directory.\n\n"+
			"Exit status: 0 clean, 1 findings at or above the fail level, 2 usage or I/O error.", a.stdout)
	fs.StringVarP(&c.format, "format", "f", "text", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&c.failLevel, "fail-level", "", "lowest severity that fails the run: error, warning, info or none (default warning)")
	fs.StringVar(&c.color, "color", "auto", "colour text output: auto, always or never (NO_COLOR is honoured)")
	fs.StringVarP(&c.output, "output", "o", "", "write the report to `FILE` instead of stdout")
	c.lint.register(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return nil, a.flagError("lint", err), false
	}
	if !validFormat(c.format) {
		return nil, a.errorf("lint: unknown format %q (want %s)", c.format, strings.Join(report.Formats(), ", ")), false
	}
	c.paths = fs.Args()
	return c, 0, true
}

// writeOutput runs write on stdout or on the --output file, and closes it.
func (a *app) writeOutput(path string, write func(io.Writer) error) error {
	out, closeOut, err := a.openOutput(path)
	if err != nil {
		return err
	}
	werr := write(out)
	if cerr := closeOut(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("writing report: %w", werr)
	}
	return nil
}

func (a *app) reportOptions(format string, prog *ir.Program, ruleList []*lint.Rule) report.Options {
	opts := mlenvlint.ReportFiles(prog, a.cwd)
	opts.Format, opts.Rules, opts.ToolVersion = format, lint.DocsOf(ruleList), version()
	return opts
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
