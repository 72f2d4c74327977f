package facts

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
)

// Install is one package-installing command of a RUN line.
type Install struct {
	Tool string   // conda, mamba, micromamba or pip
	Args []string // the words after the subcommand
	Bare []string // words glued to an unquoted > or <
}

// Installs lists the package installs of a RUN instruction of one of the
// program's Dockerfiles, in order.
func (f *Facts) Installs(in *ir.Instruction) []Install {
	if all := f.installs(); all != nil {
		if v, ok := all[in]; ok {
			return v
		}
	}
	return installCommands(in)
}

func installs(f *Facts) map[*ir.Instruction][]Install {
	out := map[*ir.Instruction][]Install{}
	for _, d := range f.Dockerfiles() {
		for _, in := range d.Instructions {
			if in.Cmd == "run" {
				out[in] = installCommands(in)
			}
		}
	}
	return out
}

func installCommands(in *ir.Instruction) []Install {
	cmd, ok := RunShell(in)
	if !ok {
		return nil
	}
	var out []Install
	for _, c := range shellcmd.Split(cmd) {
		tool, sub := shellcmd.Installer(c.Words)
		if tool == "" {
			continue
		}
		out = append(out, Install{Tool: tool, Args: c.Words[sub+1:], Bare: c.Bare})
	}
	return out
}

// RunShell returns the shell command of a shell-form RUN instruction
// (exec-form RUN runs no shell; heredocs are not read).
func RunShell(in *ir.Instruction) (string, bool) {
	if in.Cmd != "run" || in.Node == nil || in.Node.Attributes["json"] || len(in.Node.Heredocs) > 0 || len(in.Args) == 0 {
		return "", false
	}
	return strings.Join(in.Args, " "), true
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

// PipArgs splits the words of a pip install into package arguments and
// option values keyed by the option's long form (for -r, -i, --index-url,
// --extra-index-url; "-rfile" and "--opt=value" forms included).
func PipArgs(args []string) (pkgs []string, opts map[string][]string) {
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
