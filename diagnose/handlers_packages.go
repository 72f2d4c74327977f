package diagnose

import (
	"slices"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// Handlers for package specifications and installers: conda, pip, Python
// versions, and shell quoting of version bounds.

// --- conda specs ------------------------------------------------------------

var badSpecREs = []guarded{
	g("Invalid spec", `Invalid spec '([^']*)'`),
	g("could not parse '", `could not parse '([^']*)' in: `),
	g("Malformed version string", `Malformed version string '([^']*)'`),
	g("nvalid package specification", `[Ii]nvalid package specification: '?([^\s']+)`),
	// conda 3's arg2spec: "Error: Invalid character '!' in package name: 'foo!'"
	g("in package name: '", `in package name: '([^']*)'`),
	// libmamba 2's MatchSpec::parse: Error parsing MatchSpec "foo=>1": …
	g("Error parsing MatchSpec", `Error parsing MatchSpec "([^"]*)"`),
	g("Invalid version", `Invalid version '([^']*)'`),
	// libmamba 2's VersionSpec parser (libmamba/src/specs/version_spec.cpp)
	g("Found invalid version predicate", `Found invalid version predicate in "([^"]*)"`),
	g("in version spec", `in version spec "([^"]*)"`),
	g("is an incorrect expression", `Version spec "([^"]*)" is an incorrect expression`),
}

// specWords reports whether a CondaValueError is about a package
// specification ("invalid package specification", "Invalid MatchSpec",
// "Malformed version string").
func specWords(text string) bool {
	return containsAny(text, []string{"spec", "Spec", "version", "Version", "nvalid package", "could not parse '", "in package name: '"})
}

// envFileCommand: a conda, mamba or micromamba command given an environment
// file ("conda env create -f env.yml", "mamba env update --file …",
// "micromamba create -f env.yaml", "conda create --file spec.txt").
func envFileCommand(text string) bool {
	if strings.Contains(text, "env create") || strings.Contains(text, "env update") {
		return true
	}
	return strings.Contains(text, "create ") && (strings.Contains(text, " -f ") || strings.Contains(text, " --file"))
}

// yamlSpecError: PyYAML's or ruamel.yaml's parser failing (yaml.scanner.ScannerError,
// yaml.parser.ParserError, yaml.composer.ComposerError, conda 4's vendored
// ruamel_yaml) soon after a conda command was given an environment file, or
// in a build step that runs one: the environment file is no valid spec.
func yamlSpecError(a *analyzer, ev Evidence, text string) {
	near := a.envFileLine > 0 && a.n-a.envFileLine <= 60
	if !near && !envFileCommand(a.stepCmd) {
		return // another YAML file (a CI config, a compose file)
	}
	a.infer(CondaBadSpec, "", ev).explain("the environment file given to conda is not valid YAML: " + textutil.TruncateBytes(strings.TrimSpace(text), 160))
}

var fileIOErrorRE = re(`CondaFileIOError: (?:Couldn't read or write to file\. )?'([^']+)'`)

func onBadSpec(a *analyzer, ev Evidence, text string) {
	if isWarning(text) {
		return
	}
	if strings.Contains(text, "CondaValueError: pip returned an error") {
		a.add(PipInstallFailed, "", ev) // conda env's wording of "Pip failed"
		return
	}
	if !condaSpecFileWords(text) || gluedName(text, "InvalidSpec") {
		return
	}
	if packagingSpecError(text) {
		pipSpecError(a, ev, text)
		return
	}
	if strings.Contains(text, "CondaFileIOError") {
		// the --file spec given to conda create/install is not there
		// (conda/cli/common.py specs_from_url): "CondaFileIOError:
		// 'environment.yml'. [Errno 2] No such file or directory: …",
		// conda 4.3 "Couldn't read or write to file. 'x.txt'. …"
		if strings.Contains(text, "No such file") {
			a.add(CondaBadSpec, sub(fileIOErrorRE, text), ev)
		}
		return
	}
	if strings.Contains(text, "ScannerError") || strings.Contains(text, "ParserError") || strings.Contains(text, "ComposerError") {
		if strings.Contains(text, "yaml") {
			yamlSpecError(a, ev, text)
		}
		return // another parser's error (HTMLParserError, pandas' ParserError): no spec
	}
	if strings.Contains(text, "Invalid character '") && !strings.Contains(text, "in package name: '") {
		return // a parser's complaint about some other text (JSON, YAML, a URL)
	}
	if strings.Contains(text, " when handling '") || strings.Contains(text, "is unable to handle environment spec") {
		envSpecHookError(a, ev, text)
		return
	}
	if strings.Contains(text, "CondaValueError") && !specWords(text) {
		return // "prefix already exists" and the like: a misused command line, not a spec
	}
	if strings.Contains(text, "nvalid package specification") && !condaPackageSpecification(text) {
		return // another tool's words: yarn, rush, a Go or Rust CLI
	}
	a.add(CondaBadSpec, firstSub(badSpecREs, text), ev)
}

// pipRequirementREs: the requirement pip rejects, "ERROR: Invalid
// requirement: 'numpy=1.20'" (pip/_internal/req/constructors.py; pip 9's
// without quotes), and the specifier packaging rejects, "InvalidSpecifier:
// Invalid specifier: '>=3.6.*'" (packaging/specifiers.py).
var pipRequirementREs = []guarded{
	g("Invalid requirement", `Invalid requirement: '([^']+)'`),
	g("Invalid requirement", `Invalid requirement: (\S+)`),
	g("Invalid specifier", `Invalid specifier: '([^']+)'`),
}

// condaSpecErrors name conda's own spec errors (conda/exceptions.py,
// conda env, libmamba).
var condaSpecErrors = []string{"InvalidMatchSpec", "InvalidVersionSpec", "InvalidSpec:", "InvalidSpecError", "CondaValueError",
	"nvalid package specification", "Invalid spec '", "Error parsing MatchSpec", "SpecNotFound"}

// packagingSpecError reports whether text is pip's or packaging's error
// for a requirement or specifier (InvalidRequirement, InvalidSpecifier,
// pip's "Invalid requirement:"), not conda's: the conda spec errors of
// rule 3 of testdata/reallogs are conda's own exceptions, and pip's
// "Invalid requirement" in a conda file's pip section is pip failing
// (AML920, the README's set C).
func packagingSpecError(text string) bool {
	return (strings.Contains(text, "InvalidSpecifier") || strings.Contains(text, "InvalidRequirement") || strings.Contains(text, "Invalid requirement:")) &&
		!containsAny(text, condaSpecErrors)
}

// pipSpecError: pip rejecting a requirement is pip failing (AML920);
// packaging's exception raised elsewhere (pkg_resources at run time, a
// setup.py) names no documented problem by itself.
func pipSpecError(a *analyzer, ev Evidence, text string) {
	if !strings.Contains(text, "Invalid requirement:") && !strings.Contains(text, "pip._vendor.") {
		return
	}
	name := strings.TrimSpace(firstSub(pipRequirementREs, text))
	a.add(PipInstallFailed, name, ev).explain("pip rejected a requirement it could not parse; correct its specifier (pip uses ==, conda's = is not valid)")
}

// condaPackageSpecification reports whether an "invalid package
// specification" is conda's: CondaValueError's (conda/exceptions.py), conda
// 3's sys.exit("Error: Invalid package specification: %s") (cli/common.py
// arg2spec), conda-build's RuntimeError("Invalid package specification:
// %r"), or a line that names conda; the words are common to package tools
// (yarn, rush, Go and Rust CLIs).
func condaPackageSpecification(text string) bool {
	t := strings.TrimSpace(text)
	return strings.Contains(t, "CondaValueError") || strings.HasPrefix(t, "Error: Invalid package specification: ") ||
		strings.Contains(t, "RuntimeError: Invalid package specification: '") || hasFold(t, "conda") || hasFold(t, "mamba")
}

// gluedName reports whether every occurrence of an exception's name in text
// is the tail of a longer identifier ("KeyFactoryGetKeySpecForInvalidSpec"
// in a Java test list): not conda's exception.
func gluedName(text, name string) bool {
	found := false
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return found
		}
		j += i
		if j == 0 || !wordByte(text[j-1]) || text[j-1] == '-' || text[j-1] == '_' {
			return false
		}
		found = true
		i = j + len(name)
	}
}

// --- conda packages -------------------------------------------------------------

var (
	listItemRE      = re(`^\s*-\s+(\S+(?:\s+\S+)?)\s*$`)
	mambaMissingRE  = re(`^[\s│├└─]*(\S+)(?:\s+\S+)*?\s+does not exist \(perhaps a typo or a missing channel\)`)
	nothingProvides = re(`nothing provides (?:requested )?(\S+(?: [^\s]+)?)`)
	neededByRE      = re(`needed by (\S+)`)
	oldNotFoundRE   = re(`Package not found: '([^']+)'`)
	// conda 3 and 4.0-4.3 (NoPackagesFoundError's texts, also after "Error: "):
	// "Package missing in current linux-64 channels:", "Dependencies missing in
	// current osx-64 channels:", "Packages/dependencies missing in …"
	oldMissingRE = re(`(?:Packages?|Dependency|Dependencies|Packages/dependencies) missing in current \S+ channels`)
	// conda 3 and 4.0-4.2: "No packages found in current linux-64 channels matching: foo 1.0*"
	noPackagesRE = re(`No packages found in current \S+ channels matching: (\S+(?: [^\s*]+\*?)?)`)
)

func onPackageNotFound(a *analyzer, ev Evidence, text string) {
	switch {
	case strings.Contains(text, "missing from the target environment"):
		// conda remove/update of a package the environment does not have
		// (PackagesNotFoundError's other wording): not a package that the
		// channels lack, and not the guide's problem.
		return
	case strings.Contains(text, "No packages found in current"):
		a.add(PackageNotFound, sub(noPackagesRE, text), ev)
	case strings.Contains(text, "PackagesNotFoundError") || strings.Contains(text, "ResolvePackageNotFound") ||
		strings.Contains(text, "NoPackagesFoundError") || strings.Contains(text, "are not available from current channels") ||
		oldMissingRE.MatchString(text):
		f := a.add(PackageNotFound, "", ev)
		a.startFollow(func(a *analyzer, ev Evidence, text string) bool {
			t := strings.TrimSpace(text)
			switch {
			case t == "":
				return true
			case strings.HasPrefix(t, "Current channels"):
				return false
			}
			if m := listItemRE.FindStringSubmatch(text); m != nil {
				f.addSubject(m[1])
				f.addEvidence(ev)
				return true
			}
			return len(f.Subjects) == 0
		}, 30)
	case strings.Contains(text, "does not exist (perhaps a typo"):
		a.add(PackageNotFound, sub(mambaMissingRE, text), ev)
	case strings.Contains(text, "nothing provides"):
		s := strings.TrimSuffix(sub(nothingProvides, text), " needed")
		if strings.HasPrefix(s, "__") {
			// a virtual package the build machine lacks ("nothing provides
			// __cuda needed by pytorch-2.0.1-…", "__glibc >=2.17"): no
			// channel could provide it, and the guide does not cover it
			return
		}
		if n := strings.TrimLeft(s, " "); strings.HasPrefix(n, "python ") || strings.HasPrefix(n, "python_abi") ||
			strings.HasPrefix(n, "python>") || strings.HasPrefix(n, "python<") || strings.HasPrefix(n, "python=") {
			// mamba: "nothing provides python >=3.9 needed by x": the
			// package needs another Python than the environment's.
			a.add(IncompatiblePython, sub(neededByRE, text), ev).explain(strings.TrimSpace(text))
			return
		}
		a.add(PackageNotFound, s, ev)
	case strings.Contains(text, "PackageNotFoundError"):
		if m := distMetadataRE.FindStringSubmatch(text); m != nil {
			// Python's importlib.metadata (and its backport): a
			// distribution not installed in the environment, found at run
			// time as ModuleNotFoundError is (rule 20 of testdata/reallogs),
			// not a conda package missing from the channels
			a.infer(MissingPythonModule, m[1], ev).explain("Python found no installed distribution named " + m[1])
			return
		}
		if s := sub(oldNotFoundRE, text); s != "" || strings.Contains(text, "PackageNotFoundError:") {
			a.add(PackageNotFound, s, ev)
		}
	}
}

