package diagnose

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// Handlers for packages that fail to build: compilers and missing commands.

// --- compiling ---------------------------------------------------------------

var (
	wheelPkgREs = []guarded{
		g("Failed building wheel for", `Failed building wheel for ([A-Za-z0-9._-]+)`),
		g("Could not build wheels for", `Could not build wheels for ([A-Za-z0-9._-]+)`),
		g("Failed to build installable wheels", `Failed to build installable wheels for some pyproject\.toml based projects \(([^)]+)\)`),
		g("Building wheel for", `Building wheel for ([A-Za-z0-9._-]+) \(.*(?:did not run successfully|finished with status 'error'|\.\.\. error)`, pipBuildFailed...),
		g("Running setup.py install for", `Running setup\.py install for ([A-Za-z0-9._-]+).*(?:did not run successfully|finished with status 'error'|\.\.\. error)`, pipBuildFailed...),
		// uv: "Failed to build `horovod==0.28.1`", "Failed to download and build `horovod==0.28.1`"
		g("build `", "Failed to (?:download and )?build `([A-Za-z0-9._-]+?)(?:[=<>!~@ `\\[]|$)", "Failed to "),
		g("Running setup.py bdist_wheel for", `Running setup\.py bdist_wheel for ([A-Za-z0-9._-]+).*(?:\.\.\. error|finished with status 'error')`, "... error", "finished with status 'error'"),
	}
	// pipBuildFailed: one of these is in every match of the expressions
	// that end in pip's words for a failed build.
	pipBuildFailed = []string{"did not run successfully", "finished with status 'error'", "... error"}
	// pipSummaryRE: pip's summary after its wheel builds, "Failed to build
	// psutil" (also "ERROR: Failed to build a b"): other tools print the
	// same words about what they build (a script's "Failed to build
	// baserun" about a Docker image), so it counts after pip's own build
	// lines only (pipWheelWords).
	pipSummaryRE = re(`^\s*(?:ERROR: )?Failed to build ((?:[A-Za-z0-9._-]+)(?: [A-Za-z0-9._-]+)*)$`)
	// pipWheelWords: pip building or preparing a package.
	pipWheelWords = []string{"Building wheel for", "Failed building wheel for", "Created wheel for", "Could not build wheels for",
		"Running setup.py", "Preparing metadata", "Getting requirements to build", "Installing build dependencies"}
	buildingRE  = re(`(?:Building wheel for|Running setup\.py install for|Running setup\.py bdist_wheel for) ([A-Za-z0-9._-]+)`)
	builtRE     = re(`(?:Created wheel for ([A-Za-z0-9._-]+):|Running setup\.py install for ([A-Za-z0-9._-]+) \.\.\. done)`)
	pipStepRE   = re(`((?:pip subprocess to install build dependencies|python setup\.py egg_info|Getting requirements to build (?:wheel|editable)|Preparing (?:editable )?metadata \((?:pyproject\.toml|setup\.py)\)|Installing build dependencies))(?:\s+did not run successfully|\s*(?:\.\.\.|:) (?:finished with status ')?error)`)
	setupNameRE = re(`setup\(\s*name\s*=\s*['"]([A-Za-z0-9._-]+)['"]`)
	// distutils/setuptools spawn: "error: command 'gcc' failed with exit
	// status 1", also raised as distutils.errors.CompileError /
	// DistutilsExecError / setuptools.errors.CompileError ("CompileError:
	// command '/usr/bin/gcc' failed with exit code 1"), quotes sometimes
	// curled by the paste.
	compilerCmdRE = re(`(?:error|Error): command ['‘]([^'’]+)['’] failed with exit (?:status|code) \d+`)
	// numpy.distutils' CCompiler_spawn quotes the whole command line in
	// double quotes: error: Command "gcc -pthread … -c numpy/core/src/x.c -o
	// build/x.o" failed with exit status 1
	npCompilerCmdRE = re(`(?:error|Error): Command "(?:\S*/)?(?:[A-Za-z0-9_.]+-)*(?:gcc|g\+\+|cc|c\+\+|clang|clang\+\+|gfortran|f77|f90|f95|icc|icpc|ifort|nvcc|cl\.exe|link\.exe)(?:-[0-9.]+)?(?:\.exe)?\s[^"]*" failed with exit status \d+`)
	signalRE        = re(`(?:error|Error): command ['‘]([^'’]+)['’] terminated by signal (\d+)`)
	// nativeBuildREs: a native build failing in the words of the linker,
	// the compiler driver, nvcc, MSVC, Cython, cargo, ninja and torch's
	// cpp_extension.
	nativeBuildREs = []guarded{
		g("ld returned", `collect2(?:\.exe)?: error: ld returned \d+ exit status`),
		g("linker command failed", `error: linker command failed with exit code \d+`),
		g(": cannot find -l", `ld(?:\.[a-z]+)?: cannot find -l\S+`),
		g("ld: library not found for -l", `ld: library not found for -l\S+`),
		g("error: ", `^\s*(?:[A-Za-z0-9_.]+-)*(?:gcc|g\+\+|cc|c\+\+|clang|clang\+\+|nvcc|gfortran|icc|icpc)(?:-[0-9.]+)?(?:\.exe)?: (?:fatal )?error: `),
		// the linkers: GNU ld's "undefined reference to `foo'", lld's and
		// gold's "ld.lld: error: undefined symbol: foo", Apple ld's
		// "Undefined symbols for architecture x86_64:"
		g("error: ", `^\s*(?:\S*/)?(?:[A-Za-z0-9_.]+-)*(?:ld|ld\.lld|lld|ld\.gold|ld\.bfd|ld64\.lld)(?:\.exe)?: (?:fatal )?error: `),
		g("undefined reference to", "undefined reference to [`']"),
		g("Undefined symbols for architecture", `Undefined symbols for architecture \S+:`),
		g("symbol(s) not found for architecture", `ld: symbol\(s\) not found for architecture`),
		// gfortran's diagnostics mark the place with "(1)": "Error: Symbol 'x'
		// at (1) has no IMPLICIT type"
		g("at (1)", `^\s*(?:Fatal )?Error: .*\bat \(1\)`),
		// rustc: "error[E0425]: cannot find value `x` in this scope"
		g("error[E", `^\s*error\[E\d{4}\]: `),
		// ninja: an edge that builds an object or a library failed ("FAILED:
		// caffe2/CMakeFiles/torch_cpu.dir/x.cpp.o"); pytest's "FAILED tests/…"
		// has no colon
		g("FAILED: ", "^\\s*[`'\"]?FAILED: \\S+\\.(?:o|obj|so|a|dylib|dll|lib|pyd)(?:\\s|$)"),
		// scikit-build-core's summary after CMake failed
		g("*** CMake ", `\*\*\* CMake (?:build|configuration) failed`),
		g("nvcc fatal", `nvcc fatal\s*: `),
		g("error C", `\(\d+\)\s*: (?:fatal )?error C\d{4}:`),
		g("error LNK", `(?:fatal )?error LNK\d{4}:`),
		g("Error compiling Cython file", `Error compiling Cython file`),
		g("Cython.Compiler.Errors.CompileError", `Cython\.Compiler\.Errors\.CompileError`),
		g("error: could not compile `", "error: could not compile `"),
		g("error: linking with `", "error: linking with `[^`]+` failed"),
		g("ninja: build stopped", `ninja: build stopped: subcommand failed`),
		g("Error compiling objects for extension", `Error compiling objects for extension`),
		// numpy.distutils system_info: "NotFoundError: No BLAS/LAPACK libraries found.", "no lapack/blas resources found"
		g("NotFoundError", `NotFoundError: (?:No BLAS/LAPACK libraries found|no lapack/blas resources found|[A-Za-z]+ \([A-Za-z]+\) libraries not found)`),
		// setuptools-rust (CompileError: "`cargo rustc …` failed with code 101")
		// and maturin ("💥 maturin failed"): a Rust extension's build
		g("` failed with code ", "`cargo [^`]*` failed with code \\d+"),
		g("maturin failed", `maturin failed`),
		// meson (meson-python builds of numpy, scipy): a dependency the
		// build needs is not there ("ERROR: Dependency "OpenBLAS" not found")
		g("ERROR: Dependency ", `ERROR: Dependency "[^"]+" not found`),
	}
	// makeFailedRE: GNU make's recipe failure, "make[2]: *** [foo.o] Error 1".
	makeFailedRE = re(`^\s*g?make(?:\[\d+\])?: \*\*\* .*Error \d+`)
	// compilerDiagRE: a diagnostic on a source line, in GCC's and clang's
	// form ("foo.c:12:5: error:") and in nvcc's (EDG's) "kernel.cu(45): error:"
	// and "catastrophic error:"
	compilerDiagRE = re(`\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|cu|cuh|pyx|f|f90|F90)(?::\d+(?::\d+)?: (?:fatal )?error:|\(\d+\): (?:catastrophic )?error:)`)
	// fatalErrorRE: a compiler's fatal error, after the source file and
	// position, a pseudo-file ("<built-in>:0:0:", "<command-line>:") or the
	// driver's name ("cc1plus: fatal error:", "x86_64-linux-gnu-gcc: fatal
	// error:"), or a missing header when the prefix was cut off ("fatal
	// error: Python.h: No such file or directory"); not another tool's
	// "fatal error:" (git bisect's, Go's runtime "fatal error: all
	// goroutines are asleep").
	fatalErrorRE = re(`(?:^|\s)(?:\S+\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|cu|cuh|pyx|pxd|f|f90|F90|for|i|ii|inc|S|s)(?::\d+){0,2}|<[a-z -]+>(?::\d+){0,2}|(?:[A-Za-z0-9_.]+-)*(?:gcc|g\+\+|cc|c\+\+|cc1|cc1plus|clang|clang\+\+|nvcc|gfortran|f951|icc|icpc|cpp)(?:-[0-9.]+)?(?:\.exe)?): fatal error: |^\s*fatal error: ['"]?\S+\.(?:h|hh|hpp|hxx|H|inc|cuh)['"]?(?:: No such file| file not found)`)
)

