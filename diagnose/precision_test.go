package diagnose

import "testing"

// Known precision bugs, each against a labelling rule of
// testdata/reallogs/README.md.
func TestPrecisionRules(t *testing.T) {
	runShapes(t, []shapeCase{
		{
			// pip/_internal/req/constructors.py: "Invalid requirement: {req!r}";
			// README set C: pip's, in a conda file's pip section, is AML920
			name: "pip's invalid requirement is pip failing",
			log:  "ERROR: Invalid requirement: 'numpy=1.20': Expected end or semicolon (after name and no valid version specifier)\n    numpy=1.20\n         ^\n",
			want: PipInstallFailed, conf: Certain, subject: "numpy=1.20",
		},
		{
			name: "pip's invalid requirement in a conda file's pip section",
			log:  "ERROR: Invalid requirement: 'torch==1.7.1+cu101 ' (from line 3 of /tmp/condaenv.abc.requirements.txt)\n\nfailed\n\nCondaEnvException: Pip failed\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// packaging/specifiers.py: raise InvalidSpecifier(f"Invalid specifier: '{spec}'")
			name: "pip's vendored packaging rejects a specifier",
			log:  "pip._vendor.packaging.specifiers.InvalidSpecifier: Invalid specifier: '>=2.7.*,<3'\n",
			want: PipInstallFailed, conf: Certain, subject: ">=2.7.*,<3",
		},
		{
			// packaging/requirements.py: raise InvalidRequirement(str(e)) with
			// the parser's message; the trigger InvalidRequirement alone
			// brings the line (no "Invalid requirement:" on it)
			name: "pip's vendored packaging rejects a requirement",
			log:  "pip._vendor.packaging.requirements.InvalidRequirement: Expected end or semicolon (after name and no valid version specifier)\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "packaging rejects a requirement outside pip",
			log:  "packaging.requirements.InvalidRequirement: Expected end or semicolon (after name and no valid version specifier)\n",
		},
		{
			// packaging's exception at run time, outside pip: not conda's
			// InvalidSpec (rule 3) and no documented problem
			name: "pkg_resources rejects a specifier at run time",
			log:  "  File \"/usr/lib/python3/dist-packages/pkg_resources/__init__.py\", line 3101, in __init__\n    super(Requirement, self).__init__(requirement_string)\npkg_resources.extern.packaging.specifiers.InvalidSpecifier: Invalid specifier: '>=3.6.*'\n",
		},
		{
			// conda/exceptions.py InvalidSpec stays rule 3's AML904
			name: "conda's own InvalidSpec",
			log:  "conda.exceptions.InvalidSpec: Invalid spec 'python=3.8=': \n",
			want: CondaBadSpec, conf: Certain,
		},
		{
			// rule 38: bash's syntax run by sh names no missing program
			name: "sh has no source",
			log:  "/bin/sh: 1: source: not found\nThe command '/bin/sh -c source /opt/conda/bin/activate myenv' returned a non-zero code: 127\n",
			want: UnrecognisedFailure,
		},
		{
			name: "sh has no [[",
			log:  "/bin/sh: 1: [[: not found\nThe command '/bin/sh -c [[ -f x ]] && echo y' returned a non-zero code: 127\n",
			want: UnrecognisedFailure,
		},
		{
			name: "sh has no conda after a failed source",
			log:  "/bin/sh: 1: source: not found\n/bin/sh: 1: conda: not found\nThe command '/bin/sh -c source ~/.bashrc && conda activate x' returned a non-zero code: 127\n",
			want: CondaCommandNotFound, conf: Certain,
		},
		{
			// pip/_internal/network/auth.py warn_on_401; rule 36: AML905
			name: "a private index refuses pip's credentials",
			log:  "Looking in indexes: https://pypi.org/simple, https://myindex.example.com/simple\nWARNING: 401 Error, Credentials not correct for https://myindex.example.com/simple/foo/\nERROR: Could not find a version that satisfies the requirement foo (from versions: none)\nERROR: No matching distribution found for foo\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			// rule 16: a prompt in view is AML914
			name: "a private index's prompt before its 401",
			log:  "User for myindex.example.com: ERROR: Exception:\nTraceback (most recent call last):\nEOFError: EOF when reading a line\nWARNING: 401 Error, Credentials not correct for https://myindex.example.com/simple/foo/\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			name: "a changelog's timeout after a solve",
			log:  "Solving environment: done\n## 4.8.0\n- `conda install` timed out on slow networks; increased the default timeout (#1234)\n",
		},
		{
			name: "a changelog's conda timeout in words",
			log:  "## 4.8.0\n- conda create timed out on slow networks; increased the default timeout (#1234)\n",
		},
		{
			name: "a build stopped for time while conda solves",
			log:  "Step 5/9 : RUN conda env create -f environment.yml\nCollecting package metadata (repodata.json): ...working... done\nSolving environment: ...working...\nERROR: Job failed: execution took longer than 1h0m0s seconds\n",
			want: CondaTimeout,
		},
		{
			// conda 4.3 prints its error after the progress dots
			name: "conda 4.3's error on the solve's line",
			log:  "Fetching package metadata ...........\nSolving package specifications: An unexpected error has occurred.\nPlease consider posting the following information to the\nconda GitHub issue tracker at:\n",
			want: UnrecognisedFailure,
		},
	})
}