// --- Python packages --------------------------------------------------------------

// distMetadataRE: importlib.metadata's PackageNotFoundError ("No package
// metadata was found for torch", Lib/importlib/metadata/__init__.py).
var distMetadataRE = re(`PackageNotFoundError: No package metadata was found for (\S+)`)

var moduleRE = re(`No module named '?([A-Za-z0-9_.]+)'?`)

func onMissingModule(a *analyzer, ev Evidence, text string) {
	m := sub(moduleRE, text)
	at := strings.Index(text, "No module named")
	if m == "" || at < 0 || isWarning(text) {
		return
	}
	before := strings.TrimRight(text[:at], " \t`'\"*")
	switch {
	case before == "" || strings.HasSuffix(before, ":") || strings.HasSuffix(before, "(") || strings.HasSuffix(before, ">"):
		// Python's message: "ModuleNotFoundError: No module named 'x'",
		// "/usr/bin/python3: No module named pip", "(ModuleNotFoundError:
		// No module named 'x')", or the message on a line of its own
		a.add(MissingPythonModule, m, ev)
	case strings.HasPrefix(strings.TrimSpace(text), "#"):
		// a comment in a Dockerfile or script naming the error ("# Change
		// back when azureml-mlflow fix the No module named 'dateutil'
		// bug"): a mention, not this build's output
	default:
		// the words inside a sentence: "it fails with No module named torch"
		a.infer(MissingPythonModule, m, ev).explain("the text names Python's error without showing it")
	}
}

var (
	satisfiesRE = re(`satisf(?:ies|y) the requirement (\S+)`)
	// fromVersionsRE: the versions pip found, after the requirement and, in
	// pip 8-20, after where it came from: "numpy==1.0 (from -r
	// requirements.txt (line 2)) (from versions: 0.9, 1.1)".
	fromVersionsRE = re(`\(from versions: ([^)]*)\)`)
	// pip-tools (pip-compile) NoCandidateFound: "Could not find a version that matches numpy<1.19,>=1.20"
	matchesRE     = re(`Could not find a version that matches (\S+)`)
	uvNoMatchRE   = re(`(?:there is no version of (\S+?)(?:,| and |$)|(\S+) was not found in the package registry|there are no versions of ([^\s{,]+?)(?:\{|,| and | that |$)|(?:^|[^A-Za-z])Because only ([A-Za-z0-9_.\[\]-]+?)(?:[<>=!~]=?[^\s,]*)? is available and you require|([A-Za-z0-9_.\[\]-]+?)(?:[<>=!~]=?[^\s,]*)? has no wheels with a matching\b)`)
	noMatchRE     = re(`(?:No matching distribution found|No distributions at all found|No distributions matching the version) for (\S+)`)
	ignoredRE     = re(`require a different python version: (.*)$`)
	ignoredVer    = re(`(\S+) Requires-Python`)
	easyInstallRE = re(`(?:working download links found for (\S+)|Could not find suitable distribution for Requirement\.parse\('([^']+)'\))`)
	// proseNoMatchRE: "gives out error no matching distribution found for this platform"
	proseNoMatchRE  = re(`(?:^|[^A-Za-z])no matching distribution (?:was )?found`)
	poetryNoMatchRE = re(`(?:Unable to find installation candidates for (\S+(?: \([^)]*\))?)|depends on (\S+(?: \([^)]*\))?) which doesn't match any versions)`)
	pinnedRE        = re(`^[A-Za-z0-9._-]+(?:\[[^\]]*\])?===?([A-Za-z0-9.+!-]+)$`)
)

func onNoMatch(a *analyzer, ev Evidence, text string) {
	if m := ignoredRE.FindStringSubmatch(text); m != nil {
		a.ignoredPy = a.ignoredPy[:0]
		for _, v := range ignoredVer.FindAllStringSubmatch(m[1], 200) {
			a.ignoredPy = append(a.ignoredPy, v[1])
		}
		a.ignoredLine, a.ignoredEv = a.n, ev
		return
	}
	if strings.Contains(text, "no matching distribution") {
		// a poster's words for pip's "No matching distribution found"
		if !isWarning(text) && proseNoMatchRE.MatchString(text) {
			a.infer(NoMatchingDistrib, "", ev).explain("the text says pip found no matching distribution")
		}
		return
	}
	if strings.Contains(text, "working download links found for") || strings.Contains(text, "Could not find suitable distribution for") {
		// setuptools' easy_install (setup_requires, setup.py install):
		// "No local packages or working download links found for numpy>=1.13.3",
		// "error: Could not find suitable distribution for Requirement.parse('numpy>=1.13.3')"
		a.add(NoMatchingDistrib, sub(easyInstallRE, text), ev)
		return
	}
	if strings.Contains(text, "Unable to find installation candidates for") || strings.Contains(text, "which doesn't match any versions") {
		// poetry: its chooser found no file for the platform ("Unable to find
		// installation candidates for foo (1.0)"), its solver no version
		// ("Because app depends on foo (^9.9) which doesn't match any
		// versions, version solving failed.")
		a.add(NoMatchingDistrib, sub(poetryNoMatchRE, text), ev)
		return
	}
	req := ""
	if strings.Contains(text, "was not found in the package registry") || strings.Contains(text, "there is no version of") ||
		strings.Contains(text, "there are no versions of") || strings.Contains(text, "has no wheels with a matching") ||
		strings.Contains(text, "is available and you require") {
		// uv (crates/uv-resolver/src/pubgrub/report.rs): "Because foo was
		// not found in the package registry and you require foo, ...",
		// "Because there is no version of foo==9.9 and you require
		// foo==9.9, ...", "Because there are no versions of foo and you
		// require foo, ...", "Because only httpx<=9999 is available and you
		// require httpx>9999, ...", "Because onnxruntime==1.20.1 has no wheels
		// with a matching platform tag (e.g., `macosx_12_0_x86_64`) and you
		// require onnxruntime==1.20.1, ..."; not "And because only rpcats==0.1.0
		// is available and you require rpcats", the last step of a chain whose
		// cause is another clause
		m := uvNoMatchRE.FindStringSubmatch(text)
		if m == nil || isWarning(text) {
			return
		}
		a.add(NoMatchingDistrib, sub(uvNoMatchRE, text), ev)
		return
	}
	if strings.Contains(text, "Could not find a version that matches") {
		req = sub(matchesRE, text)
	} else if strings.Contains(text, "Could not find any downloads that satisfy") {
		// pip 1.5-7: "Could not find any downloads that satisfy the requirement foo"
		req = sub(satisfiesRE, text)
	} else if m := satisfiesRE.FindStringSubmatch(text); m != nil {
		req = m[1]
		a.versionsNone = false
		if v := fromVersionsRE.FindStringSubmatch(text); v != nil {
			a.versionsNone = v[1] == "none" || strings.TrimSpace(v[1]) == ""
		}
	} else {
		req = sub(noMatchRE, text)
	}
	a.add(NoMatchingDistrib, req, ev)

	// Root causes pip hides behind "no matching distribution".
	if a.ignoredLine > 0 && a.n-a.ignoredLine <= 3 {
		pin := sub(pinnedRE, req)
		if a.versionsNone || (pin != "" && slices.Contains(a.ignoredPy, pin)) {
			f := a.add(IncompatiblePython, req, a.ignoredEv)
			f.addEvidence(ev)
		}
	}
	if a.versionsNone && a.retries > 0 {
		f := a.infer(CommunicationsError, "", a.retryEv)
		f.Detail = "pip could not reach the package index; \"from versions: none\" follows its connection retries"
	}
}

var (
	condaPyREs     = re(`^\s*-\s+(\S+?)\s*->\s*python`)
	pipPyRE        = re(`Package '([^']+)' requires a different Python`)
	providersPyRE  = re(`package (\S+?)-[0-9][^\s]* requires (python(?:_abi)? [^,]+(?:,[^,]+)?), but none of the providers can be installed`)
	uvPyRE         = re(`and (\S+?) depends on Python`)
	conflictItemRE = re(`^\s*-\s+([A-Za-z0-9_.-]+?)(?:\[|[ =<>!~*]|$)`)
	pyCheckRE      = re(`(?i)(?:^|\s|: )(?:([A-Za-z0-9._-]+) )?(?:requires|needs) python\s*(?:version\s*)?(?:[<>=~!]=?\s*)?\d+(?:\.\d+)*\+?(?: or (?:newer|later|higher|above|greater))?|python\s*(?:version\s*)?(?:[<>=]=?\s*)?\d+(?:\.\d+)*\+?(?: or (?:newer|later|higher|above|greater))? (?:is )?required`)
	runningPyRE    = re(`(\S+) requires Python '([^']+)' but the running Python is (\S+)`)
)

