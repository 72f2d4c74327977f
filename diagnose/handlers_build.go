package diagnose

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
)

// Handlers for packages that fail to build: compilers and missing commands.

// --- compiling ---------------------------------------------------------------

var (
	wheelPkgREs = []guarded{
		g("Failed building wheel for", `Failed building wheel for ([A-Za-z0-9._-]+)`),
		g("Could not build wheels for", `Could not build wheels for ([A-Za-z0-9._-]+)`),
		g("Failed to build installable wheels", `Failed to build installable wheels for some pyproject\.toml based projects \(([^)]+)\)`),
		g("Building wheel for", `Building wheel for ([A-Za-z0-9._-]+) \(.*(?:did not run successfully|finished with status 'error'|\.\.\. error)`),
		g("Running setup.py install for", `Running setup\.py install for ([A-Za-z0-9._-]+).*(?:did not run successfully|finished with status 'error'|\.\.\. error)`),
		g("Failed to build ", `^\s*(?:ERROR: )?Failed to build ((?:[A-Za-z0-9._-]+)(?: [A-Za-z0-9._-]+)*)$`),
		// uv: "Failed to build `horovod==0.28.1`", "Failed to download and build `horovod==0.28.1`"
		g("build `", "Failed to (?:download and )?build `([A-Za-z0-9._-]+?)(?:[=<>!~@ `\\[]|$)"),
		g("Running setup.py bdist_wheel for", `Running setup\.py bdist_wheel for ([A-Za-z0-9._-]+).*(?:\.\.\. error|finished with status 'error')`),
	}
	buildingRE     = re(`(?:Building wheel for|Running setup\.py install for|Running setup\.py bdist_wheel for) ([A-Za-z0-9._-]+)`)
	builtRE        = re(`(?:Created wheel for ([A-Za-z0-9._-]+):|Running setup\.py install for ([A-Za-z0-9._-]+) \.\.\. done)`)
	pipStepRE      = re(`((?:pip subprocess to install build dependencies|python setup\.py egg_info|Getting requirements to build (?:wheel|editable)|Preparing (?:editable )?metadata \((?:pyproject\.toml|setup\.py)\)|Installing build dependencies))(?:\s+did not run successfully|\s*(?:\.\.\.|:) (?:finished with status ')?error)`)
	setupNameRE    = re(`setup\(\s*name\s*=\s*['"]([A-Za-z0-9._-]+)['"]`)
	compilerCmdRE  = re(`error: command '([^']+)' failed with exit (?:status|code) \d+`)
	compilerDiagRE = re(`\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|cu|cuh|pyx|f|f90|F90):\d+(?::\d+)?: (?:fatal )?error:`)
	fatalErrorRE   = re(`(?:^|\s)fatal error: `)
)

func onCompile(a *analyzer, ev Evidence, text string) {
	if strings.Contains(text, "Killed signal terminated program") {
		return // the compiler was killed for memory (AML909)
	}
	if strings.Contains(text, "Building wheel for") || strings.Contains(text, "Running setup.py") {
		if m := buildingRE.FindStringSubmatch(text); m != nil {
			a.building, a.buildingEv = m[1], ev // pip starts building a package
		}
	}
	if a.building != "" && (strings.Contains(text, "Created wheel for") || strings.Contains(text, "... done")) {
		if p := sub(builtRE, text); p != "" && strings.EqualFold(p, a.building) {
			a.building = "" // and finished it
		}
	}
	if pkg := firstSub(wheelPkgREs, text); pkg != "" {
		for _, p := range strings.FieldsFunc(pkg, func(r rune) bool { return r == ',' || r == ' ' }) {
			if p != "installable" {
				compileFailure(a, p, ev)
			}
		}
		return
	}
	if strings.Contains(text, "did not run successfully") || strings.HasSuffix(text, "error") || strings.HasSuffix(text, "'error'") {
		// pip's own steps before any compiler runs ("pip subprocess to
		// install build dependencies", "python setup.py egg_info",
		// "Getting requirements to build wheel"): pip failed, the cause is
		// above (often out of view).
		if m := pipStepRE.FindStringSubmatch(text); m != nil {
			f := a.add(PipInstallFailed, "", ev)
			if f.Detail == "" {
				f.Detail = m[1] + " did not run successfully"
			}
			return
		}
	}
	if strings.Contains(text, "Configuring incomplete, errors occurred") {
		a.add(CompileError, "", ev) // CMake, configuring a native build
		return
	}
	if strings.Contains(text, "setup(") {
		if m := setupNameRE.FindStringSubmatch(text); m != nil {
			// A traceback through a package's own setup.py: setup(name='horovod', …
			switch pkgspec.NormalizeName(m[1]) {
			case "horovod":
				a.infer(HorovodBuild, m[1], ev)
			case "mpi4py":
				a.infer(MPI4PyBuild, m[1], ev)
			}
			return
		}
	}
	switch {
	case strings.Contains(text, "error: command '") && compilerCmdRE.MatchString(text),
		strings.Contains(text, ": error:") && compilerDiagRE.MatchString(text),
		strings.Contains(text, "fatal error: ") && fatalErrorRE.MatchString(text) && !strings.Contains(text, "fatal error: Killed"),
		strings.TrimSpace(text) == "compilation terminated.":
		a.add(CompileError, "", ev)
	}
}