func onCompile(a *analyzer, ev Evidence, text string) {
	if strings.Contains(text, "Killed signal terminated program") || strings.Contains(text, "terminated with signal 9") {
		return // the compiler or linker was killed for memory (AML909)
	}
	if strings.Contains(text, "died due to signal") {
		nvccDied(a, ev, text)
		return
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
	if pipBlock(a, ev, text) {
		return
	}
	if !a.pipWheels && containsAny(text, pipWheelWords) {
		a.pipWheels = true
	}
	if strings.Contains(text, "Failed to build ") {
		if pkgs := sub(pipSummaryRE, text); pkgs != "" {
			pipSummary(a, ev, pkgs)
			return
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
			a.add(PipInstallFailed, "", ev).explain(m[1] + " did not run successfully")
			return
		}
	}
	if strings.Contains(text, "Backend subprocess exited when trying to invoke") {
		// poetry's ChefBuildError (PEP 517 isolated build): a wheel build
		// that failed is a compile error, a failed metadata or requirements
		// hook is the installer giving up on the package
		if strings.Contains(text, "invoke build_wheel") || strings.Contains(text, "invoke build_editable") {
			a.add(CompileError, "", ev)
		} else {
			a.add(PipInstallFailed, "", ev)
		}
		return
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
	if strings.Contains(text, "CalledProcessError: Command '[") {
		// a setup.py running a native build tool that failed:
		// subprocess.CalledProcessError: Command '['cmake', '/tmp/pip-install-x/horovod_<hash>', …]' returned non-zero exit status 1.
		if calledBuildRE.MatchString(text) {
			compileFailure(a, buildDirPackage(sub(pipDirRE, text)), ev)
		}
		return
	}
	if strings.Contains(text, "terminated by signal") {
		if m := signalRE.FindStringSubmatch(text); m != nil {
			if m[2] == "9" {
				// SIGKILL: the kernel's out-of-memory killer, as for cc1plus
				a.infer(OutOfMemory, "", ev).explain("the compiler " + m[1] + " was killed by signal 9 (SIGKILL), usually by the out-of-memory killer")
				return
			}
			a.add(CompileError, "", ev)
		}
		return
	}
	if strings.Contains(text, "CMake Error at ") {
		// only inside horovod's own CMake files: elsewhere a CMake error is
		// not yet a failed package build
		a.cmakeFailed = true
		if horovodSource(text) {
			compileFailure(a, "horovod", ev)
		}
		return
	}
	if strings.Contains(text, "Could NOT find ") {
		cmakeNotFound(a, ev, text)
		return
	}
	if nativeBuildMatch(text) {
		compileError(a, ev, text)
		return
	}
	if strings.Contains(text, "*** ") && makeFailedRE.MatchString(text) && horovodSource(text) {
		// make failing on a target in horovod's own tree ("make[2]: ***
		// [horovod/torch/CMakeFiles/pytorch.dir/build.make:76: …] Error 1"):
		// horovod's build, wherever pip's own lines are
		compileFailure(a, "horovod", ev)
		return
	}
	if a.building != "" && strings.Contains(text, "*** ") && makeFailedRE.MatchString(text) {
		// make failing while pip builds a package: that package's native build
		a.infer(CompileError, a.building, ev).explain("make failed while pip was building " + a.building)
		return
	}
	switch {
	case strings.Contains(text, "rror: command ") && compilerCmdRE.MatchString(text),
		strings.Contains(text, "rror: Command \"") && npCompilerCmdRE.MatchString(text),
		compilerDiagMay(text) && compilerDiagRE.MatchString(text),
		strings.Contains(text, "fatal error: ") && fatalErrorRE.MatchString(text) && !strings.Contains(text, "fatal error: Killed"),
		strings.TrimSpace(text) == "compilation terminated.":
		compileError(a, ev, text)
	}
}

// pipSummary handles pip's "Failed to build X Y": after pip's build lines
// each package failed to build; without them the words may be any tool's,
// and only horovod and mpi4py (whose builds are problems of their own) are
// inferred from the name.
func pipSummary(a *analyzer, ev Evidence, pkgs string) {
	for _, p := range strings.Fields(pkgs) {
		switch n := pkgspec.NormalizeName(p); {
		case a.pipWheels:
			compileFailure(a, p, ev)
		case n == "horovod" || n == "mpi4py":
			id := HorovodBuild
			if n == "mpi4py" {
				id = MPI4PyBuild
			}
			a.infer(id, p, ev).explain("the log says " + p + " failed to build, without pip's build output")
		}
	}
}

// compileError records a compiler's or linker's error; one in horovod's
// own sources (horovod/common/ops/…, pip's …/horovod_<hash>/ build
// directory) is horovod's build.
func compileError(a *analyzer, ev Evidence, text string) {
	if changeEntry(text) {
		return // a changelog's "- Fix #454: listen_dnsport.c:825: error: ‘IPV6_TCLASS’ undeclared."
	}
	if horovodSource(text) {
		compileFailure(a, "horovod", ev)
		return
	}
	a.add(CompileError, "", ev)
}

// horovodSourceRE: a path into horovod's source tree, as compiler, CMake
// and linker messages name it: "horovod/common/ops/nccl_operations.cc:17:10:",
// "/tmp/pip-install-x/horovod_<hash>/CMakeLists.txt", make's target
// "[horovod/torch/CMakeFiles/pytorch.dir/build.make:76: …]".
var horovodSourceRE = re(`(?:^|[\s/'"(\[])horovod(?:_[0-9a-f]{32})?/(?:common|torch|tensorflow|mxnet|keras|_keras|spark|ray|data|runner|third_party|CMakeLists\.txt|cmake)\b`)

func horovodSource(text string) bool {
	return strings.Contains(text, "horovod") && horovodSourceRE.MatchString(text)
}

// horovodModuleRE: CMake's find_package_handle_standard_args failing for a
// module that only horovod ships (horovod/cmake/Modules/FindTensorflow.cmake,
// FindPytorch.cmake, FindMxnet.cmake, FindNVTX.cmake): "Could NOT find
// Tensorflow (missing: Tensorflow_LIBRARIES) (Required is at least version
// "1.15.0")".
var horovodModuleRE = re(`^\s*Could NOT find (?:Tensorflow|Pytorch|Mxnet|NVTX) \(`)

// cmakeNotFound: CMake could not find a package. As a status line ("--
// Could NOT find CUDA") it is a probe; otherwise it is the message of a
// "CMake Error at …FindPackageHandleStandardArgs.cmake" above it.
func cmakeNotFound(a *analyzer, ev Evidence, text string) {
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "-- ") || isWarning(text) {
		return
	}
	a.cmakeFailed = true
	if horovodModuleRE.MatchString(text) {
		a.infer(HorovodBuild, "horovod", ev).explain("CMake could not find what horovod's own find module looks for: " + textutil.TruncateBytes(t, 100))
	}
}

// horovodNamedRE: words saying horovod is being installed or built
// ("pip install horovod", "building horovod with TensorFlow support",
// "the horovod build", "Horovod installation").
// horovodNamedMay is horovodNamedRE's precondition: every match holds one
// of these words in some case.
func horovodNamedMay(text string) bool {
	return mayMatchFold(text, []string{"build", "install", "compil"})
}

var horovodNamedRE = re(`(?i)\b(?:build(?:s|ing)?|install(?:s|ing)?|compil(?:e|es|ing))\s+(?:a\s+|the\s+)?horovod\b|\bhorovod(?:-[a-z]+)?\s+(?:build|install(?:ation)?|image build)\b`)

// horovodFailsRE: a poster's words for horovod's build or install failing
// ("horovod fails to build in the docker image", "the horovod installation
// failed", "installing horovod fails with …", "building horovod keeps
// failing"); horovodFailsMay is its precondition.
var horovodFailsRE = re(`(?i)\bhorovod(?:'s)?\s+(?:build|install(?:ation)?|compilation|wheel(?: build)?)\s+(?:fails|failed|keeps failing|is failing)\b|\bhorovod\s+(?:(?:fails|failed|failing) to|does not|doesn't|won't|will not|cannot|can't) (?:build|install|compile)\b|\b(?:build(?:ing)?|install(?:ing)?|compil(?:e|ing))\s+(?:of\s+)?horovod\b[^.,;]{0,30}?\b(?:fails|failed|keeps failing|errors? out)\b`)

func horovodFailsMay(text string) bool {
	return mayMatchFold(text, []string{"fail", "build", "install", "compil"}) && mayMatchFold(text, []string{"horovod"})
}

// nativeBuildRunning: a package's native build at work: setuptools'
// build_ext command ("running build_ext", which horovod's setup.py drives
// CMake from) and CMake's configuration probes ("-- The CXX compiler
// identification is GNU 7.5.0").
var nativeBuildRunning = []string{"running build_ext", "compiler identification is"}

// onHorovodNamed remembers where the input says horovod is installed or
// built: when the only errors are a build that names no package, that
// build is horovod's (inferFromEnd).
func onHorovodNamed(a *analyzer, ev Evidence, text string) {
	if containsAny(text, nativeBuildRunning) {
		a.nativeBuildLine = a.n
		return
	}
	if isWarning(text) {
		return
	}
	if horovodFailsMay(text) {
		if loc := horovodFailsRE.FindStringIndex(text); loc != nil && !changeEntry(text) && !toldAsFix(text, loc[0]) &&
			!containsAny(sentenceBefore(text, loc[0], 40), []string{"If ", "if ", "In case", "in case", "nless "}) {
			// a poster saying horovod's build or install fails (rule 8:
			// prose counts when it is all there is; rule 2: a failed horovod
			// build is AML916)
			a.infer(HorovodBuild, "horovod", ev).explain("the text says horovod fails to build or install: " + textutil.TruncateBytes(strings.TrimSpace(text), 120))
		}
	}
	if a.horovodEv.Line > 0 {
		return
	}
	if pkg := pipInstallsOwnProblem(installCommand(strings.TrimSpace(text))); pkgspec.NormalizeName(pkg) == "horovod" {
		a.horovodEv = ev
		return
	}
	if horovodNamedMay(text) && horovodNamedRE.MatchString(text) {
		a.horovodEv = ev
	}
}

// nvccDied: nvcc reporting that one of its stages died of a signal
// ("nvcc error   : 'cicc' died due to signal 9 (Kill signal)"): SIGKILL is
// the out-of-memory killer's, another signal a crash.
func nvccDied(a *analyzer, ev Evidence, text string) {
	if !strings.Contains(text, "nvcc") && !strings.Contains(text, "'cicc'") && !strings.Contains(text, "'ptxas'") {
		return
	}
	if strings.Contains(text, "signal 9") {
		a.infer(OutOfMemory, "", ev).explain("nvcc's " + textutil.TruncateBytes(strings.TrimSpace(text), 80) + ": SIGKILL, usually the out-of-memory killer")
		return
	}
	a.crashed = true
}

var (
	calledBuildRE = re(`CalledProcessError: Command '\['(?:[^']*/)?(cmake|make|gmake|ninja|gcc|g\+\+|cc|c\+\+|nvcc|cargo|mpicc|mpicxx)'.*returned non-zero exit status`)
	// pipDirRE: a pip build directory among a command's arguments.
	pipDirRE = re(`(/[^\s']*/pip-[^/\s']+/[A-Za-z0-9_.-]+)`)
)

// compilerDiagMay is compilerDiagRE's precondition: every match holds one
// of these.
func compilerDiagMay(text string) bool {
	return strings.Contains(text, ": error:") || strings.Contains(text, ": fatal error:") || strings.Contains(text, "): catastrophic error:")
}

// nativeBuildMatch reports whether a nativeBuildREs expression matches
// text (firstSub wants a capture group; these have none).
func nativeBuildMatch(text string) bool {
	for i := range nativeBuildREs {
		if x := &nativeBuildREs[i]; x.may(text) && x.re.MatchString(text) {
			return true
		}
	}
	return false
}

// pip's diagnostics since pip 22 (src/pip/_internal/exceptions.py) print
// a reference ("error: legacy-install-failure"), a message ("× Encountered
// error while trying to install package.") and a context, which names the
// package on the next line ("╰─> horovod").
var (
	pipContextRE = re(`╰─>\s*([A-Za-z0-9][A-Za-z0-9._-]*(?:, [A-Za-z0-9][A-Za-z0-9._-]*)*)\s*$`)
	// FailedToPrepareCandidate (pip 25.3): "Failed to build 'horovod' when
	// getting requirements to build wheel"
	prepareRE = re(`Failed to build '([A-Za-z0-9._-]+)' when (.+?)\s*$`)
	// BuildDependencyInstallError: "Cannot install build dependencies for horovod"
	buildDepsRE = re(`Cannot install build dependencies(?: for ([A-Za-z0-9._-]+))?`)
)

// pipBlock handles pip's diagnostics about a package it could not build
// or prepare. It reports whether text was one.
func pipBlock(a *analyzer, ev Evidence, text string) bool {
	switch {
	case strings.Contains(text, "Encountered error while trying to install package"),
		strings.Contains(text, "Failed to build installable wheels") && !strings.Contains(text, "("):
		// legacy-install-failure (pip 22: setup.py install failed) and
		// failed-wheel-build-for-install (pip 25): pip gave up on the
		// package's install or build, which says nothing of why. The
		// cause (a compiler's error, a missing module) is above and ranks
		// first when it is in view; without it this is pip's catch-all
		// (testdata/reallogs rule 10), except for horovod and mpi4py.
		f := a.add(PipInstallFailed, "", ev).explain("pip could not build or install a package; its cause is in the output above pip's message")
		followContext(a, f, pipGaveUpOn)
	case strings.Contains(text, "Encountered error while generating package metadata"):
		// metadata-generation-failed: pip gave up before any build; only
		// horovod and mpi4py have a problem of their own.
		f := a.add(PipInstallFailed, "", ev).explain("pip could not generate the package's metadata")
		followContext(a, f, pipGaveUpOn)
	case strings.Contains(text, "Failed to build '"):
		m := prepareRE.FindStringSubmatch(text)
		if m == nil {
			return false
		}
		pipGaveUpBecause(a, ev, m[1], "pip failed to build "+m[1]+" when "+m[2])
	case strings.Contains(text, "Cannot install build dependencies"):
		m := buildDepsRE.FindStringSubmatch(text)
		if m == nil {
			return false
		}
		pipGaveUpBecause(a, ev, m[1], "pip could not install the build dependencies")
	case strings.Contains(text, "subprocess-exited-with-error"), strings.Contains(text, "metadata-generation-failed"),
		strings.Contains(text, "failed-build-dependency-install"):
		if !strings.Contains(text, "error: ") {
			return false
		}
		a.add(PipInstallFailed, "", ev) // pip's reference line: the message follows
	default:
		return false
	}
	return true
}

// pipGaveUpBecause is pipGaveUpOn, with why as the detail of pip's
// catch-all when there is one (horovod's and mpi4py's failures are their
// own problems).
func pipGaveUpBecause(a *analyzer, ev Evidence, pkg, why string) {
	pipGaveUpOn(a, ev, pkg)
	if f := a.byID[PipInstallFailed]; f != nil {
		f.explain(why)
	}
}

// pipGaveUpOn records pip giving up on a package before building it:
// horovod's and mpi4py's failures are their own problems, any other is
// pip's catch-all.
func pipGaveUpOn(a *analyzer, ev Evidence, pkg string) {
	if buildsOwnProblem(pkg) {
		compileFailure(a, pkg, ev)
	} else {
		a.add(PipInstallFailed, pkg, ev)
	}
}

// followContext reads the "╰─> name" context line of a pip diagnostic.
func followContext(a *analyzer, f *Finding, found func(a *analyzer, ev Evidence, pkg string)) {
	a.startFollow(func(a *analyzer, ev Evidence, text string) bool {
		m := pipContextRE.FindStringSubmatch(text)
		if m == nil {
			return !strings.Contains(text, "╰─>") // "╰─> See above for output." names nothing
		}
		for _, p := range strings.Split(m[1], ", ") {
			found(a, ev, p)
		}
		f.addEvidence(ev)
		return false
	}, 3)
}

// buildsOwnProblem reports whether a package's failed build is a problem
// of its own (mpi4py, horovod) rather than a compile error.
func buildsOwnProblem(pkg string) bool {
	switch pkgspec.NormalizeName(pkg) {
	case "mpi4py", "horovod":
		return true
	}
	return false
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
	pkg := buildDirPackage(slashed(m[2]))
	if pkg == "" {
		pkg = headersPackage(slashed(text)) // a checkout's legacy install: --install-headers …/horovod
	}
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
		a.add(PipInstallFailed, pkg, ev).explain("python setup.py egg_info failed with error code " + m[1])
		return
	}
	compileFailure(a, pkg, ev)
}