func onIncompatiblePython(a *analyzer, ev Evidence, text string) {
	switch {
	case strings.Contains(text, "requires a different Python"):
		a.add(IncompatiblePython, sub(pipPyRE, text), ev)
	case strings.Contains(text, "The minimum supported Python version is"):
		// get-pip.py: "This script does not work on Python 3.7. The minimum
		// supported Python version is 3.8."
		if changeEntry(text) {
			return // a changelog's "Dropped support for Python 2.4. The minimum supported Python version is 2.5"
		}
		a.add(IncompatiblePython, "pip", ev).explain("get-pip.py: " + textutil.TruncateBytes(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "ERROR:")), 160))
	case strings.Contains(text, "but the running Python is"):
		// pip 9-10: "foo requires Python '>=3.7' but the running Python is 3.6.9"
		m := runningPyRE.FindStringSubmatch(text)
		if m == nil {
			return
		}
		a.add(IncompatiblePython, m[1], ev).explain("requires Python " + m[2] + ", the running Python is " + m[3])
	case strings.Contains(text, "the current Python version"):
		// uv: "Because the current Python version (3.8.10) does not satisfy
		// Python>=3.9 and numpy==2.0.0 depends on Python>=3.9, ..."
		if !strings.Contains(text, "does not satisfy") {
			return
		}
		a.add(IncompatiblePython, sub(uvPyRE, text), ev).explain(textutil.TruncateBytes(strings.TrimSpace(text), 160))
	case strings.Contains(text, "Poetry was unable to find a compatible version"),
		strings.Contains(text, "is not supported by the project (") && strings.Contains(text, "The specified Python version ("),
		strings.Contains(text, "is not allowed by the project (") && strings.Contains(text, "Current Python version ("):
		// poetry's NoCompatiblePythonVersionFound ("Poetry was unable to find
		// a compatible version. If you have one, you can explicitly use it via
		// the \"env use\" command.", "The specified Python version (3.8) is not
		// supported by the project (>=3.9).") and
		// InvalidCurrentPythonVersionError ("Current Python version (3.8.10) is
		// not allowed by the project (^3.9)."); its "The currently activated
		// Python version … is not supported" is a notice before it looks for
		// another interpreter, and a string literal quoting it is not poetry
		if isWarning(text) || strings.Contains(text, "\"Poetry was unable") || strings.Contains(text, "'Poetry was unable") {
			return
		}
		a.add(IncompatiblePython, "", ev).explain(textutil.TruncateBytes(strings.TrimSpace(text), 160))
	case strings.Contains(text, "incompatible with the project's Python requirement"):
		// uv (crates/uv/src/commands/project): "The requested interpreter
		// resolved to Python 3.8.10, which is incompatible with the project's
		// Python requirement: `>=3.9`", "The Python request from
		// `.python-version` resolved to Python 3.10.16, which is
		// incompatible …"
		if !strings.Contains(text, "resolved to Python") || isWarning(text) {
			return // a guide naming the message
		}
		a.add(IncompatiblePython, "", ev).explain(textutil.TruncateBytes(strings.TrimSpace(text), 160))
	case strings.Contains(text, "Package python conflicts for:") || strings.Contains(text, "Package python_abi conflicts for:"):
		// conda 4.7+'s conflict report, one section per package in
		// conflict: python's own section means that some requested
		// package wants another Python than the one asked for.
		a.infer(IncompatiblePython, "", ev).explain("conda's conflict report has a section for python itself (\"Package python conflicts for:\"): a requested package needs another Python version")
	case strings.Contains(text, "incompatible with the existing python installation"):
		// before the Unsatisfiable case: pasted on one line, conda 4.7+'s
		// "UnsatisfiableError: The following specifications were found to
		// be incompatible with the existing python installation" says it
		f := a.add(IncompatiblePython, "", ev)
		a.startFollow(func(a *analyzer, ev Evidence, text string) bool {
			if m := condaPyREs.FindStringSubmatch(text); m != nil {
				f.addSubject(m[1])
				f.addEvidence(ev)
			}
			if strings.Contains(text, "Your python:") {
				f.Detail = strings.TrimSpace(text)
				f.addEvidence(ev)
				return false
			}
			return true
		}, 40)
	case strings.Contains(text, "Unsatisfiable") || strings.Contains(text, "create a conflict"):
		// conda's conflict report (UnsatisfiableError, conda 3's "Hint: the
		// following combinations of packages create a conflict"): when the
		// python spec itself is one of the conflicting items, a package
		// does not support that Python.
		if strings.Contains(text, "create a conflict") && a.followLeft > 0 {
			return // the same report, still being followed
		}
		if strings.Contains(text, "incompatible with your system") {
			// conda 4.7+'s virtual_package section on the exception's own
			// line: the machine (its glibc, its CUDA driver) is the other side
			return
		}
		ev0 := ev
		a.startFollow(func(a *analyzer, ev Evidence, text string) bool {
			if strings.Contains(text, "Use \"conda info <package>\"") || strings.HasPrefix(strings.TrimSpace(text), "```") {
				// conda 4.3-4.6 end their report with "Use \"conda info
				// <package>\" to see the dependencies for each package.", and a
				// fence ends the paste: list items after them (an environment
				// file's "- python") are not the conflict
				return false
			}
			if strings.Contains(text, "incompatible with your system") {
				// conda 4.7+'s virtual_package section: the machine (its
				// glibc, its CUDA driver) is the other side, not python
				return false
			}
			if strings.Contains(text, "Package python conflicts for:") || strings.Contains(text, "Package python_abi conflicts for:") {
				onIncompatiblePython(a, ev, text)
				return false
			}
			m := conflictItemRE.FindStringSubmatch(text)
			if m == nil {
				return true
			}
			if m[1] == "python" {
				f := a.infer(IncompatiblePython, "", ev0)
				f.addEvidence(ev)
				f.explain("python itself is among the specifications conda found in conflict: " + strings.TrimSpace(text))
				return false
			}
			return true
		}, 40)
	case (strings.Contains(text, "requires Python") || strings.Contains(text, "requires python") ||
		strings.Contains(text, " or newer") || strings.Contains(text, "is required") ||
		strings.Contains(text, "Python version >= ")) && !strings.Contains(text, "none of the providers"):
		// A package's own interpreter check: "AssertionError: steem requires
		// Python 3.6 or newer", "RuntimeError: Python 3.8 or later is required",
		// numpy's setup.py "RuntimeError: Python version >= 3.8 required."
		if !hasFold(text, "python") || isWarning(text) || changeEntry(text) {
			return // a changelog's "Setuptools now requires Python 3.5 or later"
		}
		if strings.Contains(text, "raise ") {
			return // the setup.py line that raises it, not the error raised
		}
		m := pyCheckRE.FindStringSubmatch(text)
		if m == nil {
			return
		}
		why := textutil.TruncateBytes(strings.TrimSpace(text), 160)
		if !errorLooking(text) {
			// said, not raised ("It requires Python 3.6+", a README's
			// "Installing from source requires Python 3.5 or later"): a
			// poster's or a document's words
			a.infer(IncompatiblePython, m[1], ev).explain(why)
			return
		}
		a.add(IncompatiblePython, m[1], ev).explain(why)
	case strings.Contains(text, "Your python:"):
		a.add(IncompatiblePython, "", ev).explain(strings.TrimSpace(text))
	case strings.Contains(text, "none of the providers can be installed"):
		// libmamba (conda 22-23): "package foo-1.0-py39_0 requires python
		// >=3.9,<3.10.0a0, but none of the providers can be installed"
		if m := providersPyRE.FindStringSubmatch(text); m != nil {
			a.add(IncompatiblePython, m[1], ev).explain("requires " + m[2])
		}
	}
}

// --- pip ------------------------------------------------------------------------

var (
	conflictRE   = re(`Cannot install (.+?) because these package versions have conflicting dependencies`)
	installReqRE = re(`Could not install requirement (\S+)`)
	setupPyRE    = re(`/pip[-_][^/\s]*/([A-Za-z0-9_.-]+?)(?:_[0-9a-f]{32})?/setup\.py`)
	oserrorRE    = re(`Could not install packages due to an? (\w+(?:Error)?): (.*)$`)
)

