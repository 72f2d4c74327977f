package diagnose

import (
	"sync"

	"github.com/mlenv-lint/mlenv-lint/internal/acmatch"
)

// A handler looks at a normalised line that contains one of its trigger
// literals. Handlers never see a line that none of their literals is in,
// except through a follow function.
type handler func(a *analyzer, ev Evidence, text string)

type trigger struct {
	lit string
	h   int // index into handlers
}

// Handler indexes.
const (
	hSuccess = iota
	hFailure
	hStep
	hCondaProgress
	hTail
	hACR
	hPull
	hBadSpec
	hComms
	hCompile
	hMissingCommand
	hTimeout
	hOOM
	hPackageNotFound
	hMissingModule
	hNoMatch
	hMPI
	hAuth
	hBlob
	hHorovod
	hIncompatiblePython
	hCannotOpen
	hPipFailed
	hUninstall
	hOldPip
	hMPIProbe
	hNoSuchFile
	hService
	hDefinition
	hStepOK
	hInstallLine
	hStuck
	hNextflow
	hPipNetwork
	hMambaTree
	hPipTrace
	hEOF
	hRedirectTalk
	hSpecsConflict
	hPythonPair
	hPipError
	hSetupFrame
	hBuildProse
	hAuthProse
	hSlowWords
	hHorovodNamed
	hRegistryWords
	nHandlers
)

var handlers = [nHandlers]handler{
	hSuccess:            onSuccess,
	hFailure:            onFailure,
	hStep:               onStep,
	hCondaProgress:      onCondaProgress,
	hTail:               onErrorLooking,
	hACR:                onACR,
	hPull:               onPull,
	hBadSpec:            onBadSpec,
	hComms:              onComms,
	hCompile:            onCompile,
	hMissingCommand:     onMissingCommand,
	hTimeout:            onTimeout,
	hOOM:                onOOM,
	hPackageNotFound:    onPackageNotFound,
	hMissingModule:      onMissingModule,
	hNoMatch:            onNoMatch,
	hMPI:                onMPI,
	hAuth:               onAuth,
	hBlob:               onBlob,
	hHorovod:            onHorovod,
	hIncompatiblePython: onIncompatiblePython,
	hCannotOpen:         onCannotOpen,
	hPipFailed:          onPipFailed,
	hUninstall:          onUninstall,
	hOldPip:             onOldPip,
	hMPIProbe:           onMPIProbe,
	hNoSuchFile:         onNoSuchFile,
	hService:            onService,
	hDefinition:         onDefinition,
	hStepOK:             onStepOK,
	hInstallLine:        onInstallLine,
	hStuck:              onStuck,
	hNextflow:           onNextflow,
	hPipNetwork:         onPipNetwork,
	hMambaTree:          onMambaTree,
	hPipTrace:           onPipTrace,
	hEOF:                onEOF,
	hRedirectTalk:       onRedirectTalk,
	hSpecsConflict:      onSpecsConflict,
	hPythonPair:         onPythonPair,
	hSlowWords:          onSlowWords,
	hPipError:           onPipError,
	hSetupFrame:         onSetupFrame,
	hBuildProse:         onBuildProse,
	hAuthProse:          onAuthProse,
	hHorovodNamed:       onHorovodNamed,
	hRegistryWords:      onRegistryWords,
}

// triggers are the literal pre-filter: a line is looked at only when it
// contains one of these, and only by the handlers they name.
var triggers = append(append(baseTriggers, definitionTriggers()...), registryTriggers()...)

