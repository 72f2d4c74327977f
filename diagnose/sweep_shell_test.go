package diagnose

import (
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// TestCondaShellShapes: the conda/shell problems (AML908 conda timeout,
// AML914 interactive auth, AML917 conda command not found, AML919 bare
// redirection) in wordings taken from the tools' own sources, each with a
// neighbour that looks alike and is another problem or none.
func TestCondaShellShapes(t *testing.T) {
	runShapes(t, []shapeCase{
		// --- AML917: every shell's words for a conda that is not on the PATH
		{
			// bash shell.c: a login shell's argv[0] is "-bash", and bash's
			// messages start with it
			name: "a login bash cannot find conda",
			log:  "-bash: conda: command not found\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "silent: a login bash cannot find conda-build, which is no conda",
			log:  "-bash: conda-build: command not found\n",
			want: MissingCommand, conf: Certain, subject: "conda-build",
		},
		{
			// BusyBox shell/ash.c names itself by argv[0]: "ash: X: not found"
			name: "BusyBox ash cannot find micromamba",
			log:  "ash: micromamba: not found\n",
			want: CondaCommandNotFound, conf: Certain, subject: "micromamba",
		},
		{
			name: "silent: BusyBox ash cannot find gcc, a missing command",
			log:  "ash: gcc: not found\n",
			want: MissingCommand, conf: Certain, subject: "gcc",
		},
		{
			// xonsh/procs/specs.py: "xonsh: subprocess mode: command not found: {0}"
			name: "xonsh cannot find conda",
			log:  "xonsh: subprocess mode: command not found: 'conda'\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			// PowerShell's CommandNotFoundException error record, pasted without
			// the "The term 'conda' is not recognized" line above it
			name: "PowerShell's error record for conda",
			log:  "    + CategoryInfo          : ObjectNotFound: (conda:String) [], CommandNotFoundException\n    + FullyQualifiedErrorId : CommandNotFoundException\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "silent: PowerShell's error record for git is a missing command",
			log:  "    + CategoryInfo          : ObjectNotFound: (git:String) [], CommandNotFoundException\n",
			want: MissingCommand, conf: Certain, subject: "git",
		},
		{
			name: "silent: conda's own CommandNotFoundError is no missing conda (tune chemprop-100, holoviz-175)",
			log:  "CommandNotFoundError: Your shell has not been properly configured to use 'conda activate'.\nThe command '/bin/sh -c conda activate myenv' returned a non-zero code: 1\n",
			want: UnrecognisedFailure,
		},
		{
			// runc 1.0 libcontainer/container_linux.go quotes Go's os/exec error
			// inside its own: `starting container process caused "exec: \"conda\": …"`
			name: "runc 1.0 cannot exec conda (escaped quotes)",
			log:  "docker: Error response from daemon: OCI runtime create failed: container_linux.go:349: starting container process caused \"exec: \\\"conda\\\": executable file not found in $PATH\": unknown.\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "silent: runc 1.0 cannot exec python, a missing command",
			log:  "docker: Error response from daemon: OCI runtime create failed: container_linux.go:349: starting container process caused \"exec: \\\"python\\\": executable file not found in $PATH\": unknown.\n",
			want: MissingCommand, conf: Certain, subject: "python",
		},
		{
			// crun src/libcrun/container.c: "executable file `%s` not found in $PATH"
			name: "crun (podman) cannot exec conda",
			log:  "Error: crun: executable file `conda` not found in $PATH: No such file or directory: OCI runtime attempted to invoke a command that was not found\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "silent: crun cannot exec mamba-lint, which is no conda",
			log:  "Error: crun: executable file `mamba-lint` not found in $PATH: No such file or directory: OCI runtime attempted to invoke a command that was not found\n",
			want: MissingCommand, subject: "mamba-lint",
		},
		{
			// azure-pipelines-task-lib toolrunner: "Unable to locate executable
			// file: '%s'. Please verify either the file path exists …"
			name: "Azure Pipelines' task cannot find conda (quoted name)",
			log:  "##[error]Error: Unable to locate executable file: 'conda'. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable.\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "silent: Azure Pipelines' task cannot find zip, a missing command",
			log:  "##[error]Error: Unable to locate executable file: 'zip'. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable.\n",
			want: MissingCommand, conf: Certain, subject: "zip",
		},
		{
			// zsh -c names the line: "zsh:1: command not found: conda"
			name: "zsh -c cannot find conda",
			log:  "zsh:1: command not found: conda\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "ksh93 running a script cannot find micromamba",
			log:  "./setup.sh[3]: micromamba: not found\n",
			want: CondaCommandNotFound, conf: Certain, subject: "micromamba",
		},
		{
			name: "GNU xargs cannot find conda",
			log:  "xargs: conda: No such file or directory\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "sudo runs conda by a path that is not there",
			log:  "sudo: unable to execute /opt/conda/bin/conda: No such file or directory\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "BusyBox env cannot find conda",
			log:  "env: can't execute 'conda': No such file or directory\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "silent: BusyBox env cannot find python, a missing command",
			log:  "env: can't execute 'python': No such file or directory\n",
			want: MissingCommand, conf: Certain, subject: "python",
		},
		{
			// snakemake deployment/conda.py: "The 'mamba' command is not
			// available in the shell {} that will be used by Snakemake."
			name: "Snakemake finds no mamba in its shell",
			log:  "CreateCondaEnvironmentException:\nThe 'mamba' command is not available in the shell /usr/bin/bash that will be used by Snakemake. You have to ensure that it is in your PATH, e.g., first activating the conda base environment with `conda activate base`.\n",
			want: CondaCommandNotFound, conf: Certain, subject: "mamba",
		},
		{
			// cmd names the program as it was typed, path and all
			name: "cmd cannot find conda.exe by its path",
			log:  "'C:\\Miniconda3\\Scripts\\conda.exe' is not recognized as an internal or external command,\noperable program or batch file.\n",
			want: CondaCommandNotFound, conf: Certain,
		},
		{
			// CPython Lib/subprocess.py CalledProcessError.__str__: "Command '%s'
			// returned non-zero exit status %d."; 127 is the shell's code for a
			// command it cannot find (shell=True)
			name: "a conda command run from Python exits with 127",
			log:  "Traceback (most recent call last):\n  File \"build.py\", line 8, in <module>\n    subprocess.run(\"conda env create -f env.yml\", shell=True, check=True)\nsubprocess.CalledProcessError: Command 'conda env create -f env.yml' returned non-zero exit status 127.\n",
			want: CondaCommandNotFound, conf: Likely, subject: "conda",
		},
		{
			name: "a micromamba command as a list's repr exits with 127",
			log:  "subprocess.CalledProcessError: Command '['micromamba', 'install', '-y', 'numpy']' returned non-zero exit status 127.\n",
			want: CondaCommandNotFound, conf: Likely, subject: "micromamba",
		},
		{
			name: "silent: a conda command run from Python exits with 1 (no missing conda)",
			log:  "subprocess.CalledProcessError: Command 'conda env create -f env.yml' returned non-zero exit status 1.\n",
			want: UnrecognisedFailure,
		},
		{
			// conda 4.3-'s `source activate ENV` (or cmd's `activate ENV`) looks
			// activate up on the PATH: a bare activate is conda's, most likely
			name: "dash cannot find a bare activate",
			log:  "Step 6/7 : RUN activate myenv\n ---> Running in 0a1b\n/bin/sh: 1: activate: not found\nThe command '/bin/sh -c activate myenv' returned a non-zero code: 127\n",
			want: CondaCommandNotFound, conf: Likely, subject: "activate",
		},
		{
			name: "cmd cannot find a bare activate",
			log:  "'activate' is not recognized as an internal or external command,\noperable program or batch file.\n",
			want: CondaCommandNotFound, conf: Likely, subject: "activate",
		},
		{
			name: "silent: a virtualenv's activate missing by its path is no conda",
			log:  "/bin/bash: /home/u/venv/bin/activate: No such file or directory\n",
			want: MissingCommand,
		},
		{
			// reallogs rule 38: bash syntax run by sh names no program
			name: "silent: dash has no source builtin (bash syntax run by sh)",
			log:  "Step 6/7 : RUN source activate myenv\n ---> Running in 0a1b\n/bin/sh: 1: source: not found\nThe command '/bin/sh -c source activate myenv' returned a non-zero code: 127\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: dash has no [[ (reallogs rule 38)",
			log:  "#8 [3/4] RUN [[ -f env.yml ]] && conda env update -f env.yml\n#8 0.2 /bin/sh: 1: [[: not found\n#8 ERROR: process \"/bin/sh -c [[ -f env.yml ]] && conda env update -f env.yml\" did not complete successfully: exit code: 127\n",
			want: UnrecognisedFailure,
		},

		// --- AML914: a login that waits for someone to answer it
		{
			// Azure AD's device-code prompt names a page that has changed
			// (microsoft.com/devicelogin, login.microsoft.com/device); the
			// Azure Artifacts Credential Provider prints it as "To sign in, use
			// a web browser to open the page {0} and enter the code {1} to
			// authenticate." (CredentialProvider.Microsoft/Resources.resx
			// AdalDeviceFlowMessage)
			name: "a device-code prompt for the newer page",
			log:  "#9 [5/6] RUN pip install -r requirements.txt\n#9 3.2 To sign in, use a web browser to open the page https://login.microsoft.com/device and enter the code FGH34KLM to authenticate.\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			name: "silent: a sentence naming the device-code prompt, with no page or code",
			log:  "The device code flow prints \"To sign in, use a web browser to open the page\" with a code; use a service principal in CI instead.\n",
		},
		{
			// Resources.resx DeviceFlowTimedOut: "Device flow authentication
			// failed. User was presented with device flow, but didn't react
			// within {0} seconds."
			name: "the credential provider's device flow got no answer",
			log:  "[Error] [CredentialProvider]Device flow authentication failed. User was presented with device flow, but didn't react within 90 seconds.\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			// the same message without the provider's "[CredentialProvider]"
			// prefix (pip's keyring plug-in passes it on as it is): only the
			// "User was presented with device flow" trigger brings it to
			// onAuth, else the step's pip failure is all there is (AML920)
			name: "the device flow with no answer, without the provider's prefix",
			log:  "#8 12.3 Device flow authentication failed. User was presented with device flow, but didn't react within 90 seconds.\n#8 ERROR: process \"/bin/sh -c pip install -r requirements.txt\" did not complete successfully: exit code: 1\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			name: "silent: the credential provider naming its device flow before a successful install",
			log:  "#8 3.1 [CredentialProvider]Using the device flow authentication provider\n#8 5.2 Successfully installed mypkg-1.0\n",
		},
		{
			name: "silent: the credential provider's other lines are no prompt",
			log:  "[Verbose] [CredentialProvider]Running in plug-in mode\n[Information] [CredentialProvider]Using the MSAL cache at /root/.local/.IdentityService\n",
		},
		{
			// azureml-core authentication.py prints "Interactive authentication
			// successfully completed." after its login: the prompt was answered
			// (a client-side log pasted above an image build)
			name: "silent: azureml-core's device-code login answered on the client",
			log:  "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code AWUEQBGKV to authenticate.\nBuilding a non-registered environment is not supported. Registering environment.\nPerforming interactive authentication. Please follow the instructions on the terminal.\nInteractive authentication successfully completed.\nImage Build Status: Queued\n",
		},
		{
			// Git Credential Manager for Windows, Program.cs: "Logon failed, use
			// ctrl+c to cancel basic credential prompt." before git's own prompt
			name: "Git Credential Manager falls back to git's prompt",
			log:  "Logon failed, use ctrl+c to cancel basic credential prompt.\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			// azure-cli's interactive login (azure/cli/core/auth/identity.py,
			// login_with_auth_code): "A web browser has been opened at {}. Please
			// continue the login in the web browser. …", in a build with nobody to answer
			name: "az login waits for a browser in the build",
			log:  "#7 [4/5] RUN az login && az artifacts universal download --name model\n#7 2.1 A web browser has been opened at https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize. Please continue the login in the web browser. If no web browser is available or if the web browser fails to open, use device code flow with `az login --use-device-code`.\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			name: "silent: az login's browser login answered at a terminal (its account list follows)",
			log:  "$ az login\nA web browser has been opened at https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize. Please continue the login in the web browser.\n[\n  {\n    \"cloudName\": \"AzureCloud\",\n    \"isDefault\": true\n  }\n]\n",
		},
		{
			name: "silent: docker login's refusal to prompt is a registry's, not a feed's",
			log:  "Error: Cannot perform an interactive login from a non TTY device\n",
			want: UnrecognisedFailure,
		},

		// --- AML908: a stop for time counts only while conda solves
		{
			// reallogs rule 19: CI's limit while "Solving environment" has no result
			name: "GitHub Actions cancels the job while conda solves",
			log:  "Collecting package metadata (repodata.json): ...working... done\nSolving environment: ...working...\n##[error]The operation was canceled.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			// reallogs rule 39: conda had not reached the solver
			name: "silent: cancelled while conda still collects the metadata",
			log:  "Collecting package metadata (current_repodata.json): ...working...\n##[error]The operation was canceled.\n",
			want: UnrecognisedFailure,
		},
		{
			// reallogs rule 33: the solve was over (conda/core/link.py's
			// "Downloading and Extracting Packages" follows the plan)
			name: "silent: CI's time limit while conda downloads the packages it solved for",
			log:  "#8 [3/4] RUN conda env create -f env.yml\n#8 40.1 Solving environment: done\n#8 41.0 Downloading and Extracting Packages\n#8 41.2 pytorch-2.0.1        | 1.2 GB    | ####       |  40%\nError: The action has timed out.\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: the time limit while conda's pip installs (conda env's 'Installing pip dependencies')",
			log:  "Solving environment: done\nPreparing transaction: done\nVerifying transaction: done\nExecuting transaction: done\nInstalling pip dependencies: ...working...\nERROR: Job failed: execution took longer than 1h0m0s seconds\n",
			want: UnrecognisedFailure,
		},
		{
			name: "after a flexible-solve retry conda is solving again when slurm stops it",
			log:  "Solving environment: failed with initial frozen solve. Retrying with flexible solve.\nSolving environment: failed with repodata from current_repodata.json, will retry with next repodata source.\nCollecting package metadata (repodata.json): done\nSolving environment: \\\nslurmstepd: error: *** JOB 1234567 ON node01 CANCELLED AT 2024-03-05T10:11:12 DUE TO TIME LIMIT ***\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			// conda 4.3's crash report continues its spinner's line (tune conda-4985)
			name: "silent: conda 4.3's unexpected error on the solve's line is no solve still running",
			log:  "Fetching package metadata .........\nSolving package specifications: An unexpected error has occurred.\n\nCurrent conda install:\n\n               platform : linux-64\n          conda version : 4.3.11\n",
			want: UnrecognisedFailure,
		},
		{
			name: "conda 4.3's solve with dots and no plan when Azure Pipelines' limit hits",
			log:  "Fetching package metadata .............\nSolving package specifications: .\n##[error]The job running on agent Hosted Agent ran longer than the maximum time of 60 minutes.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			// libmamba api/install.cpp prints "Pinned packages:" right before
			// solver.try_solve(): micromamba has no "Solving environment" line
			name: "a micromamba log that stops after its pins, in the solve",
			log:  "#9 [4/6] RUN micromamba install -y -n base -f env.yaml\n#9 1.2 conda-forge/linux-64                                  34.1MB @   5.2MB/s  6.7s\n#9 8.3 Pinned packages:\n#9 8.3   - python 3.11.*\n#9 8.3 \n",
			want: CondaTimeout, conf: Likely, sev: lint.Warning,
		},
		{
			name: "silent: micromamba's pins, then its transaction and its end",
			log:  "#9 8.3 Pinned packages:\n#9 8.3   - python 3.11.*\n#9 9.0 Transaction\n#9 9.0   Updating specs:\n#9 9.5 Transaction starting\n#9 20.1 Transaction finished\n#9 DONE 21.0s\n",
		},
		{
			name: "silent: a time limit after micromamba's transaction started is no slow solve",
			log:  "#9 [4/6] RUN micromamba install -y -n base -f env.yaml\n#9 8.3 Pinned packages:\n#9 8.3   - python 3.11.*\n#9 9.0 Transaction\n#9 9.0   Updating specs:\n#9 9.5 Transaction starting\n#9 9.6 pytorch   1.2GB   downloading\nERROR: failed to solve: DeadlineExceeded: context deadline exceeded\n",
			want: UnrecognisedFailure,
		},
		{
			// Jenkins' timeout step (workflow-basic-steps TimeoutStepExecution):
			// "Cancelling nested steps due to timeout"
			// (the detail is onTimeout's, which only the trigger reaches:
			// without it onSlowWords reads "due to timeout" as a poster's)
			name: "Jenkins' timeout step stops the job while conda solves",
			log:  "Solving environment: ...working...\nCancelling nested steps due to timeout\nSending interrupt signal to process\nscript returned exit code 143\n",
			want: CondaTimeout, conf: Likely, detail: "stopped for time while conda was still working",
		},
		{
			// Jenkins Pipeline's timeout, as declarative options{timeout}
			// reports it: "Timeout has been exceeded" (without the trigger
			// the verdict would rest on where the log stops, and the log
			// goes on after it)
			name: "Jenkins' pipeline timeout exceeded while conda solves",
			log:  "Solving environment: ...working...\nTimeout has been exceeded\nSending interrupt signal to process\n[Pipeline] }\n[Pipeline] End of Pipeline\nFinished: ABORTED\n",
			want: CondaTimeout, conf: Likely, detail: "stopped for time while conda was still working",
		},
		{
			name: "silent: Jenkins' pipeline timeout exceeded while pip installs is no conda timeout",
			log:  "[Pipeline] sh\n+ pip install -r requirements.txt\nTimeout has been exceeded\nSending interrupt signal to process\n[Pipeline] End of Pipeline\nFinished: ABORTED\n",
		},
		{
			// Read the Docs (BuildUserError.BUILD_TIME_OUT, BuildTimeoutError):
			// "Build exited due to time out"
			name: "Read the Docs stops the build for time while conda solves",
			log:  "Solving environment: ...working...\nBuild exited due to time out.\n",
			want: CondaTimeout, conf: Likely, sev: lint.Error,
		},
		{
			// its neighbour for memory (from docker's OOMKilled state) is no
			// slow solve: "Build exited due to excessive memory consumption"
			name: "silent: Read the Docs stops the build for memory while conda solves (out of memory)",
			log:  "Solving environment: ...working...\nBuild exited due to excessive memory consumption\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "silent: Jenkins' timeout step while pip installs is no conda timeout",
			log:  "[Pipeline] sh\n+ pip install -r requirements.txt\nCancelling nested steps due to timeout\nSending interrupt signal to process\n",
		},

		// --- AML914 in words: denied in its own clause is no prompt
		{
			name: "silent: a poster saying pip never asks for credentials",
			log:  "We use a personal access token so that pip never asks for credentials.\n",
		},
		{
			name: "a denial in another clause leaves the prompt reported",
			log:  "pip does not exit, it asks for a password for the private index.\n",
			want: InteractiveAuth, conf: Likely,
		},

		// --- AML919 in words: the operator named bare, as what a command used
		{
			// bash(1) REDIRECTION: an unquoted > or < starts a redirection;
			// PR prose (tune astropy-1390's kind) names the operator unquoted
			name: "pip commands using a bare > or >= fail",
			log:  "Quote the specs: pip commands using > or >= would fail or succeed silently.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "silent: a comparison with >= and a number is no operator named",
			log:  "Use pip with >= 2 GB of free disk space.\n",
		},
		{
			name: "silent: an operator named with no failure told",
			log:  "pip install \"numpy>=1.20\" works with >= in quotes.\n",
		},

		// --- AML919: the shell cannot create the file an unquoted > names
		{
			// dash: "/bin/sh: 1: cannot create X: Permission denied" (a
			// non-root user in a root-owned WORKDIR); numpy>=1.20 writes to "=1.20"
			name: "dash cannot create the file a bare >= names",
			log:  "/bin/sh: 1: cannot create =1.20: Permission denied\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "silent: dash cannot create a log file (no bound)",
			log:  "/bin/sh: 1: cannot create /var/log/app.log: Permission denied\n",
		},
		{
			// bash redir.c under noclobber: "cannot overwrite existing file"
			name: "bash will not overwrite the =1.20 a bare >= made before",
			log:  "bash: =1.20: cannot overwrite existing file\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			// bash redir.c: the file an unquoted > names cannot be written
			// ("bash: FILE: Permission denied", strerror(EACCES); EROFS on a
			// read-only layer); the triggers ": Permission denied" and ": Read-only
			// file system" alone bring these lines
			name: "bash cannot write the =1.20 a bare >= names",
			log:  "bash: =1.20: Permission denied\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "bash cannot write the =2.0 a bare >= names on a read-only file system",
			log:  "bash: =2.0: Read-only file system\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "silent: bash cannot write a bare number (a descriptor's or a count's, no bound)",
			log:  "bash: 2: Permission denied\n",
		},
		{
			// PowerShell 7's parser error view (ParserStrings
			// RedirectionNotSupported: "The '<' operator is reserved for
			// future use."): the shell ran nothing, so the bound is the failure
			name: "PowerShell refuses the bare < of a pip install",
			log:  "ParserError:\nLine |\n   1 |  pip install numpy<2\n     |                   ~\n     | The '<' operator is reserved for future use.\n",
			want: CondaBareRedirection, conf: Certain, sev: lint.Error,
		},
		{
			name: "silent: PowerShell refuses a < that is no install's",
			log:  "PS> Get-Content a.txt < b.txt\nThe '<' operator is reserved for future use.\n",
		},

		// --- AML908 in words: how long, and not a supposition, advice or a run that ended
		{
			name: "a poster saying the conda solve takes too long and the build times out",
			log:  "conda is taking too long to solve the environment and the build times out after 2 hours.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "a poster saying mamba takes a very long time to solve",
			log:  "mamba takes a very long time to solve the environment.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "a poster saying the solve runs indefinitely",
			log:  "conda solve runs indefinitely on this environment.yml\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "a poster naming conda's solve step by its line",
			log:  "Solving environment takes ages when I build the Azure ML environment.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			// tune pangeo-docker-images-546: the denial is in another clause
			name: "a denial in another clause leaves the timeout reported",
			log:  "Seems like 45min didn't work either, so I'm increasing the timeout to 3 hours in the conda-lock job.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "silent: a supposition about a slow conda",
			log:  "If conda takes too long to solve, use mamba instead.\n",
		},
		{
			name: "silent: advice with a modal (the classic solver can take a long time)",
			log:  "Use libmamba: the classic solver can take a long time on large environments, so conda 23.10 switched the default.\n",
		},
		{
			name: "silent: a shell comment on a conda command",
			log:  "conda create -n env python=3.10  # this may take a long time\n",
		},
		{
			name: "silent: slow downloads are no slow solve",
			log:  "Downloading packages takes ages with conda on our slow network.\n",
		},
		{
			name: "silent: a long solve that finished",
			log:  "The conda solve took a long time but finished after 40 minutes.\n",
		},
		{
			name: "silent: a sentence about a solve that finished is no spinner cut short",
			log:  "Solving environment took 20 minutes but it finished fine.\n",
			sev:  lint.Warning,
		},

		// --- AML917 in words: what has no conda, the shell's words quoted before it
		{
			name: "a poster saying the image has no conda, and what failed",
			log:  "It looks like the image has no conda, so conda env create fails.\n",
			want: CondaCommandNotFound, conf: Likely, subject: "conda",
		},
		{
			name: "silent: an image with no mamba and nothing failed",
			log:  "The base image has no mamba, so we use conda instead.\n",
		},
		{
			name: "silent: no conda experience is no missing command",
			log:  "I have no conda experience, so the build failed at the pip step.\n",
		},
		{
			name: "silent: the image has no conda environment of that name (conda is there)",
			log:  "The image has no conda environment named myenv, so activation fails.\n",
		},
		{
			name: "a poster quoting the shell's 'command not found' for conda",
			log:  "We get \"command not found\" for conda in the RUN step.\n",
			want: CondaCommandNotFound, conf: Likely, subject: "conda",
		},

		// --- AML919 and AML914 in words: the other word orders
		{
			name: "a poster saying the shell interprets >= as output redirection",
			log:  "Without quotes the >= is interpreted by the shell as output redirection.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "a poster saying the shell treats < as input redirection",
			log:  "The shell treats < as input redirection unless you quote the requirement.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "silent: a redirect told by the shell, with no bound or version in view",
			log:  "The shell treats this as a redirection of stderr.\n",
		},
		{
			name: "a poster saying pip authenticates interactively against the feed",
			log:  "pip tries to authenticate interactively against the Artifacts feed during the image build.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "silent: signing in interactively told with no package source",
			log:  "az login lets you sign in interactively with a browser.\n",
		},
	})
}