var pipHashSuffixRE = re(`_[0-9a-f]{32}$`)

// buildDirPackage returns the package a pip build directory is named for:
// /tmp/pip-build-xxx/horovod/, /tmp/pip-install-abc/horovod_0123…/,
// pip 1.x's /tmp/pip_build_root/horovod, /tmp/pip-req-build-xyz/ (a
// checkout, no name: "").
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
	if strings.HasPrefix(parent, "pip_build_") && !strings.HasPrefix(base, "pip") {
		// pip 1.x's build directory, named for the user: /tmp/pip_build_root/horovod
		parent = "pip-build-"
	}
	if !strings.HasPrefix(parent, "pip-") || strings.HasPrefix(base, "pip-") {
		return ""
	}
	if !strings.HasPrefix(parent, "pip-install-") && (!strings.HasPrefix(parent, "pip-build-") || strings.HasPrefix(parent, "pip-build-env-")) {
		return "" // a checkout (pip-req-build-), an isolated build env, a wheel or record dir: no package name below it
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
	switch {
	case strings.Contains(text, "None of TensorFlow, PyTorch, or MXNet plugins were built"),
		strings.Contains(text, "Neither TensorFlow nor PyTorch plugins were built"),
		strings.Contains(text, "plugins were excluded from build") && horovodExcludedRE.MatchString(text),
		strings.Contains(text, "Horovod build with GPU support was requested"):
	case strings.Contains(text, "Horovod requires "):
		if !horovodRequiresRE.MatchString(text) {
			return // prose about horovod, not its build refusing
		}
	case strings.Contains(text, "HOROVOD_WITH_") && horovodWithRE.MatchString(text):
	case strings.Contains(text, "is MPI in $PATH?"), strings.Contains(text, "HOROVOD_") && (horovodEnvRE.MatchString(text) || horovodCMakeRE.MatchString(text)):
	default:
		return // an environment variable being set, not horovod's complaint about it
	}
	a.add(HorovodBuild, "horovod", ev)
}

