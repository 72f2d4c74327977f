package diagnose

import (
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// TestPipSweepShapes: the pip/build side (AML916 horovod build, AML905
// communications error, AML918 incompatible Python) in wordings taken from
// the tools' own sources, each with a neighbour that looks alike and is
// another problem or nothing.
func TestPipSweepShapes(t *testing.T) {
	runShapes(t, []shapeCase{
		// --- AML916: horovod's own refusals (horovod/horovod setup.py, CMakeLists.txt)
		// --- AML916 in a poster's words (real-log rules 2 and 8)
		{
			name: "a post saying horovod fails to build",
			log:  "horovod fails to build in the docker image with tensorflow 2.4\n",
			want: HorovodBuild, conf: Likely, subject: "horovod",
		},
		{
			name: "a post saying the horovod installation failed",
			log:  "The horovod installation failed when building the environment.\n",
			want: HorovodBuild, conf: Likely, subject: "horovod",
		},
		{
			name: "silent: horovod failing at training time is no build",
			log:  "Horovod failed to initialize NCCL during training on 4 GPUs.\n",
			sev:  lint.Warning,
		},
		{
			name: "silent: a training failure after installing horovod",
			log:  "After installing horovod, training failed with a NCCL timeout.\n",
			sev:  lint.Warning,
		},
		{
			name: "silent: a README's supposition",
			log:  "If the horovod build fails, set HOROVOD_WITHOUT_MXNET=1 and retry.\n",
		},
		{
			name: "silent: a changelog's fix",
			log:  "- Fixed horovod build failed with gcc 11 (#3456)\n",
		},

		// --- AML916: the build directory names horovod (rule 2) in pip 1.x's and Windows' paths
		{
			// pip 1.5 builds in tempfile.gettempdir()/pip_build_<user>/<name>
			name: "pip 1.5's build directory names horovod",
			log:  "Command python setup.py egg_info failed with error code 1 in /tmp/pip_build_root/horovod\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "silent: pip 1.5's build directory of another package is pip's catch-all",
			log:  "Command python setup.py egg_info failed with error code 1 in /tmp/pip_build_root/pycocotools\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "pip 20 on Windows: the quoted setup.py path names horovod",
			log:  "ERROR: Command errored out with exit status 1: 'C:\\Python38\\python.exe' -u -c 'import sys, setuptools, tokenize; sys.argv[0] = '\"'\"'C:\\\\Users\\\\me\\\\AppData\\\\Local\\\\Temp\\\\pip-install-abc123\\\\horovod_0a1b2c3d4e5f60718293a4b5c6d7e8f9\\\\setup.py'\"'\"';' install --record 'C:\\Users\\me\\AppData\\Local\\Temp\\pip-record-x\\install-record.txt' --single-version-externally-managed --compile Check the logs for full command output.\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "silent: pip 20 on Windows building another package is a compile error",
			log:  "ERROR: Command errored out with exit status 1: 'C:\\Python38\\python.exe' -u -c 'import sys, setuptools, tokenize; sys.argv[0] = '\"'\"'C:\\\\Users\\\\me\\\\AppData\\\\Local\\\\Temp\\\\pip-install-abc123\\\\pycocotools_0a1b2c3d4e5f60718293a4b5c6d7e8f9\\\\setup.py'\"'\"';' install --record 'C:\\Users\\me\\AppData\\Local\\Temp\\pip-record-x\\install-record.txt' --single-version-externally-managed --compile Check the logs for full command output.\n",
			want: CompileError,
		},
		{
			// setup.py before 0.16: raise DistutilsError('Neither TensorFlow nor PyTorch plugins were built. See errors above.')
			name: "old horovod built no framework plugin",
			log:  "    error: Neither TensorFlow nor PyTorch plugins were built. See errors above.\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			// bluefog's setup.py words it otherwise: not horovod
			name: "silent: bluefog built no framework plugin",
			log:  "    error: Neither PyTorch or TensorFlow plugins were built. See errors above.\n",
			sev:  lint.Warning,
		},
		{
			// setup.py: 'TensorFlow, PyTorch, and MXNet plugins were excluded from build. Aborting.'
			name: "every horovod plugin excluded",
			log:  "    error: TensorFlow, PyTorch, and MXNet plugins were excluded from build. Aborting.\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			// byteps' setup.py (a fork) lists its plugins in another order
			name: "silent: every byteps plugin excluded",
			log:  "    error: TensorFlow, MXNet, PyTorch plugins were excluded from build. Aborting.\n",
			sev:  lint.Warning,
		},
		{
			// CMakeLists.txt: message(FATAL_ERROR "Horovod requires NCCL 2.0 or later version please upgrade.")
			name: "horovod's CMake refuses an old NCCL",
			log:  "      CMake Error at CMakeLists.txt:187 (message):\n        Horovod requires NCCL 2.0 or later version please upgrade.\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "silent: a README says what horovod requires",
			log:  "Horovod requires NCCL 2.0 or later for GPU allreduce.\n",
		},
		{
			// CMakeLists.txt: "HOROVOD_GPU_OPERATIONS=${HOROVOD_GPU_OPERATIONS} is invalid, supported values are '', 'MPI', and 'NCCL'."
			name: "horovod's CMake refuses its GPU operations variable",
			log:  "      CMake Error at CMakeLists.txt:112 (message):\n        HOROVOD_GPU_OPERATIONS=nccl is invalid, supported values are '', 'MPI', and 'NCCL'.\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			// CMakeLists.txt: "MPI is not installed, try changing HOROVOD_CPU_OPERATIONS."
			name: "horovod's CMake finds no MPI for its CPU operations",
			log:  "        MPI is not installed, try changing HOROVOD_CPU_OPERATIONS.\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			// CMakeLists.txt: "Cannot set both HOROVOD_WITHOUT_GLOO and HOROVOD_CPU_OPERATIONS=GLOO."
			name: "horovod's CMake refuses Gloo both off and chosen",
			log:  "        Cannot set both HOROVOD_WITHOUT_GLOO and HOROVOD_CPU_OPERATIONS=GLOO.\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "silent: a Dockerfile sets horovod's operation variables",
			log:  "ENV HOROVOD_GPU_OPERATIONS=NCCL HOROVOD_CPU_OPERATIONS=GLOO\n",
		},
		{
			// GNU make's "*** [target] Error 1" on a target of horovod's CMake tree
			name: "make fails on a target in horovod's tree",
			log:  "    make[2]: *** [horovod/torch/CMakeFiles/pytorch.dir/build.make:76: horovod/torch/CMakeFiles/pytorch.dir/__/common/common.cc.o] Error 1\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "silent: make fails on another project's target",
			log:  "make[2]: *** [src/CMakeFiles/foo.dir/build.make:76: src/foo.o] Error 1\n",
			sev:  lint.Warning,
		},

		{
			// the CMake-extension setup.py idiom (horovod's too): raise RuntimeError('Cannot find CMake executable')
			name: "a setup.py finds no cmake",
			log:  "      RuntimeError: Cannot find CMake executable\n      [end of output]\n",
			want: MissingCommand, conf: Certain, subject: "cmake",
		},
		{
			name: "horovod's setup.py finds no cmake: the missing command ranks first (rule 41)",
			log:  "  Running setup.py install for horovod ... error\n    RuntimeError: Cannot find CMake executable\n",
			want: MissingCommand, conf: Certain, subject: "cmake",
		},
		{
			name: "silent: the setup.py line that raises it",
			log:  "            raise RuntimeError('Cannot find CMake executable')\n",
		},

		// --- AML909: linkers and cargo out of memory
		{
			// GNU ld (ldlang.c "%F%P: final link failed: %E", bfd_error_no_memory)
			name: "GNU ld runs out of memory in the final link",
			log:  "      /usr/bin/ld: final link failed: Memory exhausted\n      collect2: error: ld returned 1 exit status\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "silent: ld failing for another reason is a compile error",
			log:  "      /usr/bin/ld: cannot find -lcudart\n      collect2: error: ld returned 1 exit status\n",
			want: CompileError,
		},
		{
			// cargo's ProcessError: a child killed by signal 9
			name: "cargo's rustc killed by SIGKILL",
			log:  "  error: could not compile `tokenizers` (lib)\n\n  Caused by:\n    process didn't exit successfully: `rustc --crate-name tokenizers --edition=2018 …` (signal: 9, SIGKILL: kill)\n",
			want: OutOfMemory, conf: Likely,
		},
		{
			name: "silent: cargo's rustc crashing with SIGSEGV is no memory shortage",
			log:  "    process didn't exit successfully: `rustc --crate-name tokenizers …` (signal: 11, SIGSEGV: invalid memory reference)\n",
			sev:  lint.Warning,
		},

		{
			// cmd.exe keeps the double quotes of a quoted path inside its single ones;
			// micromamba's pip step then fails (libmamba "pip failed to install packages")
			name: "cmd cannot run micromamba by its quoted path (rule 40)",
			log:  "Installing pip packages: supy==2024.7.12.dev0\n'\"C:\\Users\\me\\micromamba\\condabin\\micromamba\"' is not recognized as an internal or external command,\noperable program or batch file.\ncritical libmamba pip failed to install packages\n",
			want: CondaCommandNotFound, conf: Certain, subject: "micromamba",
		},
		{
			name: "silent: cmd cannot run another quoted program: a missing command",
			log:  "'\"C:\\Program Files\\Git\\bin\\git.exe\"' is not recognized as an internal or external command,\n",
			want: MissingCommand, conf: Certain, subject: "git.exe",
		},

		// --- AML905: uv's download timeout (crates/uv-distribution/src/distribution_database.rs)
		{
			// "Failed to download distribution due to network timeout. Try increasing UV_HTTP_TIMEOUT (current value: {}s)."
			name: "uv times out downloading a wheel",
			log:  "  × Failed to download `torch==2.6.0`\n  ├─▶ Failed to extract archive\n  ╰─▶ Failed to download distribution due to network timeout. Try increasing UV_HTTP_TIMEOUT (current value: 30s).\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			// rustls' Error::InvalidCertificate display, under uv's causes
			name: "uv's TLS refuses the index's certificate",
			log:  "error: Request failed after 3 retries\n  Caused by: invalid peer certificate: UnknownIssuer\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "silent: a changelog entry on rustls' certificate errors",
			log:  "- Fix \"invalid peer certificate: UnknownIssuer\" with native roots (#1339)\n",
		},
		{
			name: "silent: a Dockerfile comment on uv's timeout",
			log:  "# uv's default 30s HTTP timeout aborts mid-download (uv says \"Try increasing UV_HTTP_TIMEOUT\").\nENV UV_HTTP_TIMEOUT=600\n",
		},

		// --- AML918: uv's interpreter against requires-python (crates/uv/src/commands/project/mod.rs)
		{
			// RequestedPythonProjectIncompatibility
			name: "uv's interpreter does not meet the project's requires-python",
			log:  "error: The requested interpreter resolved to Python 3.8.10, which is incompatible with the project's Python requirement: `>=3.9`\n",
			want: IncompatiblePython, conf: Certain,
		},
		{
			// DotPythonVersionProjectIncompatibility
			name: "uv's .python-version does not meet the project's requires-python",
			log:  "error: The Python request from `.python-version` resolved to Python 3.10.16, which is incompatible with the project's Python requirement: `>=3.13`\n",
			want: IncompatiblePython, conf: Certain,
		},
		// --- AML920: pip's own refusals (src/pip/_internal/exceptions.py, req/req_install.py)
		{
			// InvalidInstalledPackage, reference "invalid-installed-package" (pip 24.1+)
			name: "pip refuses an installed package with an invalid version",
			log:  "error: invalid-installed-package\n\n× Cannot process installed package distro-info 0.23ubuntu1 in '/usr/lib/python3/dist-packages' because it has an invalid version:\n│ Invalid version: '0.23ubuntu1'\n╰─> Starting with pip 24.1, packages with invalid versions can not be processed.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// InvalidEggFragment, reference "invalid-egg-fragment"
			name: "pip refuses an egg fragment with extras",
			log:  "#9 0.763 error: invalid-egg-fragment\n#9 0.763\n#9 0.763 × The 'nemo_toolkit[asr]' egg fragment is invalid\n#9 0.763 ╰─> from 'git+https://github.com/NVIDIA/NeMo.git@main#egg=nemo_toolkit[asr]'\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "silent: a script's comment on egg fragments",
			log:  "    # modern pip rejects it with \"egg fragment is invalid\" (#192).\n",
		},
		{
			// PreviousBuildDirError (pip 1.5-20)
			name: "old pip finds a build directory left by a failed install",
			log:  "pip can't proceed with requirements 'torch' due to a pre-existing build directory (/tmp/pip-build-root/torch). This is likely due to a previous installation that failed. pip is being responsible and not assuming it can delete this. Please delete it and try again.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// NoneMetadataError
			name: "pip finds an installed distribution without metadata",
			log:  "ERROR: None METADATA metadata found for distribution: <Distribution foo 1.0 (/opt/conda/lib/python3.10/site-packages)>\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// UserInstallationInvalid
			name: "pip has no user site for a --user install",
			log:  "ERROR: User base directory is not specified\n",
			want: PipInstallFailed, conf: Certain,
		},

		// --- AML918: Python cannot parse pip's own code (testdata/reallogs rule 24)
		{
			// pip 21 dropped Python 2.7 and uses f-strings (src/pip/_internal/cli/main.py)
			name: "Python 2.7 cannot parse pip 21",
			log:  "Traceback (most recent call last):\n  File \"/usr/local/bin/pip\", line 7, in <module>\n    from pip._internal.cli.main import main\n  File \"/usr/local/lib/python2.7/dist-packages/pip/_internal/cli/main.py\", line 60\n    sys.stderr.write(f\"ERROR: {exc}\")\n                                   ^\nSyntaxError: invalid syntax\n",
			want: IncompatiblePython, conf: Likely, subject: "pip",
		},
		{
			// get-pip.py run by an interpreter older than it supports: Python names the script itself
			name: "Python 2 cannot parse get-pip.py",
			log:  "#7 0.412   File \"get-pip.py\", line 24\n#7 0.412     print(f\"ERROR: This script does not work on Python {this_python}.\")\n#7 0.412                                                            ^\n#7 0.413 SyntaxError: invalid syntax\n",
			want: IncompatiblePython, conf: Likely, subject: "pip",
		},
		{
			// pip 22 uses "from __future__ import annotations", which Python 3.6 lacks
			name: "Python 3.6 cannot parse pip 22",
			log:  "  File \"/opt/conda/lib/python3.6/site-packages/pip/_internal/cli/main.py\", line 3\n    from __future__ import annotations\n    ^\nSyntaxError: future feature annotations is not defined\n",
			want: IncompatiblePython, conf: Likely, subject: "pip",
		},
		{
			name: "silent: a SyntaxError in the user's own script",
			log:  "Traceback (most recent call last):\n  File \"/app/train.py\", line 12\n    print \"done\"\n               ^\nSyntaxError: invalid syntax\n",
			sev:  lint.Warning,
		},
		{
			name: "silent: a SyntaxError well below a frame of pip's code",
			log:  "  File \"/usr/lib/python3/dist-packages/pip/_internal/cli/main.py\", line 60, in main\n    return command.main(cmd_args)\nok\nrunning the app\nstarting\n  File \"/app/score.py\", line 4\nSyntaxError: invalid syntax\n",
			sev:  lint.Warning,
		},
		{
			name: "silent: a SyntaxError in a file imported from pip's code",
			log:  "  File \"/usr/lib/python3/dist-packages/pip/_internal/utils/misc.py\", line 5, in <module>\n  File \"/app/sitecustomize.py\", line 3\n    print \"hi\"\n    ^\nSyntaxError: invalid syntax\n",
			sev:  lint.Warning,
		},
		// --- AML912: uv's resolver finding no version (crates/uv-resolver/src/pubgrub/report.rs)
		{
			name: "uv finds no versions of a package",
			log:  "  × No solution found when resolving dependencies:\n  ╰─▶ Because there are no versions of nosuchpkg and you require nosuchpkg, we can conclude that your requirements are unsatisfiable.\n",
			want: NoMatchingDistrib, conf: Certain, subject: "nosuchpkg",
		},
		{
			name: "uv finds only lower versions than required",
			log:  "  × No solution found when resolving dependencies:\n  ╰─▶ Because only httpx<=9999 is available and you require httpx>9999, we can conclude that the requirements are unsatisfiable.\n",
			want: NoMatchingDistrib, conf: Certain, subject: "httpx",
		},
		{
			name: "uv finds no wheel for the platform",
			log:  "  × No solution found when resolving dependencies:\n  ╰─▶ Because onnxruntime==1.20.1 has no wheels with a matching platform tag (e.g., `macosx_12_0_x86_64`) and you require\n      onnxruntime==1.20.1, we can conclude that your requirements are unsatisfiable.\n",
			want: NoMatchingDistrib, conf: Certain, subject: "onnxruntime",
		},
		{
			name: "silent: a uv conflict chain ending in the only version is pip's catch-all, not a missing version",
			log:  "  × No solution found when resolving dependencies:\n  ╰─▶ Because only requests==2.5.4.1 is available and rpcats==0.1.0 depends on\n      requests>=2.32.3, we can conclude that rpcats==0.1.0 cannot be used.\n      And because only rpcats==0.1.0 is available and you require rpcats, we\n      can conclude that your requirements are unsatisfiable.\n",
			want: PipInstallFailed,
		},

		// --- AML918 near-misses: where conda's conflict report ends (conda/resolve.py, conda/exceptions.py)
		{
			name: "conda 4.3's report with python among the conflicting specs",
			log:  "UnsatisfiableError: The following specifications were found to be in conflict:\n  - python 3.6*\n  - tensorflow 2.12* -> python >=3.8,<3.12\nUse \"conda info <package>\" to see the dependencies for each package.\n",
			want: IncompatiblePython, conf: Likely,
		},
		{
			name: "silent: an environment file pasted after conda's report is not the conflict",
			log:  "UnsatisfiableError: The following specifications were found to be in conflict:\n  - mantid-framework\nUse \"conda info <package>\" to see the dependencies for each package.\n```\nHere is my environment file:\n```\ndependencies:\n  - git\n  - python\n  - numpy\n",
			sev:  lint.Warning,
		},
		{
			name: "silent: conda 4.7's virtual-package section names python's chain to __glibc",
			log:  "UnsatisfiableError: The following specifications were found to be incompatible with your system:\n\n  - feature:/linux-64::__glibc==2.17=0\n  - python=3.11 -> libgcc-ng[version='>=11.2.0'] -> __glibc[version='>=2.17']\n\nYour installed version is: 2.17\n",
			sev:  lint.Warning,
		},

		{
			// numpy's setup.py: if sys.version_info[:2] < (3, 8): raise RuntimeError("Python version >= 3.8 required.")
			name: "numpy's setup.py refuses the interpreter",
			log:  "      RuntimeError: Python version >= 3.8 required.\n      [end of output]\n",
			want: IncompatiblePython, conf: Certain,
		},
		{
			name: "silent: the setup.py line that raises it",
			log:  "    raise RuntimeError(\"Python version >= 3.8 required.\")\n",
		},

		// --- AML918: poetry's interpreter checks (src/poetry/utils/env/exceptions.py)
		{
			// NoCompatiblePythonVersionFoundError without a given version
			name: "poetry finds no interpreter the project supports",
			log:  "The currently activated Python version 3.10.9 is not supported by the project (>=3.11,<3.14).\nTrying to find and use a compatible version. \n\n  NoCompatiblePythonVersionFound\n\n  Poetry was unable to find a compatible version. If you have one, you can explicitly use it via the \"env use\" command.\n",
			want: IncompatiblePython, conf: Certain,
		},
		{
			// InvalidCurrentPythonVersionError
			name: "poetry refuses the current interpreter",
			log:  "Current Python version (3.8.10) is not allowed by the project (^3.9).\nPlease change python executable via the \"env use\" command.\n",
			want: IncompatiblePython, conf: Certain,
		},
		{
			name: "silent: poetry's notice before it finds another interpreter",
			log:  "The currently activated Python version 3.12.1 is not supported by the project (>=3.10,<3.12).\nTrying to find and use a compatible version. \nUsing python3.11 (3.11.7)\nInstalling dependencies from lock file\n",
		},
		{
			name: "silent: a test's expected message",
			log:  "        \"Poetry was unable to find a compatible version. \"\n",
		},
		{
			name: "silent: a guide names uv's message",
			log:  "If you see \"incompatible with the project's Python requirement\", run uv python pin.\n",
		},
	})
}
