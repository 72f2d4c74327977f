package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/discover"
	"github.com/mlenv-lint/mlenv-lint/analyzers/facts"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
	"github.com/mlenv-lint/mlenv-lint/diagnose"
	"github.com/mlenv-lint/mlenv-lint/report"
	"github.com/mlenv-lint/mlenv-lint/rules"
)

func cmdDiagnose(_ context.Context, a *app, args []string) int {
	var format, output, color, failLevel, logName, root string
	var specs []string
	fs := newFlags("diagnose", "mlenv-lint diagnose [flags] [FILE|-]",
		"Explain a failed environment image build from its log (docker build, BuildKit, Azure ML,\n"+
			"conda and pip output). The log is read once, as a stream, from FILE or stdin. Findings are\n"+
			"documented build problems (AML901-AML921), most likely cause first; a failure that matches\n"+
			"none of them is AML999 with the last error lines as evidence.\n\n"+
			"Exit status: 0 the build succeeded or nothing at or above the fail level was found,\n"+
			"1 a problem was found, 2 usage or I/O error.", a.stdout)
	fs.StringVarP(&format, "format", "f", "text", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringSliceVar(&specs, "spec", nil, "environment spec(s) or project directories the log was built from; findings point at the spec lines that caused them")
	fs.StringVarP(&output, "output", "o", "", "write the report to `FILE` instead of stdout")
	fs.StringVar(&failLevel, "fail-level", "error", "lowest severity that makes the exit status 1: error, warning, info or none")
	fs.StringVar(&color, "color", "auto", "colour text output: auto, always or never (NO_COLOR is honoured)")
	fs.StringVar(&logName, "log-name", "", "name to show for a log read from stdin (default build.log)")
	fs.StringVar(&root, "root", "", "project root for --spec references (default: the enclosing git work tree)")
	if err := a.parseFlags(fs, args); err != nil {
		return a.flagError("diagnose", err)
	}
	if !validFormat(format) {
		return a.errorf("diagnose: unknown format %q (want %s)", format, strings.Join(report.Formats(), ", "))
	}
	fail, err := lint.ParseFailLevel(failLevel)
	if err != nil {
		return a.errorf("diagnose: --fail-level %v", err)
	}
	useColor, err := a.colorMode(color)
	if err != nil {
		return a.errorf("diagnose: %v", err)
	}
	if fs.NArg() > 1 {
		return a.errorf("diagnose: one log at a time (got %d paths)", fs.NArg())
	}

	in := a.stdin
	name := logName
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		f, err := os.Open(a.abs(fs.Arg(0)))
		if err != nil {
			return a.errorf("diagnose: %v", err)
		}
		defer f.Close()
		if info, err := f.Stat(); err == nil && info.IsDir() {
			return a.errorf("diagnose: %s is a directory; give a log file", fs.Arg(0))
		}
		in = f
		if name == "" {
			name = fs.Arg(0)
		}
	}
	if name == "" {
		name = "build.log"
	}

	var prog *ir.Program
	if len(specs) > 0 {
		if prog, err = a.loadSpecs(specs, root); err != nil {
			return a.errorf("diagnose: --spec: %v", err)
		}
	}
	in, err = maybeGunzip(in)
	if err != nil {
		return a.errorf("diagnose: %v", err)
	}
	res, err := diagnose.Analyze(in)
	if err != nil {
		return a.errorf("diagnose: %v", err)
	}
	out, closeOut, err := a.openOutput(output)
	if err != nil {
		return a.errorf("%v", err)
	}
	werr := a.renderDiagnosis(out, res, name, prog, format, useColor && output == "" && a.stdoutTTY)
	if cerr := closeOut(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return a.errorf("writing report: %v", werr)
	}
	if fail != lint.Off && res.Problem(fail) {
		return exitFindings
	}
	return exitOK
}

// renderDiagnosis writes a diagnosis in format; with prog, findings carry
// the spec locations behind them.
func (a *app) renderDiagnosis(w io.Writer, res *diagnose.Result, name string, prog *ir.Program, format string, color bool) error {
	opts := a.reportOptions(format, prog, diagnose.Rules())
	opts.Root = a.cwd // the log's location is relative to where we run
	opts.Color = color
	d := report.Diagnosis{Log: name, Result: res}
	if prog != nil {
		fx := facts.New(prog)
		d.Related = func(f *diagnose.Finding) []lint.Related {
			if f.IsDefinitionProblem() {
				return definitionLocations(prog, f.Problem.ID)
			}
			return diagnose.Locate(fx, f)
		}
	}
	return report.WriteDiagnosis(w, d, opts)
}

// definitionLocations finds the spec lines behind a definition problem the
// service reported: where the lint rule of the same ID finds it.
func definitionLocations(prog *ir.Program, id string) []lint.Related {
	r := rules.ByID(id)
	if r == nil {
		return nil
	}
	var out []lint.Related
	for _, d := range lint.Run(prog, []*lint.Rule{r}, nil) {
		if d.RuleID == id {
			out = append(out, lint.Related{Loc: d.Loc, Message: d.Message})
		}
	}
	return out
}

// loadSpecs loads environment specs (and what they reference) for mapping
// findings back to spec lines.
func (a *app) loadSpecs(paths []string, root string) (*ir.Program, error) {
	var abs []string
	for _, p := range paths {
		ap := a.abs(p)
		if _, err := os.Stat(ap); err != nil {
			return nil, err
		}
		abs = append(abs, ap)
	}
	r, err := discover.Root(a.absOrEmpty(root), abs, a.cwd)
	if err != nil {
		return nil, err
	}
	found, err := discover.Walk(abs, discover.Options{Candidate: load.Candidate})
	if err != nil {
		return nil, err
	}
	inputs := make([]load.Input, 0, len(found))
	for _, f := range found {
		inputs = append(inputs, load.Input{Path: f.Path, Explicit: f.Explicit})
	}
	return load.Load(inputs, load.Options{Root: r, Cwd: a.cwd})
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