var baseTriggers = []trigger{
	{"Successfully built ", hSuccess},
	{"Successfully tagged ", hSuccess},
	{"naming to ", hSuccess},
	{"writing image sha256:", hSuccess},
	{"was successful after", hSuccess},

	{"returned a non-zero code", hFailure},
	{"did not complete successfully", hFailure},
	{"executor failed running", hFailure},
	{"failed to solve", hFailure},
	{"failed after", hFailure},
	{"##[error]", hFailure},
	{"marked as failed", hFailure},
	{"Error response from daemon", hFailure},

	{"Step ", hStep},
	{"] RUN ", hStep},
	{"] FROM ", hStep},
	{"] COPY ", hStep},

	{"Solving environment", hCondaProgress},
	{"Collecting package metadata", hCondaProgress},
	{"Downloading and Extracting Packages", hCondaProgress},
	{"Executing transaction", hCondaProgress},
	{"Installing pip dependencies", hCondaProgress},
	{"To activate this environment", hCondaProgress},
	{"Transaction finished", hCondaProgress},
	{"Looking for: [", hCondaProgress},
	{"Preparing transaction", hCondaProgress},
	{"Package Plan", hCondaProgress},
	{"Transaction starting", hCondaProgress},
	{"Updating specs:", hCondaProgress},
	{"will be downloaded", hCondaProgress},
	{"will be INSTALLED", hCondaProgress},
	{"Proceed ([y]/n)", hCondaProgress},
	{"UnsatisfiableError", hCondaProgress},
	{"Could not solve for environment specs", hCondaProgress},
	{"Encountered problems while solving", hCondaProgress},

	{"Successfully installed ", hStepOK},
	{"Installing collected packages", hStepOK},

	{"ERROR", hTail}, {"Error", hTail}, {"error", hTail}, {"FAILED", hTail},
	{"failed", hTail}, {"Failed", hTail}, {"fatal", hTail}, {"Traceback", hTail},
	{"Exception", hTail}, {"Killed", hTail}, {"exit code", hTail}, {"non-zero code", hTail},

	{"azurecr.io", hACR},
	{"aka.ms/acr/firewall", hACR},
	{"ontainer registry", hACR},
	{"ontainer Registry", hACR},
	{"Microsoft.ContainerRegistry/registries", hACR},
	{"is not allowed access", hACR},

	{"pull access denied", hPull},
	{"manifest unknown", hPull},
	{"failed to resolve source metadata", hPull},
	{"repository does not exist", hPull},
	{"toomanyrequests", hPull},
	{"error pulling image", hPull},
	{"Failed to pull image", hPull},
	{"failed to pull", hPull},
	{"/manifests/", hPull},
	{"FailedPullingImage", hPull},
	{"ImagePullBackOff", hPull},
	{"ErrImagePull", hPull},
	{"no matching manifest for", hPull},
	{"Authentication failed for container registry", hPull},
	{"failed to resolve reference", hPull},
	{"Back-off pulling image", hPull},
	{"ErrImageNeverPull", hPull},
	{"failed to authorize", hPull},
	{"failed to create LLB definition", hPull},
	{"unauthorized: ", hPull},
	{"denied: requested access", hPull},
	{"no such host", hPull},
	{"Unable to pull docker image", hPull},
	{"Failed to pull Docker image", hPull},
	{"failed to pull docker image", hPull},
	{"Unable to pull image", hPull},
	{"unable to pull image", hPull},
	{"could not be resolved for Container Registry", hPull},
	{"not found in repository", hPull},
	{"InvalidImageName", hPull},
	{"i/o timeout", hPull},
	{"TLS handshake timeout", hPull},
	{"Client.Timeout exceeded", hPull},
	{"failed to fetch oauth token", hPull},
	{"failed to fetch anonymous token", hPull},
	{"UNAUTHORIZED: ", hPull},
	{"eceived unexpected HTTP status", hPull},

	{"InvalidMatchSpec", hBadSpec},
	{"InvalidVersionSpec", hBadSpec},
	{"invalid package specification", hBadSpec},
	{"Invalid requirement:", hBadSpec},
	{"InvalidSpec", hBadSpec},
	{"CondaValueError", hBadSpec},
	{"EnvironmentSpecPlugin", hBadSpec},
	{"SpecNotFound", hBadSpec},
	{"EnvironmentFileExtensionNotValid", hBadSpec},
	{"EnvironmentFileNotFound", hBadSpec},
	{"EnvironmentFileEmpty", hBadSpec},
	{"Found invalid version predicate", hBadSpec},
	{"in version spec \"", hBadSpec},
	{"is an incorrect expression", hBadSpec},
	{"could not parse '", hBadSpec},
	{"Malformed version string", hBadSpec},
	{"EnvironmentSpec hook: an error", hBadSpec},
	{"An error occured when handling", hBadSpec}, //nolint:misspell // conda PluginError's own spelling
	{"An error occurred when handling", hBadSpec},
	{"is unable to handle environment spec", hBadSpec},

	{"CondaHTTPError", hComms},
	{"CONNECTION FAILED", hComms},
	{"Curl error", hComms},
	{"Download error", hComms},
	{"Max retries exceeded", hComms},
	{"Read timed out", hComms},
	{"Temporary failure in name resolution", hComms},
	{"Could not resolve host", hComms},
	{"Connection reset by peer", hComms},
	{"Name or service not known", hComms},
	{"CondaSSLError", hComms},
	{"UnavailableInvalidChannel", hComms},
	{"Multi-download failed", hComms},
	{"Transfer finalized, status:", hComms},
	{"did not match Content-Length", hComms},
	{"Retrying (Retry(", hComms},
	{"Could not fetch URL", hComms},
	{"ProxyError", hComms},
	{"while getting http", hComms},
	{"socket.timeout", hComms},
	{"unable to connect to", hComms},
	{"ReadTimeoutError", hComms},
	{"ConnectTimeoutError", hComms},
	{"IncompleteRead", hComms},
	{"Connection broken:", hComms},
	{"Temporary failure resolving", hComms},
	{"error sending request for url", hComms}, // uv (reqwest) reaching an index
	{"Network is unreachable", hComms},
	{"Failed to connect to ", hComms},
	{"gnutls_handshake() failed", hComms},
	{"CERTIFICATE_VERIFY_FAILED", hComms},
	{"An HTTP error occurred when trying to retrieve this URL", hComms},
	// apt reaching its archives (methods/connect.cc, basehttp.cc, apt 0.9-2.x)
	{"Could not resolve '", hComms},
	{"Could not connect to ", hComms},
	{"Unable to connect to ", hComms},
	{"Cannot initiate the connection to", hComms},
	{"Connection failed [IP:", hComms},
	{"Connection timed out [IP:", hComms},

	{"Failed building wheel for ", hCompile},
	{"Could not build wheels for ", hCompile},
	{"Failed to build installable wheels", hCompile},
	{"did not run successfully", hCompile},
	{"finished with status 'error'", hCompile},
	{"fatal error:", hCompile},
	{": error:", hCompile},
	{"failed with exit status", hCompile},
	{"failed with exit code", hCompile},
	{"compilation terminated", hCompile},
	{"Running setup.py install for ", hCompile},
	{"Building wheel for ", hCompile},
	{"Created wheel for ", hCompile},
	{"Preparing metadata", hCompile},
	{"Getting requirements to build", hCompile},
	{"Installing build dependencies", hCompile},
	{"Failed to build ", hCompile},
	{"Configuring incomplete", hCompile},
	{"setup(name=", hCompile},
	{"Running setup.py bdist_wheel for ", hCompile},
	{"Failed to download and build `", hCompile},

	// pip's diagnostics about a package it could not build or prepare
	// (pip 22-26), and native builds in other tools' words.
	{"Encountered error while", hCompile},
	{"Cannot install build dependencies", hCompile},
	{"subprocess-exited-with-error", hCompile},
	{"metadata-generation-failed", hCompile},
	{"failed-build-dependency-install", hCompile},
	{"terminated by signal", hCompile},
	{"CalledProcessError: Command '[", hCompile},
	{"ld returned", hCompile},
	{"linker command failed", hCompile},
	{"ld: cannot find -l", hCompile},
	{"ld: library not found for -l", hCompile},
	{"nvcc fatal", hCompile},
	{"): error C", hCompile},
	{"): fatal error C", hCompile},
	{"error LNK", hCompile},
	{"Error compiling Cython file", hCompile},
	{"Cython.Compiler.Errors.CompileError", hCompile},
	{"error: could not compile `", hCompile},
	{"error: linking with `", hCompile},
	{"ninja: build stopped", hCompile},
	{"Error compiling objects for extension", hCompile},
	{"NotFoundError: No BLAS/LAPACK", hCompile},
	{"NotFoundError: no lapack/blas", hCompile},
	{"libraries not found", hCompile},
	{"*** [", hCompile},
	{"died due to signal", hCompile},
	{"undefined reference to", hCompile},
	{"Undefined symbols for architecture", hCompile},
	{"symbol(s) not found for architecture", hCompile},
	{"at (1)", hCompile},
	{"error[E", hCompile},
	{"*** CMake ", hCompile},
	{"CMake Error at ", hCompile},
	{"catastrophic error:", hCompile},
	{"` failed with code ", hCompile},
	{"maturin failed", hCompile},
	{"ERROR: Dependency ", hCompile},

	{"failed with error code", hOldPip},

	{"MPI configuration: ", hMPIProbe},
	{"checking for MPI compile and link", hMPIProbe},
	{"checking for library '", hMPIProbe},
	{"mpi4py", hMPIProbe},

	{"failed: No such file or directory", hMissingCommand},
	{"unable to execute '", hMissingCommand},
	{": not found", hMissingCommand},
	{"command not found", hMissingCommand},
	{"executable file not found", hMissingCommand},
	{"Cannot find command '", hMissingCommand},
	{"can't find Rust compiler", hMissingCommand},
	{"CMake must be installed", hMissingCommand},
	{"No such file or directory: '", hMissingCommand},
	{"error trying to exec '", hMissingCommand},
	{"cannot execute '", hMissingCommand},
	{"while executing command", hMissingCommand},
	{"is not recognized as an internal or external command", hMissingCommand},
	{"is not recognized as the name of a cmdlet", hMissingCommand},
	{"command not found: ", hMissingCommand},
	{"No CMAKE_CXX_COMPILER could be found", hMissingCommand},
	{"No CMAKE_C_COMPILER could be found", hMissingCommand},
	{"command could not be found", hMissingCommand},
	{"not found in PATH", hMissingCommand},
	{"not found in $PATH", hMissingCommand},
	{" isn't ", hMissingCommand},
	{" is not installed", hMissingCommand},
	{" not installed", hMissingCommand},
	{" is not part of", hMissingCommand},
	{" is not included", hMissingCommand},
	{" isn't included", hMissingCommand},
	{" is not present", hMissingCommand},
	{" is missing", hMissingCommand},
	{"Command not found", hMissingCommand},
	{"no acceptable C compiler found", hMissingCommand},
	{"pg_config executable not found", hMissingCommand},
	{"mysql_config not found", hMissingCommand},
	{"env: '", hMissingCommand},
	{"env: ‘", hMissingCommand},
	{"bin/env: ", hMissingCommand},
	{"Microsoft Visual C++", hMissingCommand},
	{"Unable to find vcvarsall.bat", hMissingCommand},
	{"Ninja is required to load C++ extensions", hMissingCommand},
	{"but no Fortran compiler found", hMissingCommand},
	{"Provide a path to gdal-config", hMissingCommand},
	{"Broken toolchain: cannot link", hMissingCommand},
	{"_COMPILER not set, after EnableLanguage", hMissingCommand},
	{"CUDA_HOME environment variable is not set", hMissingCommand},
	{"make: ", hMissingCommand},
	{"Unknown compiler(s):", hMissingCommand},

	{": No such file or directory", hNoSuchFile},
	{": No such file or directory", hMissingCommand},
	{"'=", hNoSuchFile},
	{"`=", hNoSuchFile},
	{"\"=", hNoSuchFile},
	{"/=", hNoSuchFile},

	{"pip install ", hInstallLine},
	{"pip3 install ", hInstallLine},
	{"conda install ", hInstallLine},
	{"mamba install ", hInstallLine},
	{"conda create ", hInstallLine},
	{"mamba create ", hInstallLine},
	{"pip3.", hInstallLine},
	{" -m pip install ", hInstallLine},

	{"solving environment", hStuck},
	{"Solving environment", hStuck},
	{"solving the environment", hStuck},
	{"Solving the environment", hStuck},
	{"solving stage", hStuck},
	{"solving step", hStuck},
	{" hours", hStuck},
	{" days", hStuck},

	{"The following packages are incompatible", hMambaTree},
	{"The following package could not be installed", hMambaTree},
	{"Requested specs conflict with configured specs", hSpecsConflict},
	{"cannot install both python-", hPythonPair},
	{"has constraint python", hPythonPair},

	{"timeout", hSlowWords},
	{"timed out", hSlowWords},
	{"time limit", hSlowWords},
	{"forever", hSlowWords},
	{"stuck", hSlowWords},
	{"conda env", hSlowWords},
	{"conda install", hSlowWords},
	{"conda create", hSlowWords},
	{"mamba", hSlowWords},
	{"iniconda", hSlowWords},
	{"env generation", hSlowWords},
	{"env creation", hSlowWords},

	{"edirect", hRedirectTalk},
	{"confused by", hRedirectTalk},
	{"shells may be confused", hRedirectTalk},
	{"shell may be confused", hRedirectTalk},

	{"Failed to create Conda environment", hNextflow},
	{"createTimeout", hNextflow},
	{"creation timeout", hNextflow},
	{"Status: 120", hNextflow},
	{"status 120", hNextflow},

	{"deadline exceeded", hTimeout},
	{"time limit", hTimeout},
	{"No output has been received", hTimeout},
	{"Too long with no output", hTimeout},
	{"operation was canceled", hTimeout},
	{"operation was cancelled", hTimeout},
	{"has been cancelled", hTimeout},
	{"imeout exceeded", hTimeout},
	{"timed out", hTimeout},
	{"Timed out", hTimeout},
	{"exceeded the maximum", hTimeout},
	{"ran longer than the maximum time", hTimeout},
	{"execution took longer than", hTimeout},
	{"DUE TO TIME LIMIT", hTimeout},
	{"walltime", hTimeout},
	{"CANCELED", hTimeout},
	{"Canceled", hTimeout},

	{"Killed", hOOM},
	{"MemoryError", hOOM},
	{"bad_alloc", hOOM},
	{"Cannot allocate memory", hOOM},
	{"cannot allocate memory", hOOM}, // Go's and runc's strerror(ENOMEM)
	{"OutOfMemoryError", hOOM},
	{"paging file is too small", hOOM}, // Windows ERROR_COMMITMENT_LIMIT (WinError 1455)
	{"died with <Signals.SIGKILL", hOOM},
	{"non-zero exit status -9", hOOM},
	{"ut of memory", hOOM},
	{"OOMKilled", hOOM},
	{" memory", hOOM},
	{"out of RAM", hOOM},
	{"signal: killed", hOOM},
	{"OOM", hOOM},
	{"ENOMEM", hOOM},
	{"137", hOOM},

	{"PackagesNotFoundError", hPackageNotFound},
	{"ResolvePackageNotFound", hPackageNotFound},
	{"PackageNotFoundError", hPackageNotFound},
	{"does not exist (perhaps a typo or a missing channel)", hPackageNotFound},
	{"nothing provides requested ", hPackageNotFound},
	{"nothing provides ", hPackageNotFound},
	{"NoPackagesFoundError", hPackageNotFound},
	{"missing in current ", hPackageNotFound},
	{"No packages found in current", hPackageNotFound},
	{"are not available from current channels", hPackageNotFound},
	{"missing from the target environment", hPackageNotFound},

	{"No module named", hMissingModule},

	{"Could not find a version that satisfies the requirement", hNoMatch},
	{"Could not find a version that satisf", hNoMatch}, // the same line cut by the paste
	{"No matching distribution found for", hNoMatch},
	{"that require a different python version", hNoMatch},
	{"Could not find any downloads that satisfy", hNoMatch},
	{"No distributions at all found for", hNoMatch},
	{"Could not find a version that matches", hNoMatch},
	{"was not found in the package registry", hNoMatch},
	{"there is no version of", hNoMatch},
	{"No distributions matching the version for", hNoMatch},
	{"no matching distribution", hNoMatch},
	{"working download links found for", hNoMatch},
	{"Could not find suitable distribution for", hNoMatch},
	{"Unable to find installation candidates for", hNoMatch},
	{"which doesn't match any versions", hNoMatch},

	{"Cannot compile MPI programs", hMPI},
	{"Cannot link MPI programs", hMPI},
	{"Installing mpi4py requires a working MPI", hMPI},

	{"User for ", hAuth},
	{"Username for '", hAuth},
	{"Password for '", hAuth},
	{"EOF when reading a line", hAuth},
	{"_prompt_for_password", hAuth},
	{"could not read Username", hAuth},
	{"could not read Password", hAuth},
	{"terminal prompts disabled", hAuth},
	{"devicelogin", hAuth},
	{"User interaction required", hAuth},
	{"[CredentialProvider]", hAuth},
	// pip's credential code in a traceback (network/auth.py, utils/misc.py,
	// pip 1.5-26), and Python's getpass without a terminal
	{"in handle_401", hAuth},
	{"in ask_input", hAuth},
	{"in ask_password", hAuth},
	{"input(\"User for ", hAuth},
	{"No input was expected ($PIP_NO_INPUT", hAuth},
	{"Can not control echo on the terminal", hAuth},
	{"Password input may be echoed", hAuth},
	// git and its credential helpers, ssh, svn and hg refusing or failing
	// to prompt
	{"Cannot prompt because user interactivity has been disabled", hAuth},
	{"unable to get password from user", hAuth},
	{"Enter passphrase for key '", hAuth},
	{"'s password:", hAuth},
	{"interactive prompting is disabled", hAuth},
	{"http authorization required for", hAuth},

	{"blob.core.windows.net", hBlob},
	{"dfs.core.windows.net", hBlob},
	{"Server failed to authenticate the request", hBlob},
	{"This request is not authorized to perform this operation", hBlob},
	{"AuthorizationPermissionMismatch", hBlob},
	{"AuthenticationFailed", hBlob},
	{"Signature not valid in the specified time frame", hBlob},
	{"Signed expiry time", hBlob},
	{"Signature did not match", hBlob},
	{"KeyBasedAuthenticationNotPermitted", hBlob},
	{"PublicAccessNotPermitted", hBlob},
	{"Public access is not permitted", hBlob},
	{"AuthorizationFailure", hBlob},
	{"403 Forbidden", hBlob},
	{"ERROR 403", hBlob},
	{"HTTP Error 403", hBlob},
	{"HTTP error 403", hBlob},
	{"403 Server failed", hBlob},
	{"returned error: 403", hBlob},

	{"None of TensorFlow, PyTorch, or MXNet plugins were built", hHorovod},
	{"HOROVOD_WITH_", hHorovod},
	{"Horovod build with GPU support was requested", hHorovod},
	{"Horovod requires ", hHorovod},
	{"HOROVOD_", hHorovod},
	{"is MPI in $PATH?", hHorovod},
	{"horovod", hHorovodNamed},
	{"Horovod", hHorovodNamed},
	{"Could NOT find ", hCompile},

	{"incompatible with the existing python installation", hIncompatiblePython},
	{"requires a different Python", hIncompatiblePython},
	{"none of the providers can be installed", hIncompatiblePython},
	{"The minimum supported Python version is", hIncompatiblePython},
	{"but the running Python is", hIncompatiblePython},
	{"Your python:", hIncompatiblePython},
	{"requires Python", hIncompatiblePython},
	{"requires python", hIncompatiblePython},
	{" or newer", hIncompatiblePython},
	{" or later is required", hIncompatiblePython},
	{"is required", hIncompatiblePython},
	{"Unsatisfiable", hIncompatiblePython},
	{"create a conflict", hIncompatiblePython},
	{"Package python conflicts for:", hIncompatiblePython},
	{"the current Python version", hIncompatiblePython},
	{"Package python_abi conflicts for:", hIncompatiblePython},

	{"cannot open ", hCannotOpen},

	{"Pip failed", hPipFailed},
	{"Pip subprocess error", hPipFailed},
	{"Could not install packages due to an", hPipFailed},
	{"ResolutionImpossible", hPipFailed},
	{"have conflicting dependencies", hPipFailed},
	{"Command errored out with exit status", hPipFailed},
	{"Could not install requirement", hPipFailed},
	{"Pip subcommand failed", hPipFailed},
	{"pip failed to install packages", hPipFailed}, // libmamba (micromamba, mamba 2) after pip failed
	{"does not appear to be a Python project", hPipFailed},
	{"has an invalid wheel", hPipFailed},
	{"Will not install to the user site", hPipFailed},
	{"ERROR: Exception:", hPipFailed},
	{"Could not open requirements file", hPipFailed},
	{"externally-managed-environment", hPipFailed},
	{"no such option", hPipFailed},
	{"DO NOT MATCH THE HASHES", hPipFailed},
	{"Double requirement given", hPipFailed},
	{"Hashes are required in --require-hashes mode", hPipFailed},
	{"is not a supported wheel on this platform", hPipFailed},
	{"is not installable. ", hPipFailed},
	{"ERROR: unknown command \"", hPipFailed},

	{"Image build failed", hService},
	{"image build failed", hService},
	{"ActivityFailedException", hService},
	{"Build log:", hService},
	{"resync", hService},
	{"sync-keys", hService},
	{"Unauthorized error encountered", hService},
	{"ERROR 40", hService},
	{"Public access is not permitted", hService},
	{"PublicAccessNotPermitted", hService},
	{"No builds exist for environment", hService},
	{"Failed to fetch build details", hService},
	{"Environment Image to become available", hService},
	{"ImageBuildFailure", hService},
	{"Image Build Status: ", hService},
	{"creation operation finished for image", hService},
	{"More information about this error is available here", hService},
	{"aka.ms/debugimage", hService},
	{" logs", hService},
	{" log ", hService},
	{" log.", hService},
	{" log,", hService},
	{"image_build_log", hService},

	// pip's and urllib3's network failures in their own words (pip 8-26).
	{"read operation timed out", hPipNetwork},
	{"handshake operation timed out", hPipNetwork},
	{"Failed to establish a new connection", hPipNetwork},
	{"Connection aborted.", hPipNetwork},
	{"RemoteDisconnected", hPipNetwork},
	{"didn't respond within", hPipNetwork},
	{" while fetching http", hPipNetwork},
	{"not enough bytes were received", hPipNetwork},
	{" Client Error: ", hPipNetwork},
	{"Cannot fetch index base URL", hPipNetwork},
	{" Server Error: ", hPipNetwork},
	{"ReadTimedOut", hPipNetwork},
	{"ReadTimeout", hPipNetwork},
	{"read timeout", hPipNetwork},
	{"Read timeout", hPipNetwork},
	{"read timed out", hPipNetwork},
	{"behind a proxy", hPipNetwork},
	{"behind proxy", hPipNetwork},
	{"behind the proxy", hPipNetwork},
	{"behind a corporate", hPipNetwork},
	{"behind our corporate", hPipNetwork},
	{"behind a firewall", hPipNetwork},
	{"behind the firewall", hPipNetwork},
	{"corporate proxy", hPipNetwork},
	{"company proxy", hPipNetwork},
	{"great firewall", hPipNetwork},
	{"Exception:", hPipTrace},
	{"/urllib3/", hPipTrace},
	{"\\urllib3\\", hPipTrace},
	{"EOFError", hEOF},
	{"asks for ", hAuthProse},
	{"asks me for ", hAuthProse},
	{"asked me for ", hAuthProse},
	{"asking me for ", hAuthProse},
	{"prompts me for ", hAuthProse},
	{"prompted me for ", hAuthProse},
	{"waiting for ", hAuthProse},
	{"prompt HTTP", hAuthProse},
	{"prompt username", hAuthProse},
	{"prompt password", hAuthProse},
	{"prompt the username", hAuthProse},
	{"prompt the password", hAuthProse},
	{"prompts username", hAuthProse},
	{"prompts password", hAuthProse},
	{"waits for ", hAuthProse},
	{"nteractive auth", hAuthProse},
	{"nteractive login", hAuthProse},
	{"nteractive log-in", hAuthProse},
	{"nteractive sign-in", hAuthProse},
	{"nteractive credential", hAuthProse},
	{"nteractively auth", hAuthProse},
	{"asking for ", hAuthProse},
	{"asked for ", hAuthProse},
	{"prompts for ", hAuthProse},
	{"prompted for ", hAuthProse},
	{"prompting for ", hAuthProse},
	{"password prompt", hAuthProse},
	{"Password prompt", hAuthProse},
	{"credential prompt", hAuthProse},
	{"username prompt", hAuthProse},
	{"No space left on device", hPipError},
	{"Segmentation fault", hPipError},
	{"Illegal instruction", hPipError},
	{"Bus error", hPipError},
	{"Aborted (core dumped)", hPipError},
	{": invalid choice:", hPipError},
	{": invalid integer value:", hPipError},
	{"Location-changing options found", hPipError},
	{"You must give at least one requirement", hPipError},
	{"Can not combine '--user'", hPipError},
	{"Can not perform a '--user' install", hPipError},
	{"is not a valid editable requirement", hPipError},
	{"cannot be installed in editable mode", hPipError},
	{"looks like a filename, but the file does not exist", hPipError},
	{"Disabling PEP 517 processing is invalid", hPipError},
	{"is not a valid wheel filename", hPipError},
	{"Invalid wheel filename", hPipError},
	{"has inconsistent version", hPipError},
	{"has inconsistent name", hPipError},
	{"has invalid metadata:", hPipError},
	{"In --require-hashes mode", hPipError},
	{"Can't verify hashes for these", hPipError},
	{"archive format", hPipError},
	{"To modify pip, please run", hPipError},
	{"Storing debug log for failure in", hPipError},
	{"No .egg-info directory found in", hPipError},
	{"Files/directories not found in", hPipError},
	{"Could not detect requirement name for", hPipError},
	{"Could not find an activated virtualenv", hPipError},
	{"since setuptools is not available", hPipError},
	{"Dependency resolution exceeded", hPipError},
	{"has an invalid pyproject.toml", hPipError},
	{"invalid `build-system.requires`", hPipError},
	{"Failed to build one or more wheels", hPipError},
	{"BackendUnavailable", hPipError},
	{" setup command: ", hPipError},
	{"Couldn't install package", hPipError},
	{"errored with the following return code", hPipError},
	{"originates from a subprocess", hPipError},
	{"mentioned above, not pip", hPipError},
	{"' located at ", hPipError},
	{"its build backend is missing the", hPipError},
	{"No solution found when resolving", hPipError},
	{"Failed to prepare distributions", hPipError},
	{"Build backend failed to determine", hPipError},
	{"version solving failed", hPipError},
	{"Backend subprocess exited when trying to invoke", hCompile},
	{"/setup.py\", line ", hSetupFrame},
	{"missing ", hBuildProse},
	{"fails building ", hBuildProse},
	{"failed building the ", hBuildProse},
	{"fails to build the ", hBuildProse},
	{"pip2.", hInstallLine},

	{"Cannot uninstall", hUninstall},
	{"distutils", hUninstall},
	{"uninstall-no-record-file", hUninstall},
	{"Cannot remove entries from nonexistent file", hUninstall},
	{"uninstall-distutils-installed-package", hUninstall},
}

// keyLen is how much of a trigger the automaton matches. Longer triggers
// are matched by their first keyLen bytes and then checked whole on the
// (rare) line that holds that head: the automaton stays small enough to
// sit in the cache, which is what its one-lookup-per-byte speed rests on.
const keyLen = 16

// prefilter is the automaton over the trigger heads, and for each head the
// triggers that start with it.
type prefilter struct {
	m     *acmatch.Matcher
	heads [][]int // head index -> trigger indexes
}

// matcher is built on first use (about a millisecond), not at start-up.
var matcher = sync.OnceValue(func() *prefilter {
	p := &prefilter{}
	index := map[string]int{}
	var lits []string
	for i, t := range triggers {
		head := t.lit[:min(len(t.lit), keyLen)]
		k, ok := index[head]
		if !ok {
			k = len(lits)
			index[head] = k
			lits = append(lits, head)
			p.heads = append(p.heads, nil)
		}
		p.heads[k] = append(p.heads[k], i)
	}
	p.m = acmatch.MustNew(lits)
	return p
})