// horovodEnvRE: horovod's setup.py naming the variables that locate what
// it did not find (DistutilsPlatformError in get_nccl_vals, get_cuda_dirs,
// get_mpi_flags): "Please specify correct NCCL location with the
// HOROVOD_NCCL_HOME environment variable or combination of
// HOROVOD_NCCL_INCLUDE and HOROVOD_NCCL_LIB environment variables.",
// "HOROVOD_NCCL_HOME - path where NCCL include and lib directories can be
// found", "please specify it with the HOROVOD_MPICXX_SHOW environment
// variable". Setting one (HOROVOD_NCCL_HOME=/usr) is not.
var horovodEnvRE = re(`HOROVOD_[A-Z0-9_]+ (?:environment variables?\b|- path (?:where|to) )`)

// horovodWithRE: horovod's build refusing a framework it was told to build
// for: "HOROVOD_WITH_PYTORCH=1 was set but PyTorch could not be found".
// horovodRequiresRE: horovod's setup.py and sources refusing what they
// found: "Your TensorFlow version 1.0 is outdated.  Horovod requires
// tensorflow>=1.1.0", "#error Horovod requires NCCL 2.0 or later version".
var horovodRequiresRE = re(`(?:outdated\.?\s+|#error |error: )Horovod requires |^\s*Horovod requires NCCL [0-9.]+ or later version please upgrade`)

