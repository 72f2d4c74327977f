package facts

import (
	"strings"
	"unicode/utf8"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlpos"
	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
)

// Install is one package-installing command of a RUN line.
type Install struct {
	Tool string   // conda, mamba, micromamba or pip
	Sub  string   // install, create or update
	Env  bool     // conda env create/update: installs an environment file, no specs
	Args []string // the words after the subcommand
	Bare []string // words glued to an unquoted > or <
	// BareLocs are the positions of Bare, from the word to the end of the
	// text the shell reads as a redirection.
	BareLocs []ir.Location
	// Locs are the positions of Args: each word's own range, across line
	// continuations, or the instruction's range when the text cannot be
	// mapped back to its lines (a v1 baseDockerfile string, an escape
	// directive).
	Locs []ir.Location
	// Pip are the requirements of a pip install (package arguments and -e
	// values), parsed and positioned on their word. A word cut by an
	// unquoted > or < (AML501's finding), a word holding a shell variable
	// and one holding a template placeholder of the Dockerfile get it as
	// their Placeholder: their value is unknown.
	Pip []*ir.PipReq
	// Conda are the package specs of a conda/mamba/micromamba install or
	// create (not update, not env create).
	Conda []*ir.CondaDep
	// Files are the files the command reads its packages from: pip -r/-c
	// values, conda --file and env create/update -f, as written in the
	// image (resolved by the loader, see ir.Instruction.Files).
	Files []*ir.Scalar
}

// Installs lists the package installs of a RUN instruction of one of the
// program's Dockerfiles, in order.
func (f *Facts) Installs(in *ir.Instruction) []Install {
	if all := f.installs(); all != nil {
		if v, ok := all[in]; ok {
			return v
		}
	}
	return installCommands(nil, in)
}

func installs(f *Facts) map[*ir.Instruction][]Install {
	out := map[*ir.Instruction][]Install{}
	for _, d := range f.Dockerfiles() {
		for _, in := range d.Instructions {
			if in.Cmd == "run" {
				out[in] = installCommands(d, in)
			}
		}
	}
	return out
}

func installCommands(d *ir.Dockerfile, in *ir.Instruction) []Install {
	cmd, ok := RunShell(in)
	if !ok {
		return nil
	}
	at := runPositions(d, in, cmd)
	var out []Install
	for _, c := range shellcmd.Split(cmd) {
		tool, sub := shellcmd.Installer(c.Words)
		if tool == "" {
			continue
		}
		inst := Install{Tool: tool, Sub: c.Words[sub], Env: sub > 0 && c.Words[sub-1] == "env", Args: c.Words[sub+1:], Bare: c.Bare}
		cut := 0
		for _, sp := range c.Spans {
			if sp.Cut && cut < len(c.Bare) {
				inst.BareLocs = append(inst.BareLocs, at(sp.Start, min(sp.Start+len(c.Bare[cut]), len(cmd)), c.Bare[cut]))
				cut++
			}
		}
		spans := c.Spans[sub+1:]
		for _, sp := range spans {
			start, end := sp.Start, sp.End
			if w := cmd[start:end]; len(w) >= 2 && (w[0] == '\'' || w[0] == '"') && w[len(w)-1] == w[0] {
				start, end = start+1, end-1 // point at what the quotes hold
			}
			inst.Locs = append(inst.Locs, at(start, end, inst.Args[len(inst.Locs)]))
		}
		word := func(i int, off int) *ir.Scalar {
			loc := inst.Locs[i]
			if off > 0 && loc.Range.Start.Line == loc.Range.End.Line && spans[i].End-spans[i].Start == len(inst.Args[i]) {
				loc.Range.Start.Col += utf8.RuneCountInString(inst.Args[i][:off])
			}
			return &ir.Scalar{Value: inst.Args[i][off:], Loc: loc}
		}
		// unknown returns what makes word i unknown until build time ("" when
		// nothing does): a template placeholder, a shell variable, or the
		// whole word when a redirection cuts it.
		unknown := func(i int) string {
			if d != nil {
				if ph := d.File.PlaceholderIn(inst.Locs[i].Range); ph != "" {
					return ph
				}
			}
			w := inst.Args[i]
			if j := strings.IndexByte(w, '$'); j >= 0 {
				return w[j:]
			}
			if spans[i].Cut {
				return w
			}
			return ""
		}
		switch {
		case tool == "pip" && inst.Sub == "install":
			pkgs, opts := shellcmd.PipInstallArgs(inst.Args)
			for _, i := range pkgs {
				r := pkgspec.ParseRequirement(inst.Args[i])
				r.Loc = inst.Locs[i]
				if u := unknown(i); u != "" && r.Placeholder == "" {
					r.Placeholder, r.Err = u, ""
				}
				inst.Pip = append(inst.Pip, &r)
			}
			for _, o := range opts {
				switch o.Name {
				case "--requirement", "--constraint":
					inst.Files = append(inst.Files, word(o.Word, o.Offset))
				case "--editable":
					r := pkgspec.ParseRequirement("-e " + o.Value)
					r.Loc = word(o.Word, o.Offset).Loc
					if u := unknown(o.Word); u != "" && r.Placeholder == "" {
						r.Placeholder, r.Err = u, ""
					}
					inst.Pip = append(inst.Pip, &r)
				}
			}
		case tool != "pip" && inst.Env:
			_, opts := shellcmd.CondaInstallArgs(inst.Args)
			for _, o := range opts {
				if o.Name == "--file" {
					inst.Files = append(inst.Files, word(o.Word, o.Offset))
				}
			}
		case tool != "pip" && (inst.Sub == "install" || inst.Sub == "create"):
			pkgs, opts := shellcmd.CondaInstallArgs(inst.Args)
			for _, i := range pkgs {
				if unknown(i) != "" {
					continue // its spec is only known at build time
				}
				dep := pkgspec.ParseCondaSpec(inst.Args[i])
				dep.Spec = &ir.Scalar{Value: inst.Args[i], Loc: inst.Locs[i]}
				inst.Conda = append(inst.Conda, &dep)
			}
			for _, o := range opts {
				if o.Name == "--file" {
					inst.Files = append(inst.Files, word(o.Word, o.Offset))
				}
			}
		}
		out = append(out, inst)
	}
	return out
}