// slashed returns text with Windows path separators as slashes when it
// names a pip directory by a Windows path
// (C:\Users\me\AppData\Local\Temp\pip-install-x\horovod_<hash>\, the
// backslashes doubled inside pip's quoted command), so that the
// build-directory patterns read it; other text is returned as it is.
func slashed(text string) string {
	if !strings.Contains(text, `\pip`) && !strings.Contains(text, `\Include\`) {
		return text
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, `\\`, "/"), `\`, "/")
}

// headersPackage returns the package a legacy "setup.py install" command
// builds, from the headers directory pip gives it, which pip names after
// the distribution ("--install-headers /opt/conda/include/python3.7m/horovod"):
// the way to tell when the build directory is a nameless checkout
// (/tmp/pip-req-build-xyz/).
func headersPackage(text string) string {
	if !strings.Contains(text, "--install-headers") {
		return ""
	}
	return sub(headersRE, text)
}

var headersRE = re(`--install-headers[ =]['"]?\S*/([A-Za-z0-9][A-Za-z0-9_.-]*)['"]?(?:\s|$)`)

func onPipFailed(a *analyzer, ev Evidence, text string) {
	if isWarning(text) || changeEntry(text) {
		return // a changelog's "- Introduce a new ResolutionImpossible error …"
	}
	pkg := sub(setupPyRE, slashed(text))
	if pkg == "" {
		pkg = headersPackage(slashed(text))
	}
	if pkg != "" {
		switch {
		case pkgspec.NormalizeName(pkg) == "mpi4py" || pkgspec.NormalizeName(pkg) == "horovod":
			compileFailure(a, pkg, ev)
			return
		case strings.Contains(text, "Command errored out") && strings.Contains(text, " install --record"):
			// pip 20's legacy "setup.py install" of the package failed: its build.
			compileFailure(a, pkg, ev)
			return
		}
	}
	f := a.add(PipInstallFailed, "", ev)
	if strings.Contains(text, "Command errored out") {
		// pip 20 prints the failed command on the next lines
		// ("     command: /usr/bin/python3 -u -c '... /tmp/pip-install-x/horovod/setup.py ...' install --record ..."):
		// the build directory there names the package.
		a.startFollow(func(a *analyzer, ev Evidence, text string) bool {
			if !strings.Contains(text, "command:") {
				return true
			}
			pkg := sub(setupPyRE, slashed(text))
			if pkg == "" {
				pkg = headersPackage(slashed(text))
			}
			if pkg != "" {
				n := pkgspec.NormalizeName(pkg)
				if n == "mpi4py" || n == "horovod" || strings.Contains(text, " install --record") {
					compileFailure(a, pkg, ev)
				}
			}
			return false
		}, 3)
	}
	if s := sub(conflictRE, text); s != "" {
		for _, p := range strings.Split(strings.ReplaceAll(s, " and ", ", "), ",") {
			f.addSubject(strings.TrimSpace(p))
		}
	}
	if strings.Contains(text, "no such option") {
		f.explain("pip does not know an option it was given: " + textutil.TruncateBytes(strings.TrimSpace(text), 120))
	}
	if strings.Contains(text, "externally-managed-environment") {
		f.explain("the image's Python is marked externally managed (PEP 668): pip refuses to install into it; use a virtual environment or conda")
	}
	if strings.Contains(text, "ERROR: Exception:") {
		f.explain("pip itself failed with an exception")
	}
	if containsAny(text, []string{"resolution-too-deep", "exceeded maximum depth", "ResolutionTooDeep"}) {
		f.explain("pip's resolver gave up: the dependency graph was too deep to resolve; add lower bounds or pins to the requirements")
	}
	if s := strings.TrimSuffix(sub(installReqRE, text), "@"); s != "" {
		f.addSubject(s)
	}
	if m := oserrorRE.FindStringSubmatch(text); m != nil {
		f.explain(m[1] + ": " + textutil.TruncateBytes(m[2], 160))
	}
	if _, rest, ok := strings.Cut(text, "Could not open requirements file"); ok {
		f.explain("pip could not open the requirements file" + textutil.TruncateBytes(rest, 160))
	}
}

// pipNetREs name the host in pip's and urllib3's own network errors:
// pip 25's ConnectionFailedError / ProxyConnectionError ("Failed to connect
// to pypi.org while fetching URL", "Failed to connect to proxy P while
// fetching URL") and ConnectionTimeoutError's context ("pypi.org didn't
// respond within 15.0 seconds"), urllib3's pools (host='…').
var pipNetREs = []guarded{
	g(" while fetching ", `Failed to connect to (?:proxy )?(\S+) while fetching `),
	g("didn't respond within", `(\S+) didn't respond within \d`),
	g("host='", `host='([^']+)'`),
}

// pipNetWords are the phrases that make a line pip's (or urllib3's, or
// Python's ssl module's) network failure, not just a line that mentions
// one of the trigger words:
//   - ssl: "The read operation timed out", "The handshake operation timed
//     out" (socket.timeout, TimeoutError since Python 3.10);
//   - urllib3 NewConnectionError: "Failed to establish a new connection";
//   - requests/urllib3 ProtocolError: ('Connection aborted.',
//     RemoteDisconnected('Remote end closed connection without response'));
//   - pip 25's diagnostics (src/pip/_internal/exceptions.py):
//     ConnectionFailedError, ProxyConnectionError, ConnectionTimeoutError,
//     IncompleteDownloadError ("Download failed because not enough bytes
//     were received").
var pipNetWords = []string{
	"The read operation timed out", "The handshake operation timed out",
	"Failed to establish a new connection", "('Connection aborted.'", "(\"Connection aborted.\"",
	"RemoteDisconnected(", "Remote end closed connection", "didn't respond within",
	"not enough bytes were received",
}

// readTimeoutRE: a read timeout named in words ("ReadTimeout error",
// "read timed out", "ReadTimedOut"), as posters name what stopped pip.
var readTimeoutRE = re(`(?i)(?:^|[^a-z])read[ _-]?tim(?:e|ed)[ _-]?out(?:$|[^a-z=])`)

// proxyRE: a post saying the build runs behind a proxy or firewall.
var proxyRE = re(`(?i)\bbehind (?:a |an |the |our |my )?(?:corporate |company |office |enterprise |http )?(?:proxy|firewall)|(?:corporate|company) proxy|great firewall`)

// httpStatusRE: requests' HTTPError text, which pip prints when the index
// refuses a request ("HTTP error 403 while getting", "403 Client Error:
// Forbidden for url: https://…/simple/foo/").
var indexBaseRE = re(`Cannot fetch index base URL (\S+)`)

// The URL may be wrapped onto the next line ("403 Client Error: Forbidden
// for url:" and the URL below it, conda 4.1's output): requests'
// raise_for_status always ends "… for url: {url}".
var httpStatusRE = re(`\b[45]\d\d (?:Client|Server) Error: .*? for url:(?: (https?://\S+)|\s*$)`)

// firstURL is the first URL in text, or "" (urlRE has no group for sub).
func firstURL(text string) string {
	if loc := urlRE.FindStringIndex(text); loc != nil {
		return text[loc[0]:loc[1]]
	}
	return ""
}

func onPipNetwork(a *analyzer, ev Evidence, text string) {
	if i := strings.Index(text, "401 Error, Credentials not correct for "); i >= 0 {
		// pip's warn_on_401 (pip/_internal/network/auth.py, a warning): the
		// index refused the credentials pip had. With no prompt in view it
		// is the index refusing the talk, and the "No matching
		// distribution" after it is its consequence (rule 36 of
		// testdata/reallogs: AML905); a prompt is AML914's.
		url := trimURLPunct(firstURL(text[i:]))
		if a.byID[InteractiveAuth] == nil && !storageHost(url) {
			a.add(CommunicationsError, redact.URL(url, redact.DropQuery), ev).explain("the index answered 401: the credentials pip sent are not right for it")
		}
		return
	}
	if isWarning(text) || strings.Contains(text, "Retry(") || strings.HasSuffix(text, "- skipping") ||
		strings.Contains(text, "azurecr.io") {
		return // a retry that may recover, or the workspace registry (AML902)
	}
	if mayMatchFold(text, proxyWords) {
		if a.proxyEv.Line == 0 && proxyRE.MatchString(text) {
			a.proxyEv = ev
		}
	}
	if strings.Contains(text, "ead") && !strings.Contains(text, "read timeout=") && !strings.Contains(text, "Read timed out") &&
		!strings.Contains(text, "ReadTimeoutError") && readTimeoutRE.MatchString(text) {
		// the poster's words for pip's ReadTimeoutError
		a.infer(CommunicationsError, "", ev).explain("the log names a read timeout: pip's download from the index timed out")
		return
	}
	if strings.Contains(text, "Cannot fetch index base URL") {
		// pip 1.x-6 (index.py, logger.fatal): the index could not be read
		a.add(CommunicationsError, redact.URL(trimURLPunct(sub(indexBaseRE, text)), redact.DropQuery), ev)
		return
	}
	if strings.Contains(text, " Error: ") && strings.Contains(text, " for url:") {
		// requests' raise_for_status: "403 Client Error: Forbidden for url: URL"
		m := httpStatusRE.FindStringSubmatch(text)
		switch {
		case m == nil, storageHost(m[1]):
		case m[1] != "":
			a.add(CommunicationsError, redact.URL(trimURLPunct(m[1]), redact.DropQuery), ev)
		default:
			// the URL is on the next line: a storage blob's stays AML915's
			a.startFollow(func(a *analyzer, _ Evidence, text string) bool {
				if !storageHost(text) {
					a.add(CommunicationsError, redact.URL(trimURLPunct(firstURL(text)), redact.DropQuery), ev)
				}
				return false
			}, 1)
		}
		return
	}
	hit := strings.Contains(text, "Failed to connect to ") && strings.Contains(text, " while fetching ")
	for _, w := range pipNetWords {
		if hit {
			break
		}
		hit = strings.Contains(text, w)
	}
	if !hit || !containsAny(text, pipOwnNetWords) && appConnection(a, text) {
		return
	}
	a.add(CommunicationsError, firstSub(pipNetREs, text), ev)
}

// pipOwnNetWords: pip's own network diagnostics (pip 25: ConnectionFailedError,
// ConnectionTimeoutError, IncompleteDownloadError), no other program's.
var pipOwnNetWords = []string{" while fetching ", "didn't respond within", "not enough bytes were received"}

// indexWords name a package index, a channel or what is fetched from one
// on a urllib3 failure line (host='files.pythonhosted.org', url: /simple/x/,
// a wheel, conda's repodata).
var indexWords = []string{
	"pypi", "pythonhosted", "/simple", "anaconda", "conda", "repodata", ".whl", ".tar.gz", ".zip", "pytorch.org",
	"/packages/", "artifactory", "devpi", "nexus", "pkgs.dev.azure.com", "mamba", "pip",
	// pip's own framing of the error ("ERROR: Could not install packages due to an OSError: HTTPSConnectionPool(…)")
	"Could not install packages", "Could not fetch URL", "Could not find a version",
}

// pipRunnerFrames: pip's command runner (pip 10-26
// _internal/cli/base_command.py, pip 8-9 basecommand.py), which catches
// any exception of a command and prints it with its traceback: a
// traceback through it is pip's own crash.
var pipRunnerFrames = []string{"pip/_internal/cli/base_command.py", "pip\\_internal\\cli\\base_command.py",
	"pip/basecommand.py", "pip\\basecommand.py"}

// pipCodeFrames: a traceback frame in pip's own code, or in get-pip.py
// (which Python names by its path: File "get-pip.py", line 24226).
var pipCodeFrames = []string{"/pip/_", "\\pip\\_", "get-pip.py\", line "}

// pipFrames: a traceback frame in pip's or conda's own code.
var pipFrames = []string{"/pip/_", "\\pip\\_", "/site-packages/conda/", "\\site-packages\\conda\\"}

// loopbackHosts: urllib3's pool naming this machine.
var loopbackHosts = []string{"host='localhost'", "host='127.0.0.1'", "host='0.0.0.0'", "host='::1'",
	"://localhost:", "://127.0.0.1:", "://0.0.0.0:"}

// appConnection reports whether a urllib3/requests connection failure is a
// program's own, not pip's or conda's talk with an index: any Python client
// prints the same words (requests' ConnectionError to a local server,
// openai's "Error communicating with OpenAI: ('Connection aborted.', …)").
// It is the index's when the line names one, or when a pip or conda step
// is running and the host is not this machine.
func appConnection(a *analyzer, text string) bool {
	if containsAny(text, indexWords) {
		return false
	}
	if containsAny(text, loopbackHosts) {
		return true
	}
	packaging := a.condaActive || a.pipSeenLine > 0 || a.retries > 0 || a.downloaded > 0 || a.pipWheels || a.pipCrashLine > 0 ||
		strings.Contains(a.stepCmd, "pip") || strings.Contains(a.stepCmd, "conda") || strings.Contains(a.stepCmd, "mamba")
	return !packaging
}

// pipCrashed records pip's own crash, its traceback shown at ev.
func pipCrashed(a *analyzer, ev Evidence) {
	a.pipCrashLine = a.n
	a.add(PipInstallFailed, "", ev).explain("pip itself failed with an exception")
}

// onPipTrace follows pip's own crash ("ERROR: Exception:", pip 8-9's bare
// "Exception:" before a traceback): a traceback that runs through
// urllib3's connection or response code ends in a network failure even
// when the paste stops before the exception's name (urllib3's
// _error_catcher turns socket timeouts and resets into ReadTimeoutError and
// ProtocolError).
func onPipTrace(a *analyzer, ev Evidence, text string) {
	frame := strings.Contains(text, "File \"")
	if frame && containsAny(text, pipFrames) || strings.Contains(text, "Collecting ") ||
		strings.Contains(text, "Looking in indexes") {
		a.pipSeenLine = a.n
	}
	if frame && containsAny(text, pipCodeFrames) && !strings.Contains(text, ", in ") {
		// a frame with no function ("File \"…/pip/_internal/cli/main.py\",
		// line 60") is where Python failed to parse that file
		a.pipFrameLine = a.n
	}
	if frame && containsAny(text, pipRunnerFrames) && a.pipCrashLine == 0 {
		// pip's command runner in a traceback: pip itself crashed, also
		// when the paste starts below its "ERROR: Exception:" line
		pipCrashed(a, ev)
		return
	}
	t := strings.TrimSpace(text)
	switch {
	case t == "Exception:":
		// pip 8-9 print "Exception:" and their traceback
		a.startFollow(func(a *analyzer, _ Evidence, text string) bool {
			if strings.Contains(text, "Traceback (most recent call last)") {
				pipCrashed(a, ev)
			}
			return false
		}, 1)
	case strings.HasSuffix(t, "ERROR: Exception:"):
		a.pipCrashLine = a.n
	case strings.HasPrefix(t, "SyntaxError: ") && a.pipFrameLine > 0 && a.n-a.pipFrameLine <= 4:
		// Python cannot parse pip's own code or get-pip.py (the frame, its
		// source line and the caret just above): an interpreter older than
		// that pip supports, as Python 2.7 meeting pip 21's f-strings
		// ("sys.stderr.write(f\"ERROR: {exc}\")") or 3.6 meeting pip 22's
		// "from __future__ import annotations" (testdata/reallogs rule 24)
		a.pipFrameLine = 0
		a.infer(IncompatiblePython, "pip", ev).explain("Python cannot parse pip's own code (" + textutil.TruncateBytes(t, 80) + "): this Python is older than the pip being run supports")
	case frame && (strings.Contains(text, "/urllib3/") || strings.Contains(text, "\\urllib3\\")):
		if a.pipCrashLine == 0 || a.n-a.pipCrashLine > 80 {
			return
		}
		a.pipCrashLine = 0 // one finding per crash
		a.infer(CommunicationsError, "", ev).explain("pip's traceback runs through urllib3's connection code: its talk with the package index failed")
	}
}

// crashWords: the shell reporting a process killed by a signal.
var crashWords = []string{"Segmentation fault", "Illegal instruction", "Bus error", "Aborted (core dumped)"}

// pipErrors are pip's own refusals of its command line or input
// (commands/install.py, req/constructors.py, exceptions.py): pip gave up
// before installing anything.
var pipErrors = []string{
	"Location-changing options found in --install-option",
	"You must give at least one requirement to install",
	"Can not combine '--user' and '--target'",
	"Can not perform a '--user' install",
	"is not a valid editable requirement",
	"Directory cannot be installed in editable mode",
	"looks like a filename, but the file does not exist",
	"Disabling PEP 517 processing is invalid",
	"is not a valid wheel filename",
	"Invalid wheel filename",
	"has inconsistent version: expected",
	"has inconsistent name: expected",
	"has invalid metadata:",
	"In --require-hashes mode, all requirements must have their versions pinned",
	"Can't verify hashes for these requirements",
	"cannot detect archive format",
	"Cannot determine archive format",
	"To modify pip, please run the following command",
	"Storing debug log for failure in", // pip 1.x-6's last line after a failure
	// pip 10-20's egg_info checks (req/req_install.py, operations/generate_metadata):
	// the package's setup.py ran but left no metadata behind
	"No .egg-info directory found in",
	"Files/directories not found in",
	// pip 19-20: a VCS or URL requirement without #egg=
	"Could not detect requirement name for",
	// base_command.py with PIP_REQUIRE_VIRTUALENV
	"Could not find an activated virtualenv (required)",
	// pip 21+'s setup.py shim in an isolated build environment
	"since setuptools is not available in the build environment",
	// pip 24-26's ResolutionTooDeepError (resolution-too-deep)
	"Dependency resolution exceeded maximum depth",
	// MissingPyProjectBuildRequires and InvalidPyProjectBuildRequires
	// (missing-/invalid-pyproject-build-system-requires)
	"This package has an invalid pyproject.toml file",
	"has an invalid `build-system.requires` key",
	// pip wheel (commands/wheel.py): CommandError after the failed builds
	"Failed to build one or more wheels",
	// pip 24.1+'s InvalidInstalledPackage (invalid-installed-package): "Cannot
	// process installed package distro-info 0.23ubuntu1 in '/usr/lib/python3/
	// dist-packages' because it has an invalid version:"
	"Cannot process installed package",
	// pip 25's InvalidEggFragment (invalid-egg-fragment): "The
	// 'nemo_toolkit[asr]' egg fragment is invalid"
	"' egg fragment is invalid",
	// UserInstallationInvalid: a --user install where there is no user site
	"User base directory is not specified",
	// NoneMetadataError: "None METADATA metadata found for distribution: X"
	"metadata found for distribution:",
	// pip 1.5-20's PreviousBuildDirError: "pip can't proceed with requirements
	// 'x' due to a pre-existing build directory (…)"
	"due to a pre-existing build directory",
	// the build backend named in pyproject.toml could not be imported
	// (pep517 / pyproject_hooks BackendUnavailable)
	"BackendUnavailable: Cannot import '",
	// setuptools refusing a setup() argument while pip reads the metadata
	// ("error in foo setup command: 'install_requires' must be …")
	" setup command: ",
	// pipenv's installer (routines/install.py)
	"Couldn't install package: ",
	// poetry's pip installer (Command [... 'pip', 'install' ...] errored
	// with the following return code 1)
	"errored with the following return code",
	// pip 21.3+: an editable install of a project whose backend lacks PEP 660
	"its build backend is missing the",
	// uv's resolver and preparer ("× No solution found when resolving
	// dependencies:", "error: Failed to prepare distributions"), poetry's
	// solver ("…, version solving failed."): the installer gave up, like
	// pip's ResolutionImpossible; a more specific cause on the lines below
	// outranks it
	"No solution found when resolving dependencies",
	"Failed to prepare distributions",
	"Build backend failed to determine",
	"version solving failed",
}

// pipSubprocessNotes are the notes pip 22-26 prints under a diagnostic
// about a subprocess or a package (exceptions.py: InstallationSubprocessError,
// MetadataGenerationFailed, MissingPyProjectBuildRequires): pip failed on a
// package, whatever the cause above them.
var pipSubprocessNotes = []string{
	"This error originates from a subprocess, and is likely not a problem with pip",
	"This is an issue with the package mentioned above, not pip",
}

// optparseChoiceRE: optparse's (pip's) refusal of an option value:
// "option --use-deprecated: invalid choice: 'legacy-resolver' (choose from )"
// (argparse, which conda uses, says "argument …: invalid choice").
var optparseChoiceRE = re(`(?:^|\s)option -{1,2}[A-Za-z0-9-]+: invalid (?:choice|integer value|floating-point value):`)

func onPipError(a *analyzer, ev Evidence, text string) {
	if strings.Contains(text, "No space left on device") {
		a.noSpace = true
		return
	}
	if containsAny(text, crashWords) {
		a.crashed = true
		return
	}
	if isWarning(text) {
		return
	}
	if strings.Contains(text, ": invalid ") {
		if optparseChoiceRE.MatchString(text) {
			a.add(PipInstallFailed, "", ev).explain("pip refused an option value: " + textutil.TruncateBytes(strings.TrimSpace(text), 120))
		}
		return
	}
	if containsAny(text, pipSubprocessNotes) {
		if !a.crashed {
			a.add(PipInstallFailed, "", ev).explain("pip failed on a package: " + textutil.TruncateBytes(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "note:")), 120))
		}
		return
	}
	if strings.Contains(text, "Wheel '") && strings.Contains(text, "' located at ") && strings.Contains(text, " is invalid") {
		// InvalidWheel: "Wheel 'foo' located at /tmp/x.whl is invalid."
		a.add(PipInstallFailed, "", ev).explain(textutil.TruncateBytes(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "ERROR:")), 160))
		return
	}
	for _, w := range pipErrors {
		if strings.Contains(text, w) {
			if w == " setup command: " && !strings.Contains(text, "error in ") {
				continue
			}
			a.add(PipInstallFailed, "", ev).explain(textutil.TruncateBytes(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "ERROR:")), 160))
			return
		}
	}
}