// horovodExcludedRE: horovod's setup.py when every framework plugin was
// turned off (HOROVOD_WITHOUT_*): "TensorFlow, PyTorch, and MXNet plugins
// were excluded from build. Aborting.", 0.1x's "Both TensorFlow and PyTorch
// plugins were excluded from build. Aborting." (its forks byteps and
// bluefog word their lists otherwise).
var horovodExcludedRE = re(`(?:TensorFlow, PyTorch, and MXNet|Both TensorFlow and PyTorch) plugins were excluded from build`)

// horovodCMakeRE: FATAL_ERROR messages of horovod's CMakeLists.txt about
// its own variables: "HOROVOD_GPU_OPERATIONS=nccl is invalid, supported
// values are ”, 'MPI', and 'NCCL'.", "MPI is not installed, try changing
// HOROVOD_CPU_OPERATIONS.", "Cannot set both HOROVOD_WITHOUT_GLOO and
// HOROVOD_CPU_OPERATIONS=GLOO.", "Unknown HOROVOD_GPU type: X".
var horovodCMakeRE = re(`HOROVOD_GPU_OPERATIONS=\S* is invalid, supported values|try changing HOROVOD_CPU_OPERATIONS|Cannot set both HOROVOD_WITHOUT_GLOO|Unknown HOROVOD_GPU type:`)

var horovodWithRE = re(`HOROVOD_WITH_\w+=1.*(?:not|could not|cannot|failed)`)

// --- missing commands -----------------------------------------------------------

// msvcRE: setuptools' msvc module when no Microsoft C++ compiler is
// installed: "Microsoft Visual C++ 14.0 or greater is required. Get it with
// "Microsoft C++ Build Tools"", older "Microsoft Visual C++ 9.0 is required
// (Unable to find vcvarsall.bat)".
var msvcRE = re(`Microsoft Visual C\+\+ [0-9.]+ (?:or greater )?is required`)

// toolAbsentRE: a build tool named as absent, in words.
// "Is not" and the like need what the tool is not ("installed",
// "available", "on the PATH"): "a tensorflow installed via conda isn't
// supported" says nothing of conda being absent (tune horovod-2322).
var toolAbsentRE = re("(?:^|[\\s`'\"(])(pip3?|gcc|g\\+\\+|cc|c\\+\\+|make|cmake|git|curl|wget|unzip|rustc|cargo|nvcc|conda|mamba|micromamba|pkg-config|swig)[`'\")]? (?:is missing|not installed|(?:isn't|is not|wasn't|was not) (?:part of|installed|available|found|present|included|in the (?:image|container|path|PATH)|on the (?:image|PATH|path)))")

var mesonCompilerRE = re(`Unknown compiler\(s\): \[\['([^']+)'`)

// cmakeNoCompilerRE: CMake's "No CMAKE_<LANG>_COMPILER could be found."
var cmakeNoCompilerRE = re(`No CMAKE_([A-Za-z]+)_COMPILER could be found`)

// cmakeEnvCompilerRE: CMake's "Could not find compiler set in environment
// variable CC:" (CMakeDetermineCCompiler.cmake and its kin).
var cmakeEnvCompilerRE = re(`Could not find compiler set in environment variable ([A-Z]+):`)

// cmakeBuildProgramRE: CMake's "CMake was unable to find a build program
// corresponding to "Unix Makefiles".  CMAKE_MAKE_PROGRAM is not set."
var cmakeBuildProgramRE = re(`unable to find a build program corresponding to "([^"]+)"\.\s+CMAKE_MAKE_PROGRAM is not set`)

// rustLinkerRE: rustc's "error: linker `cc` not found".
var rustLinkerRE = re("error: linker `([^`\\s]+)` not found")

// cmakeLangCompiler names the usual compiler of a CMake language, or ""
// for a word that is not one of CMake's languages.
func cmakeLangCompiler(lang string) string {
	switch lang {
	case "C", "OBJC":
		return "cc"
	case "CXX", "OBJCXX":
		return "c++"
	case "CUDA":
		return "nvcc"
	case "Fortran":
		return "gfortran"
	case "HIP":
		return "hipcc"
	case "Swift":
		return "swiftc"
	case "Java":
		return "javac"
	}
	return ""
}

// cmakeEnvCompiler names the compiler that CMake reads from an environment
// variable, or "" for another variable.
func cmakeEnvCompiler(v string) string {
	switch v {
	case "CC", "OBJC":
		return "cc"
	case "CXX", "OBJCXX":
		return "c++"
	case "CUDACXX":
		return "nvcc"
	case "FC":
		return "gfortran"
	case "HIPCXX":
		return "hipcc"
	case "ASM":
		return "as"
	}
	return ""
}

// cmakeBuildProgram names the build program of a CMake generator, or ""
// for a generator diagnose does not know.
func cmakeBuildProgram(gen string) string {
	switch {
	case strings.HasPrefix(gen, "Ninja"):
		return "ninja"
	case gen == "Unix Makefiles":
		return "make"
	case gen == "MinGW Makefiles":
		return "mingw32-make"
	case gen == "MSYS Makefiles":
		return "make"
	case strings.HasPrefix(gen, "NMake Makefiles"):
		return "nmake"
	}
	return ""
}

// toolAbsentWords: every match of toolAbsentRE holds one of these.
var toolAbsentWords = []string{"isn't", "is not", "wasn't", "was not", "is missing", "not installed"}

