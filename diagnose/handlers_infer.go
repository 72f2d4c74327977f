package diagnose

import (
	"cmp"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
)

// Inferences: problems no single line states, read from the state the log
// ends in. They are reported as likely, never certain.

// onStepOK notes an install that finished: pip's "Successfully installed".
// Failures before it were recovered from (a wheel that failed to build and
// was installed the legacy way, a retried download).
func onStepOK(a *analyzer, _ Evidence, text string) {
	if strings.Contains(text, "Installing collected packages") {
		a.downloaded = a.n // pip got past its downloads: earlier retries recovered
		return
	}
	if !strings.HasPrefix(strings.TrimSpace(text), "Successfully installed ") {
		return
	}
	a.lastStepOK = a.n
	a.solving = Evidence{}
	if strings.Contains(text, "mpi4py") {
		a.mpiDone = true
	}
}

// onMPIProbe keeps the last line of mpi4py's build configuration
// ("MPI configuration: [mpi] from 'mpi.cfg'", "checking for library
// 'lmpe' ...", paths under mpi4py/): when the build fails and nothing else
// is named, mpi4py's build is what failed.
func onMPIProbe(a *analyzer, ev Evidence, text string) {
	t := strings.TrimSpace(text)
	if mpiProseWords(text) && !isWarning(text) && mpiProseMay(text) && mpiProseRE.MatchString(text) {
		// a poster saying mpi4py will not install
		a.infer(MPI4PyBuild, "mpi4py", ev).explain("the text says mpi4py could not be installed")
		return
	}
	switch {
	case strings.HasPrefix(t, "Successfully built ") && strings.Contains(t, "mpi4py"):
		a.mpiDone = true
	case strings.HasPrefix(t, "MPI configuration: "), strings.HasPrefix(t, "checking for MPI compile and link"),
		strings.HasPrefix(t, "checking for library '") && a.mpiProbe.Line > 0,
		strings.Contains(t, "/mpi4py/") || strings.Contains(t, "mpi4py.MPI") || strings.Contains(t, "src/mpi4py"):
		a.mpiProbe = ev
		a.mpiDone = false
	}
}

// mpiProseWords is the cheap test before mpiProseRE: build output names
// mpi4py on many lines (paths, probes), posters' verdicts are rare.
// Every verdict mpiProseRE matches names mpi4py, not in a path, and holds
// one of these, in some case.
func mpiProseWords(text string) bool {
	if !mayMatchFold(text, []string{"mpi4py"}) || strings.Contains(text, "/mpi4py") || strings.Contains(text, "mpi4py/") {
		return false
	}
	return mayMatchFold(text, []string{"install", "fail", "won't", "will not", "can't", "cannot"})
}

// mpiProseMay is mpiProseRE's exact precondition (see mpiProseLits).
func mpiProseMay(text string) bool {
	return mayMatchFold(text, mpiProseLits) ||
		mayMatchFold(text, []string{"install mpi4py", "installing mpi4py"}) && mayMatchFold(text, mpiProseWordsAfter)
}

// mpiProseRE: "pip installing mpi4py in the docker environment doesn't
// seem to be possible", "mpi4py fails to build", "cannot install mpi4py".
// Every match of mpiProseRE holds, in some case, one of mpiProseLits, or
// else "install mpi4py" or "installing mpi4py" and one of
// mpiProseWordsAfter.
var (
	mpiProseLits       = []string{"mpi4py fail", "mpi4py won't", "mpi4py will not", "mpi4py can"}
	mpiProseWordsAfter = []string{"n't", "not", "never", "impossible", "fail", "error", "can"}
)

var mpiProseRE = re(`(?i)\binstall(?:ing)? mpi4py\b.{0,60}(?:(?:n't|\bnot|\bnever) (?:seem to )?(?:be )?possible|\bimpossible|\bfail(?:s|ed|ing)?\b|\berrors? out|(?:n't|\bnot) work)|\bmpi4py (?:fails|failed|won't|will not|can(?:'t|not)) (?:to )?(?:build|install|compile)|\bcan(?:'t|not) (?:pip )?install mpi4py`)