// compileFailure routes a failed package build to the problem that names
// the package, if there is one.
func compileFailure(a *analyzer, pkg string, ev Evidence) {
	switch pkgspec.NormalizeName(pkg) {
	case "mpi4py":
		a.add(MPI4PyBuild, pkg, ev)
	case "horovod":
		a.add(HorovodBuild, pkg, ev)
	default:
		a.add(CompileError, pkg, ev)
	}
}

func onMPI(a *analyzer, ev Evidence, _ string) { a.add(MPI4PyBuild, "mpi4py", ev) }

// pip 8 to 20 ends a failed package build with the build directory, which
// names the package: Command "python setup.py egg_info" failed with error
// code 1 in /tmp/pip-build-k3j/horovod/ (or /tmp/pip-install-…/horovod_<hash>/).
var oldPipRE = re(`failed with error code (-?\d+) in (\S+)`)

func onOldPip(a *analyzer, ev Evidence, text string) {
	m := oldPipRE.FindStringSubmatch(text)
	if m == nil {
		return
	}
	pkg := buildDirPackage(m[2])
	if pkg == "" {
		a.add(PipInstallFailed, "", ev)
		return
	}
	switch pkgspec.NormalizeName(pkg) {
	case "mpi4py", "horovod":
		compileFailure(a, pkg, ev)
		return
	}
	if strings.Contains(text, "egg_info") {
		// The package's metadata could not even be read: pip gave up on it.
		f := a.add(PipInstallFailed, pkg, ev)
		if f.Detail == "" {
			f.Detail = "python setup.py egg_info failed with error code " + m[1]
		}
		return
	}
	compileFailure(a, pkg, ev)
}

var pipHashSuffixRE = re(`_[0-9a-f]{32}$`)

// buildDirPackage returns the package a pip build directory is named for:
// /tmp/pip-build-xxx/horovod/, /tmp/pip-install-abc/horovod_0123…/,
// /tmp/pip-req-build-xyz/ (a checkout, no name: "").
func buildDirPackage(dir string) string {
	dir = strings.TrimRight(strings.Trim(dir, `"'`), "/")
	i := strings.LastIndexByte(dir, '/')
	if i < 0 {
		return ""
	}
	base, parent := dir[i+1:], dir[:i]
	if j := strings.LastIndexByte(parent, '/'); j >= 0 {
		parent = parent[j+1:]
	}
	if !strings.HasPrefix(parent, "pip-") || strings.HasPrefix(base, "pip-") {
		return ""
	}
	base = pipHashSuffixRE.ReplaceAllString(base, "")
	for k := 0; k < len(base); k++ {
		if !wordByte(base[k]) && base[k] != '.' {
			return ""
		}
	}
	return base
}

func onHorovod(a *analyzer, ev Evidence, text string) {
	if strings.Contains(text, "HOROVOD_WITH_") && !horovodWithRE.MatchString(text) {
		return // an environment variable being set, not horovod's complaint about it
	}
	if strings.Contains(text, "Horovod requires ") && !horovodRequiresRE.MatchString(text) {
		return // prose about horovod, not its build refusing
	}
	a.add(HorovodBuild, "horovod", ev)
}

// horovodWithRE: horovod's build refusing a framework it was told to build
// for: "HOROVOD_WITH_PYTORCH=1 was set but PyTorch could not be found".
// horovodRequiresRE: horovod's setup.py and sources refusing what they
// found: "Your TensorFlow version 1.0 is outdated.  Horovod requires
// tensorflow>=1.1.0", "#error Horovod requires NCCL 2.0 or later version".
var horovodRequiresRE = re(`(?:outdated\.?\s+|#error |error: )Horovod requires `)

var horovodWithRE = re(`HOROVOD_WITH_\w+=1.*(?:not|could not|cannot|failed)`)

// --- missing commands -----------------------------------------------------------