var missingCmdREs = []guarded{
	// zsh names the command last: "zsh: command not found: conda"
	// (zsh -c and a zsh script add the line: "zsh:1: command not found:
	// conda", "./setup.zsh:3: command not found: conda")
	g("command not found: ", `(?:^|\s|/)(?:-?zsh(?::\d+)?|\S+:\d+): command not found: (\S+)`),
	// xonsh (procs/specs.py): "xonsh: subprocess mode: command not found:
	// conda", the name quoted in later versions ('conda')
	g("subprocess mode: command not found: ", `xonsh: subprocess mode: command not found: '?([^'\s]+)`),
	// PowerShell's error record, also pasted without the message above it:
	// "+ CategoryInfo : ObjectNotFound: (conda:String) [], CommandNotFoundException"
	g("CommandNotFoundException", `ObjectNotFound: \(([^:()\s]+):String\) \[[^\]]*\], CommandNotFoundException`),
	// a script's own prefix, bash "./install.sh: line 16: conda: command not
	// found" and dash "./install.sh: 16: conda: not found"
	g(": line ", `(?:^|\s)\S+: line \d+: ([^\s:]+): command not found`, "command not found"),
	g("sh: ", `(?:^|\s)\S+\.(?:sh|bash): \d+: ([^\s:]+): not found`, ": not found"),
	// PowerShell: "conda : The term 'conda' is not recognized as the name of a cmdlet, …"
	// (PowerShell 7: "… is not recognized as a name of a cmdlet, function,
	// script file, or executable program.")
	g("is not recognized as ", `The term '([^']+)' is not recognized as (?:the|a) name of a cmdlet`),
	// sudo's own lookup on its secure_path: "sudo: conda: command not found"
	g("sudo: ", `(?:^|\s)sudo: ([^\s:]+): command not found`),
	// coreutils nohup, timeout, nice, stdbuf: "nohup: failed to run command
	// 'conda': No such file or directory" (curly quotes in UTF-8 locales)
	g("failed to run command", `failed to run command ['‘]([^'’\s]+)['’]: No such file or directory`),
	// bash running a script: "./install.sh: line 16: conda: command not found"
	g(": line ", `(?:^|\s)\S+: line \d+: ([^\s:]+): (?:command )?not found`, "not found"),
	// a login shell's argv[0] has a dash ("-bash: conda: command not
	// found"); BusyBox's ash may name itself ("ash: conda: not found")
	g("sh: ", `(?:^|\s|/)-?(?:ba|da|z|k|mk|a)?sh: (?:\d+: )?(?:line \d+: )?(?:exec: )?(\S+): (?:not found|command not found)`, "not found"),
	// csh and tcsh: "conda: Command not found."
	g("Command not found.", `^\s*([A-Za-z][A-Za-z0-9_.+-]*): Command not found\.$`),
	// fish 3: "fish: Unknown command: conda"; fish 2: "fish: Unknown command 'conda'"
	// (its quotes turned typographic by a paste through a chat or editor)
	g("Unknown command", `fish: Unknown command:? ['‘“]?([^'’”\s]+)['’”]?`),
	// Java's ProcessBuilder (nextflow, gradle): "Cannot run program "conda"
	// (in directory "/w"): error=2, No such file or directory"
	g("Cannot run program \"", `Cannot run program "([^"]+)"(?: \(in directory "[^"]*"\))?: error=2,`),
	// @actions/io's which(), behind setup-* actions: "Unable to locate
	// executable file: conda. Please verify either the file path exists …"
	// (azure-pipelines-task-lib quotes it: "Unable to locate executable
	// file: 'conda'. Please verify …")
	g("Unable to locate executable file: ", `Unable to locate executable file: '?([^'\s]+?)'?\.?(?:\s|$)`),
	// ksh93 and mksh running a script name it with the line in brackets:
	// "ksh[3]: conda: not found", "./setup.sh[3]: conda: not found"
	g(": not found", `(?:^|\s)\S+\[\d+\]: ([^\s:]+): not found`),
	// GNU xargs (xargs.c): "xargs: conda: No such file or directory"
	g("xargs: ", `(?:^|\s|/)xargs: ([^\s:]+): No such file or directory`),
	// sudo run by a path that is not there: "sudo: unable to execute
	// /opt/conda/bin/conda: No such file or directory"
	g("sudo: unable to execute ", `sudo: unable to execute (\S+): No such file or directory`),
	// Snakemake's conda integration (deployment/conda.py): "The 'mamba'
	// command is not available in the shell /usr/bin/bash that will be used
	// by Snakemake."
	g("command is not available in the shell", `The '([^'\s]+)' command is not available in the shell`),
	// Node's child_process: "Error: spawn conda ENOENT"
	g("spawn ", `(?:^|\s)spawn (\S+) ENOENT\b`),
	// bash running a program by a path that is not there: "/bin/bash: line 1:
	// /opt/conda/bin/pip: No such file or directory" (a script of that name,
	// entrypoint.sh, is a missing file, not a command)
	g("sh: ", `(?:^|\s|/)(?:ba|z)?sh: (?:line \d+: )?/\S*/bin/([A-Za-z][A-Za-z0-9_+-]*(?:[0-9.]*[0-9])?): No such file or directory$`, "No such file or directory"),
	// Ubuntu's command-not-found handler (CommandNotFound.py): "Command
	// 'conda' not found, did you mean:", "… not found, but can be installed
	// with:", "… not found, but there are 18 similar ones."
	g("' not found, ", `(?:^|\s)Command '([^'\s]+)' not found, (?:did you mean|but can be installed|but there (?:is|are) )`),
	g("command not found", `^\s*(\S+): command not found`),
	g("error trying to exec", `error trying to exec '([^']+)': execvp: No such file`),
	g("cannot execute '", `cannot execute '([^']+)'`),
	g("while executing command", `\[Errno 2\] No such file or directory: '([^'/]+)' while executing command`),
	g("is not recognized as an internal or external command", `'([^']+)' is not recognized as an internal or external command`),
	g("failed: No such file or directory", `error: command '([^']+)' failed: No such file or directory`),
	// distutils' spawn on Windows: "error: command 'swig.exe' failed: None",
	// "… failed: The system cannot find the file specified"
	g("' failed: ", `error: command '([^']+)' failed: (?:None|The system cannot find the file specified)`),
	g("unable to execute", `unable to execute '([^']+)': No such file or directory`),
	// Go's os/exec (runc, moby): `exec: "conda": executable file not found
	// in $PATH`, with its quotes escaped inside runc 1.0's quoted cause
	// (`starting container process caused "exec: \"conda\": executable file
	// not found in $PATH": unknown`)
	g("executable file not found", `exec: \\?"([^"\\]+)\\?": executable file not found`),
	g("Cannot find command", `Cannot find command '([^']+)'`),
	g("FileNotFoundError", `FileNotFoundError: \[Errno 2\] No such file or directory: '([^'/]+)'$`),
	// a build tool run by its path: "[Errno 2] No such file or directory: '/usr/local/cuda/bin/nvcc'"
	g("[Errno 2]", `\[Errno 2\] No such file or directory: '/[^']*/(nvcc|gcc|g\+\+|cc|c\+\+|clang|clang\+\+|cmake|ninja|make|git|swig|pkg-config|cargo|rustc|gfortran)'$`, "No such file or directory"),
	g("[Errno 2]", `(?:OSError|error):? \[Errno 2\] No such file or directory: '([A-Za-z][A-Za-z0-9_+-]*)'$`, "No such file or directory"),
	g("command could not be found", `The '([^']+)' command could not be found`),
	// crun (podman): "executable file `conda` not found in $PATH: No such
	// file or directory: OCI runtime attempted to invoke a command that was
	// not found"
	g("not found in", `['\x60]([^'\x60/\s]+)['\x60] not found in \$?PATH`),
	// GNU make: "make: gcc: Command not found" (older make), "make: gcc: No such file or directory"
	g("make", `make(?:\[\d+\])?: ([A-Za-z][A-Za-z0-9_.+-]*): (?:Command not found|No such file or directory)$`, "Command not found", "No such file or directory"),
	// coreutils env running a script's interpreter: "/usr/bin/env: 'python': No such file or directory"
	// (curly quotes in UTF-8 locales, none in BusyBox's env)
	// (BusyBox's env: "env: can't execute 'conda': No such file or directory")
	g("env: ", `(?:^|\s|/)env: (?:can't execute )?['‘]?([^'’/\s:]+)['’]?: No such file or directory`, "No such file or directory"),
}

// dashDotRE: dash's dot builtin when what it is asked to source is not
// there: "/bin/sh: 1: .: activate: not found" (looked up on the PATH, as in
// conda's old `. activate ENV`) and "/bin/sh: 1: .: Can't open
// /opt/conda/etc/profile.d/conda.sh".
var dashDotRE = re(`sh: (?:\d+: )?\.: (?:(\S+): not found|[Cc]an't open (\S+))`)

// condaSourceMissing: a shell could not source conda's activate script or
// shell setup, so conda is not installed where the build expects it.
func condaSourceMissing(a *analyzer, ev Evidence, text string) bool {
	m := dashDotRE.FindStringSubmatch(text)
	if m == nil {
		return false
	}
	file := m[1] + m[2]
	name := condaScript(file)
	switch {
	case name == "":
		return true // another file: no command is missing
	case strings.IndexByte(file, '/') < 0:
		a.infer(CondaCommandNotFound, name, ev) // a bare "activate": conda's, most likely
	default:
		a.add(CondaCommandNotFound, name, ev)
	}
	return true
}