// Two shapes of a post or commit message saying that the shell took a
// version bound for a redirection.
//
// redirectWordsRE: a phrase that says it, "causing \">=\" to be treated as
// a shell output redirect", "the `>=` operator was triggering shell
// redirection", "shells may be confused by `>`, `<`"; it counts next to a
// bound, or a word about versions or quoting. Every match holds one of
// redirectWordsLits in some case (the words before "as", after one of the
// verbs, or "confused by").
//
// redirectProseRE: the word redirect (or a shell confused or interpreting),
// which counts next to a quoted comparison operator, quotedBoundRE: "`>=`",
// "`<2.0`", "\">\"". Every match holds one of redirectProseLits.
var (
	redirectWordsRE   = re(`(?i)(?:\b(?:treat(?:s|ed|ing)?|interpret(?:s|ed|ing)?|pars(?:e|es|ed|ing)|tak(?:e|es|en|ing)|seen|sees|read|handl(?:e|es|ed|ing))(?:\s+(?:it|them|this|that|these|those|the\s+[<>]=?|[<>]=?))?(?:\s+by\s+(?:the\s+|your\s+)?(?:shell|bash|zsh|dash|sh|terminal))?\s+as\s+(?:an?\s+)?|\b(?:trigger|caus|becom|act)(?:e|es|ed|s|ing)?\b.{0,20}?)(?:shell\s+)?(?:output\s+|input\s+)?redirect|\bshells?\b.{0,30}\bconfused by`)
	redirectWordsLits = []string{"as", "trigger", "caus", "becom", "act", "confused by"}
	redirectProseRE   = re(`(?i)\bredirect(?:ion|ed|s)?\b|\bshells? (?:may |might |can |will |would )?(?:be )?(?:confused|interpret)`)
	redirectProseLits = []string{"redirect", "shell"}
	quotedBoundRE     = re("[`'\"](?:[<>]=?|[<>]=?\\s?[0-9][0-9A-Za-z.*]*)[`'\"]")
)

// quotedVersionRE: a quoted bound with its version ("`<2.0`", "'>=1.2'").
var quotedVersionRE = re("[`'\"][<>]=?\\s?[0-9]")

// packageTalk: the sentence is about installing packages (pip, conda,
// mamba, an install, a package, a requirement, a version or a spec).
func packageTalk(text string) bool {
	return mayMatchFold(text, []string{"pip", "conda", "mamba", "install", "package", "requirement", "version", "spec"})
}

// onRedirectTalk: the text says in words that an unquoted > or < was taken
// by the shell for a redirection (likely: no build output shows it).
func onRedirectTalk(a *analyzer, ev Evidence, text string) {
	if strings.Contains(text, "Retry(") || strings.Contains(text, "redirect=") {
		return // pip's retry settings, "Retry(total=4, … redirect=None …)"
	}
	if !packageTalk(text) && !quotedVersionRE.MatchString(text) {
		// "Needed to be quoted so zsh (probably bash too?) doesn't treat it
		// as a redirect": quoting, a shell named and its redirection say
		// it without a package word (qfit-3.0-114); a shell's changelog
		// ("caused an ambiguous redirection (>&word)") quotes nothing.
		// A fix told with no package word is a shell's ("Fixed a bug that
		// caused quoted redirections in bash"); a commit that quotes specs
		// ("prevent shell from interpreting the `>` symbol in python
		// package version declarations") names packages.
		if hasFold(text, "quot") && shellNameRE.MatchString(text) && !containsAny(text, fixWords) &&
			mayMatchFold(text, redirectWordsLits) && redirectWordsRE.MatchString(text) {
			a.infer(CondaBareRedirection, "", ev).explain("the text says a spec had to be quoted so that the shell would not take it for a redirection: quote specs that hold > or <")
		}
		return
	}
	detail, warn := "", false
	switch bound := strings.ContainsAny(text, "<>"); {
	case (bound || strings.Contains(text, "version") || strings.Contains(text, "quot")) &&
		mayMatchFold(text, redirectWordsLits) && redirectWordsRE.MatchString(text):
		detail = "the log says a version bound was taken for a shell redirection: quote specs that hold > or <"
	case bound && mayMatchFold(text, redirectProseLits) && quotedBoundRE.MatchString(text) && redirectProseRE.MatchString(text):
		detail = "the text says the shell took a quoted version operator for a redirection: quote specs that hold > or <"
	case hasFold(text, "quot") && (strings.Contains(text, "pip") || strings.Contains(text, "conda") || strings.Contains(text, "mamba")) &&
		redirectProseRE.MatchString(text):
		// "surround packages with double quotes when you are specifying
		// a minimum version … eaten up by a redirection"
		detail = "the text says specs must be quoted because of a shell redirection: quote specs that hold > or <"
	case bound && quotedOperatorRE.MatchString(text) && shellNameRE.MatchString(text):
		// a quoted comparison operator that failed in a shell named ("I
		// encountered errors for versioned packages using `>=` or `<=` on
		// zsh"): the shells read an unquoted > or < as a redirection
		// (bash(1), zshmisc(1) REDIRECTION)
		detail = "the text says specs with a quoted operator failed in a shell: quote specs that hold > or <"
		warn = !mayMatchFold(text, []string{"error", "fail", "not work", "doesn't work", "broke", "wrong"})
	case bound && mayMatchFold(text, bareOperatorLits) && mayMatchFold(text, []string{"pip", "conda", "mamba"}) &&
		mayMatchFold(text, bareOperatorFailed) && bareOperatorRE.MatchString(text):
		// an unquoted operator named as what a pip or conda command used,
		// and a failure ("pip commands using > or >= would fail or succeed
		// silently"): the shell's redirection, told without the word; with
		// no failure told ("works with >= in quotes") it is nothing
		detail = "the text says pip or conda commands with an unquoted > or < misbehaved: the shell takes them for a redirection; quote specs that hold > or <"
	default:
		return
	}
	f := a.infer(CondaBareRedirection, "", ev).explain(detail)
	if warn && len(f.Evidence) == 1 && f.Severity == lint.Error {
		f.Severity = lint.Warning // advice ("on zsh, quote `>=`"), not a failure
	}
}

