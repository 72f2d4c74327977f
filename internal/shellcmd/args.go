package shellcmd

import "strings"

// Option is an option of an install command that takes a value.
type Option struct {
	Name  string // long form: --requirement for -r, --channel for -c (conda)
	Value string
	Word  int // index of the word that holds the value
	// Offset is where the value starts inside that word: 0 for "-r file",
	// 2 for "-rfile", len("--index-url=") for "--index-url=URL".
	Offset int
}

// pipValueOptions are the pip options that take a value, on the command
// line of pip install and in a requirements file (the union: a
// requirements file accepts a subset, and a misplaced option still takes
// its value), by the forms they are written in, mapped to their long form.
var pipValueOptions = map[string]string{
	"-r": "--requirement", "--requirement": "--requirement",
	"-c": "--constraint", "--constraint": "--constraint",
	"-e": "--editable", "--editable": "--editable",
	"-i": "--index-url", "--index-url": "--index-url",
	"--extra-index-url": "--extra-index-url",
	"-f":                "--find-links", "--find-links": "--find-links",
	"--trusted-host": "--trusted-host", "-t": "--target", "--target": "--target",
	"--prefix": "--prefix", "--root": "--root", "--upgrade-strategy": "--upgrade-strategy",
	"--no-binary": "--no-binary", "--only-binary": "--only-binary",
	"--platform": "--platform", "--python-version": "--python-version",
	"--implementation": "--implementation", "--abi": "--abi", "--src": "--src",
	"--log": "--log", "--progress-bar": "--progress-bar", "--cache-dir": "--cache-dir",
	"--timeout": "--timeout", "--retries": "--retries", "--proxy": "--proxy",
	"--cert": "--cert", "--client-cert": "--client-cert",
	"-C": "--config-settings", "--config-settings": "--config-settings",
	"--global-option": "--global-option", "--install-option": "--install-option",
	"--report": "--report", "--exists-action": "--exists-action",
	"--python": "--python", "--use-feature": "--use-feature",
}

// PipValueOption reports whether name, as written ("-r", "--index-url"),
// is a pip option that takes a value, and gives its long form. It is the
// one table of them, for command lines (PipInstallArgs) and requirements
// files (pkgspec) alike.
func PipValueOption(name string) (long string, ok bool) {
	long, ok = pipValueOptions[name]
	return long, ok
}

// pipGlued are the one-letter pip options whose value may be glued on
// ("-rrequirements.txt").
var pipGlued = map[string]bool{"-r": true, "-c": true, "-e": true, "-i": true, "-f": true}

// PipInstallArgs splits the words after "pip install" into the indexes of
// its package arguments and its options with values ("-r file",
// "-rfile", "--index-url=URL"); flags without a value (-U, --no-cache-dir,
// --upgrade, -q) are skipped.
func PipInstallArgs(args []string) (pkgs []int, opts []Option) {
	return installArgs(args, pipValueOptions, pipGlued)
}

// condaValueOptions are the conda/mamba/micromamba install and create
// options that take a value.
var condaValueOptions = map[string]string{
	"-c": "--channel", "--channel": "--channel",
	"-n": "--name", "--name": "--name",
	"-p": "--prefix", "--prefix": "--prefix",
	"-f": "--file", "--file": "--file",
	"--solver": "--solver", "--repodata-fn": "--repodata-fn",
	"--platform": "--platform", "--subdir": "--subdir",
	"-r": "--root-prefix", "--root-prefix": "--root-prefix", "--rc-file": "--rc-file",
	"--experimental-solver": "--experimental-solver",
}

// CondaInstallArgs splits the words after conda/mamba/micromamba install
// or create into the indexes of its package specs and its options with
// values (-c channel, -n name, -p prefix, --file specs).
func CondaInstallArgs(args []string) (pkgs []int, opts []Option) {
	return installArgs(args, condaValueOptions, map[string]bool{"-c": true, "-n": true, "-p": true, "-f": true})
}

func installArgs(args []string, valued map[string]string, glued map[string]bool) (pkgs []int, opts []Option) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case strings.HasPrefix(a, "--") && strings.Contains(a, "="):
			k, v, _ := strings.Cut(a, "=")
			if long, ok := valued[k]; ok {
				k = long
			}
			opts = append(opts, Option{Name: k, Value: v, Word: i, Offset: len(k) + 1})
		case valued[a] != "":
			if i+1 < len(args) {
				opts = append(opts, Option{Name: valued[a], Value: args[i+1], Word: i + 1})
				i++
			}
		case len(a) > 2 && a[0] == '-' && a[1] != '-' && glued[a[:2]]:
			opts = append(opts, Option{Name: valued[a[:2]], Value: a[2:], Word: i, Offset: 2})
		case strings.HasPrefix(a, "-"):
		default:
			pkgs = append(pkgs, i)
		}
	}
	return pkgs, opts
}