// fixEntryWords open a changelog's entry for a fix ("- Fixed `error:
// linker `cc` not found` on Alpine"): the error is what a change mends,
// not what this build printed.
var fixEntryWords = []string{"Fix ", "Fixed ", "Fixes ", "Fix:", "Avoid ", "Avoids ", "Prevent ", "Prevents ", "Resolve ", "Resolved ", "Work around "}

// fixEntry reports whether text is a changelog's entry for a fix.
func fixEntry(text string) bool {
	t := strings.TrimLeft(text, " \t>")
	bulleted := false
	for _, bullet := range []string{"- ", "* ", "+ "} {
		if strings.HasPrefix(t, bullet) {
			t, bulleted = t[len(bullet):], true
		}
	}
	if hasAnyPrefix(t, fixEntryWords) || bulleted && hasAnyPrefix(t, fixEntryWordsLower) {
		return true // also "- fix undefined reference to `security_get_initial_context'"
	}
	// an entry that names its subsystem first, as the kernel's and git's
	// do ("- netfilter: nf_tables: fix out of memory error handling",
	// "sparse-checkout: fix OOM error with mixed patterns"); not a
	// program's "error: " or "warning: " prefix
	if !strings.Contains(t, ": ") {
		return false
	}
	loc := subsystemRE.FindStringIndex(t)
	if loc == nil {
		return false
	}
	m := t[:loc[1]]
	if strings.Contains(strings.ToLower(m), "error") || strings.Contains(strings.ToLower(m), "warn") || strings.Contains(strings.ToLower(m), "fatal") {
		return false
	}
	return hasAnyPrefix(t[len(m):], fixEntryWordsLower) || hasAnyPrefix(t[len(m):], fixEntryWords)
}

// fixEntryWordsLower: fixEntryWords as a subsystem's entry writes them.
var fixEntryWordsLower = []string{"fix ", "fixed ", "fixes ", "avoid ", "avoids ", "prevent ", "prevents ", "resolve ", "resolved ", "work around "}

// subsystemRE: the subsystems a kernel's or git's changelog entry opens
// with ("[arm64] net: hns: ", "mm/oom: ").
var subsystemRE = re(`^(?:\[[\w-]+\] )?(?:[\w./-]+: )+`)

// changeEntry reports whether text is a changelog's entry: a fix entry, a
// bulleted line that opens with a change's verb ("- Dropped support for
// Python 2.4", "* Setuptools now requires …" after its issue number) or
// ends with the issue or pull request it refers to ("- conda create timed
// out on slow networks (#1234)", "* … (gh-88)").
func changeEntry(text string) bool {
	if fixEntry(text) {
		return true
	}
	t := strings.TrimSpace(strings.TrimLeft(text, " \t>"))
	if !strings.HasPrefix(t, "- ") && !strings.HasPrefix(t, "* ") && !strings.HasPrefix(t, "+ ") {
		return false
	}
	if t[0] == '*' && gnuEntryRE.MatchString(t) {
		return true
	}
	if changeRefRE.MatchString(t) {
		return true
	}
	t = strings.TrimLeft(t[2:], " *")
	// an entry that opens with its issue ("- #2211 \"Network is
	// unreachable\" error returned when …", "- bpo-32034: Make …")
	return changeIssueRE.MatchString(t) || hasAnyPrefix(t, changeVerbs)
}

// gnuEntryRE: a GNU ChangeLog's entry, the file it changes and its
// function before a colon ("* tests/gpgscm/scheme.c (Eval_Cycle): Exit if
// we run out of memory.", "* gmp.texi (Known Build Problems): Note …").
var gnuEntryRE = re(`^\*\s+[\w./+-]+\.\w+(?:,\s*[\w./+-]+)*(?:\s+\([^)]*\))?:\s`)

// changeVerbs open a changelog's entries.
var changeVerbs = []string{"Drop ", "Dropped ", "Add ", "Added ", "Remove ", "Removed ", "Update ", "Updated ", "Bump ", "Bumped ",
	"Deprecate ", "Deprecated ", "Require ", "Requires ", "Support ", "Use ", "Introduce ", "Document ", "Mention ", "Note "}

// changeIssueRE: the issue a changelog's entry starts with.
var changeIssueRE = re(`^(?:#|bpo-|gh-|GH-|[Ii]ssue ?#?)\d+:? `)

// changeRefRE: an issue or pull request named at the end of an entry, in
// plain text ("(#1234)", "(gh-88)", "(org/repo#5)"), markdown ("[#12](url)")
// or reStructuredText ("(`#8546 <url>`_)").
var changeRefRE = re("(?:\\((?:#|gh-|GH-|[\\w.-]+/[\\w.-]+#)\\d+(?:, ?#\\d+)*\\)|\\[#\\d+\\]\\([^)]*\\)|\\(?`#\\d+ <[^>]+>`__?\\)?)\\.?$")

