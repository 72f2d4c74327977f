// Package diagnose explains failed environment image builds. It reads a
// build log once, as a stream, recognises the image-build problems that the
// Azure Machine Learning troubleshooting guide documents (AML901–AML921),
// and ranks what it finds so that the root cause comes first. A failure it
// cannot name is reported as AML999 with the last error-looking lines,
// never as a confident guess.
package diagnose

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// Tier orders problems from likely root cause to likely consequence.
type Tier int

// Tiers, most fundamental first. See docs/diagnose.md for the reasoning.
const (
	TierEnvironment  Tier = iota // the machine, registry, network, shell: nothing downstream can succeed
	TierSpec                     // a named package, module or command the spec asked for is wrong or absent
	TierPackageBuild             // a known hard-to-build package failed to build
	TierCompile                  // some package failed to compile
	TierInstaller                // pip or conda gave up, usually because of one of the above
	TierUnknown                  // nothing documented matched
)

// Problem is one documented image-build problem.
type Problem struct {
	ID       string
	Name     string // kebab-case
	Title    string // the troubleshooting guide's heading
	Summary  string // one line: what went wrong
	Fix      string // what to do, from the guide
	Doc      string // extra markdown for the rule page: what in a log gives it away
	Tier     Tier
	Severity lint.Severity
}

// Problem IDs.
const (
	BuildLogUnavailable  = "AML901"
	ACRUnreachable       = "AML902"
	PullFailed           = "AML903"
	CondaBadSpec         = "AML904"
	CommunicationsError  = "AML905"
	CompileError         = "AML906"
	MissingCommand       = "AML907"
	CondaTimeout         = "AML908"
	OutOfMemory          = "AML909"
	PackageNotFound      = "AML910"
	MissingPythonModule  = "AML911"
	NoMatchingDistrib    = "AML912"
	MPI4PyBuild          = "AML913"
	InteractiveAuth      = "AML914"
	ForbiddenBlob        = "AML915"
	HorovodBuild         = "AML916"
	CondaCommandNotFound = "AML917"
	IncompatiblePython   = "AML918"
	CondaBareRedirection = "AML919"
	PipInstallFailed     = "AML920"
	PipCannotUninstall   = "AML921"
	UnrecognisedFailure  = "AML999"
)