// inferFromEnd adds what the end of a failed or unfinished log implies.
func (a *analyzer) inferFromEnd() {
	a.dropAnsweredDeviceLogin()
	if a.noSpace {
		// The disk filled up ([Errno 28], ENOSPC): the compiler's or pip's
		// failure to write is that, not a compile error or pip giving up
		// on a package, and a full disk is no documented problem.
		delete(a.byID, CompileError)
		delete(a.byID, PipInstallFailed)
	}
	if f := a.byID[CompileError]; f != nil && ownBuild(a.res.Command) {
		// The failed step compiles the project itself (RUN make, cargo
		// build, go build) and installs no Python or conda package: the
		// guide's compile error is a package the environment needs that
		// failed to build, and a project's own build is not one (AML999).
		delete(a.byID, CompileError)
	}
	told := a.byID[CondaTimeout] != nil // the words of a post or a time limit already said so
	cutInSolve := a.lastFailure <= a.lastSuccess && !told
	if a.solving.Line > 0 && a.solving.Line > a.lastStepOK && (!cutInSolve || !a.hasError()) {
		// The log stops while conda is solving: nothing after the solve
		// started reported anything else. (When nothing failed after it
		// and the log already shows an error, the paste was cut inside a
		// later solve: that names no time limit.)
		f := a.infer(CondaTimeout, "", a.solving).explain("the log stops while conda is still solving the environment: this verdict rests on where the log ends")
		if a.lastFailure <= a.lastSuccess && len(f.Evidence) == 1 && !told {
			// Nothing but the end of the input says so: the solve may have
			// been cut off with the log rather than by a time limit.
			f.Severity = lint.Warning
			f.Detail += " (or the log was cut there)"
		}
	}
	if pkg := pkgspec.NormalizeName(a.building); (pkg == "horovod" || pkg == "mpi4py") && a.failedOrErrors() && a.onlyGenericBuildErrors() {
		// pip was building horovod (or mpi4py) when the build failed, and
		// nothing names another package: that build is what failed.
		id := HorovodBuild
		if pkg == "mpi4py" {
			id = MPI4PyBuild
		}
		if a.byID[id] == nil {
			f := a.infer(id, a.building, a.buildingEv)
			f.addEvidence(a.failEv)
			f.Detail = "inferred: the last package pip started building before the failure"
		}
	}
	if cmd := cmp.Or(a.res.Command, a.stepCmd); a.lastFailure > a.lastSuccess && a.byID[HorovodBuild] == nil && a.byID[MPI4PyBuild] == nil &&
		a.onlyBuildErrors() {
		if pkg := pipInstallsOwnProblem(cmd); pkg != "" {
			// The failed step pip-installs horovod (or mpi4py), and what
			// failed is a build that names no package: that one's.
			id := HorovodBuild
			if pkgspec.NormalizeName(pkg) == "mpi4py" {
				id = MPI4PyBuild
			}
			f := a.infer(id, pkg, a.failEv)
			f.Detail = "inferred: the failed step pip-installs " + pkg + " and the build errors name no other package"
		}
	}
	if a.horovodEv.Line > 0 && a.byID[HorovodBuild] == nil && a.byID[MPI4PyBuild] == nil && a.failedOrErrors() && a.onlyBuildErrors() &&
		(a.cmakeFailed || a.byID[CompileError] != nil || a.lastFailure > a.lastSuccess || a.nativeBuildLine > a.horovodEv.Line) {
		// The input installs or builds horovod, and what failed is a native
		// build (CMake, a compiler) that names no other package, or the
		// errors come while horovod's native build (build_ext, CMake's
		// probes) is the last thing shown.
		a.infer(HorovodBuild, "horovod", a.horovodEv).explain("inferred: the log installs or builds horovod and the errors are a build that names no other package")
	}
	if a.mpiProbe.Line > 0 && !a.mpiDone && a.byID[MPI4PyBuild] == nil && a.failedOrErrors() {
		f := a.infer(MPI4PyBuild, "mpi4py", a.mpiProbe)
		f.addEvidence(a.failEv)
		f.Detail = "inferred from mpi4py's build configuration output, the last thing before the failure"
	} else if a.mpiProbe.Line > 0 && !a.mpiDone && a.byID[MPI4PyBuild] == nil && !a.hasError() && a.n-a.mpiProbe.Line <= 5 {
		// The paste stops inside mpi4py's configuration probes: what the
		// poster shows is mpi4py's build, but nothing failed in view.
		f := a.infer(MPI4PyBuild, "mpi4py", a.mpiProbe)
		f.Severity = lint.Warning
		f.Detail = "the log stops inside mpi4py's build configuration (the failure may be cut off)"
	}
	if a.ignoredLine > 0 && a.byID[NoMatchingDistrib] == nil && a.ignoredLine > a.lastStepOK {
		// pip prints "Ignored the following versions that require a
		// different python version" only in its report of a requirement it
		// could not satisfy (resolvelib/factory.py, before "Could not find a
		// version that satisfies …"): the paste stops before that line.
		a.add(NoMatchingDistrib, "", a.ignoredEv).explain("pip ignored versions that require a different Python and found no other: its \"No matching distribution\" report, cut short")
	}
	if a.retries > 0 && a.retryEv.Line > max(a.lastStepOK, a.downloaded) && a.onlyPipWrapper() {
		// conda's "Pip subprocess error:" (or "Pip failed") and then nothing
		// but pip's connection retries: pip gave up on its connection.
		a.infer(CommunicationsError, "", a.retryEv).explain("pip failed and the only trouble it printed is its connection retries")
	}
	if a.retries > 0 && !a.hasError() && a.retryEv.Line > max(a.lastStepOK, a.downloaded) {
		// pip's connection retries are the only trouble in view.
		f := a.infer(CommunicationsError, "", a.retryEv).explain("pip kept retrying its connection to the index and nothing else failed")
		if a.lastFailure <= a.lastSuccess {
			f.Severity = lint.Warning // no failure in view: the retries may still have worked
		}
	}
	if a.lastFailure > a.lastSuccess && !a.hasError() {
		cmd := a.res.Command
		if cmd == "" {
			cmd = a.stepCmd
		}
		if pipOnly(cmd) && !a.crashed && !a.noSpace && !crashExitRE.MatchString(a.failEv.Text) {
			// The failed step only runs pip and nothing names the cause:
			// the guide's catch-all for pip.
			a.infer(PipInstallFailed, "", a.failEv).explain("the failed step runs pip and the log shows no more specific cause")
			if a.proxyEv.Line > 0 {
				// ... and the post says the build runs behind a proxy
				c := a.infer(CommunicationsError, "", a.proxyEv)
				c.addEvidence(a.failEv)
				c.explain("a pip step failed with no other cause in view, and the text says the build runs behind a proxy or firewall")
			}
		}
	}
	a.inferMisspeltACR()
	a.inferPushRefused()
	a.inferStalled()
	a.inferStorageProse()
	a.inferMountRefused()
	a.inferRegistryProse()
	if !a.crashed && !a.noSpace {
		a.inferFromProse(a.prosePipFail, PipInstallFailed,
			"the post says pip's install fails and shows no cause: the guide's catch-all for pip (find the first error in pip's output)")
	}
	a.inferLogUnavailable()
	a.inferProsePull()
	if a.serviceEv.Line > 0 && !a.hasError() && a.steps == 0 && a.buildLines == 0 {
		f := a.add(BuildLogUnavailable, "", a.serviceEv)
		f.Severity = lint.Error
		f.Detail = "Azure ML reports that the image build failed, but its build log is not in this input: " +
			"download azureml-logs/20_image_build_log.txt (or the build log URL) and diagnose that"
	}
}