// Certain wordings that other projects' texts contain with another
// meaning: the lines of Debian's /usr/share/doc changelogs and module
// docs that diagnose took for a failure, beside the tools' own messages.
func TestOtherToolsWords(t *testing.T) {
	runShapes(t, []shapeCase{
		{
			// Node's child_process; libuv's uv_strerror
			name: "Node could not spawn for memory",
			log:  "Error: spawn ENOMEM\n    at ChildProcess.spawn (node:internal/child_process:413:11)\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "libuv's not enough memory",
			log:  "Error: ENOMEM: not enough memory, open '/app/node_modules/x.js'\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			// man-pages' changelog
			name: "a manual's changelog lists ENOMEM",
			log:  "        ERRORS: Add ENOMEM.\n",
		},
		{
			// libpng's and the kernel's changelogs
			name: "a changelog entry tagged with ENOMEM",
			log:  "    [ENOMEM] Fix buffer's content check logic\n",
		},
		{
			// moby distribution: "Tag %s not found in repository %s"
			name: "the daemon's v1 tag not found",
			log:  "Error response from daemon: Tag 3.9-nosuch not found in repository docker.io/library/python\n",
			want: PullFailed, conf: Certain,
		},
		{
			// git's own changelog
			name: "git's branch not found in repository",
			log:  "      remote: die if branch is not found in repository\n",
		},
		{
			name: "a changelog's modules not found in repository",
			log:  "* Raise ImportError when importing modules not found in repository\n",
		},
		{
			// rule 12: a package's raised interpreter check
			name: "a raised interpreter check",
			log:  "RuntimeError: Python 3.8 or later is required\n",
			want: IncompatiblePython, conf: Certain,
		},
		{
			name: "an interpreter requirement in words",
			log:  "It requires Python 3.6+ and my image has 3.5.\n",
			want: IncompatiblePython, conf: Likely,
		},
		{
			// setuptools' CHANGES.rst
			name: "a changelog's new minimum Python",
			log:  "* #1458: Drop support for Python 2. Setuptools now requires Python 3.5 or later. Install setuptools using pip >=9 or pin to Setuptools <45\n",
		},
		{
			// pyjwt's CHANGELOG.rst
			name: "a changelog's dropped Python",
			log:  "- **Dropped support for Python 2.4** The minimum supported Python version is 2.5\n",
		},
		{
			// pip's NEWS.rst
			name: "pip's changelog introduces ResolutionImpossible",
			log:  "- Introduce a new ResolutionImpossible error, raised when pip encounters un-satisfiable dependency conflicts (`#8546 <https://github.com/pypa/pip/issues/8546>`_)\n",
		},
		{
			name: "pip's ResolutionImpossible",
			log:  "ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// CPython's NEWS
			name: "a changelog's entry on a network error",
			log:  "- bpo-32034: Make asyncio.IncompleteReadError and LimitOverrunError pickleable\n",
		},
		{
			// CPython's NEWS
			name: "a changelog's entry on a MemoryError",
			log:  "- bpo-25029: Fixes MemoryError in test_strptime.\n",
		},
		{
			name: "Python's MemoryError",
			log:  "  File \"/opt/conda/lib/python3.8/site-packages/pip/_vendor/msgpack/fallback.py\", line 671, in _unpack\nMemoryError\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			// conda 3.x cli/common.py arg2spec (tune conda-637)
			name: "conda 3's invalid package specification",
			log:  "Error: Invalid package specification: numpy=\n",
			want: CondaBadSpec, conf: Certain,
		},
		{
			// rush's and JS tools' words
			name: "another package tool's invalid package specification",
			log:  "[rush-setup:ERROR] Invalid package specification: @scope/\n",
		},
		{
			name: "a JS CLI's invalid package specification",
			log:  "UsageError: invalid package specification: left-pad@\n",
		},
		{
			// CPython Lib/importlib/metadata/__init__.py: "No package metadata
			// was found for {name}"
			name: "importlib.metadata finds no distribution",
			log:  "importlib.metadata.PackageNotFoundError: No package metadata was found for torch\n",
			want: MissingPythonModule, conf: Likely, subject: "torch",
		},
		{
			// conda 4.2's PackageNotFoundError stays rule 3's AML910
			name: "conda 4.2's package not found",
			log:  "PackageNotFoundError: Package not found: '' Package missing in current linux-64 channels: \n  - nosuchpkg\n",
			want: PackageNotFound, conf: Certain,
		},
		{
			// GMP's NEWS
			name: "another project's reserved prefix",
			log:  "  GMP reserved prefix (experimental).\n",
		},
		{
			// Kubernetes' labels documentation (and the API server's own
			// words on a label): "prefixes are reserved" is no environment's
			name: "another project's reserved prefixes",
			log:  "The `kubernetes.io/` and `k8s.io/` prefixes are reserved for Kubernetes core components.\n",
		},
		{
			// Rust's panic in a networking crate, GCE's ingress controller
			// ("Unknown location type for forwarding rule"): the code corpus
			name: "another program's unknown location type",
			log:  "thread 'main' panicked at 'Unknown location type: 'udp'', src/endpoint.rs:42:18\n",
		},
		{
			// the guide's "Location type not supported/Unknown location type"
			// (accepted: Git, a storage account), said of the build context
			name: "the build context's unknown location type",
			log:  "Unknown location type for the Docker build context of environment myenv: use a storage account or Git.\n",
			want: "AML122", conf: Certain,
		},
		{
			name: "the curated environments' reserved prefixes",
			log:  "Environment names starting with Microsoft or AzureML: these prefixes are reserved for curated environments.\n",
			want: "AML101", conf: Certain,
		},
	})
}