// problems is the catalog in the guide's order.
var problems = []Problem{
	{
		ID: BuildLogUnavailable, Name: "build-log-unavailable", Title: "Build log unavailable",
		Summary: "the build log is not at hand (empty, or not in what was pasted)",
		Fix:     "Build logs are optional and not available for all environments, since the image might already exist. Check whether the environment's image was reused; if a build did run, fetch its log from the job's outputs and run diagnose again.",
		Doc:     "Reported when the input holds no text at all (as a note), and as an error when the Azure ML service says the image build failed but its log is not in the input (`Image build failed. For more details, check log file azureml-logs/20_image_build_log.txt` with no build output) or could not be fetched (`ERROR 409: Public access is not permitted` for the build-log URL the service gave, `No builds exist for environment`).",
		Tier:    TierUnknown, Severity: lint.Info,
	},
	{
		ID: ACRUnreachable, Name: "acr-unreachable", Title: "ACR unreachable",
		Summary: "the workspace's Azure Container Registry could not be reached",
		Fix:     "The workspace's ACR is probably behind a virtual network and the image is built without a compute cluster that can reach it. Set an image-build compute: `az ml workspace update --name WS --resource-group RG --image-build-compute CLUSTER` (SDK v1: `ws.update(image_build_compute='CLUSTER')`). Only CPU Azure ML compute clusters are supported, and the cluster's VNet must reach the ACR.",
		Doc:     "Given away by a network failure (`no such host`, `i/o timeout`, `connection refused`) or a firewall denial (`client with IP ... is not allowed access`) on a `*.azurecr.io` address.",
		Tier:    TierEnvironment, Severity: lint.Error,
	},
	{
		ID: PullFailed, Name: "docker-pull-failed", Title: "Failed to pull Docker image",
		Summary: "the base image could not be pulled",
		Fix:     "Check the image path (`my-registry.io/test/image:3.2`), that the tag exists in that registry, and that credentials are set (a workspace connection) for a private registry. A registry behind a VNet with a private endpoint in an unsupported region needs the service endpoint instead.",
		Doc:     "Given away by Docker's `pull access denied`, `manifest unknown`, `repository does not exist`, or BuildKit's `failed to resolve source metadata for IMAGE`.",
		Tier:    TierEnvironment, Severity: lint.Error,
	},
	{
		ID: CondaBadSpec, Name: "conda-bad-spec", Title: "Bad spec",
		Summary: "conda rejected a package specification",
		Fix:     "Correct the package match specification in the conda file (for example `numpy>=1.20`, `numpy=1.20`, `numpy==1.20.3`); see conda's package match specifications.",
		Doc:     "Given away by conda's `InvalidMatchSpec`, `InvalidVersionSpec` or `invalid package specification`.",
		Tier:    TierSpec, Severity: lint.Error,
	},
	{
		ID: CommunicationsError, Name: "communications-error", Title: "Communications error",
		Summary: "a conda channel or package index could not be reached",
		Fix:     "Retry the build: the failure may be transient. If it persists, check that the build compute can reach the channel or index (proxy, firewall, VNet rules) and that its URL is right.",
		Doc:     "Given away by `CondaHTTPError`, libmamba's `Curl error`, pip's `Max retries exceeded` or `Read timed out` in an error (not in pip's `Retrying` warnings, which often recover). When pip finally says `No matching distribution found` with `(from versions: none)` after connection retries, the network is the root cause and this problem ranks first.",
		Tier:    TierEnvironment, Severity: lint.Error,
	},
	{
		ID: CompileError, Name: "compile-error", Title: "Compile error",
		Summary: "a package failed to compile",
		Fix:     "Another version of the failing package may ship a wheel and need no compiler; pin it. Otherwise read the compiler's first error in the log and add what it needs (headers such as python3-dev, a compiler) to the image.",
		Doc:     "Given away by `Failed building wheel for PKG`, `Could not build wheels for PKG`, `error: command 'gcc' failed with exit status 1`, `fatal error: Python.h: No such file or directory`, compiler `file.c:1:2: error:` lines.",
		Tier:    TierCompile, Severity: lint.Error,
	},
	{
		ID: MissingCommand, Name: "missing-command", Title: "Missing command",
		Summary: "a command the build needs is not installed in the image",
		Fix:     "Install the missing command in the image (for example `apt-get install -y build-essential cmake git`), or use a base image that has it, then update the environment definition.",
		Doc:     "Given away by `sh: 1: CMD: not found`, `CMD: command not found`, `unable to execute 'gcc'`, `error: command 'gcc' failed: No such file or directory`, pip's `Cannot find command 'git'`.",
		Tier:    TierSpec, Severity: lint.Error,
	},
	{
		ID: CondaTimeout, Name: "conda-timeout", Title: "Conda timeout",
		Summary: "creating the conda environment took too long",
		Fix:     "Remove packages you do not need and pin exact versions so the solver has less to search; consider the libmamba solver. See conda's notes on improving performance.",
		Doc:     "Reported when the build is stopped for time (`context deadline exceeded`, `timed out`, a cancelled step) while a conda or mamba step was still running.",
		Tier:    TierEnvironment, Severity: lint.Error,
	},
	{
		ID: OutOfMemory, Name: "out-of-memory", Title: "Out of memory",
		Summary: "the build ran out of memory",
		Fix:     "Remove packages you do not need and pin exact versions so the solver uses less memory, or build on a machine with more memory. A compiler killed for memory can be helped by fewer parallel jobs (MAX_JOBS=1).",
		Doc:     "Given away by a `Killed` line, exit code 137, `MemoryError`, `std::bad_alloc`, `Cannot allocate memory`, or `Killed signal terminated program cc1plus`.",
		Tier:    TierEnvironment, Severity: lint.Error,
	},
	{
		ID: PackageNotFound, Name: "conda-package-not-found", Title: "Package not found",
		Summary: "a conda package is not available from the channels",
		Fix:     "Check that every package exists, under that name and version, in the channels listed in the conda file. List the channels explicitly (conda's defaults change), e.g. `channels: [conda-forge]`.",
		Doc:     "Given away by `PackagesNotFoundError`, `ResolvePackageNotFound`, libmamba's `does not exist (perhaps a typo or a missing channel)` and mamba's `nothing provides requested`.",
		Tier:    TierSpec, Severity: lint.Error,
	},
	{
		ID: MissingPythonModule, Name: "missing-python-module", Title: "Missing Python module",
		Summary: "a Python module could not be imported",
		Fix:     "Check the Python packages in the environment definition for misspellings and wrong pins; a package that imports another at build time (e.g. in setup.py) needs it installed first.",
		Doc:     "Given away by `ModuleNotFoundError: No module named 'X'` or `ImportError: No module named X`.",
		Tier:    TierSpec, Severity: lint.Error,
	},
	{
		ID: NoMatchingDistrib, Name: "no-matching-distribution", Title: "No matching distribution",
		Summary: "pip found no distribution matching a requirement",
		Fix:     "Check that the package and version exist on PyPI (or on your index) and support this Python and platform; correct the name or the pin.",
		Doc:     "Given away by pip's `Could not find a version that satisfies the requirement` and `No matching distribution found for`.",
		Tier:    TierSpec, Severity: lint.Error,
	},
	{
		ID: MPI4PyBuild, Name: "mpi4py-build-failed", Title: "Cannot build mpi4py",
		Summary: "building the mpi4py wheel failed",
		Fix:     "mpi4py needs an MPI implementation and its compiler wrapper (mpicc) at build time: use an image with MPI (the Azure ML openmpi images), install it from conda-forge instead of pip, or install an MPI development package first.",
		Doc:     "Given away by `Failed building wheel for mpi4py` or mpi4py's `Cannot compile MPI programs. Check your configuration!!!`.",
		Tier:    TierPackageBuild, Severity: lint.Error,
	},
	{
		ID: InteractiveAuth, Name: "interactive-auth-attempted", Title: "Interactive auth was attempted",
		Summary: "pip or git asked for credentials interactively",
		Fix:     "Builds cannot answer prompts. Provide the feed's credentials through a workspace connection instead of expecting a login prompt.",
		Doc:     "Given away by pip's `User for HOST:` prompt ending in `EOFError`, git's `could not read Username`, or the Azure Artifacts credential provider's device-login request.",
		Tier:    TierEnvironment, Severity: lint.Error,
	},
	{
		ID: ForbiddenBlob, Name: "forbidden-blob", Title: "Forbidden blob",
		Summary: "a blob in a storage account could not be read",
		Fix:     "Open up read permission on the blob, or add or renew the SAS token in its URL.",
		Doc:     "Given away by HTTP 403 for a `*.blob.core.windows.net` URL or Azure Storage's `Server failed to authenticate the request`, `AuthorizationPermissionMismatch`, `This request is not authorized to perform this operation`.",
		Tier:    TierEnvironment, Severity: lint.Error,
	},
	{
		ID: HorovodBuild, Name: "horovod-build-failed", Title: "Horovod build",
		Summary: "building horovod failed",
		Fix:     "Horovod compiles against the installed framework and MPI/NCCL: install the framework first, set HOROVOD_WITH_PYTORCH=1 (or _TENSORFLOW) and the build tools it needs, or use an image that ships horovod. See horovod's installation guide.",
		Doc:     "Given away by `Failed building wheel for horovod` or horovod's `None of TensorFlow, PyTorch, or MXNet plugins were built`.",
		Tier:    TierPackageBuild, Severity: lint.Error,
	},
	{
		ID: CondaCommandNotFound, Name: "conda-command-not-found", Title: "Conda command not found",
		Summary: "conda is not on the PATH of the base image",
		Fix:     "For system-managed environments conda must be on the PATH of the base image: use an Azure ML base image, install conda in your image, or set the environment to user-managed dependencies.",
		Doc:     "Given away by `conda: not found`, `conda: command not found`, `exec: \"conda\": executable file not found in $PATH`, or exit code 127 from a command that starts with conda.",
		Tier:    TierEnvironment, Severity: lint.Error,
	},
	{
		ID: IncompatiblePython, Name: "incompatible-python-version", Title: "Incompatible Python version",
		Summary: "a package does not support the environment's Python version",
		Fix:     "Change the Python version in the conda file, or pick a version of the package that supports it.",
		Doc:     "Given away by conda's `incompatible with the existing python installation`, libmamba's incompatibility tree naming python, mamba's `requires python ..., but none of the providers can be installed`, pip's `requires a different Python`, and pip's `Ignored the following versions that require a different python version` when the version asked for is among them.",
		Tier:    TierSpec, Severity: lint.Error,
	},
	{
		ID: CondaBareRedirection, Name: "conda-bare-redirection", Title: "Conda bare redirection",
		Summary: "a version bound with > or < was not quoted on a command line",
		Fix:     "Quote the package specification: `conda install \"numpy>=1.20\"`. Unquoted, the shell reads > as an output redirection (and < as an input one) and the bound is lost.",
		Doc:     "Found in the RUN command the log echoes: a conda, mamba or pip install whose argument carries an unquoted `>` or `<`. Reported as a warning even when the build succeeded, because the package was then installed without its bound.",
		Tier:    TierEnvironment, Severity: lint.Error,
	},
	{
		ID: PipInstallFailed, Name: "pip-install-failed", Title: "Failed to install packages",
		Summary: "pip failed to install the Python packages",
		Fix:     "Read the lines before pip's final error for the cause (conflicting pins, permissions, disk space) and correct the requirements.",
		Doc:     "Given away by `Pip failed`, `Pip subprocess error:`, `Could not install packages due to an OSError`, `ResolutionImpossible`. Ranked after any more specific problem, which is usually its cause.",
		Tier:    TierInstaller, Severity: lint.Error,
	},
	{
		ID: PipCannotUninstall, Name: "pip-cannot-uninstall", Title: "Cannot uninstall package",
		Summary: "pip could not uninstall a package the OS package manager installed",
		Fix:     "Create a separate conda environment for your packages instead of installing into the system Python, or pin the OS-installed version.",
		Doc:     "Given away by pip's `Cannot uninstall 'PKG'. It is a distutils installed project` and `uninstall-no-record-file`.",
		Tier:    TierSpec, Severity: lint.Error,
	},
	{
		ID: UnrecognisedFailure, Name: "unrecognised-build-failure", Title: "",
		Summary: "the build failed for a reason diagnose does not recognise",
		Fix:     "Read the evidence lines: they are the last error-looking lines of the log. If the cause is a documented problem that was missed, please report it with the log.",
		Doc:     "Reported when the log shows a failure (or error lines without a successful ending) but no documented problem matches. The evidence is the last error-looking lines and the failure line.",
		Tier:    TierUnknown, Severity: lint.Error,
	},
}