// toolAbsentRE: a build tool named as absent, in words.
var toolAbsentRE = re("(?:^|[\\s`'\"(])(pip3?|gcc|g\\+\\+|cc|c\\+\\+|make|cmake|git|curl|wget|unzip|rustc|cargo|nvcc|conda|mamba|micromamba|pkg-config|swig)[`'\")]? (?:isn't|is not|wasn't|was not|is missing|not installed)(?: (?:part of|installed|available|found|in the (?:image|container|path|PATH)|on the (?:image|PATH|path)))?")

var missingCmdREs = []guarded{
	// zsh names the command last: "zsh: command not found: conda"
	g("command not found: ", `(?:^|\s|/)zsh: command not found: (\S+)`),
	// PowerShell: "conda : The term 'conda' is not recognized as the name of a cmdlet, …"
	g("is not recognized as the name of a cmdlet", `The term '([^']+)' is not recognized as the name of a cmdlet`),
	g("sh: ", `(?:^|\s|/)(?:ba|da|z)?sh: (?:\d+: )?(?:line \d+: )?(\S+): (?:not found|command not found)`),
	g("command not found", `^\s*(\S+): command not found`),
	g("error trying to exec", `error trying to exec '([^']+)': execvp: No such file`),
	g("cannot execute '", `cannot execute '([^']+)'`),
	g("while executing command", `\[Errno 2\] No such file or directory: '([^'/]+)' while executing command`),
	g("is not recognized as an internal or external command", `'([^']+)' is not recognized as an internal or external command`),
	g("failed: No such file or directory", `error: command '([^']+)' failed: No such file or directory`),
	g("unable to execute", `unable to execute '([^']+)': No such file or directory`),
	g("executable file not found", `exec: "([^"]+)": executable file not found`),
	g("Cannot find command", `Cannot find command '([^']+)'`),
	g("FileNotFoundError", `FileNotFoundError: \[Errno 2\] No such file or directory: '([^'/]+)'$`),
	g("[Errno 2]", `(?:OSError|error):? \[Errno 2\] No such file or directory: '([A-Za-z][A-Za-z0-9_+-]*)'$`),
	g("command could not be found", `The '([^']+)' command could not be found`),
	g("not found in", `'([^'/]+)' not found in \$?PATH`),
	// GNU make: "make: gcc: Command not found" (older make), "make: gcc: No such file or directory"
	g("make: ", `make(?:\[\d+\])?: ([A-Za-z][A-Za-z0-9_.+-]*): (?:Command not found|No such file or directory)$`),
	// coreutils env running a script's interpreter: "/usr/bin/env: 'python': No such file or directory"
	g("env: ", `(?:^|\s|/)env: '([^'/]+)': No such file or directory`),
}

func onMissingCommand(a *analyzer, ev Evidence, text string) {
	cmdName := ""
	switch {
	case strings.Contains(text, "can't find Rust compiler"):
		cmdName = "rustc"
	case strings.Contains(text, "CMake must be installed"):
		cmdName = "cmake"
	case strings.Contains(text, "No CMAKE_CXX_COMPILER could be found"):
		cmdName = "c++"
	case strings.Contains(text, "No CMAKE_C_COMPILER could be found"):
		cmdName = "cc"
	case strings.Contains(text, "no acceptable C compiler found"):
		cmdName = "cc" // autoconf's configure
	case strings.Contains(text, "pg_config executable not found"):
		cmdName = "pg_config" // psycopg2's setup.py
	case strings.Contains(text, "mysql_config not found"):
		cmdName = "mysql_config" // mysqlclient's setup
	default:
		cmdName = firstSub(missingCmdREs, text)
	}
	if cmdName == "" {
		// A poster saying a tool is not in the image ("pip3 isn't part of
		// the python3 package", "gcc is not installed").
		if m := toolAbsentRE.FindStringSubmatch(text); m != nil {
			if shellcmd.IsConda(m[1]) {
				a.infer(CondaCommandNotFound, m[1], ev)
			} else {
				a.infer(MissingCommand, m[1], ev)
			}
		}
		return
	}
	if cmdName == "" {
		return
	}
	if strings.Contains(cmdName, `\r`) || strings.HasPrefix(cmdName, "$'") {
		a.crlf = true // $'\r': a script with CRLF line ends, not a missing command
		return
	}
	if i := strings.LastIndexByte(cmdName, '/'); i >= 0 && i < len(cmdName)-1 {
		cmdName = cmdName[i+1:]
	}
	if shellcmd.IsConda(cmdName) {
		a.add(CondaCommandNotFound, cmdName, ev)
		return
	}
	a.add(MissingCommand, cmdName, ev)
}
