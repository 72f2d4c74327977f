package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/diagnose"
	"github.com/mlenv-lint/mlenv-lint/mlenvlint"
	"github.com/mlenv-lint/mlenv-lint/report"
)

// diagnoseCmd holds the parsed flags of the diagnose command.
type diagnoseCmd struct {
	format, output, color, failLevel, logName, root string
	specs                                           []string
	log                                             string // the log path, "" or "-" for stdin
}

func cmdDiagnose(_ context.Context, a *app, args []string) int {
	c, code, ok := a.parseDiagnose(args)
	if !ok {
		return code
	}
	fail, err := lint.ParseFailLevel(c.failLevel)
	if err != nil {
		return a.errorf("diagnose: --fail-level %v", err)
	}
	useColor, err := a.colorMode(c.color)
	if err != nil {
		return a.errorf("diagnose: %v", err)
	}
	in, name, closeLog, err := a.openLog(c.log, c.logName)
	if err != nil {
		return a.errorf("diagnose: %v", err)
	}
	defer closeLog()
	var prog *ir.Program
	if len(c.specs) > 0 {
		if prog, err = a.loadSpecs(c.specs, c.root); err != nil {
			return a.errorf("diagnose: --spec: %v", err)
		}
	}
	if in, err = maybeGunzip(in); err != nil {
		return a.errorf("diagnose: %v", err)
	}
	res, err := diagnose.Analyze(in)
	if err != nil {
		return a.errorf("diagnose: %v", err)
	}
	color := useColor && c.output == "" && a.stdoutTTY
	if err := a.writeOutput(c.output, func(w io.Writer) error {
		return a.renderDiagnosis(w, res, name, prog, c.format, color)
	}); err != nil {
		return a.errorf("%v", err)
	}
	if fail != lint.Off && res.Problem(fail) {
		return exitFindings
	}
	return exitOK
}

// parseDiagnose parses the diagnose command's flags; when ok is false the
// command ends with code.
func (a *app) parseDiagnose(args []string) (c *diagnoseCmd, code int, ok bool) {
	c = &diagnoseCmd{}
	fs := newFlags("diagnose", "mlenv-lint diagnose [flags] [FILE|-]",
		"Explain a failed environment image build from its log (docker build, BuildKit, Azure ML,\n"+
			"conda and pip output). The log is read once, as a stream, from FILE or stdin. Findings are\n"+
			"documented build problems (AML901-AML921), most likely cause first; a failure that matches\n"+
			"none of them is AML999 with the last error lines as evidence.\n\n"+
			"Exit status: 0 the build succeeded or nothing at or above the fail level was found,\n"+
			"1 a problem was found, 2 usage or I/O error.", a.stdout)
	fs.StringVarP(&c.format, "format", "f", "text", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringSliceVar(&c.specs, "spec", nil, "environment spec(s) or project directories the log was built from; findings point at the spec lines that caused them")
	fs.StringVarP(&c.output, "output", "o", "", "write the report to `FILE` instead of stdout")
	fs.StringVar(&c.failLevel, "fail-level", "error", "lowest severity that makes the exit status 1: error, warning, info or none")
	fs.StringVar(&c.color, "color", "auto", "colour text output: auto, always or never (NO_COLOR is honoured)")
	fs.StringVar(&c.logName, "log-name", "", "name to show for a log read from stdin (default build.log)")
	fs.StringVar(&c.root, "root", "", "project root for --spec references (default: the enclosing git work tree)")
	if err := a.parseFlags(fs, args); err != nil {
		return nil, a.flagError("diagnose", err), false
	}
	if !validFormat(c.format) {
		return nil, a.errorf("diagnose: unknown format %q (want %s)", c.format, strings.Join(report.Formats(), ", ")), false
	}
	if fs.NArg() > 1 {
		return nil, a.errorf("diagnose: one log at a time (got %d paths)", fs.NArg()), false
	}
	c.log = fs.Arg(0)
	return c, 0, true
}

// openLog opens the log at path (stdin for "" or "-") and returns the name
// to show for it.
func (a *app) openLog(path, logName string) (r io.Reader, name string, closeLog func(), err error) {
	r, name, closeLog = a.stdin, logName, func() {}
	if path != "" && path != "-" {
		f, err := os.Open(a.abs(path))
		if err != nil {
			return nil, "", nil, err
		}
		if info, err := f.Stat(); err == nil && info.IsDir() {
			f.Close()
			return nil, "", nil, fmt.Errorf("%s is a directory; give a log file", path)
		}
		r, closeLog = f, func() { f.Close() }
		if name == "" {
			name = path
		}
	}
	if name == "" {
		name = "build.log"
	}
	return r, name, closeLog, nil
}

// renderDiagnosis writes a diagnosis in format; with prog, findings carry
// the spec locations behind them.
func (a *app) renderDiagnosis(w io.Writer, res *diagnose.Result, name string, prog *ir.Program, format string, color bool) error {
	opts := a.reportOptions(format, prog, nil)
	opts.Rules = diagnose.Docs()
	for _, f := range res.Findings {
		if !f.IsDefinitionProblem() {
			continue
		}
		// a definition problem the service reported carries the lint
		// rule's ID: SARIF describes it with that rule's own metadata
		for _, d := range mlenvlint.Catalog() {
			if d.ID == f.Problem.ID {
				opts.Rules = append(opts.Rules, d)
			}
		}
	}
	opts.Root = a.cwd // the log's location is relative to where we run
	opts.Color = color
	d := report.Diagnosis{Log: name, Result: res, Related: mlenvlint.SpecLocator(prog)}
	return report.WriteDiagnosis(w, d, opts)
}

// loadSpecs loads environment specs (and what they reference) for mapping
// findings back to spec lines, through the lint pipeline: the same
// discovery, root and configuration (its ignore: patterns included).
func (a *app) loadSpecs(paths []string, root string) (*ir.Program, error) {
	for _, p := range paths {
		if p == "-" {
			return nil, fmt.Errorf("a spec cannot be read from stdin (-)")
		}
	}
	l, err := a.linter(&lintFlags{root: root})
	if err != nil {
		return nil, err
	}
	prog, _, err := l.Load(paths)
	return prog, err
}

// maybeGunzip returns a reader of the decompressed log when r starts with
// the gzip magic number (logs are often kept as build.log.gz), else r.
func maybeGunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, err := br.Peek(2)
	if err != nil || magic[0] != 0x1f || magic[1] != 0x8b {
		return br, nil //nolint:nilerr // a short or unreadable start is read (and reported) by Analyze
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("reading the gzip-compressed log: %w", err)
	}
	return zr, nil
}