// Problems returns the catalog in ID order. The values are copies.
func Problems() []Problem { return append([]Problem(nil), problems...) }

// Lookup returns the problem with the given ID or name (any case).
func Lookup(id string) (Problem, bool) {
	for _, p := range problems {
		if strings.EqualFold(p.ID, id) || strings.EqualFold(p.Name, id) {
			return p, true
		}
	}
	return Problem{}, false
}

func problem(id string) *Problem {
	for i := range problems {
		if problems[i].ID == id {
			return &problems[i]
		}
	}
	for i := range definitions {
		if definitions[i].rule == id {
			return definitionProblem(&definitions[i])
		}
	}
	panic("diagnose: unknown problem " + id)
}

// Docs returns the documentation of every build problem, in ID order, for
// the rules and explain commands, the generated pages and SARIF.
func Docs() []lint.Doc {
	out := make([]lint.Doc, 0, len(problems))
	for _, p := range problems {
		var doc strings.Builder
		doc.WriteString(p.Doc)
		doc.WriteString("\n\n## Fix\n\n")
		doc.WriteString(p.Fix)
		doc.WriteString("\n\nRun `mlenv-lint diagnose build.log` (add `--spec env.yml` to point at the spec line). Ranking tier: ")
		doc.WriteString(tierNames[p.Tier])
		doc.WriteString(" (see docs/diagnose.md).\n")
		out = append(out, lint.Doc{
			ID: p.ID, Name: p.Name, Summary: p.Summary, Severity: p.Severity,
			Body: doc.String(), Guide: p.Title, Tags: []string{"build-log"}, Command: "diagnose",
		})
	}
	return out
}

var tierNames = map[Tier]string{
	TierEnvironment:  "environment",
	TierSpec:         "spec",
	TierPackageBuild: "package build",
	TierCompile:      "compile",
	TierInstaller:    "installer",
	TierUnknown:      "unknown",
}