// bareOperatorRE: a comparison operator on its own, unquoted, as what
// something uses ("commands using > or >=", "install with >= fails", "Using
// the >= operator"), not a comparison ("with >= 2 GB of disk"); every match
// holds one of bareOperatorLits, and one of the triggers of onRedirectTalk
// that bareOperatorTriggers lists (the case and the spaces of its head are
// those the triggers see).
var (
	bareOperatorRE     = re(`(?i)\b(?-i:[Uu]sing|[Ww]ith|[Cc]ontaining) (?-i:an? |the )?[<>]=?(?:\s+(?:or|and)\s+[<>]=?)?(?:\s+[a-z]|\s*[,;:)]|\.(?:\s|$)|\s*$)`)
	bareOperatorLits   = []string{"using ", "with ", "containing "}
	bareOperatorFailed = []string{"error", "fail", "not work", "doesn't work", "broke", "wrong", "silently", "ignored"}
)

// quotedOperatorRE: a comparison operator quoted on its own ("`>=`",
// "'<'"); shellNameRE: a shell named ("zsh", "bash", "the shell").
var (
	quotedOperatorRE = re("[`'\"][<>]=?[`'\"]")
	shellNameRE      = re(`(?i)\b(?:zsh|bash|dash|fish|tcsh|ksh|shells?|terminal|powershell)\b`)
)

// setupFrameRE: a traceback frame in a package's setup.py in pip's build
// directory: File "/tmp/pip-install-9j5/horovod/setup.py", line 969.
var setupFrameRE = re(`File "[^"]*/pip-(?:install|build)-[^/"]*/([A-Za-z0-9_.-]+?)(?:_[0-9a-f]{32})?/setup\.py", line \d+`)

// onSetupFrame: a traceback through horovod's or mpi4py's own setup.py in
// pip's build directory: that package's build failed (likely; the frame
// is where the error passed, its cause may be elsewhere).
func onSetupFrame(a *analyzer, ev Evidence, text string) {
	pkg := sub(setupFrameRE, text)
	switch pkgspec.NormalizeName(pkg) {
	case "horovod":
		a.infer(HorovodBuild, pkg, ev)
	case "mpi4py":
		a.infer(MPI4PyBuild, pkg, ev)
	}
}

// missingHeadersRE: a native build failing for headers it lacks, in words
// ("fails building the cryptography module for python due to missing
// openssl and ffi headers").
var missingHeadersRE = re(`(?i)\bmissing\b.{0,60}\b(?:headers|header files)\b|\bfail(?:s|ed|ing)? (?:to )?build(?:ing)? (?:the )?[A-Za-z0-9_.-]+ (?:module|extension|wheel)\b`)

// compileProseRE: a poster saying a native build failed with a build tool
// named ("building llama-cpp-python with cmake throws an error");
// compileWordsRE: other words for it ("it fails to compile", "compilation
// fails", "I get a compile error", "CMake errors"), which changelogs use
// too ("Some sources failed to compile on systems that lack …"), so they
// count only in a poster's first person or present ("I", "my", "we",
// "when I try", "keeps failing").
var (
	compileProseRE = re(`(?i)\b(?:build(?:s|ing)?|compil(?:e|es|ing))\b[^.]{0,60}\bwith (?:cmake|nvcc|gcc|g\+\+|ninja|make)\b[^.]{0,40}\b(?:throws|gives|fails|failed|errors? out)\b`)
	compileWordsRE = re(`(?i)\b(?:fail(?:s|ed|ing)?|unable|does not|doesn't|won't) to compile\b|\bcompil(?:ation|er|e) (?:fails|failed|errors?)\b|\bcmake errors?\b|\bfrom source (?:fails|failed)\b`)
)

// posterWords mark a sentence as a poster's report of their own build.
// Words of an environment build do too ("Building the image fails because
// the extension fails to compile with gcc 12"): changelogs name platforms,
// not images, pip or wheels.
var posterWords = []string{" i ", " i'm", " i've", " my ", " we ", " we're", " our ", " me ", " trying to", " try to", " tried to", " keeps ", " still ",
	" building", " image", " docker", " container", " pip", " wheel", " install"}

// compileProseDenials: words that make a sentence about a failing
// compilation something other than a report of one: a denial ("no compile
// errors"), a supposition ("if compilation fails"), or a changelog's fix
// ("Fix compilation errors on FreeBSD", "avoid a compile error with gcc 12").
var compileProseDenials = []string{"no compil", "without compil", "no cmake error", "if compil", "if the compil", "when compil",
	"fix", "avoid", "prevent", "resolve", "work around", "workaround", "silence", "quiet"}

// compileProseLits: every match of compileProseRE holds "with ", every
// match of compileWordsRE "compil", "cmake" or "from source" (in some
// case): compileProse's precondition, tested before it lower-cases the line.
var compileProseLits = []string{"with ", "compil", "cmake", "from source"}

func compileProse(text string) bool {
	if !mayMatchFold(text, compileProseLits) {
		return false // neither expression can match
	}
	l := strings.ToLower(text)
	if containsAny(l, compileProseDenials) {
		return false
	}
	return compileProseRE.MatchString(text) || containsAny(" "+l, posterWords) && compileWordsRE.MatchString(text)
}

func onBuildProse(a *analyzer, ev Evidence, text string) {
	if isWarning(text) {
		return
	}
	if loc := missingHeadersRE.FindStringIndex(text); loc == nil {
		if !compileProse(text) {
			return
		}
	} else if toldAsFix(text, loc[0]) || headersOfNothing(text) {
		return
	}
	a.infer(CompileError, "", ev).explain("the text says a native build failed: " + textutil.TruncateBytes(strings.TrimSpace(text), 120))
}

// headersOfNothing: missing headers that are not a library's: "missing
// openssl and ffi headers" names what the headers are of, "missing a
// section about the headers" does not.
func headersOfNothing(text string) bool {
	i := strings.Index(text, " header")
	if i <= 0 || !strings.Contains(text, "issing") {
		return false
	}
	w := text[:i]
	w = w[strings.LastIndexByte(w, ' ')+1:]
	switch strings.ToLower(w) {
	case "the", "its", "their", "some", "any", "all", "of", "about", "http", "request", "response", "table", "column":
		return true
	}
	return false
}

// fixWords: a build failure named as what a change fixes or avoids ("Fix
// compilation error on AIX", "nedmalloc: avoid new compile error", "add
// missing headers to dist": changelogs under /usr/share/doc), not as what
// happened to this build.
var fixWords = []string{"fix", "Fix", "FIX", "avoid", "Avoid", "silence", "Silence", "quiet", "resolve", "Resolve", "add ", "Add ", "added ", "Added ",
	"prevent", "Prevent", "workaround for", "work around", "Work around"}

// toldAsFix reports whether a problem named at position i of text is told
// as something fixed or avoided, or denied ("it is not a compile error"),
// in the words before it in its sentence, or supposed right before it
// ("fall back to pure Python if compilation fails"; "if I use gcc 12 it
// fails to compile" still reports the failure).
func toldAsFix(text string, i int) bool {
	return containsAny(sentenceBefore(text, i, 50), fixWords) || negatedBefore(text, i)
}

// authProseRE: a post saying the index or git asked for credentials where
// nobody could answer ("the pypi server asks for basic authentication on
// package download", "password prompts are not accepted", "pip asks me for
// my username", "hangs waiting for a password"), or naming the guide's own
// words for it ("pip attempted interactive authentication",
// "user-interactive authentication").
var authProseRE = re(`(?i)\b(?:asks?|asking|asked|prompts?|prompting|prompted|waits?|waiting|waited) (?:me |us )?for (?:my |our |your |the |a |an )?(?:basic |https? |git )?(?:git ?hub |gitlab |bitbucket |(?:azure )?devops |artifacts |pypi |index |feed )?(?:device(?:[- ]code)? |interactive )?(?:auth(?:entication)?|credentials|login|user ?name|password)s?\b|\b(?:asks?|asking|asked|prompts?|prompting|prompted|waits?|waiting|waited|wants?|wanted)\b[^.;!?]{0,80}?\bdevice[- ](?:code|flow|login|authentication)\b|\bprompt(?:s|ing|ed)? (?:me |us )?(?:my |our |your |the |a |an )?(?:https? |git )?(?:credentials|user ?name|password)s?\b|\b(?:password|credentials?|username) prompts?\b|interactive(?:ly)? (?:auth(?:entication)?|login|log-in|sign-in|credentials?)\b|\b(?:authenticat(?:e|es|ed|ing)|log(?:s|ged|ging)? ?in|sign(?:s|ed|ing)? in)\s+interactively\b`)

// feedWords name what asks for credentials in the guide's problem: pip and
// its index or feed, git fetching a package's source, conda's channel.
var feedWords = []string{"pip", "pypi", "PyPI", "PyPi", "index", "Index", "feed", "Feed", "rtifacts", "git", "Git", "conda", "channel",
	"package", "poetry", "keyring", "netrc", "HTTPS", "https", "repository", "repo "}

// buildWords: the prompt was in an image build, which nobody can answer
// ("the build hangs waiting for a password", "it prompts for device login
// during docker build"), whoever asked.
var buildWords = []string{"docker build", "Docker build", "Dockerfile", "image build", "environment build", "The build", "the build", "our build", "my build", "build hangs", "build is stuck"}

// answeredWords: the prompt got its answer ("I entered it and the install
// completed").
var answeredWords = []string{"I entered", "entered it", "I typed", "typed it", "after entering", "and it worked", "install completed", "succeeded", "completed successfully"}

// nonInteractive: words that make "interactive authentication" its
// opposite ("use non-interactive authentication").
var nonInteractive = []string{"non-interactive", "noninteractive", "non interactive", "Non-interactive", "Noninteractive", "Non interactive"}

// keyringWaitRE: a post saying pip waits on the keyring, which asks the
// desktop to unlock it where nobody can answer (pip 19.2+ looks up an
// index's credentials with keyring, network/auth.py: "Getting credentials
// from keyring for %s"): "Pip block during install, waiting for a keyring
// to unlock", "pip hangs on the keyring unlock prompt".
var keyringWaitRE = re(`(?i)\b(?:wait\w*|block\w*|hang\w*|hung|stuck|freez\w*)\b[^.;!?]{0,40}?\b(?:for|on) (?:the |a |an |my )?(?:\w+[ -])?keyring\b|\bunlock (?:the |my |a )?(?:\w+ )?keyring\b|\bkeyring (?:to unlock|unlock|prompts?|dialog|pop-?up)\b`)

// keyringPip: the keyring sentence is about pip or an index ("pip",
// "install", "index", "feed", "pypi"); gnome-keyring's own NEWS ("Fix hang
// waiting for the keyring to unlock") is not.
var keyringPip = []string{"pip", "Pip", "PIP", "install", "index", "feed", "pypi", "PyPI", "twine", "poetry",
	// the Azure Artifacts keyring backend, in a build ("the image build is
	// stuck waiting for artifacts-keyring")
	"rtifacts-keyring", "docker build", "image build", "Dockerfile"}