// runPositions maps byte ranges of a RUN's shell command, as BuildKit
// joined its lines, back to the file: BuildKit drops each continuation's
// trailing backslash (and the blanks after it), skips comment and blank
// lines inside the instruction, and keeps everything else, so the command
// is found verbatim in the lines joined the same way. When it is not (a v1
// baseDockerfile string, an escape directive), a word is placed with
// TokenIn inside the instruction.
func runPositions(d *ir.Dockerfile, in *ir.Instruction, cmd string) func(start, end int, word string) ir.Location {
	fallback := func(_, _ int, word string) ir.Location {
		if d == nil {
			return in.Loc
		}
		return TokenIn(d.File, in.Loc, word, true)
	}
	if d == nil || d.Virtual || d.File == nil {
		return fallback
	}
	f := d.File
	var joined strings.Builder
	type origin struct{ line, off int }
	var at []origin
	r := in.Loc.Range
	for ln := r.Start.Line; ln <= r.End.Line; ln++ {
		line := f.Line(ln)
		t := strings.TrimSpace(line)
		if ln > r.Start.Line && (t == "" || strings.HasPrefix(t, "#")) {
			continue
		}
		end := len(line)
		if ln < r.End.Line {
			if u := strings.TrimRight(line, " \t"); strings.HasSuffix(u, "\\") {
				end = len(u) - 1
			}
		}
		for i := 0; i < end; i++ {
			joined.WriteByte(line[i])
			at = append(at, origin{ln, i})
		}
	}
	text := joined.String()
	// Search after the keyword, so that a short command is not found in it.
	skip := len(text) - len(strings.TrimLeft(text, " \t")) + len(in.Cmd)
	if skip > len(text) {
		return fallback
	}
	k := strings.Index(text[skip:], cmd)
	if k < 0 {
		return fallback
	}
	k += skip
	pos := func(i int) ir.Pos {
		o := at[i]
		return ir.Pos{Line: o.line, Col: yamlpos.ColOf(f.Line(o.line), o.off)}
	}
	return func(start, end int, word string) ir.Location {
		if start < 0 || end <= start || k+end > len(at) {
			return fallback(start, end, word)
		}
		e := pos(k + end - 1)
		e.Col++
		return f.Loc(ir.Range{Start: pos(k + start), End: e})
	}
}

// RunShell returns the shell command of a shell-form RUN instruction
// (exec-form RUN runs no shell; heredocs are not read).
func RunShell(in *ir.Instruction) (string, bool) {
	if in.Cmd != "run" || in.Node == nil || in.Node.Attributes["json"] || len(in.Node.Heredocs) > 0 || len(in.Args) == 0 {
		return "", false
	}
	return strings.Join(in.Args, " "), true
}

// PipArgs splits the words of a pip install into package arguments and
// option values keyed by the option's long form (--requirement for -r,
// --index-url for -i, --constraint for -c; "-rfile" and "--opt=value"
// forms included).
func PipArgs(args []string) (pkgs []string, opts map[string][]string) {
	idx, os := shellcmd.PipInstallArgs(args)
	for _, i := range idx {
		pkgs = append(pkgs, args[i])
	}
	opts = map[string][]string{}
	for _, o := range os {
		opts[o.Name] = append(opts[o.Name], o.Value)
	}
	return pkgs, opts
}