// ownBuildTools build a project from its source; packageBuildWords install
// (and so may build) a Python or conda package.
var (
	ownBuildTools     = []string{"make", "cmake", "gcc ", "g++ ", "clang", "cargo build", "go build", "ninja", "./configure", "mvn ", "gradle", "dotnet build", "javac "}
	packageBuildWords = []string{"pip", "conda", "mamba", "setup.py", "python", "uv ", "poetry", "Rscript", "R -e", "install.packages", "horovod", "mpi4py", "wheel", "maturin"}
)

// ownBuild reports whether the failed step's command builds a project with
// a compiler or build tool and installs no Python or conda package.
func ownBuild(cmd string) bool {
	return cmd != "" && containsAny(cmd, ownBuildTools) && !containsAny(cmd, packageBuildWords)
}

// onlyGenericBuildErrors reports whether the errors found so far name no
// package: a compile error without a subject, pip giving up.
func (a *analyzer) onlyGenericBuildErrors() bool {
	for _, f := range a.byID {
		switch {
		case f.Severity < lint.Error:
		case f.Problem.ID == CompileError && len(f.Subjects) == 0, f.Problem.ID == PipInstallFailed:
		default:
			return false
		}
	}
	return true
}

// onlyBuildErrors reports whether the errors found so far are a build that
// names no package: a compile error without a subject, or pip's catch-all
// shown only by its words for a failed build subprocess.
func (a *analyzer) onlyBuildErrors() bool {
	if a.crashed || a.noSpace {
		return false
	}
	for _, f := range a.byID {
		switch {
		case f.Severity < lint.Error:
		case f.Problem.ID == CompileError && len(f.Subjects) == 0:
		case f.Problem.ID == PipInstallFailed && everyEvidenceHolds(f, pipBuildWords):
		default:
			return false
		}
	}
	return true
}