func onAuthProse(a *analyzer, ev Evidence, text string) {
	if isWarning(text) || containsAny(text, sdkLoginLines) {
		return
	}
	if hasFold(text, "keyring") && containsAny(text, keyringPip) && !containsAny(text, fixWords) && keyringWaitRE.MatchString(text) {
		a.infer(InteractiveAuth, "", ev).explain("the text says pip waited for the keyring to give credentials: " + textutil.TruncateBytes(strings.TrimSpace(text), 120))
		return
	}
	loc := authProseRE.FindStringIndex(text)
	if loc == nil || clauseDenied(text, loc[0]) {
		return // or denied in its clause: "so that pip never asks for credentials"
	}
	if strings.Contains(text, "nteractive") && (containsAny(text, nonInteractive) || strings.Contains(text, "Cannot perform an interactive login")) {
		return // the opposite, or docker login's refusal (a registry's credentials, not a feed's)
	}
	if head := sentenceHead(text, loc[0]); scriptWords(head) {
		return // a supposition: "If pip asks for a password, configure a token"
	}
	if containsAny(text, answeredWords) {
		return // a prompt that was answered: "pip asked for a password, I entered it"
	}
	if a.byID[InteractiveAuth] == nil && !containsAny(text, feedWords) && !containsAny(text, buildWords) {
		// Whose prompt? The guide's problem is pip (or git, for a package
		// source) asking for credentials: "you will be prompted for a
		// password to protect your key" and "pam_permit now prompts for a
		// username" (Debian changelogs) are not a package feed's.
		return
	}
	a.infer(InteractiveAuth, "", ev).explain("the text says credentials were asked for interactively: " + textutil.TruncateBytes(strings.TrimSpace(text), 120))
}

// clauseDenied reports whether a denial stands before position i in its
// clause (back to a comma or the sentence's start): "pip never asks for
// credentials", but not "pip does not exit, it asks for a password".
func clauseDenied(text string, i int) bool {
	head := sentenceHead(text, i)
	if k := strings.LastIndexByte(head, ','); k >= 0 {
		head = head[k+1:]
	}
	return deniedBefore(head, len(head))
}

// sdkLoginLines: azureml-core's own status lines around its interactive
// login (authentication.py), on the client, not a build: "Performing
// interactive authentication. Please follow the instructions on the
// terminal." and "Interactive authentication successfully completed."
var sdkLoginLines = []string{"Performing interactive authentication. Please follow the instructions", "Interactive authentication successfully completed"}

// pipProseRE: a poster saying pip's install fails, with no cause ("pip
// install -r requirements.txt fails", "pip fails to install the packages",
// "installing the packages with pip throws an error").
var pipProseRE = re(`(?i)\bpip3?\b(?:\s+install\b)?(?:[^.;!?]|\.\S){0,60}?\b(?:fails|failed|failing|errors? out|does(?: not|n't) work|(?:throws|gives|returns) an error)\b|\bfail(?:s|ed|ing|ure)? (?:to|while|when) (?:pip )?install(?:ing)?\b(?:[^.;!?]|\.\S){0,60}\bpip3?\b|\binstall(?:ing)? (?:[^.;!?]|\.\S){0,40}\bwith pip3?\b(?:[^.;!?]|\.\S){0,30}\b(?:fails|failed|errors? out|(?:throws|gives) an error)\b`)

// proxyWords: every match of proxyRE holds one of these in some case.
var proxyWords = []string{"proxy", "firewall"}

// onPipProse remembers a poster saying pip fails: when that is all the post
// shows, it is pip's catch-all (inferFromEnd; testdata/reallogs rules 8 and 10).
func onPipProse(a *analyzer, ev Evidence, text string) {
	if a.prosePipFail.Line > 0 || isWarning(text) || !hasFold(text, "pip") {
		return
	}
	if pipProseRE.MatchString(text) {
		a.prosePipFail = ev
	}
}

// pipAuthWords: credentials named on the line that reports an EOFError.
var pipAuthWords = []string{"assword", "BasicAuth", "basic auth", "credential", "Credential", "keyring", "sername", "User for"}

// onEOF: an EOFError reported together with credentials ("a
// password-protected (HTTP BasicAuth) index … fails with an EOFError"):
// pip asked for a username (network/auth.py, ask_input) where nobody can
// answer. An EOFError soon after a prompt or pip's credential code is that
// prompt failing (getpass raises a bare EOFError).
func onEOF(a *analyzer, ev Evidence, text string) {
	if isWarning(text) {
		return
	}
	if f := a.byID[InteractiveAuth]; f != nil && f.Confidence == Certain {
		return
	}
	if a.authLine > 0 && a.n-a.authLine <= 60 {
		a.add(InteractiveAuth, "", ev).explain("the credential prompt got no answer (EOFError): the build cannot type a username or password")
		return
	}
	for _, w := range pipAuthWords {
		if strings.Contains(text, w) {
			a.infer(InteractiveAuth, "", ev).explain("an EOFError while credentials were needed: pip prompted for them and the build could not answer")
			return
		}
	}
}

var uninstallRE = re(`Cannot uninstall '?([A-Za-z0-9._-]+)'?`)

// distutilsUninstallRE: words saying pip cannot uninstall a package that
// distutils installed ("it was installed with `distutils` which prevents
// `pip` or `conda` to uninstall it").
var distutilsUninstallRE = re(`(?i)distutils.{0,80}\buninstall|\buninstall.{0,80}distutils`)

func onUninstall(a *analyzer, ev Evidence, text string) {
	if !strings.Contains(text, "Cannot uninstall") && !strings.Contains(text, "uninstall-") &&
		!strings.Contains(text, "Cannot remove entries from nonexistent file") {
		// only "distutils": in words, not pip's message
		if strings.Contains(text, "ninstall") && !isWarning(text) && !strings.Contains(text, "DEPRECATION") &&
			distutilsUninstallRE.MatchString(text) {
			a.infer(PipCannotUninstall, "", ev).explain("the text says pip cannot uninstall a distutils-installed package")
		}
		return
	}
	if strings.Contains(text, "Cannot uninstall requirement") && strings.Contains(text, ", not installed") {
		// old pip's "pip uninstall" of a package that is not there
		// (req_install.py: "Cannot uninstall requirement %s, not
		// installed"): nothing the OS installed is in the way.
		a.add(PipInstallFailed, "", ev).explain("pip was asked to uninstall a package that is not installed")
		return
	}
	a.add(PipCannotUninstall, sub(uninstallRE, text), ev)
}

// --- shell quoting -----------------------------------------------------------------

// The shells' words when a redirection's file cannot be opened: an
// unquoted < cut a bound off (numpy<2: the shell reads from a file "2").
var (
	// dash "/bin/sh: 1: cannot open 2: No such file", busybox ash
	// "/bin/sh: can't open '2': No such file or directory"
	cannotOpenRE = re(`(?:sh: (?:\d+: )?)?cannot open ([^:\s'"]+)(?:: No such file|['"])|sh: (?:line \d+: )?can't open '([^']+)'`)
	// fish 3: "warning: An error occurred while redirecting file '2'"
	fishRedirectRE = re(`An error occurred while redirecting file '([^']+)'`)
	// the shells failing to create the file an unquoted > names (numpy>=1.20
	// writes to "=1.20"): dash (redir.c) "/bin/sh: 1: cannot create =1.20:
	// Permission denied", BusyBox ash "can't create =1.20: …", bash (redir.c)
	// "bash: =1.20: Permission denied" or, under noclobber, "=1.20: cannot
	// overwrite existing file", tcsh with its full stop
	cannotCreateRE = re(`(?:sh: (?:\d+: )?(?:line \d+: )?(?:cannot|can't) create '?([^:\s']+)'?|(?:^|sh: (?:\d+: )?(?:line \d+: )?)([^\s:]+)): (?:Permission denied|cannot overwrite existing file|Read-only file system|Directory nonexistent)\.?$`)
	// bash "/bin/bash: line 1: =0.16.0: No such file or directory", tcsh
	// "2: No such file or directory." (with its full stop)
	bashNoFileRE = re(`(?:^|sh: (?:\d+: )?(?:line \d+: )?)([^\s:]+): No such file or directory\.?$`)
	// zsh's = expansion of a redirection target: "zsh: 0.4 not found"
	zshEqualsRE = re("(?:^|[\\s\"'`(])zsh:(?:\\d+:)? (\\S+) not found")
	// zsh names the file last: "zsh: no such file or directory: 2"
	zshNoFileRE = re(`(?:^|\s|/)zsh:(?:\d+:)? no such file or directory: (\S+)$`)
)

func onCannotOpen(a *analyzer, ev Evidence, text string) {
	if strings.Contains(text, "The '<' operator is reserved for future use") {
		// PowerShell's parser (ParserStrings RedirectionNotSupported)
		// refuses an unquoted < and runs nothing: with an install's bare
		// bound in view, that is the failure; alone, the < may be anyone's
		if f := a.byID[CondaBareRedirection]; f != nil {
			a.shellRefused = true
			a.add(CondaBareRedirection, "", ev)
		}
		return
	}
	if m := cannotOpenRE.FindStringSubmatch(text); m != nil {
		redirectionSymptom(a, ev, m[1]+m[2])
		return
	}
	if m := fishRedirectRE.FindStringSubmatch(text); m != nil {
		redirectionSymptom(a, ev, m[1])
		return
	}
	if m := cannotCreateRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
		createSymptom(a, ev, m[1]+m[2])
	}
}

// createSymptom: the shell could not create a file named like the rest of
// a bound after an unquoted > ("=1.20", from numpy>=1.20). Only that shape:
// an "=" or a dotted version, not a bare number ("2: Permission denied").
func createSymptom(a *analyzer, ev Evidence, file string) {
	if !versionLike(file) || !strings.HasPrefix(file, "=") && !strings.Contains(file, ".") {
		return
	}
	if f := a.byID[CondaBareRedirection]; f != nil {
		f.addEvidence(ev)
		return
	}
	a.infer(CondaBareRedirection, "", ev).explain("the shell could not create a file named " + `"` + file + `"` +
		": that is what an unquoted > makes of a version bound (e.g. pkg>" + file + ")")
}

func onNoSuchFile(a *analyzer, ev Evidence, text string) {
	t := strings.TrimSpace(text)
	if m := bashNoFileRE.FindStringSubmatch(t); m != nil {
		if condaPathMissing(a, ev, text, m[1]) {
			return
		}
		redirectionSymptom(a, ev, m[1])
		return
	}
	if m := zshEqualsRE.FindStringSubmatch(t); m != nil && versionLike(m[1]) {
		// zsh expands a word starting with = to the path of the command
		// it names (its EQUALS option): pkg>=0.4 redirects to "=0.4",
		// and the expansion fails with "zsh: 0.4 not found"
		a.infer(CondaBareRedirection, "", ev).explain("zsh could not expand \"=" + m[1] + "\", the rest of a bound after an unquoted > (pkg>=" + m[1] + "): quote specs that hold > or <")
		return
	}
	if m := zshNoFileRE.FindStringSubmatch(t); m != nil {
		if condaPathMissing(a, ev, "zsh: "+m[1], m[1]) {
			return
		}
		redirectionSymptom(a, ev, m[1])
		return
	}
	// A file named like the rest of a version bound ('=0.37.0',
	// /content/=2.0.0): what an unquoted > leaves behind.
	if m := boundFileRE.FindStringSubmatch(text); m != nil && fileWords(text) {
		if fileSupposed(text, strings.Index(text, m[1])) {
			return // "If you forget the quotes, the shell may create a file named =1.2."
		}
		redirectionSymptom(a, ev, m[1])
		return
	}
	// ... or named for a placeholder of one ("a file called `=version`")
	if !strings.Contains(text, "called") && !strings.Contains(text, "named") {
		return
	}
	if m := namedBoundFileRE.FindStringSubmatch(text); m != nil && !fileSupposed(text, strings.Index(text, m[0])) {
		a.infer(CondaBareRedirection, "", ev).explain("the text names a file \"=" + m[1] + "\": what an unquoted > leaves of a version bound (pkg>=" + m[1] + ")")
		return
	}
	if !strings.Contains(text, ">") && !strings.Contains(text, "pip") && !strings.Contains(text, "conda") && !strings.Contains(text, "redirect") {
		return
	}
	if m := namedVersionFileRE.FindStringSubmatch(text); m != nil && !fileSupposed(text, strings.Index(text, m[0])) {
		a.infer(CondaBareRedirection, "", ev).explain("the text names a file \"" + m[1] + "\": what an unquoted > leaves of a version bound (pkg>" + m[1] + ")")
	}
}