func onMissingCommand(a *analyzer, ev Evidence, text string) {
	if fixEntry(text) {
		return // a changelog naming the error it fixes
	}
	if i := strings.Index(text, " # "); i > 0 {
		text = text[:i] // a shell comment after a command names, it does not show
	}
	if strings.Contains(text, ".: ") && condaSourceMissing(a, ev, text) {
		return
	}
	if strings.Contains(text, "non-zero exit status 127") {
		// Python's subprocess.CalledProcessError for a shell=True command the
		// shell could not find: "Command 'conda env create -f env.yml'
		// returned non-zero exit status 127." (likely, as a build step's 127)
		if w := calledWord(sub(called127RE, text)); condaCommand(w) {
			a.infer(CondaCommandNotFound, w, ev).explain("a conda command run from Python exited with 127, the shell's code for a command it cannot find")
			return
		}
	}
	cmdName := ""
	switch {
	case strings.Contains(text, "can't find Rust compiler"):
		cmdName = "rustc"
	case strings.Contains(text, "ind Rust compiler"):
		// the same told in a poster's words: "Can not find Rust compiler",
		// "could not find Rust compiler" (reallogs rule 37)
		if rustProseRE.MatchString(text) {
			a.infer(MissingCommand, "rustc", ev).explain("the post says the build cannot find a Rust compiler: install rustc (rustup, or the rust package) before the package that needs it")
		}
		return
	case strings.Contains(text, "unable to execute '") && bareUnableRE.MatchString(text):
		// distutils' "unable to execute 'gcc'" without its reason, a line
		// of its own as posters title the failure (reallogs rule 8)
		if name := sub(bareUnableRE, text); !condaCommand(name) {
			a.infer(MissingCommand, name, ev).explain("the post gives distutils' \"unable to execute\" for this program: it is not installed in the image")
		}
		return
	case strings.Contains(text, "CMake must be installed"),
		// the setup.py idiom of CMake-built extensions (horovod's among them):
		// raise RuntimeError('Cannot find CMake executable') when
		// "cmake --version" raises OSError (raised, not the source line that raises it)
		containsAny(text, []string{"Error: Cannot find CMake executable", "ERROR: Cannot find CMake executable"}):
		cmdName = "cmake"
	case strings.Contains(text, "_COMPILER could be found"):
		// CMake's project() or enable_language() found no compiler for a
		// language: "No CMAKE_CUDA_COMPILER could be found."
		cmdName = cmakeLangCompiler(sub(cmakeNoCompilerRE, text))
		if cmdName == "" {
			return // not a language: project()'s arguments misread
		}
	case strings.Contains(text, "find compiler set in environment variable"):
		// CMake given a compiler by CC, CXX, FC, CUDACXX that is not
		// there: "Could not find compiler set in environment variable CC:"
		cmdName = cmakeEnvCompiler(sub(cmakeEnvCompilerRE, text))
		if cmdName == "" {
			return
		}
	case strings.Contains(text, "CMAKE_MAKE_PROGRAM is not set"):
		// CMake's generator has no build program: "CMake was unable to
		// find a build program corresponding to "Ninja".  CMAKE_MAKE_PROGRAM
		// is not set."
		cmdName = cmakeBuildProgram(sub(cmakeBuildProgramRE, text))
		if cmdName == "" {
			return
		}
	case strings.Contains(text, "Cargo, the Rust package manager, is not installed"):
		cmdName = "cargo" // maturin's PEP 517 backend
	case strings.Contains(text, "error: linker `"):
		// rustc found no linker (the C compiler it links with):
		// "error: linker `cc` not found"
		cmdName = sub(rustLinkerRE, text)
		if cmdName == "" {
			return
		}
	case strings.Contains(text, "no acceptable C compiler found"):
		cmdName = "cc" // autoconf's configure
	case strings.Contains(text, "pg_config executable not found"):
		cmdName = "pg_config" // psycopg2's setup.py
	case strings.Contains(text, "mysql_config not found"):
		cmdName = "mysql_config" // mysqlclient's setup
	case strings.Contains(text, "Microsoft Visual C++") && msvcRE.MatchString(text),
		strings.Contains(text, "Unable to find vcvarsall.bat"):
		cmdName = "cl.exe" // setuptools' msvc: no Microsoft C++ compiler
	case strings.Contains(text, "has Fortran sources but no Fortran compiler found"):
		cmdName = "gfortran" // numpy.distutils build_clib
	case strings.Contains(text, "Provide a path to gdal-config"):
		cmdName = "gdal-config" // fiona's/GDAL's setup.py
	case strings.Contains(text, "Broken toolchain: cannot link a simple C program"):
		// numpy's setup: no working C compiler (or linker)
		a.infer(MissingCommand, "cc", ev).explain("numpy's build could not compile and link a simple C program: no working C compiler")
		return
	case strings.Contains(text, "Ninja is required to load C++ extensions"):
		cmdName = "ninja" // torch.utils.cpp_extension
	case strings.Contains(text, "_COMPILER not set, after EnableLanguage"):
		cmdName = "cc" // CMake found no compiler for a language
		if strings.Contains(text, "CXX_COMPILER") {
			cmdName = "c++"
		}
	case strings.Contains(text, "Unknown compiler(s):"):
		// meson found none of the compilers it tried for a language:
		// "ERROR: Unknown compiler(s): [['gfortran'], ['flang'], …]"
		cmdName = sub(mesonCompilerRE, text)
		if cmdName == "" {
			return
		}
	case strings.Contains(text, "CUDA_HOME environment variable is not set"):
		// torch.utils.cpp_extension found no CUDA toolkit (nvcc) to build with
		a.infer(MissingCommand, "nvcc", ev).explain("torch's extension build found no CUDA toolkit: CUDA_HOME is not set and nvcc is not on the PATH")
		return
	default:
		cmdName = firstSub(missingCmdREs, text)
	}
	if cmdName == "" {
		// A poster saying a tool is not in the image ("pip3 isn't part of
		// the python3 package", "gcc is not installed").
		if !containsAny(text, toolAbsentWords) {
			return
		}
		if m := toolAbsentRE.FindStringSubmatch(text); m != nil {
			if condaCommand(m[1]) {
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
		a.noCommand = true // $'\r': a script with CRLF line ends, not a missing command
		return
	}
	if bashOnly(cmdName) {
		a.noCommand = true // bash syntax run by sh: "/bin/sh: 1: source: not found" (reallogs rule 38)
		return
	}
	if name := condaScript(cmdName); name != "" && strings.IndexByte(cmdName, '/') >= 0 {
		a.add(CondaCommandNotFound, name, ev) // /opt/conda/bin/activate: not found
		return
	}
	if i := strings.LastIndexAny(cmdName, `/\`); i >= 0 && i < len(cmdName)-1 {
		cmdName = cmdName[i+1:] // also cmd's 'C:\Miniconda3\Scripts\conda.exe'
	}
	if strings.HasPrefix(cmdName, `"`) || strings.HasSuffix(cmdName, `"`) {
		// cmd quoting a path with its double quotes inside its own single
		// ones: '"C:\Users\me\micromamba\condabin\micromamba"' is not recognized …
		cmdName = strings.Trim(cmdName, `"`)
	}
	if pastedWord(cmdName) {
		return // a log line pasted into a shell: "Error: command not found"
	}
	if condaCommand(cmdName) {
		a.add(CondaCommandNotFound, cmdName, ev)
		return
	}
	if (cmdName == "activate" || cmdName == "deactivate") && condaDir(text) {
		a.add(CondaCommandNotFound, cmdName, ev) // "/bin/bash: /opt/conda/bin/activate: No such file or directory"
		return
	}
	if (cmdName == "activate" || cmdName == "deactivate") && !strings.Contains(text, "/"+cmdName) {
		// a bare "activate" looked up on the PATH is conda's old one
		// (`source activate ENV`, cmd's `activate ENV`): "/bin/sh: 1:
		// activate: not found", "'activate' is not recognized as an internal
		// or external command", as condaSourceMissing has it for dash's dot
		a.infer(CondaCommandNotFound, cmdName, ev)
		return
	}
	a.add(MissingCommand, cmdName, ev)
}

// rustProseRE: a poster saying the build finds no Rust compiler;
// bareUnableRE: distutils' "unable to execute 'gcc'" as a whole line.
var (
	rustProseRE  = re(`(?i)\b(?:can ?not|can't|could not|couldn't|unable to) find (?:a |the )?Rust compiler\b`)
	bareUnableRE = re(`^\s*unable to execute '([A-Za-z][A-Za-z0-9_.+-]*)'\s*$`)
)

// bashOnly reports whether a "command" sh could not find is bash syntax
// or a bash builtin that dash and BusyBox sh lack ("[[", "source",
// "shopt"): the step's shell is the wrong one, no program is missing
// (reallogs rule 38).
func bashOnly(name string) bool {
	switch name {
	case "[[", "]]", "source", "shopt", "declare", "typeset", "pushd", "popd", "mapfile", "readarray":
		return true
	}
	return false
}

// called127RE: the command of a CalledProcessError with exit status 127,
// as a string or as a list's repr ("['conda', 'install', 'x']").
var called127RE = re(`Command '(.+?)' returned non-zero exit status 127\b`)

// calledWord: the program a CalledProcessError's command runs, its path cut.
func calledWord(cmd string) string {
	cmd = strings.TrimLeft(cmd, "['\"")
	if i := strings.IndexAny(cmd, "'\", "); i >= 0 {
		cmd = cmd[:i]
	}
	return firstWord(cmd)
}

// pastedWord reports whether a "command" the shell could not find is the
// first word of a log line that someone pasted into it (tune
// azure-stack-docs-1857: bash's "Error: command not found" after an error
// message was pasted at the prompt), never a build tool.
func pastedWord(name string) bool {
	switch strings.ToLower(strings.TrimRight(name, ":")) {
	case "error", "warning", "note", "info", "debug", "fatal", "traceback", "exception", "step", "successfully",
		"collecting", "requirement", "downloading", "installing", "building", "running", "using", "the", "e", "w":
		return true
	}
	return false
}