// pipBuildWords are pip's words for a build subprocess that failed.
var pipBuildWords = []string{"subprocess-exited-with-error", "Command errored out", "failed with error code",
	"did not run successfully", "Encountered error while", "originates from a subprocess"}

// pipInstallsOwnProblem returns horovod or mpi4py when a pip install in
// cmd names it ("HOROVOD_WITH_PYTORCH=1 pip install horovod[pytorch]==0.28.1").
func pipInstallsOwnProblem(cmd string) string {
	if !strings.Contains(cmd, "horovod") && !strings.Contains(cmd, "mpi4py") {
		return ""
	}
	for _, c := range shellcmd.Split(cmd) {
		tool, k := shellcmd.Installer(c.Words)
		if tool != "pip" {
			continue
		}
		for _, w := range c.Words[k+1:] {
			name := w
			if i := strings.IndexAny(name, "[=<>!~;@ "); i >= 0 {
				name = name[:i]
			}
			if buildsOwnProblem(name) {
				return name
			}
		}
	}
	return ""
}

// crashExitRE: a step killed by a signal other than the OOM killer's
// (128+N: 132 SIGILL, 134 SIGABRT, 135 SIGBUS, 139 SIGSEGV): the
// interpreter crashed, which is not pip giving up on a package.
var crashExitRE = re(`(?:exit code:? |non-zero code: |exit status )(?:132|134|135|139)\b`)

// pipWrappers are the words conda wraps pip's failure in.
var pipWrappers = []string{"Pip subprocess error", "Pip failed", "Pip subcommand failed", "pip returned an error", "pip failed to install packages"}

// onlyPipWrapper reports whether the only error found is pip failing in
// conda's words, with no cause of pip's own.
func (a *analyzer) onlyPipWrapper() bool {
	f := a.byID[PipInstallFailed]
	if f == nil || f.Severity < lint.Error {
		return false
	}
	for _, o := range a.byID {
		if o != f && o.Severity >= lint.Error {
			return false
		}
	}
	for _, ev := range f.Evidence {
		wrapped := false
		for _, w := range pipWrappers {
			if strings.Contains(ev.Text, w) {
				wrapped = true
				break
			}
		}
		if !wrapped {
			return false
		}
	}
	return true
}

func (a *analyzer) failedOrErrors() bool {
	return a.lastFailure > a.lastSuccess || a.ntail > 0
}

func (a *analyzer) hasError() bool {
	for _, f := range a.byID {
		if f.Severity >= lint.Error {
			return true
		}
	}
	return false
}

// pipOnly reports whether a command line installs packages with pip and
// with nothing else (no conda, mamba or micromamba).
func pipOnly(cmd string) bool {
	pip := false
	for _, c := range shellcmd.Split(cmd) {
		switch tool, _ := shellcmd.Installer(c.Words); tool {
		case "":
		case "pip":
			pip = true
		default:
			return false
		}
	}
	return pip
}