var boundFileRE = re("(?:^|[\\s'\"`/(])(=[0-9][0-9A-Za-z.*+!]*)(?:['\"`),:]|\\s|$)")

// namedVersionFileRE: a post naming the file an unquoted > wrote when the
// bound had no "=" ("pip install humanize>3 … writes its output to a file
// called 3").
var namedVersionFileRE = re("\\b[Ff]iles? (?:called|named) [`'\"]*([0-9]+(?:\\.[0-9]+)*)[`'\"]*(?:[\\s,;:)]|\\.(?:\\s|$)|$)")

// namedBoundFileRE: a post naming the file an unquoted > wrote by a
// placeholder of a version ("a file called `\"=version\"`", "a file named
// '=x.y.z'").
var namedBoundFileRE = re("\\b[Ff]iles? (?:called|named) [`'\"]*=((?:version|ver|x(?:\\.[xyz])+|[0-9][0-9a-z.*+!]*))[`'\"]*")

// fileSupposed: the file a bound would leave is told as what may happen,
// in its sentence before position i ("If you forget the quotes, the shell
// may create a file named =1.2", "bash would write a file called =2.0"),
// not as what a build did. "Otherwise" alone still tells it: a fix that
// quotes specs says what the unquoted command did ("Otherwise, the output
// of the command is redirected into a file called '=70.0.0'",
// ckan-docker-base-132).
func fileSupposed(text string, i int) bool {
	if i < 0 {
		return false
	}
	head := " " + sentenceBefore(text, i, 80)
	return containsAny(head, fileSupposeWords)
}

var fileSupposeWords = []string{" If ", " if ", " Unless ", " unless ", " may ", " might ", " could ", " would ", " will "}

func fileWords(text string) bool {
	return containsAny(text, []string{"file", "File", "creat", "redirect", "No such", "cannot open", "ls "})
}

// onInstallLine checks a package install command that appears on its own
// (a shell trace, a script, a command quoted in a post) for an unquoted
// bound, as onStep does for the RUN lines of a build.
func onInstallLine(a *analyzer, ev Evidence, text string) {
	a.pipSeenLine = a.n
	if envFileCommand(text) {
		a.envFileLine = a.n
	}
	if strings.Count(text, "`") >= 2 {
		// commands quoted inline in a post: `pip install wheel>=0.46.2`
		parts := strings.Split(text, "`")
		for i := 1; i < len(parts)-1; i += 2 {
			installLine(a, ev, parts[i])
		}
		return
	}
	installLine(a, ev, text)
}

func installLine(a *analyzer, ev Evidence, text string) {
	if !strings.ContainsAny(text, "<>") {
		return
	}
	t := strings.TrimSpace(text)
	t = strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(t, "$"), "+"), " ")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "RUN "), "!")
	if cmd := installCommand(t); cmd != "" {
		checkBareRedirection(a, ev, cmd)
		return
	}
	if inner := shellScript(t); inner != "" {
		installLine(a, ev, inner)
		return
	}
	if strings.ContainsAny(t, ";&") && chainInstalls(t) {
		checkBareRedirection(a, ev, t)
	}
}

// chainInstalls: an install that runs after other commands on the line
// ("source activate env && pip install numpy>=1.20", "cd src; conda
// install …"): installCommand only looks at a line's first words.
func chainInstalls(t string) bool {
	first := len(t)
	for _, tool := range []string{"pip", "conda", "mamba"} {
		if i := strings.Index(t, tool); i >= 0 && i < first {
			first = i
		}
	}
	// Only && and ; count: a "|" before the install is BuildKit's context
	// ("   8 | >>> RUN pip install …"), which the step handlers read.
	sep := strings.Index(t, "&&")
	if j := strings.IndexByte(t, ';'); j >= 0 && (sep < 0 || j < sep) {
		sep = j
	}
	if sep < 0 || sep > first {
		return false // the line's first install comes before any separator
	}
	for _, c := range shellcmd.Split(t)[1:] {
		if tool, _ := shellcmd.Installer(c.Words); tool != "" {
			return true
		}
	}
	return false
}

// shellScript returns the script a shell is given with -c, which that
// shell splits (and redirects) again: sh -c "pip install numpy>=1.20",
// bash -c '…', Dockerfile's exec form ["/bin/bash", "-c", "pip install …"]
// (POSIX sh: "-c  Read commands from the command_string operand").
func shellScript(t string) string {
	i := strings.Index(t, "-c")
	for ; i >= 0; i = nextIndex(t, "-c", i) {
		before := strings.TrimRight(t[:i], " \t,\"'")
		if i == 0 || !strings.HasSuffix(before, "sh") {
			continue
		}
		rest := t[i+2:]
		if q := t[i-1]; (q == '"' || q == '\'') && strings.HasPrefix(rest, string(q)) {
			rest = rest[1:] // the exec form's "-c", quoted
		}
		rest = strings.TrimLeft(rest, " \t,")
		if rest == "" || rest[0] != '"' && rest[0] != '\'' {
			continue
		}
		if end := strings.IndexByte(rest[1:], rest[0]); end > 0 {
			return rest[1 : 1+end]
		}
	}
	return ""
}

func nextIndex(s, sub string, i int) int {
	if j := strings.Index(s[i+1:], sub); j >= 0 {
		return i + 1 + j
	}
	return -1
}

// redirectionSymptom handles the shell failing to open a file for a
// redirection. When the name is what is left of a version bound ("2" of
// numpy<2, "=0.16.0" of torch<=0.16.0), an unquoted < cut the bound off.
func redirectionSymptom(a *analyzer, ev Evidence, file string) {
	if f := a.byID[CondaBareRedirection]; f != nil {
		f.addEvidence(ev)
		return
	}
	if !versionLike(file) {
		return
	}
	a.infer(CondaBareRedirection, "", ev).explain("the shell could not open a file named " + `"` + file + `"` +
		": that is what is left of a version bound after an unquoted < (e.g. pkg<" + strings.TrimLeft(file, "=") + ")")
}

// versionLike reports whether a file name looks like the tail of a version
// bound: "2", "1.26.4", "=0.16.0", "=1.2.*".
func versionLike(s string) bool {
	s = strings.TrimLeft(s, "=")
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !versionByte(c) {
			return false
		}
	}
	return true
}

// checkBareRedirection looks for a package install command whose argument
// carries an unquoted > or <, which the shell takes as a redirection.
func checkBareRedirection(a *analyzer, ev Evidence, cmd string) {
	if !strings.ContainsAny(cmd, "<>") {
		return
	}
	installs, bare := false, false
	for _, c := range shellcmd.Split(cmd) {
		if tool, _ := shellcmd.Installer(c.Words); tool == "" {
			continue
		}
		installs = true
		for _, w := range c.Bare {
			if boundLike(w) && (!strings.ContainsAny(w[len(w)-1:], "<>=") || boundFollows(cmd, w)) {
				a.add(CondaBareRedirection, w, ev)
				bare = true
			}
		}
	}
	if installs && !bare {
		for _, w := range spacedBounds(cmd) {
			a.add(CondaBareRedirection, w, ev)
		}
	}
}

// boundFollows: a bare word that ends at its operator ("numpy>") has its
// bound in the next word ("numpy> =1.2", "numpy>= 1.2"); Sphinx's
// "Examples<pip install Examples>" has none.
func boundFollows(cmd, w string) bool {
	i := strings.Index(cmd, w)
	if i < 0 {
		return false
	}
	rest := strings.TrimLeft(cmd[i+len(w):], " \t")
	return rest != "" && (rest[0] == '=' || rest[0] >= '0' && rest[0] <= '9' || rest[0] == '$')
}

// boundLike reports whether a word glued to an unquoted > or < reads as a
// version bound: a version (or a variable holding one) after the operator,
// "numpy>=1.21", "python<3", "torch>=$TORCH"; not markup such as Sphinx's
// ":ref:`pip install Examples<pip install Examples>`" (setuptools' docs).
func boundLike(w string) bool {
	i := strings.IndexAny(w, "<>")
	if i < 0 {
		return false
	}
	for i < len(w) && strings.IndexByte("<>=!~ ", w[i]) >= 0 {
		i++
	}
	if i == len(w) {
		return true // "numpy>" and the bound in the next word: the shell still redirects
	}
	c := w[i]
	return c >= '0' && c <= '9' || c == '$' || c == '*'
}

// spacedBounds returns the version bounds an install command writes apart
// from their package, unquoted: "numpy >=1.20", "numpy >= 1.20", "numpy
// <=2", "numpy <2", "numpy >2" (conda's "name >=1.2" spec form, or a
// README's spacing). The shell takes them for redirections all the same:
// output to a file "=1.20", input from a file "2". A > or < with a
// blank, a path or a file name after it ("> log.txt", "< /dev/null") and
// a descriptor's "2>" are real redirections.
func spacedBounds(cmd string) []string {
	var out []string
	var quote byte
	for i := 0; i < len(cmd); i++ {
		c := cmd[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\\' || c == '\'' || c == '"':
			if c == '\\' {
				i++
			} else {
				quote = c
			}
		case c == '#' && (i == 0 || cmd[i-1] == ' '):
			return out // a comment
		case (c == '>' || c == '<') && i > 0 && (cmd[i-1] == ' ' || cmd[i-1] == '\t'):
			j := i + 1
			eq := j < len(cmd) && cmd[j] == '='
			if eq {
				j++
				for j < len(cmd) && cmd[j] == ' ' {
					j++ // ">= 1.20"
				}
			}
			if j >= len(cmd) || cmd[j] < '0' || cmd[j] > '9' || !eq && c == '>' && j != i+1 {
				continue
			}
			end := j
			for end < len(cmd) && versionByte(cmd[end]) {
				end++
			}
			if end < len(cmd) && !strings.ContainsRune(" \t;&|),", rune(cmd[end])) {
				continue // "> 1.log": a file name, not a version
			}
			prev := strings.TrimRight(cmd[:i], " \t")
			pkg := prev[strings.LastIndexAny(prev, " \t")+1:]
			if pkg == "" || strings.HasPrefix(pkg, "-") || !versionByte(lowerASCII(pkg[0])) || pkg == "install" || pkg == "create" || pkg == "update" {
				continue
			}
			out = append(out, pkg+" "+cmd[i:end])
			i = end - 1
		}
	}
	return out
}

func versionByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '.' || c == '*' || c == '+' || c == '!'
}
