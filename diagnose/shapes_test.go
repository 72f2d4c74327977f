package diagnose

import (
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// TestShapes covers the shapes real, pasted logs come in (issue 10): each
// shape has a case that fires and a near miss that must stay silent (or
// give something else). want is the first finding's ID ("" for none),
// conf its confidence.
func TestShapes(t *testing.T) {
	tests := []shapeCase{
		// --- excerpts: quoted, fenced, prefixed
		{
			name: "quoted with > and fenced",
			log:  "> ```\n> #8 [3/4] RUN conda env create -f conda.yml\n> #8 9.880 PackagesNotFoundError: The following packages are not available from current channels:\n>\n>   - nosuchpkg=1.0\n> ```\n",
			want: PackageNotFound, conf: Certain, subject: "nosuchpkg=1.0",
		},
		{
			name: "nested quotes and a timestamp",
			log:  "> > 2024-03-05T10:11:12.1234567Z ERROR: No matching distribution found for nosuch==1.0\n",
			want: NoMatchingDistrib, conf: Certain, subject: "nosuch==1.0",
		},
		{
			name: "quote markers do not eat BuildKit's summary arrow; a failed pip step with no cause is pip's catch-all",
			log:  "------\n > [3/4] RUN pip install x:\n------\nERROR: failed to solve: process \"/bin/sh -c pip install x\" did not complete successfully: exit code: 1\n",
			want: PipInstallFailed, conf: Likely,
		},
		{
			name: "silent: a failed conda step with no cause is not pip's",
			log:  "ERROR: failed to solve: process \"/bin/sh -c conda env create -f env.yml && pip install x\" did not complete successfully: exit code: 1\n",
			want: UnrecognisedFailure, conf: Certain,
		},
		{
			name: "pip's own crash",
			log:  "ERROR: Exception:\nTraceback (most recent call last):\n  File \"/usr/lib/python3/dist-packages/pip/_internal/cli/base_command.py\", line 173, in _main\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "pip's build-dependency step failed",
			log:  "#9 7.312 × pip subprocess to install build dependencies did not run successfully.\n#9 7.312 │ exit code: 1\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "pip's summary names horovod",
			log:  "Failed to build horovod\nERROR: Could not build wheels for horovod, which is required to install pyproject.toml-based projects\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "a traceback through horovod's setup.py",
			log:  "      -- Configuring incomplete, errors occurred!\n      Traceback (most recent call last):\n        File \"/tmp/pip-req-build-bnegxg7f/setup.py\", line 213, in <module>\n          setup(name='horovod',\n",
			want: HorovodBuild, conf: Likely, subject: "horovod",
		},
		{
			name: "CMake configuring failed",
			log:  "-- Configuring incomplete, errors occurred!\n",
			want: CompileError, conf: Certain,
		},
		{
			// distutils' spawn: "unable to execute %r: %s"; a post whose only
			// text is the message without its reason (reallogs README rule 8)
			name: "distutils' unable to execute as a post's only line",
			log:  "unable to execute 'gcc'\n",
			want: MissingCommand, conf: Likely, subject: "gcc",
		},
		{
			name: "silent: unable to execute for another reason than a missing program",
			log:  "unable to execute 'gcc': Permission denied\n",
			want: "",
		},
		{
			name: "silent: a changelog line naming unable to execute",
			log:  "- Fix unable to execute 'gcc' on macOS (#123)\n",
			want: "",
		},
		{
			// setuptools-rust's "error: can't find Rust compiler" told in a
			// poster's words (reallogs README rule 37)
			name: "a poster saying the build cannot find a Rust compiler",
			log:  "pip install transformers fails in the Docker build: Can not find Rust compiler while building tokenizers.\n",
			want: MissingCommand, conf: Likely, subject: "rustc",
		},
		{
			name: "silent: prose that a Rust compiler is no longer needed",
			log:  "tokenizers ships wheels, so pip no longer has to find Rust compiler toolchains.\n",
			want: "",
		},
		{
			name: "a CRLF script is no missing command",
			log:  "/bin/sh: 2: $'\\r': command not found\nThe command '/bin/sh -c ./setup.sh' returned a non-zero code: 127\n",
			want: UnrecognisedFailure,
		},

		// --- image pulls in the words of containerd, the kubelet, BuildKit and
		// the Docker daemon (issue 10: other wordings than the tune logs').
		{
			// containerd remotes: errors.Wrapf(err, "failed to resolve reference %q", ref)
			// https://github.com/containerd/containerd/blob/main/client/pull.go
			name: "containerd cannot resolve the image reference",
			log:  "Error: failed to resolve reference \"docker.io/library/pytorch:2.0\": docker.io/library/pytorch:2.0: not found\n",
			want: PullFailed, conf: Certain, subject: "docker.io/library/pytorch:2.0",
		},
		{
			// kubelet image manager: fmt.Sprintf("Back-off pulling image %q", image)
			// https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/images/image_manager.go
			name: "kubelet backs off pulling the job's image",
			log:  "  Normal   BackOff    10s (x4 over 1m)   kubelet  Back-off pulling image \"mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latestt\"\n",
			want: PullFailed, conf: Certain, subject: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latestt",
		},
		{
			// kubelet: ErrImageNeverPull, same source
			name: "kubelet may not pull the image",
			log:  "  Warning  ErrImageNeverPull  5s  kubelet  Container image \"myimage:1\" is not present with pull policy of Never\n",
			want: PullFailed, conf: Certain,
		},
		{
			// BuildKit (older frontends): "failed to create LLB definition: REF: not found"
			// https://github.com/moby/buildkit/blob/master/frontend/dockerfile/builder/build.go
			name: "BuildKit cannot find the FROM image",
			log:  "#2 [internal] load metadata for docker.io/library/pythn:3.9\n#2 ERROR: docker.io/library/pythn:3.9: not found\n------\n > [internal] load metadata for docker.io/library/pythn:3.9:\n------\nfailed to solve with frontend dockerfile.v0: failed to create LLB definition: docker.io/library/pythn:3.9: not found\n",
			want: PullFailed, conf: Certain, subject: "docker.io/library/pythn:3.9",
		},
		{
			name: "silent: a Dockerfile parse error is no pull failure",
			log:  "failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 5: unknown instruction: PIP\n",
			want: UnrecognisedFailure,
		},
		{
			// containerd/BuildKit docker authorizer: "failed to authorize: failed to fetch anonymous token"
			// https://github.com/containerd/containerd/blob/main/core/remotes/docker/authorizer.go
			name: "the registry refuses an anonymous token",
			log:  "ERROR: failed to solve: mcr.microsoft.com/azureml/foo:latest: failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized\n",
			want: PullFailed, conf: Certain,
		},
		{
			// Docker distribution errors: "unauthorized: incorrect username or password"
			// https://github.com/distribution/distribution/blob/main/registry/api/errcode/register.go
			name: "the daemon's manifest request is unauthorized",
			log:  "Error response from daemon: Head \"https://registry-1.docker.io/v2/library/foo/manifests/latest\": unauthorized: incorrect username or password\n",
			want: PullFailed, conf: Certain, subject: "docker.io/library/foo:latest",
		},
		{
			// ACR: "unauthorized: authentication required, visit https://aka.ms/acr/authorization"
			// https://learn.microsoft.com/troubleshoot/azure/azure-container-registry/authentication-required
			name: "a refused pull from the workspace registry stays a pull failure",
			log:  "Error response from daemon: Get \"https://myws.azurecr.io/v2/azureml/base/manifests/1\": unauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: an unauthorized API call is no image pull",
			log:  "Error: unauthorized: invalid API key\n",
			want: UnrecognisedFailure,
		},
		{
			// Go's resolver through the Docker daemon: "dial tcp: lookup HOST ...: no such host"
			// https://github.com/moby/moby/blob/master/registry/errors.go
			name: "the registry host does not resolve",
			log:  "Error response from daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: no such host\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: a download host that does not resolve is no pull failure",
			log:  "Error: Get \"https://example.com/data.csv\": dial tcp: lookup example.com: no such host\n",
			want: UnrecognisedFailure,
		},

		{
			// moby distribution: "Tag %s not found in repository %s"
			// https://github.com/moby/moby/blob/v17.03.2-ce/distribution/pull_v1.go
			name: "an old daemon cannot find the tag",
			log:  "Error response from daemon: Tag 3.9-nosuch not found in repository docker.io/library/python\n",
			want: PullFailed, conf: Certain, subject: "docker.io/library/python:3.9-nosuch",
		},
		{
			// Go net/http through the daemon: "(Client.Timeout exceeded while awaiting headers)"
			// https://github.com/golang/go/blob/master/src/net/http/client.go
			name: "the registry does not answer in time",
			log:  "Error response from daemon: Get \"https://registry-1.docker.io/v2/\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "BuildKit's registry lookup times out",
			log:  "ERROR: failed to solve: python:3.9: failed to resolve source metadata for docker.io/library/python:3.9: failed to do request: Head \"https://registry-1.docker.io/v2/library/python/manifests/3.9\": dial tcp: lookup registry-1.docker.io on 10.0.0.2:53: read udp 10.0.0.5:40000->10.0.0.2:53: i/o timeout\n",
			want: PullFailed, conf: Certain, subject: "docker.io/library/python:3.9",
		},
		{
			name: "silent: an ADD download that times out is no pull failure",
			log:  "ERROR: failed to solve: failed to load cache key: Get \"https://example.com/data.tar.gz\": dial tcp 93.184.216.34:443: i/o timeout\n",
			want: UnrecognisedFailure,
		},
		{
			name: "the workspace registry times out: ACR unreachable, not a pull failure",
			log:  "Error response from daemon: Get \"https://myws.azurecr.io/v2/\": dial tcp 10.1.2.3:443: i/o timeout\n",
			want: ACRUnreachable, conf: Certain, subject: "myws.azurecr.io",
		},
		{
			// kubelet images: ErrInvalidImageName = errors.New("InvalidImageName")
			// https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/images/types.go
			name: "kubelet cannot parse the image name",
			log:  "  Warning  InspectFailed  kubelet  Failed to apply default image tag \"MyRepo/Img\": couldn't parse image reference \"MyRepo/Img\": invalid reference format: repository name must be lowercase\n  Warning  Failed  kubelet  Error: InvalidImageName\n",
			want: PullFailed, conf: Certain,
		},
		{
			// containerd docker auth: "failed to fetch oauth token"
			// https://github.com/containerd/containerd/blob/main/core/remotes/docker/auth/fetch.go
			name: "the registry's token service refuses",
			log:  "ERROR: failed to solve: failed to fetch oauth token: unexpected status from POST request to https://auth.docker.io/token: 401 Unauthorized\n",
			want: PullFailed, conf: Certain,
		},

		// --- conda's and pip's older words for a missing package
		{
			// conda 4.0-4.2 resolve.py: raise NoPackagesFoundError / "Package missing in current %s channels"
			// https://github.com/conda/conda/blob/4.2.x/conda/resolve.py
			name: "conda 4.2 NoPackagesFoundError",
			log:  "NoPackagesFoundError: Package missing in current linux-64 channels: \n  - nosuchpkg 1.0*\n",
			want: PackageNotFound, conf: Certain, subject: "nosuchpkg 1.0*",
		},
		{
			// conda 3: "No packages found in current %s channels matching: %s"
			// https://github.com/conda/conda/blob/3.19.x/conda/resolve.py
			name: "conda 3 no packages found",
			log:  "Error: No packages found in current linux-64 channels matching: nosuchpkg\n",
			want: PackageNotFound, conf: Certain, subject: "nosuchpkg",
		},
		{
			// conda >=4.4 PackagesNotFoundError text, pasted without the exception name
			// https://github.com/conda/conda/blob/main/conda/exceptions.py
			name: "conda's not-available list without its exception name",
			log:  "The following packages are not available from current channels:\n\n  - nosuchpkg=1.0\n",
			want: PackageNotFound, conf: Certain, subject: "nosuchpkg=1.0",
		},
		{
			// same class, other message: conda remove of a package not installed
			name: "silent: conda remove of a package the environment lacks",
			log:  "PackagesNotFoundError: The following packages are missing from the target environment:\n  - foo\n",
			want: UnrecognisedFailure,
		},
		{
			// pip 1.5-7 index.py: "Could not find any downloads that satisfy the requirement %s",
			// "No distributions at all found for %s"
			// https://github.com/pypa/pip/blob/1.5.6/pip/index.py
			name: "pip 1.5 could not find any downloads",
			log:  "Could not find any downloads that satisfy the requirement nosuch==1.0\nCleaning up...\nNo distributions at all found for nosuch==1.0\n",
			want: NoMatchingDistrib, conf: Certain, subject: "nosuch==1.0",
		},
		{
			// apt: "Temporary failure resolving 'HOST'"
			// https://salsa.debian.org/apt-team/apt/-/blob/main/methods/connect.cc
			name: "apt cannot resolve its mirror",
			log:  "E: Failed to fetch http://archive.ubuntu.com/ubuntu/pool/main/g/gcc/gcc_9.deb  Temporary failure resolving 'archive.ubuntu.com'\n",
			want: CommunicationsError, conf: Certain,
		},

		// --- missing build tools in the words of make, autoconf, env and
		// the setup scripts of popular packages
		{
			// GNU make: "make: gcc: Command not found" (job.c, older releases)
			// https://git.savannah.gnu.org/cgit/make.git/tree/src/job.c
			name: "make cannot run the compiler",
			log:  "make: gcc: Command not found\nmake: *** [Makefile:12: all] Error 127\n",
			want: MissingCommand, conf: Certain, subject: "gcc",
		},
		{
			name: "silent: make's own error lines name no missing command",
			log:  "make[1]: Leaving directory '/tmp/build'\nmake: *** [Makefile:12: all] Error 2\n",
			want: UnrecognisedFailure,
		},
		{
			// autoconf c.m4: AC_MSG_FAILURE([no acceptable C compiler found in \$PATH])
			// https://git.savannah.gnu.org/cgit/autoconf.git/tree/lib/autoconf/c.m4
			name: "configure finds no C compiler",
			log:  "checking for gcc... no\nchecking for cc... no\nconfigure: error: in `/tmp/build/x':\nconfigure: error: no acceptable C compiler found in $PATH\n",
			want: MissingCommand, conf: Certain, subject: "cc",
		},
		{
			// psycopg2 setup.py: "Error: pg_config executable not found."
			// https://github.com/psycopg/psycopg2/blob/master/setup.py
			name: "psycopg2 cannot find pg_config",
			log:  "    Error: pg_config executable not found.\n    \n    pg_config is required to build psycopg2 from source.\n",
			want: MissingCommand, conf: Certain, subject: "pg_config",
		},
		{
			// mysqlclient setup_posix.py: raise OSError("{} not found".format(mysql_config))
			// https://github.com/PyMySQL/mysqlclient/blob/v2.0.3/setup_posix.py
			name: "mysqlclient cannot find mysql_config",
			log:  "    OSError: mysql_config not found\n",
			want: MissingCommand, conf: Certain, subject: "mysql_config",
		},
		{
			// coreutils env.c: the interpreter of a #! line is missing
			// https://git.savannah.gnu.org/cgit/coreutils.git/tree/src/env.c
			name: "env cannot find the interpreter",
			log:  "/usr/bin/env: 'python': No such file or directory\n",
			want: MissingCommand, conf: Certain, subject: "python",
		},
		{
			name: "silent: a pg_config that was found",
			log:  "Using pg_config at /usr/bin/pg_config\nSuccessfully installed psycopg2-2.9.9\n",
			want: "",
		},

		// --- the network in curl's, GnuTLS's, OpenSSL's and conda's words
		{
			// curl (git's transport): "Failed to connect to %s port %d"
			// https://github.com/curl/curl/blob/master/lib/cf-socket.c
			name: "git cannot connect to its remote",
			log:  "fatal: unable to access 'https://github.com/x/y.git/': Failed to connect to github.com port 443: Connection timed out\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "silent: systemd's failed to connect to bus is no network error",
			log:  "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n",
			want: UnrecognisedFailure,
		},
		{
			// curl vtls/gtls.c: "gnutls_handshake() failed: %s"
			// https://github.com/curl/curl/blob/master/lib/vtls/gtls.c
			name: "git's TLS handshake fails",
			log:  "fatal: unable to access 'https://github.com/x/y.git/': gnutls_handshake() failed: The TLS connection was non-properly terminated.\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			// OpenSSL's reason through Python's ssl module: "[SSL: CERTIFICATE_VERIFY_FAILED]"
			// https://github.com/python/cpython/blob/main/Modules/_ssl.c
			name: "pip's TLS certificate check fails",
			log:  "pip._vendor.urllib3.exceptions.SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1131)\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			// conda CondaHTTPError's text: "An HTTP error occurred when trying to retrieve this URL."
			// https://github.com/conda/conda/blob/main/conda/gateways/connection/download.py
			name: "conda's HTTP error text without its exception name",
			log:  "An HTTP error occurred when trying to retrieve this URL.\nHTTP errors are often intermittent, and a simple retry will get you on your way.\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "silent: a retry warning that mentions the certificate is no failure yet",
			log:  "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed'))': /simple/numpy/\nSuccessfully installed numpy-1.26.4\n",
			want: "",
		},

		// --- pip's other ways of giving up
		{
			// pip: "%s is not a supported wheel on this platform."
			// https://github.com/pypa/pip/blob/main/src/pip/_internal/req/constructors.py
			name: "a wheel for another platform or Python",
			log:  "ERROR: torch-1.8.0-cp38-cp38-linux_x86_64.whl is not a supported wheel on this platform.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// pip: "Directory %r is not installable. Neither 'setup.py' nor 'pyproject.toml' found."
			// https://github.com/pypa/pip/blob/main/src/pip/_internal/req/constructors.py
			name: "pip is given a directory that is no project",
			log:  "ERROR: Directory '.' is not installable. Neither 'setup.py' nor 'pyproject.toml' found.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// pip main_parser.py: 'unknown command "%s"'
			// https://github.com/pypa/pip/blob/main/src/pip/_internal/cli/main_parser.py
			name: "pip is given an unknown command",
			log:  "ERROR: unknown command \"instal\" - maybe you meant \"install\"\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "silent: mamba's not installable is not pip's",
			log:  "  └─ foo 1.0 is not installable because it requires\n",
			want: "",
		},
		{
			// pip-tools NoCandidateFound: "Could not find a version that matches {}"
			// https://github.com/jazzband/pip-tools/blob/main/piptools/exceptions.py
			name: "pip-compile finds no version",
			log:  "Could not find a version that matches numpy<1.19,>=1.20\nTried: 1.18.5, 1.19.0, 1.20.0\n",
			want: NoMatchingDistrib, conf: Certain, subject: "numpy<1.19,>=1.20",
		},
		{
			// pip 20 subprocess.py: "Command errored out with exit status %s:" then " command: ..."
			// https://github.com/pypa/pip/blob/20.2.4/src/pip/_internal/utils/subprocess.py
			name: "pip 20's failed command names horovod's build directory on the next line",
			log:  "ERROR: Command errored out with exit status 1:\n     command: /opt/conda/bin/python -u -c 'import sys, setuptools, tokenize; sys.argv[0] = '\"'\"'/tmp/pip-install-8x2k1q/horovod/setup.py'\"'\"';' install --record /tmp/pip-record-3j/install-record.txt --single-version-externally-managed --compile\n         cwd: /tmp/pip-install-8x2k1q/horovod/\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "silent: pip 20's failed egg_info of another package stays pip's",
			log:  "ERROR: Command errored out with exit status 1:\n     command: /opt/conda/bin/python -c 'import sys, setuptools; sys.argv[0] = '\"'\"'/tmp/pip-install-8x2k1q/foo/setup.py'\"'\"';' egg_info --egg-base /tmp/pip-pip-egg-info-1\n         cwd: /tmp/pip-install-8x2k1q/foo/\n",
			want: PipInstallFailed, conf: Certain,
		},

		// --- the Azure ML service's words for pulls, logins and builds
		{
			// Azure ML troubleshooting (2020): "Unable to pull image from MCR/Address could not be
			// resolved for Container Registry"
			// https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/machine-learning/environments-troubleshooting.md
			name: "the service cannot resolve the registry",
			log:  "Address could not be resolved for Container Registry myregistry.io\n",
			want: PullFailed, conf: Certain,
		},
		{
			// reallogs rule 29: an ACR whose host does not resolve is out of reach
			name: "the service cannot resolve an Azure registry: AML902",
			log:  "Address could not be resolved for Container Registry myacr.azurecr.io\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "the service cannot pull from MCR",
			log:  "Unable to pull image from MCR\n",
			want: PullFailed, conf: Certain,
		},
		{
			// Azure ML compute's FailedPullingImage text, the image on a line of its own
			name: "the compute cannot pull the job's image",
			log:  "AzureMLCompute job failed.\nFailedPullingImage: Unable to pull docker image\n\timageName: mcr.microsoft.com/azureml/nosuch:latest\n",
			want: PullFailed, conf: Certain, subject: "mcr.microsoft.com/azureml/nosuch:latest",
		},
		{
			// the guide's own heading: "Failed to pull Docker image"
			name: "the guide's words for a pull failure",
			log:  "Failed to pull Docker image myregistry.io/test/image:3.2\n",
			want: PullFailed, conf: Certain, subject: "myregistry.io/test/image:3.2",
		},
		{
			name: "silent: pulling an image is no failure",
			log:  "Pulling docker image mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04\nStatus: Downloaded newer image for mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest\n",
			want: "",
		},
		{
			// Docker login asks the registry's root, GET /v2/; ACR answers 401 (troubleshoot
			// login: https://learn.microsoft.com/azure/container-registry/container-registry-troubleshoot-login)
			name: "the compute's login to the workspace registry is refused",
			log:  "FailedLoginToImageRegistry: Unable to login to docker image repo\nError response from daemon: Get \"https://myws.azurecr.io/v2/\": unauthorized: authentication required\n",
			want: ACRUnreachable, conf: Certain, subject: "myws.azurecr.io",
		},
		{
			// online endpoints: "Deployment failed due to timeout while waiting for Environment
			// Image to become available. Check Environment Build Log ..."
			// https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-online-endpoints
			name: "a deployment gave up waiting for its image",
			log:  "(None) ResourceNotFound: Deployment failed due to timeout while waiting for Environment Image to become available. Check Environment Build Log in Workspace or Workspace storage for potential failures.\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "silent: the image became available",
			log:  "Environment image is available.\nDeployment succeeded.\n",
			want: "",
		},
		{
			// online endpoints: "ERROR: ImageBuildFailure", same page
			name: "an ImageBuildFailure with its log elsewhere",
			log:  "ImageBuildFailure: Image build failed. Build log: https://myws1234.blob.core.windows.net/azureml/ImageLogs/abc/build.log\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			// the old troubleshooting page's timeout messages
			// https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/machine-learning/environments-troubleshooting.md
			name: "the page's ECONNRESET example",
			log:  "('Connection broken: OSError(\"(104, \\'ECONNRESET\\')\")', OSError(\"(104, 'ECONNRESET')\"))\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "silent: conda's pip nag is a warning",
			log:  "Warning: you have pip-installed dependencies in your environment file, but you do not list pip itself as one of your conda dependencies.  Conda may not use the correct pip to install your packages, and they may end up in the wrong place.  Please add an explicit pip dependency.  I'm adding one for you, but still nagging you.\n",
			want: "",
		},

		// --- conflict reports in each solver's words
		{
			// conda 4.7+ UnsatisfiableError: "Package {} conflicts for:" sections
			// https://github.com/conda/conda/blob/main/conda/exceptions.py
			name: "conda's conflict report has a section for python",
			log:  "UnsatisfiableError: The following specifications were found to be incompatible with each other:\n\nOutput in format: Requested package -> Available versions\n\nPackage python conflicts for:\npython=3.6\ntensorflow=2.12 -> python[version='>=3.8,<3.9.0a0|>=3.9,<3.10.0a0']\n",
			want: IncompatiblePython, conf: Likely,
		},
		{
			name: "conda's python section pasted without the exception",
			log:  "Package python conflicts for:\npython=3.6\ntensorflow=2.12 -> python[version='>=3.8,<3.9.0a0']\n",
			want: IncompatiblePython, conf: Likely,
		},
		{
			name: "silent: a conda conflict between two other packages fits no documented problem",
			log:  "UnsatisfiableError: The following specifications were found to be incompatible with each other:\n\nPackage numpy conflicts for:\nnumpy=1.15\npandas=2.0 -> numpy[version='>=1.21']\n",
			want: UnrecognisedFailure,
		},
		{
			// mamba 0.x/libsolv: "package X requires Y, but none of the providers can be installed"
			// https://github.com/mamba-org/mamba/blob/main/libmamba/src/solver/libsolv/solver.cpp
			name: "silent: mamba's conflict between two other packages fits no documented problem",
			log:  "Problem: package pandas-2.0.0-py39h1 requires numpy >=1.21, but none of the providers can be installed\n",
			want: "",
		},
		{
			name: "mamba's conflict on python",
			log:  "Problem: package foo-1.0-py_0 requires python >=3.9, but none of the providers can be installed\n",
			want: IncompatiblePython, conf: Certain,
		},

		// --- uv's words (pubgrub reports and build errors)
		// https://github.com/astral-sh/uv/blob/main/crates/uv-resolver/src/pubgrub/report.rs
		{
			name: "uv finds no such package",
			log:  "  × No solution found when resolving dependencies:\n  ╰─▶ Because nosuchpkg was not found in the package registry and you require nosuchpkg, we can conclude that your requirements are unsatisfiable.\n",
			want: NoMatchingDistrib, conf: Certain, subject: "nosuchpkg",
		},
		{
			name: "uv finds no such version",
			log:  "  × No solution found when resolving dependencies:\n  ╰─▶ Because there is no version of numpy==9.9 and you require numpy==9.9, we can conclude that your requirements are unsatisfiable.\n",
			want: NoMatchingDistrib, conf: Certain, subject: "numpy==9.9",
		},
		{
			name: "uv: the package needs another Python",
			log:  "  × No solution found when resolving dependencies:\n  ╰─▶ Because the current Python version (3.8.10) does not satisfy Python>=3.9 and numpy==2.0.0 depends on Python>=3.9, we can conclude that numpy==2.0.0 cannot be used.\n",
			want: IncompatiblePython, conf: Certain, subject: "numpy==2.0.0",
		},
		{
			name: "silent: uv naming the current Python is no failure",
			log:  "Using CPython 3.10.12 interpreter at: /usr/bin/python3\nthe current Python version is 3.10.12\nInstalled 3 packages in 12ms\n",
			want: "",
		},
		{
			// https://github.com/astral-sh/uv/blob/main/crates/uv-distribution/src/error.rs
			name: "uv fails to build horovod",
			log:  "error: Failed to download and build `horovod==0.28.1`\n  Caused by: Build backend failed to build wheel through `build_wheel` (exit status: 1)\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},

		// --- curl -f's status line after a storage URL
		{
			// curl: "The requested URL returned error: %d" (lib/http.c)
			// https://github.com/curl/curl/blob/master/lib/http.c
			name: "curl is refused a blob",
			log:  "+ curl -fsSL https://myacct.blob.core.windows.net/pkgs/x.whl?sv=2020&sig=abc -o x.whl\ncurl: (22) The requested URL returned error: 403\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: curl's 403 from another host is no blob",
			log:  "+ curl -fsSL https://example.com/x.tar.gz -o x.tar.gz\ncurl: (22) The requested URL returned error: 403\n",
			want: UnrecognisedFailure,
		},

		// --- horovod's setup.py refusing its build
		// https://github.com/horovod/horovod/blob/v0.19.0/setup.py
		{
			name: "horovod's GPU build without a CUDA PyTorch",
			log:  "    distutils.errors.DistutilsPlatformError: Horovod build with GPU support was requested, but this PyTorch installation does not support CUDA.\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "horovod finds TensorFlow too old",
			log:  "    distutils.errors.DistutilsPlatformError: Your TensorFlow version 1.0.0 is outdated.  Horovod requires tensorflow>=1.1.0\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "silent: prose saying what horovod requires",
			log:  "Note: Horovod requires MPI or Gloo; see the install guide.\n",
			want: "",
		},

		// --- logs that stop mid-step
		{
			name: "log ends while conda solves",
			log:  "Step 4/6 : RUN conda env create -f env.yml\nCollecting package metadata (repodata.json): ...working... done\nSolving environment: ...working...\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "log ends after a flexible-solve retry",
			log:  "#9 [4/6] RUN conda env update -f env.yml\n#9 12.0 Solving environment: failed with initial frozen solve. Retrying with flexible solve.\n#9 99.1 Solving environment: |\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "mamba stops before its solve ends",
			log:  "#9 [4/6] RUN mamba env create -f env.yml\n#9 3.1 Looking for: ['python=3.10', 'pytorch']\n#9 40.2 conda-forge/linux-64                                  Using cache\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "deadline exceeded while solving",
			log:  "2024/03/05 10:11:12 Step 4/6 : RUN conda env create -f env.yml\n2024/03/05 10:11:13 Solving environment: ...working...\n2024/03/05 11:11:13 error: failed to run step ID: acb_step_0: context deadline exceeded\n2024/03/05 11:11:13 Run ID: cb3 failed after 1h0m1s. Error: failed during run, err: exit status 1\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "BuildKit prints conda's done on a line of its own: no timeout",
			log:  "#8 [4/6] RUN conda env create -f env.yml\n#8 10.5 Solving environment: ...working... \n#8 95.2 done\n#8 96.0 something odd happened: error\n#8 ERROR: process \"/bin/sh -c conda env create -f env.yml\" did not complete successfully: exit code: 1\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: the solve finished and the log ends",
			log:  "Solving environment: ...working... done\n## Package Plan ##\n",
			want: "",
		},
		{
			name: "silent: the solve ended in an error that is named",
			log:  "Solving environment: ...working... failed\nPackagesNotFoundError: The following packages are not available from current channels:\n  - nosuch\n",
			want: PackageNotFound, conf: Certain,
		},
		{
			name: "a read timeout in pip's traceback is the network, not a conda timeout",
			log:  "Step 4/6 : RUN conda env create -f env.yml\nInstalling pip dependencies: ...working...\nsocket.timeout: The read operation timed out\npip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='files.pythonhosted.org', port=443): Read timed out.\nCondaEnvException: Pip failed\n",
			want: CommunicationsError, conf: Certain, subject: "files.pythonhosted.org",
		},

		// --- old pip
		{
			name: "pip 9 egg_info in a horovod build directory",
			log:  "Command \"python setup.py egg_info\" failed with error code 1 in /tmp/pip-build-k3jd8a/horovod/\nThe command '/bin/sh -c pip install horovod==0.16.0' returned a non-zero code: 1\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "pip 19 install error code -4 with a hashed build directory",
			log:  "    Running setup.py install for horovod: finished with status 'error'\nERROR: Command \"/usr/bin/python3 -u -c 'import setuptools' install --record /tmp/pip-record-x/install-record.txt\" failed with error code -4 in /tmp/pip-install-2y1kd/horovod_0123456789abcdef0123456789abcdef/\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "old pip running setup.py install ... error",
			log:  "    Running setup.py install for mpi4py ... error\n",
			want: MPI4PyBuild, conf: Certain, subject: "mpi4py",
		},
		{
			name: "old pip egg_info of another package is pip giving up on it",
			log:  "Command \"python setup.py egg_info\" failed with error code 1 in /tmp/pip-build-abc/pycocotools/\n",
			want: PipInstallFailed, conf: Certain, subject: "pycocotools",
		},
		{
			name: "silent: a build directory that is a checkout names no package",
			log:  "Command \"python setup.py egg_info\" failed with error code 1 in /tmp/pip-req-build-x1y2/\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "mpi4py build whose only output is its configuration probes",
			log:  "Step 5/6 : RUN pip install mpi4py\n    running build_ext\n    MPI configuration: [mpi] from 'mpi.cfg'\n    checking for library 'lmpe' ...\n    gcc -pthread _configtest.c -o _configtest\n    /usr/bin/ld: cannot find -llmpe\n    failure.\nThe command '/bin/sh -c pip install mpi4py' returned a non-zero code: 1\n",
			want: MPI4PyBuild, conf: Likely, subject: "mpi4py",
		},
		{
			name: "silent: mpi4py probes in a build that succeeded",
			log:  "Step 5/6 : RUN pip install mpi4py\n    MPI configuration: [mpi] from 'mpi.cfg'\n    checking for library 'lmpe' ...\nSuccessfully installed mpi4py-3.1.5\nSuccessfully built 0123456789ab\n",
			want: "",
		},

		// --- incompatible Python in other words
		{
			name: "get-pip.py minimum version",
			log:  "Step 3/6 : RUN curl https://bootstrap.pypa.io/get-pip.py | python3\nERROR: This script does not work on Python 3.7. The minimum supported Python version is 3.8. Please use https://bootstrap.pypa.io/pip/3.7/get-pip.py instead.\nThe command '/bin/sh -c curl https://bootstrap.pypa.io/get-pip.py | python3' returned a non-zero code: 1\n",
			want: IncompatiblePython, conf: Certain, subject: "pip",
		},
		{
			name: "pip 9 running Python",
			log:  "azureml-core requires Python '>=3.7,<4.0' but the running Python is 3.6.9\n",
			want: IncompatiblePython, conf: Certain, subject: "azureml-core",
		},
		{
			name: "conda's Your python line",
			log:  "UnsatisfiableError: The following specifications were found\nto be incompatible with the existing python installation in your environment:\n\nSpecifications:\n\n  - tensorflow==1.15 -> python[version='>=3.7,<3.8.0a0']\n\nYour python: python=3.10\n",
			want: IncompatiblePython, conf: Certain,
		},

		{
			name: "a package's own interpreter check",
			log:  "`AssertionError: steem requires Python 3.6 or newer`\n",
			want: IncompatiblePython, conf: Certain, subject: "steem",
		},
		{
			name: "silent: a requirement that is no Python version",
			log:  "A value is required for this option\n",
			want: "",
		},

		// --- bare redirection by its symptoms
		{
			name: "dash cannot open the rest of a version bound",
			log:  "Step 3/4 : RUN pip install $PKGS\n/bin/sh: 1: cannot open 2: No such file\nThe command '/bin/sh -c pip install $PKGS' returned a non-zero code: 2\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "bash no such file =0.16.0",
			log:  "/bin/bash: line 1: =0.16.0: No such file or directory\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "an echoed install line with the bound unquoted is certain",
			log:  "Step 3/4 : RUN pip install torch<=0.16.0\n/bin/sh: 1: cannot open =0.16.0: No such file\nThe command '/bin/sh -c pip install torch<=0.16.0' returned a non-zero code: 2\n",
			want: CondaBareRedirection, conf: Certain, subject: "torch<=0.16.0",
		},
		{
			name: "silent: a real file that is missing",
			log:  "/bin/sh: 1: cannot open requirements.txt: No such file\n/bin/bash: setup.sh: No such file or directory\n",
			want: "",
		},

		{
			name: "a file named like the rest of a bound",
			log:  "Without quotes the shell created a file named `=0.37.0` in the working directory.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "an install command quoted on its own",
			log:  "    pip install nvidia-modelopt[torch]>=0.37.0 --no-build-isolation\n",
			want: CondaBareRedirection, conf: Likely, subject: "nvidia-modelopt[torch]>=0.37.0",
		},
		{
			name: "dash's cannot open, quoted in prose",
			log:  "the shell fails with 'cannot open =3.0.0'\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "an install command quoted inline in a post",
			log:  "Quote the spec: a review of `pip install wheel>=0.46.2` shows the bound is lost.\n",
			want: CondaBareRedirection, conf: Likely, subject: "wheel>=0.46.2",
		},
		{
			name: "silent: an equals sign that is no file",
			log:  "Setting x='=1.0' as the default\n$ pip install 'numpy>=1.2'\n",
			want: "",
		},

		{
			name: "advice in a post's prose ranks after the error its log shows",
			log:  "Try `pip install numpy>=1.20`, it did not help:\n```\nPackagesNotFoundError: The following packages are not available from current channels:\n  - nosuch=1.0\n```\n",
			want: PackageNotFound, conf: Certain,
		},

		// --- conda conflicts that involve python itself
		{
			name: "UnsatisfiableError with the python spec among the conflicts",
			log:  "UnsatisfiableError: The following specifications were found to be incompatible with each other:\n\n  - flask=2.0.1 -> python[version='>=3.6'] -> pip\n  - python[version='>=3.7,<3.8'] -> pip\n  - uwsgi=2.0.19.1 -> python[version='>=3.9,<3.10.0a0'] -> pip\n",
			want: IncompatiblePython, conf: Likely,
		},
		{
			name: "conda 3 hint naming python",
			log:  "Error: Unsatisfiable package specifications.\nGenerating hint:\nHint: the following combinations of packages create a conflict with the\nremaining packages:\n  - python 3.4*\n  - theano\n",
			want: IncompatiblePython, conf: Likely,
		},
		{
			name: "silent: a conflict python is only part of a chain of",
			log:  "UnsatisfiableError: The following specifications were found to be incompatible with each other:\n  - pkga=1 -> python[version='>=3.6'] -> libfoo=1\n  - pkgb=2 -> libfoo=2\n",
			want: UnrecognisedFailure,
		},
		{
			name: "prose: stuck at solving environment",
			log:  "The docker build always gets stuck at `solving environment`.\n",
			want: CondaTimeout, conf: Likely,
		},

		// --- newer conda's bad specs and misused commands
		{
			name: "InvalidMatchSpec",
			log:  "InvalidMatchSpec: Invalid spec 'numpy=>1.20': Invalid version '>1.20': invalid operator\n",
			want: CondaBadSpec, conf: Certain, subject: "numpy=>1.20",
		},
		{
			name: "environment spec plugin",
			log:  "EnvironmentSpecPluginNotDetected: Environment at /tmp/conda.txt is not readable by any installed environment specifier plugins.\n",
			want: CondaBadSpec, conf: Certain,
		},
		{
			name: "CondaValueError",
			log:  "CondaValueError: Malformed version string '~': invalid character(s).\n",
			want: CondaBadSpec, conf: Certain,
		},
		{
			name: "conda's own argument errors are no bad spec",
			log:  "usage: conda-env [-h] {attach,create,export,list,remove,upload,update} ...\nconda-env: error: unrecognized arguments: --copy\nThe command '/bin/sh -c conda env create --copy -p /opt/env' returned a non-zero code: 2\n",
			want: UnrecognisedFailure,
		},
		{
			name: "pip's unknown option",
			log:  "no such option: --index-url\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "silent: a CondaValueError about the command line is no bad spec",
			log:  "CondaValueError: prefix already exists: /opt/conda/envs/myenv\nThe command '/bin/sh -c conda create -p /opt/conda/envs/myenv' returned a non-zero code: 1\n",
			want: UnrecognisedFailure,
		},
		{
			name: "conda missing after its download failed",
			log:  "Step 3/5 : RUN curl -sLo m.sh https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh && bash m.sh -b -p /opt/conda && /opt/conda/bin/conda env create -f env.yml\ncurl: (6) Could not resolve host: repo.anaconda.com\n/bin/sh: 1: /opt/conda/bin/conda: not found\nThe command returned a non-zero code: 127\n",
			want: CondaCommandNotFound, conf: Certain,
		},
		{
			name: "horovod refuses a framework it cannot find",
			log:  "    RuntimeError: HOROVOD_WITH_PYTORCH=1 was set but PyTorch could not be found\n",
			want: HorovodBuild, conf: Certain,
		},
		{
			name: "silent: horovod's build variables being set",
			log:  "Step 4/9 : ENV HOROVOD_WITH_PYTORCH=1 HOROVOD_GPU_OPERATIONS=NCCL\n",
			want: "",
		},
		{
			name: "silent: a warning naming CondaValueError",
			log:  "WARNING: CondaValueError seen in an older run\n",
			want: "",
		},

		// --- conda, mamba and micromamba across versions (issue 10, conda area)
		{
			// libmamba problems_graph.cpp TreeExplainer::write_root/write_diving/write_leaf:
			// mamba 1-2 and conda-libmamba-solver print the tree from column 0
			name: "libmamba's tree from column 0: a requested package needs another python",
			log:  "Could not solve for environment specs\nThe following packages are incompatible\n├─ python 3.12**  is requested and can be installed;\n└─ tensorflow 1.15**  is not installable because it requires\n   └─ python [>=3.6,<3.7.0a0 |>=3.7,<3.8.0a0 ], which conflicts with any installable versions previously reported.\n",
			want: IncompatiblePython, conf: Certain, subject: "tensorflow",
		},
		{
			// write_split: "is not installable because there are no viable options", " would require"
			name: "libmamba's tree: no viable options, each would require another python",
			log:  "Could not solve for environment specs\nThe following packages are incompatible\n├─ pin-1 is installable and it requires\n│  └─ python 3.8.* , which can be installed;\n└─ foo 2.0** is not installable because there are no viable options\n   ├─ foo 2.0 would require\n   │  └─ python >=3.9,<3.10.0a0 , which conflicts with any installable versions previously reported;\n   └─ foo 2.0 would require\n      └─ python >=3.10,<3.11.0a0 , which conflicts with any installable versions previously reported.\n",
			want: IncompatiblePython, conf: Certain, subject: "foo",
		},
		{
			// write_leaf at depth 1: the requested python "is not installable because it
			// conflicts with any installable versions previously reported"
			name: "libmamba's tree: the requested python conflicts with what a package requires",
			log:  "Could not solve for environment specs\nThe following packages are incompatible\n├─ numpy 2.0**  is installable and it requires\n│  └─ python >=3.9 , which can be installed;\n└─ python 3.8**  is not installable because it conflicts with any installable versions previously reported.\n",
			want: IncompatiblePython, conf: Likely, subject: "numpy",
		},
		{
			name: "silent: libmamba's tree, a conflict between two other packages",
			log:  "Could not solve for environment specs\nThe following packages are incompatible\n├─ numpy 1.20**  is requested and can be installed;\n└─ scipy 1.13**  is not installable because it requires\n   └─ numpy >=1.22.4 , which conflicts with any installable versions previously reported.\n",
			want: "",
		},
		{
			name: "silent: libmamba's tree, python that can be installed beside a missing dependency",
			log:  "Could not solve for environment specs\nThe following package could not be installed\n└─ foo 1.0** is not installable because it requires\n   ├─ python >=3.9 , which can be installed;\n   └─ libbar, which does not exist (perhaps a missing channel).\n",
			want: PackageNotFound, conf: Certain, subject: "libbar",
		},
		{
			// write_leaf for a dependency: "does not exist (perhaps a missing channel)"
			name: "libmamba: a dependency no channel has",
			log:  "Could not solve for environment specs\nThe following package could not be installed\n└─ bar 1.0 is not installable because it requires\n   └─ baz, which does not exist (perhaps a missing channel).\n",
			want: PackageNotFound, conf: Certain, subject: "baz",
		},
		{
			// write_leaf for a virtual package: "is missing on the system"
			name: "silent: libmamba, a virtual package the machine lacks is no missing package",
			log:  "Could not solve for environment specs\nThe following package could not be installed\n└─ pytorch 2.0 cuda* is not installable because it requires\n   └─ __cuda, which is missing on the system.\n",
			want: "",
		},
		{
			// libsolv's SOLVER_RULE_PKG_NOTHING_PROVIDES_DEP on a virtual package
			name: "silent: nothing provides __cuda is the machine, not the channels",
			log:  "LibMambaUnsatisfiableError: Encountered problems while solving:\n  - nothing provides __cuda needed by pytorch-2.0.1-py3.10_cuda11.8_cudnn8.7.0_0\n",
			want: UnrecognisedFailure,
		},
		{
			name: "nothing provides a dependency: the subject is the dependency",
			log:  "Encountered problems while solving:\n  - nothing provides libbaz 2.0 needed by bar-1.0-0\n",
			want: PackageNotFound, conf: Certain, subject: "libbaz 2.0",
		},
		{
			// libsolv SOLVER_RULE_PKG_REQUIRES on python_abi (conda-libmamba-solver 23.x)
			name: "libmamba: a package requires another python_abi",
			log:  "LibMambaUnsatisfiableError: Encountered problems while solving:\n  - package foo-1.0-py39_0 requires python_abi 3.9.* *_cp39, but none of the providers can be installed\n",
			want: IncompatiblePython, conf: Certain, subject: "foo",
		},
		{
			// conda exceptions.py UnsatisfiableError messages["virtual_package"]
			name: "silent: conda's conflict with the system (glibc) is not python's",
			log:  "UnsatisfiableError: \n\nThe following specifications were found to be incompatible with your system:\n\n  - feature:/linux-64::__glibc==2.17=0\n  - python=3.11 -> libgcc-ng[version='>=11.2.0'] -> __glibc[version='>=2.17']\n\nYour installed version is: 2.17\n",
			want: "",
		},
		{
			// conda 3 and 4.0-4.3 NoPackagesFoundError after "Error: " (conda/exceptions.py 4.3)
			name: "conda 3: Error: Package missing in current channels",
			log:  "Error:  Package missing in current linux-64 channels: \n  - nosuchpkg 1.0*\n",
			want: PackageNotFound, conf: Certain, subject: "nosuchpkg 1.0*",
		},
		{
			name: "conda 4.3: Dependencies missing in current channels",
			log:  "PackageNotFoundError: Dependencies missing in current linux-64 channels: \n  - flaapluc -> email\n",
			want: PackageNotFound, conf: Certain,
		},
		{
			// conda exceptions.py EnvironmentFileNotFound / EnvironmentFileEmpty (conda 24+;
			// conda_env/exceptions.py before)
			name: "conda env: the environment file is not there",
			log:  "EnvironmentFileNotFound: '/tmp/environment.yml' file not found\n",
			want: CondaBadSpec, conf: Certain,
		},
		{
			name: "conda env: the environment file is empty",
			log:  "EnvironmentFileEmpty: '/tmp/environment.yml' is empty\n",
			want: CondaBadSpec, conf: Certain,
		},
		{
			// libmamba 2 specs/version_spec.cpp parse_op_and_version
			name: "micromamba 2: an invalid version predicate",
			log:  "critical libmamba Found invalid version predicate in \"=>1.2\"\n",
			want: CondaBadSpec, conf: Certain, subject: "=>1.2",
		},
		{
			// conda exceptions.py UnavailableInvalidChannel: "HTTP {status} {reason} for channel …"
			name: "conda: the channel is not accessible",
			log:  "UnavailableInvalidChannel: HTTP 403 FORBIDDEN for channel pkgs/main <https://repo.anaconda.com/pkgs/main>\n\nThe channel is not accessible or is invalid.\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			// mamba 1 "Multi-download failed. Reason: Transfer finalized, status: 403 [URL]"
			name: "mamba: multi-download failed",
			log:  "RuntimeError: Multi-download failed. Reason: Transfer finalized, status: 403 [https://repo.anaconda.com/pkgs/r/noarch/repodata.json] 4020 bytes\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "silent: a libmamba warning about one repodata",
			log:  "warning  libmamba Transfer finalized, status: 404 [https://conda.anaconda.org/x/noarch/repodata.json]\n",
			want: "",
		},
		{
			// conda gateways/connection/download.py: "Downloaded bytes did not match Content-Length"
			name: "conda: a download cut short",
			log:  "CondaError: Downloaded bytes did not match Content-Length\n  url: https://repo.anaconda.com/pkgs/main/linux-64/pytorch-1.0.tar.bz2\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "zsh: conda not found",
			log:  "zsh: command not found: conda\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "zsh names the command last, not the shell",
			log:  "zsh: command not found: gcc\n",
			want: MissingCommand, conf: Certain, subject: "gcc",
		},
		{
			// PowerShell CommandNotFoundException
			name: "PowerShell: conda is not a cmdlet",
			log:  "conda : The term 'conda' is not recognized as the name of a cmdlet, function, script file, or operable program.\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "bash: conda's path does not exist",
			log:  "/bin/bash: /opt/conda/bin/conda: No such file or directory\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "silent: cp cannot find conda's path",
			log:  "cp: cannot stat /opt/conda/bin/conda: No such file or directory\n",
			want: "",
		},
		{
			name: "micromamba install with an unquoted bound in a shell trace",
			log:  "+ micromamba install -y -n base python>=3.9\n",
			want: CondaBareRedirection, conf: Likely, subject: "python>=3.9",
		},
		{
			name: "silent: micromamba install with a quoted bound",
			log:  "+ micromamba install -y -n base 'python>=3.9'\n",
			want: "",
		},
		{
			// slurm: "*** JOB N ON host CANCELLED AT … DUE TO TIME LIMIT ***"
			name: "slurm stops the job while conda solves",
			log:  "Step 4/6 : RUN conda env create -f env.yml\nSolving environment: ...working...\nslurmstepd: error: *** JOB 123 ON node1 CANCELLED AT 2024-01-01T10:00:00 DUE TO TIME LIMIT ***\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			// GitLab runner: "ERROR: Job failed: execution took longer than 1h0m0s seconds"
			name: "GitLab stops the job while conda solves",
			log:  "#9 [4/6] RUN conda env create -f env.yml\n#9 5.1 Solving environment: ...working...\nERROR: Job failed: execution took longer than 1h0m0s seconds\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			// Azure Pipelines: "The job running on agent X ran longer than the maximum time of 60 minutes."
			name: "Azure Pipelines stops the job while mamba solves",
			log:  "+ mamba env create -f env.yml\nLooking for: ['python=3.10', 'pytorch']\n##[error]The job running on agent Hosted Agent ran longer than the maximum time of 60 minutes.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "silent: a time limit with no conda step is no conda timeout",
			log:  "Step 4/6 : RUN make all\nERROR: Job failed: execution took longer than 1h0m0s seconds\n",
			want: "",
		},

		{
			// conda/plugins/manager.py detect_environment_specifier: log.error(
			// "EnvironmentSpec hook: an error occurred when handling '%s' with plugin '%s'. %s")
			name: "conda 25: an environment-spec plugin fails on the file",
			log:  "ERROR conda.plugins.manager:detect_environment_specifier(598): EnvironmentSpec hook: an error occurred when handling 'env.yaml' with plugin 'cep-24'. string indices must be integers, not 'str'\n",
			want: CondaBadSpec, conf: Likely,
		},
		{
			// get_environment_specifier_by_name: PluginError("Requested plugin '%s' is unable to handle environment spec '%s'")
			name: "conda 25: the requested environment-spec plugin cannot read the file",
			log:  "PluginError: Requested plugin 'environment.yml' is unable to handle environment spec 'env.txt'\n",
			want: CondaBadSpec, conf: Likely,
		},
		{
			// conda 4.3-4.5 version.py: CondaValueError("Malformed version string '%s': invalid character(s).")
			name: "conda 4.x: malformed version string, even in words",
			log:  "hello, when conda env create -f environment.yml Conda Value Error: Malformed version string '~': invalid character(s).\n",
			want: CondaBadSpec, conf: Certain, subject: "~",
		},
		{
			// conda misc.py/cli/common.py specs_from_url: "could not parse '%s' in: %s"
			// (CondaValueError in conda 4, "Error: " + sys.exit in conda 3)
			name: "conda: a --file line it cannot parse",
			log:  "CondaValueError: could not parse 'name: root' in: environment.yml\n",
			want: CondaBadSpec, conf: Certain, subject: "name: root",
		},
		{
			name: "silent: could not parse without conda's file wording",
			log:  "error: could not parse 'foo'\n",
			want: UnrecognisedFailure,
		},
		{
			// bash's error prefix for a script: "NAME: line N: CMD: command not found"
			name: "bash in a script: conda not found",
			log:  "./install-mamba.sh: line 16: conda: command not found\nThe command '/bin/bash -c ./install-mamba.sh' returned a non-zero code: 127\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			// dash's error prefix for a script: "NAME: N: CMD: not found"
			name: "dash in a script: conda not found",
			log:  "./install.sh: 16: conda: not found\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "silent: an HTTP 404 line is no shell's not found",
			log:  "Error: 404: foo: not found\n",
			want: UnrecognisedFailure,
		},
		{
			name: "a poster: conda gets stuck solving the environment",
			log:  "When executing make, conda gets stuck solving the environment. (I aborted execution after 3:45 hours...)\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "a poster: it hangs at the solving stage",
			log:  "My colleague can build it no problem. For some reason, on my machine it hangs at the solving stage.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "silent: pip's resolver is not conda's solve",
			log:  "pip hangs at the resolving stage for hours\n",
			want: "",
		},
		{
			// shellcmd.Installer: pip3.X and python -m pip start an install line too
			name: "pip3.6 install with unquoted bounds in a quoted RUN line",
			log:  "RUN pip3.6 install pyspark>=2.2.0 psycopg2>=2.7.3.2\n",
			want: CondaBareRedirection, conf: Likely, subject: "pyspark>=2.2.0",
		},
		{
			name: "a commit message: the bound was treated as a redirect",
			log:  "Pip installation version was not being quoted, causing \">=\" to be\ntreated as a shell output redirect rather than a version.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "silent: a web server's redirect is no shell redirection",
			log:  "nginx treated as a redirect the 301 response\n",
			want: "",
		},

		{
			// conda exceptions.py SpecsConfigurationConflictError: "Requested specs conflict
			// with configured specs." with the requested, then the pinned specs
			name: "conda: requested specs against a pinned python",
			log:  "SpecsConfigurationConflictError: Requested specs conflict with configured specs.\n  requested specs: \n    - h5py=2.7\n    - scipy=1.0\n  pinned specs: \n    - python=3.7\nUse 'conda config --show-sources' to look for 'pinned_specs' and 'track_features'\n",
			want: IncompatiblePython, conf: Likely,
		},
		{
			name: "silent: requested specs against another pinned package",
			log:  "SpecsConfigurationConflictError: Requested specs conflict with configured specs.\n  requested specs: \n    - numpy=1.15\n  pinned specs: \n    - numpy=1.21\nUse 'conda config --show-sources' to look for 'pinned_specs'\n",
			want: UnrecognisedFailure,
		},
		{
			// nox's command.run: "Command conda install … failed with exit code 1:"
			name: "a tool shows the conda command it ran, with an unquoted bound",
			log:  "Command conda install --yes --prefix C:\\nox\\tests --channel=conda-forge dask<2.0.0 failed with exit code 1:\nThe system cannot find the file specified.\n",
			want: CondaBareRedirection, conf: Certain, subject: "dask<2.0.0",
		},
		{
			name: "silent: prose quoting a conda command with a quoted bound",
			log:  "I followed the docs: conda install \"numpy>=1.2\" and it worked\n",
			want: "",
		},

		{
			// tune-split log ShapeFormer-16's shape: a poster saying conda is still at it after hours
			name: "a poster: conda keeps going for hours",
			log:  "I am not able to set up the conda environment. It keeps on reading the environment file for more than 3-4 hours.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "silent: conda took hours and finished",
			log:  "conda env create took 3 hours but finished fine\n",
			want: "",
		},
		{
			name: "silent: an image created hours ago",
			log:  "REPOSITORY   TAG      IMAGE ID   CREATED       SIZE\nmyenv        latest   abc123     2 hours ago   1GB\n",
			want: "",
		},

		{
			// libsolv problems.c SOLVER_RULE_PKG_SAME_NAME: "cannot install both %s and %s"
			name: "libsolv: two pythons cannot both be installed",
			log:  "Encountered problems while solving:\n  - cannot install both python-3.9.13-h12debd9_1 and python-3.8.16-h7a1cb2a_3\n",
			want: IncompatiblePython, conf: Likely,
		},
		{
			// libsolv problems.c SOLVER_RULE_PKG_CONSTRAINS: "package %s has constraint %s conflicting with %s"
			name: "libsolv: a package's python_abi constraint conflicts with the environment's",
			log:  "Encountered problems while solving:\n  - package foo-1.0-pyhd8ed1ab_0 has constraint python_abi 3.9.* *_cp39 conflicting with python_abi-3.8-2_cp38\n",
			want: IncompatiblePython, conf: Certain, subject: "foo",
		},
		{
			name: "silent: libsolv, two numpys",
			log:  "Encountered problems while solving:\n  - cannot install both numpy-1.21.0-py39 and numpy-1.22.0-py39\n",
			want: "",
		},

		{
			name: "a commit message: the operator was triggering shell redirection",
			log:  "The `>=` operator was triggering shell redirection. Added quotes to strictly pass the version requirement to pip.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "docs: shells may be confused by > and <",
			log:  "As shells may be confused by `>`, `<`, etc., quote the version specifications to ensure this is interpreted correctly.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "silent: an HTTP redirect with a version in its URL",
			log:  "HTTP/1.1 301: redirect to https://x/version/2 caused by <a>\n",
			want: "",
		},

		{
			// the guide's conda timeout ("took too long") in a poster's words, one line
			name: "a poster: the conda environment takes forever to build",
			log:  "The conda environment takes forever to build on my end. Does anyone know how to solve it?\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "a poster: the env generation fails due to timeout",
			log:  "On github actions the test env generation is failing due to timeout, e.g. see the run.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			// the time limit and the conda installation on lines close together
			name: "a poster: a build time limit, the conda installation is the bottleneck",
			log:  "We are reaching the 900s build time limit on readthedocs more often than not.\n\nThe bottleneck is the conda environment installation, which took 457s on the latest failed build.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "silent: a tool's timeout setting next to conda",
			log:  "Executing step ID: acb_step_0. Timeout(sec): 5400, Working directory: ''\nStep 1/4 : RUN conda env create -f env.yml\n",
			want: "",
		},
		{
			name: "silent: pip's read timeout beside a conda command is the network's",
			log:  "+ conda install -y numpy\npip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='pypi.org', port=443): Read timed out.\n",
			want: CommunicationsError,
		},

		{
			// the tree with BuildKit's prefixes on every line, and a split whose options
			// would require python_abi and python
			name: "libmamba's tree under BuildKit prefixes",
			log:  "#8 12.3 Could not solve for environment specs\n#8 12.3 The following packages are incompatible\n#8 12.3 ├─ python 3.8**  is requested and can be installed;\n#8 12.3 └─ numpy 2.0**  is not installable because there are no viable options\n#8 12.3    ├─ numpy 2.0.0 would require\n#8 12.3    │  └─ python_abi 3.12.* *_cp312, which conflicts with any installable versions previously reported;\n#8 12.3    └─ numpy 2.0.1 would require\n#8 12.3       └─ python >=3.12,<3.13.0a0 , which conflicts with any installable versions previously reported.\n",
			want: IncompatiblePython, conf: Certain, subject: "numpy",
		},
		{
			// conda exceptions.py CondaMemoryError
			name: "conda ran out of memory in its own words",
			log:  "CondaMemoryError: The conda process ran out of memory. Increase system memory and/or try again.\n",
			want: OutOfMemory, conf: Certain,
		},

		// --- pip failures hidden behind conda
		{
			name: "pip subcommand failed with a missing requirements file",
			log:  "Pip subprocess error:\nERROR: Could not open requirements file: [Errno 2] No such file or directory: 'requirements.txt'\n\nCondaEnvException: Pip subcommand failed\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "the pip error above Pip failed is the cause",
			log:  "Pip subprocess error:\nERROR: No matching distribution found for nosuch==1.0\nCondaEnvException: Pip failed\n",
			want: NoMatchingDistrib, conf: Certain,
		},

		{
			name: "conda env's 'pip returned an error' is pip's failure, not a bad spec",
			log:  "ERROR: No matching distribution found for nosuch==1.0\n\nCondaValueError: pip returned an error\n",
			want: NoMatchingDistrib, conf: Certain,
		},
		{
			name: "pip 20's setup.py install of a package errored out",
			log:  "ERROR: Command errored out with exit status 1: /env/bin/python -u -c 'import sys, setuptools; __file__='\"'\"'/tmp/pip-install-ttlxabm5/cffi/setup.py'\"'\"'' install --record /tmp/pip-record-7w0mugkx/install-record.txt --compile Check the logs for full command output.\nCondaValueError: pip returned an error\n",
			want: CompileError, conf: Certain, subject: "cffi",
		},
		{
			name: "nextflow's conda creation timeout",
			log:  "> Caused by:\n>   Failed to create Conda environment\n>   ...\n>   Status: 120\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "silent: a status 120 elsewhere",
			log:  "Status: 120 requests served\n",
			want: "",
		},
		{
			// nextflow CondaCache.groovy runCommand: "Failed to create Conda
			// environment\n  command: $cmd\n  status : $status\n  message:\n"
			// (reallogs README rule 19: status 120 is its creation timeout)
			name: "nextflow's conda creation timeout in CondaCache's own spacing",
			log:  "Caused by:\n  Failed to create Conda environment\n  command: conda env create --prefix /work/conda/env-ab12 --file /pipeline/envs/qc.yml\n  status : 120\n  message:\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "silent: a status : 120 that is no nextflow conda creation",
			log:  "job 42 finished\n  status : 120\n",
			want: "",
		},

		// --- missing commands before what they cause
		{
			name: "pip not found",
			log:  "Step 3/4 : RUN pip install numpy\n/bin/sh: 1: pip: not found\nThe command '/bin/sh -c pip install numpy' returned a non-zero code: 127\n",
			want: MissingCommand, conf: Certain, subject: "pip",
		},
		{
			name: "the compiler proper is missing",
			log:  "    gcc: error trying to exec 'cc1plus': execvp: No such file or directory\n    error: command 'gcc' failed with exit status 1\n    ERROR: Failed building wheel for pycocotools\n",
			want: MissingCommand, conf: Certain, subject: "cc1plus",
		},

		{
			name: "git cannot reach the package source",
			log:  "  Running command git clone --quiet git://github.com/x/y.git /tmp/pip-req-build-abc\n  fatal: unable to connect to github.com:\n  github.com[0: 20.201.28.151]: errno=Connection refused\n",
			want: CommunicationsError, conf: Certain, subject: "github.com",
		},
		{
			name: "pip's credential prompt for a host with an underscore",
			log:  "User for TENANT_NAME.pkgs.visualstudio.com: \nERROR: Exception:\nEOFError: EOF when reading a line\n",
			want: InteractiveAuth, conf: Certain, subject: "TENANT_NAME.pkgs.visualstudio.com",
		},

		// --- more wordings of the tools
		{
			name: "pip's short form of a failed wheel build",
			log:  "  Building wheel for mpi4py (pyproject.toml) ... error\n",
			want: MPI4PyBuild, conf: Certain, subject: "mpi4py",
		},
		{
			name: "pip's metadata step failed in its short form",
			log:  "  Preparing metadata (setup.py) ... error\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "silent: pip's short form of steps that worked",
			log:  "  Building wheel for mpi4py (pyproject.toml) ... done\n  Preparing metadata (setup.py) ... done\n",
			want: "",
		},
		{
			name: "mamba: nothing provides the python a package needs",
			log:  "  - nothing provides python >=3.9,<3.10.0a0 needed by scipy-1.11.1-py39h6183b62_0\n",
			want: IncompatiblePython, conf: Certain, subject: "scipy-1.11.1-py39h6183b62_0",
		},
		{
			name: "pip cannot run git",
			log:  "ERROR: Error [Errno 2] No such file or directory: 'git' while executing command git version\n",
			want: MissingCommand, conf: Certain, subject: "git",
		},
		{
			name: "CMake finds no C++ compiler",
			log:  "  CMake Error at CMakeLists.txt:3 (project):\n    No CMAKE_CXX_COMPILER could be found.\n",
			want: MissingCommand, conf: Certain, subject: "c++",
		},
		{
			name: "Windows: conda is not recognized",
			log:  "'conda' is not recognized as an internal or external command,\n",
			want: CondaCommandNotFound, conf: Certain,
		},
		{
			name: "PEP 668",
			log:  "error: externally-managed-environment\n\n× This environment is externally managed\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "uninstall of an easy-install entry",
			log:  "ERROR: Cannot remove entries from nonexistent file /opt/conda/lib/python3.7/site-packages/easy-install.pth\n",
			want: PipCannotUninstall, conf: Certain,
		},
		{
			name: "wget of a blob answers 403 a few lines below",
			log:  "--2024-03-05 10:11:12--  https://acct.blob.core.windows.net/c/model.bin?sv=2020&sig=abc\nResolving acct.blob.core.windows.net... 20.60.1.1\nHTTP request sent, awaiting response... 403 Forbidden\n2024-03-05 10:11:12 ERROR 403: Forbidden.\n",
			want: ForbiddenBlob, conf: Certain, subject: "https://acct.blob.core.windows.net/c/model.bin?…",
		},
		// national clouds' storage endpoints (azure-cli core/cloud.py:
		// storage_endpoint core.chinacloudapi.cn, core.usgovcloudapi.net)
		{
			name: "wget of a blob in Azure China answers 403",
			log:  "--2024-03-05 10:11:12--  https://acct.blob.core.chinacloudapi.cn/c/model.bin\nResolving acct.blob.core.chinacloudapi.cn... 1.2.3.4\nHTTP request sent, awaiting response... 403 Forbidden\n2024-03-05 10:11:12 ERROR 403: Forbidden.\n",
			want: ForbiddenBlob, conf: Certain, subject: "https://acct.blob.core.chinacloudapi.cn/c/model.bin",
		},
		{
			name: "requests refused by a US Government cloud blob",
			log:  "requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://acct.blob.core.usgovcloudapi.net/c/data.zip\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: a national cloud blob downloaded fine",
			log:  "--2024-03-05 10:11:12--  https://acct.blob.core.usgovcloudapi.net/c/model.bin\nHTTP request sent, awaiting response... 200 OK\nSuccessfully built 0123abcd\n",
			want: "",
		},
		{
			name: "silent: digits 403 in a downloaded blob's name and its local file",
			log:  "Downloading: \"https://acct.blob.core.windows.net/models/resnet50-19c8e403.pth\" to /root/.cache/torch/resnet50-19c8e403.pth\n100% 97.8M/97.8M\n",
			want: "",
		},
		{
			name: "silent: digits 403 in a SAS signature",
			log:  "Downloading https://acct.blob.core.windows.net/c/w.bin?sv=2020-08-04&sig=ab403Xy%2F403 (12 MB)\nSaved w.bin\n",
			want: "",
		},
		{
			name: "PowerShell's download of a blob refused in .NET's words",
			log:  "PS> Invoke-WebRequest -Uri https://acct.blob.core.windows.net/c/setup.zip -OutFile setup.zip\nInvoke-WebRequest : The remote server returned an error: (403) Forbidden.\n",
			want: ForbiddenBlob, conf: Certain, subject: "https://acct.blob.core.windows.net/c/setup.zip",
		},
		{
			name: "axios refused a few lines after the blob's URL",
			log:  "GET https://acct.blob.core.windows.net/c/model.onnx\nAxiosError: Request failed with status code 403\n    at settle (node_modules/axios/lib/core/settle.js:19:12)\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: a 403 from another host, no blob in view",
			log:  "Invoke-WebRequest : The remote server returned an error: (403) Forbidden.\n",
			want: UnrecognisedFailure,
		},
		{
			name: "a 403 of its own after a blob's URL on the same line",
			log:  "urllib.error.HTTPError: HTTP Error 403 for https://acct.blob.core.windows.net/c/w.bin\n",
			want: ForbiddenBlob, conf: Certain,
		},
		// urllib3's and requests' connection words are any Python program's
		// (urllib3 connection.py NewConnectionError "Failed to establish a
		// new connection", requests' ConnectionError): a communications error
		// only when the line names an index or pip/conda is at work.
		{
			name: "silent: a client's refused connection to a local server is no index",
			log:  "Traceback (most recent call last):\n  File \"client.py\", line 8, in <module>\nrequests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /predict (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused'))\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: an API client's aborted connection with no pip in sight",
			log:  "openai.error.APIConnectionError: Error communicating with OpenAI: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: a tracking client's retries against a local server",
			log:  "mlflow.exceptions.MlflowException: API request to http://localhost:5000/api/2.0/mlflow/runs/create failed with exception HTTPConnectionPool(host='localhost', port=5000): Max retries exceeded with url: /api/2.0/mlflow/runs/create\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: urllib's name-resolution failure with no pip or index in sight",
			log:  "urllib.error.URLError: <urlopen error [Errno -3] Temporary failure in name resolution>\n",
			want: UnrecognisedFailure,
		},
		{
			name: "urllib's name-resolution failure while pip installs is the index's",
			log:  "Step 4/6 : RUN pip install -r requirements.txt\nurllib.error.URLError: <urlopen error [Errno -3] Temporary failure in name resolution>\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "the same urllib3 words during a pip install are the index's",
			log:  "RUN pip install torch\nCollecting torch\nrequests.exceptions.ConnectionError: HTTPSConnectionPool(host='proxy.corp', port=443): Max retries exceeded (Caused by NewConnectionError('<x>: Failed to establish a new connection: [Errno 110] Connection timed out'))\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "urllib3's words naming the index host need no context",
			log:  "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='files.pythonhosted.org', port=443): Max retries exceeded with url: /packages/ab/torch.whl (Caused by NewConnectionError('<x>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution'))\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "pip's OSError framing names pip even for a proxy host",
			log:  "ERROR: Could not install packages due to an OSError: HTTPSConnectionPool(host='10.1.2.3', port=3128): Max retries exceeded (Caused by NewConnectionError('<x>: Failed to establish a new connection: [Errno 111] Connection refused'))\n",
			want: CommunicationsError, conf: Certain,
		},
		// pip's command runner (_internal/cli/base_command.py) catches a
		// command's exception and prints its traceback: pip's own crash
		{
			name: "a traceback through pip's command runner is pip's crash",
			log:  "Traceback (most recent call last):\n  File \"/opt/conda/lib/python3.9/site-packages/pip/_internal/cli/base_command.py\", line 105, in _run_wrapper\n    status = _inner_run()\n  File \"/opt/conda/lib/python3.9/site-packages/pip/_vendor/packaging/version.py\", line 202, in __init__\npip._vendor.packaging.version.InvalidVersion: Invalid version: '4.0.0-unsupported'\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "pip's crash that runs into urllib3 is the index's",
			log:  "Traceback (most recent call last):\n  File \"/usr/lib/python3/dist-packages/pip/_internal/cli/base_command.py\", line 180, in _main\n  File \"/usr/lib/python3/dist-packages/pip/_vendor/urllib3/response.py\", line 438, in _error_catcher\n",
			want: CommunicationsError, conf: Likely,
		},
		{
			name: "silent: a program's own base_command.py is no pip",
			log:  "Traceback (most recent call last):\n  File \"/app/mytool/cli/base_command.py\", line 12, in run\nValueError: bad input\n",
			want: UnrecognisedFailure,
		},
		// azcopy login and az login print the Azure AD device-code prompt
		// ("To sign in, use a web browser to open the page
		// https://microsoft.com/devicelogin and enter the code …"); answered,
		// it is no build waiting for input
		{
			name: "a device-code prompt that nothing answers is interactive auth",
			log:  "RUN az login\nTo sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABC123 to authenticate.\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			name: "an answered azcopy device login, then a storage refusal, is the refusal",
			log:  "$ azcopy login\nTo sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABC123 to authenticate.\nLogin succeeded.\n$ azcopy ls https://acct.blob.core.windows.net/c\n===== RESPONSE ERROR (ServiceCode=AuthorizationPermissionMismatch) =====\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: an answered az login device prompt is no interactive auth",
			log:  "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABC123 to authenticate.\n[\n  {\n    \"cloudName\": \"AzureCloud\",\n    \"isDefault\": true\n  }\n]\n",
			want: "",
		},
		// horovod's setup.py drives CMake from build_ext ("running
		// build_ext", then CMake's "-- The CXX compiler identification is …")
		{
			name: "a horovod build that the paste cuts inside build_ext, the poster saying it failed",
			log:  "I was trying to build a horovod-cpu image with docker build.\nThe build failed with the following errors:\n#22 48.71   running build_ext\n#22 48.90   -- The CXX compiler identification is GNU 7.5.0\n",
			want: HorovodBuild, conf: Likely,
		},
		{
			name: "silent: horovod's build_ext that finishes",
			log:  "Step 5/9 : RUN pip install horovod\n  running build_ext\n  -- The CXX compiler identification is GNU 7.5.0\nSuccessfully installed horovod-0.28.1\nSuccessfully built 0123abcd\n",
			want: "",
		},
		// podman/buildah short names (containers/image shortnames.go) and
		// Quay's expired tag (endpoints/v2/manifest.py TagExpired)
		{
			name: "podman cannot resolve the FROM image's short name",
			log:  "STEP 1/7: FROM nginx:1.27-alpine\nError: creating build container: short-name \"nginx:1.27-alpine\" did not resolve to an alias and no unqualified-search registries are defined in \"/etc/containers/registries.conf\"\nexit code: 125\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "buildah's short name with no terminal to choose a registry on",
			log:  "Error: creating build container: short-name resolution enforced but cannot prompt without a TTY\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "Quay refuses an expired tag",
			log:  "Error response from daemon: unknown: Tag v1.2 was deleted or has expired. To pull, revive via time machine\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "docker 1.x's client could not pull",
			log:  "Pulling repository docker.io/library/hello-world\ndocker.exe: Error while pulling image: Get https://index.docker.io/v1/repositories/library/hello-world/images: dial tcp: lookup index.docker.io on 10.0.75.1:53: no such host.\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "Docker Desktop cannot resolve a public registry",
			log:  "Failed to lookup host: mcr.microsoft.com\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: Docker Desktop cannot resolve another host",
			log:  "Failed to lookup host: api.example.com\n",
			want: UnrecognisedFailure,
		},
		{
			name: "Apptainer cannot fetch an image's manifest",
			log:  "FATAL:   Unable to handle docker://nvcr.io/nvidia/pytorch:22.01-py3 uri: failed to get checksum for docker://nvcr.io/nvidia/pytorch:22.01-py3: unable to retrieve auth token: invalid username/password: unauthorized: authentication required\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: Apptainer pulls an image",
			log:  "INFO:    Converting OCI blobs to SIF format\nINFO:    Starting build...\nGetting image source signatures\nINFO:    Creating SIF file...\n",
			want: "",
		},
		{
			name: "silent: a fully qualified name that podman pulls",
			log:  "Trying to pull docker.io/library/nginx:1.27-alpine...\nGetting image source signatures\nCopying blob 702599c1d55c done\nWriting manifest to image destination\nSuccessfully tagged localhost/app:latest\n",
			want: "",
		},
		// pip 24.1+ exceptions.py ResolutionTooDeepError, resolvelib's ResolutionTooDeep before it
		{
			name: "pip's resolver exceeding its depth is pip giving up",
			log:  "error: resolution-too-deep\n\n× Dependency resolution exceeded maximum depth\n╰─> Pip cannot resolve the current dependencies as the dependency graph is too complex for pip to solve efficiently.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "resolvelib's ResolutionTooDeep ending pip's traceback",
			log:  "pip._vendor.resolvelib.resolvers.ResolutionTooDeep: 2000000\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "silent: a doc heading about resolution depth",
			log:  "### Resolution Too Deep Error\n",
			want: "",
		},
		// AuthenticationFailed is storage's in the forms its clients print
		// (REST <Code>, Python v12 "ErrorCode:", azcopy "ServiceCode="); the
		// bare word is MongoDB's codeName and Resource Manager's 401 too.
		{
			name: "storage's AuthenticationFailed code as the Python v12 clients print it",
			log:  "RequestId:6efbdc78-601e\nErrorCode:AuthenticationFailed\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "azcopy's ServiceCode=AuthenticationFailed",
			log:  "===== RESPONSE ERROR (ServiceCode=AuthenticationFailed) =====\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: pymongo's AuthenticationFailed codeName is no storage",
			log:  "pymongo.errors.OperationFailure: Authentication failed., full error: {'ok': 0.0, 'errmsg': 'Authentication failed.', 'code': 18, 'codeName': 'AuthenticationFailed'}\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: Resource Manager's AuthenticationFailed is no storage",
			log:  "ERROR: (AuthenticationFailed) Authentication failed. The 'Authorization' header is missing.\nCode: AuthenticationFailed\n",
			want: UnrecognisedFailure,
		},
		{
			name: "git asks for the password of a URL that holds a token",
			log:  "fatal: could not read Password for 'https://build:s3cret@dev.azure.com/contoso/_git/envs?x=1': terminal prompts disabled\n",
			want: InteractiveAuth, conf: Certain, subject: "https://***@dev.azure.com/contoso/_git/envs?…",
		},
		{
			name: "az acr login refused",
			log:  "Error response from daemon: login attempt to https://myacr.azurecr.io/v2/ failed with status: 401 Unauthorized\n",
			want: ACRUnreachable, conf: Certain, subject: "myacr.azurecr.io",
		},
		{
			name: "a CI time limit while conda solves",
			log:  "Step 4/6 : RUN conda env create -f env.yml\nSolving environment: ...working...\nThe job exceeded the maximum time limit for jobs, and has been terminated.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "git's own credential prompt",
			log:  "Username for 'https://dev.azure.com': \n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			name: "not enough memory",
			log:  "c++: fatal error: Killed signal terminated program cc1plus\nThere is not enough memory to continue\n",
			want: OutOfMemory, conf: Certain,
		},

		{
			name: "prose: a tool that is not in the image",
			log:  "I had to add py3-pip to the apk add; I guess pip3 isn't part of the python3 package.\n",
			want: MissingCommand, conf: Likely, subject: "pip3",
		},
		{
			// testdata/reallogs/tune/azure-stack-docs-1857 (github.com/MicrosoftDocs/azure-stack-docs):
			// an error message pasted at the shell prompt
			name: "silent: bash's 'Error: command not found' is a pasted line, not a missing tool",
			log:  "azureuser@K8Test1:~$ Error: the copied message\nError: command not found\n",
			want: "",
		},
		{
			name: "a poster saying conda is not installed",
			log:  "The RUN step fails because conda isn't installed in the base image.\n",
			want: CondaCommandNotFound, conf: Likely,
		},
		{
			// testdata/reallogs/tune/horovod-2322 (github.com/horovod/horovod/issues/2322)
			name: "silent: 'installed via conda isn't supported' is not conda missing",
			log:  "If combining horovod w/ a tensorflow installed via conda isn't supported, can we please update the documentation to clearly say so?\n",
			want: "",
		},
		{
			name: "silent: prose about what is not installed that is no command",
			log:  "The package numpy is not installed by default, which is fine.\n",
			want: "",
		},

		{
			name: "the package pip was building when a generic compile error ended the build",
			log:  "  Building wheel for horovod (setup.py): started\n  CMake Error at CMakeLists.txt:12 (message):\n  error: command '/usr/bin/cmake' failed with exit code 1\nThe command '/bin/sh -c pip install horovod' returned a non-zero code: 1\n",
			want: HorovodBuild, conf: Likely, subject: "horovod",
		},
		{
			name: "silent: horovod was built, another package failed",
			log:  "  Building wheel for horovod (setup.py): started\n  Created wheel for horovod: filename=horovod-0.28.1-cp310-cp310-linux_x86_64.whl\n  error: command '/usr/bin/gcc' failed with exit code 1\n",
			want: CompileError,
		},
		{
			name: "a solve that hangs, in a poster's conditional words",
			log:  "If I build the image, it gets stuck at solving environment for hours.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "silent: a solve that does not hang, in a poster's words",
			log:  "It does not hang at solving environment like in the other issue.\n```\nStep 4/6 : RUN conda install -y foo\nCondaError: OSError(18, 'Invalid cross-device link')\nThe command '/bin/sh -c conda install -y foo' returned a non-zero code: 1\n```\n",
			want: UnrecognisedFailure,
		},
		{
			// testdata/reallogs/tune/smarty-228 (github.com/openforcefield/smarty/issues/228)
			name: "silent: CI's time limit at conda's confirmation prompt is no slow solve",
			log:  "$ conda create -n test python=3.5 numpy\nSolving environment: done\nProceed ([y]/n)? \nNo output has been received in the last 10m0s, this potentially indicates a stalled build or something wrong with the build itself.\n",
			want: "",
		},
		{
			name: "CI's time limit while conda solves",
			log:  "$ conda env create -f environment.yml\nSolving environment: ...working...\nNo output has been received in the last 10m0s, this potentially indicates a stalled build or something wrong with the build itself.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "a poster saying the failed build left no log",
			log:  "The environment build failed and there is not any link to the build logs in the portal.\n",
			want: BuildLogUnavailable, conf: Likely,
		},
		{
			// Debian changelogs (openssh, gpg, pam): someone else's prompt
			name: "silent: a prompt for a key's passphrase or a login is no package feed's",
			log:  "With this variant, you will be prompted for a password to protect your key.\n* pam_permit now prompts for a username if it is not already determined\n",
			want: "",
		},
		{
			name: "a poster saying pip asks for a password",
			log:  "Building the image hangs because pip install asks for my password for the private index.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			// python3-setuptools' docs (Sphinx markup) and a JDK test list, under /usr/share/doc
			name: "silent: markup after pip install, a Java name ending in InvalidSpec, prose about options",
			log: "See the :ref:`pip install Examples<pip install Examples>`.\n" +
				"Passed: java/security/KeyFactory/KeyFactoryGetKeySpecForInvalidSpec.java\n" +
				"As a consequence, the resulting dictionary will include no such options.\n",
			want: "",
		},
		{
			name: "optparse's unknown option, quoted without its colon",
			log:  "This change avoids the \"no such option --index-url\" error when building the environment.\n",
			want: PipInstallFailed,
		},
		{
			name: "silent: a log with no error in it is not a missing log",
			log:  "The build of my environment failed with no error in the logs.\nERROR: apt-get returned 100\n",
			want: UnrecognisedFailure,
		},
		{
			name: "the service's sentence",
			log:  "Image build failed. For more details, check log file azureml-logs/20_image_build_log.txt.\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "a poster's lower-case sentence, all the post says, is inferred",
			log:  "Since yesterday the image build failed for every environment I register.\n",
			want: BuildLogUnavailable, conf: Likely,
		},
		{
			// testdata/reallogs rule 30: apt's archive is a package repository
			name: "apt cannot resolve its archive",
			log:  "Step 2/5 : RUN apt-get update && apt-get install -y git\nErr:1 http://archive.ubuntu.com/ubuntu focal InRelease\n  Temporary failure resolving 'archive.ubuntu.com'\nThe command '/bin/sh -c apt-get update && apt-get install -y git' returned a non-zero code: 100\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "pip's git clone cannot resolve the host",
			log:  "Step 3/5 : RUN pip install git+https://github.com/foo/bar.git\n  fatal: unable to access 'https://github.com/foo/bar.git/': Could not resolve host: github.com\nThe command '/bin/sh -c pip install git+https://github.com/foo/bar.git' returned a non-zero code: 1\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			// curl(1)'s "curl: (6) Could not resolve host" and wget's "Resolving X...
			// failed": a file download, not a channel or package repository (rule 9)
			name: "silent: curl or wget fetching a file is no communications error",
			log: "Step 2/5 : RUN curl -fsSL https://get.docker.com -o get-docker.sh\ncurl: (6) Could not resolve host: get.docker.com\n" +
				"Resolving repo.anaconda.com (repo.anaconda.com)... failed: Temporary failure in name resolution.\n" +
				"The command '/bin/sh -c curl -fsSL https://get.docker.com -o get-docker.sh' returned a non-zero code: 6\n",
			want: UnrecognisedFailure,
		},
		{
			// Python's and git's changelogs under /usr/share/doc
			name: "silent: socket.timeout named as a class, git's credential cache daemon",
			log:  "- Issue #10272: The ssl module now raises socket.timeout instead of a generic\n  SSLError on socket timeouts.\nHandle socket.timeout's that occur during send.\ncredentials: unable to connect to cache daemon\n",
			want: "",
		},
		{
			name: "socket.timeout raised in a pip traceback",
			log:  "    raise ReadTimeoutError(self._pool, None, 'Read timed out.')\nsocket.timeout: The read operation timed out\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "git cannot connect to the package source's host",
			log:  "  fatal: unable to connect to github.com:\n  github.com[0: 140.82.114.4]: errno=Connection timed out\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			// testdata/reallogs rule 34
			name: "docker login refused by Docker Hub, no pull in view: no documented problem",
			log:  "$ docker login -u me\nPassword:\nError response from daemon: Get \"https://registry-1.docker.io/v2/\": unauthorized: incorrect username or password\n",
			want: UnrecognisedFailure,
		},
		{
			name: "the same refusal on a FROM step is the base image's pull",
			log:  "Step 1/5 : FROM private.example.com/team/base:1.0\nGet \"https://private.example.com/v2/\": unauthorized: authentication required\n",
			want: PullFailed,
		},
		{
			name: "silent: a plain git clone that cannot reach its host",
			log:  "Step 3/5 : RUN git clone https://github.com/foo/bar.git\nfatal: unable to access 'https://github.com/foo/bar.git/': Could not resolve host: github.com\nThe command '/bin/sh -c git clone https://github.com/foo/bar.git' returned a non-zero code: 128\n",
			want: UnrecognisedFailure,
		},
		{
			name: "ACR task killed",
			log:  "Run ID: cb9 failed after 12m3s. Error: failed during run, err: signal: killed\n",
			want: OutOfMemory, conf: Likely,
		},
		{
			name: "OOM in words",
			log:  "The build pod was OOM-killed while installing torch.\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			// Debian changelogs under /usr/share/doc (libssh2, libxml2, pango):
			// memory named in a fix, a bound, a supposition or a denial
			name: "silent: out of bounds memory, a supposed or denied out of memory",
			log: "* Fixed a number of potential out of bounds memory accesses caused by malformed input\n" +
				"NULL is returned if out of memory.\n" +
				"This is not an out of memory issue: the machine has 64 GB and the step still fails.\n" +
				"Removed tabs. * Made indentation consistent. * Killed off the old parser.\n" +
				"ERROR: apt-get install returned 100\n",
			want: UnrecognisedFailure,
		},
		{
			// /usr/share/doc: zlib1g-dev/examples/fitblk.c, gzappend.c, enough.c
			// (the message a call would print), nodejs/api/tls.html (a manual's
			// HTML), openjdk-17 check-hotspot-hotspot.log (a test's name),
			// curl/changelog ("in an OOM condition"), gnutls's changelog ("on
			// out of memory conditions"), linux-libc-dev/changelog.Debian and
			// git/changelog (a subsystem's fix entry)
			name: "silent: out of memory in a call's string literal, HTML, a test's name, a condition, a subsystem's fix",
			log: "        quit(\"out of memory\");\n" +
				"    if (window == NULL) bye(\"out of memory\", \"\");\n" +
				"    assert(vector != NULL && \"out of memory\");\n" +
				"    fprintf(stderr, \"gun out of memory error--aborting\\n\");\n" +
				"<li><code>'OUT_OF_MEM'</code>: Out of memory.</li>\n" +
				"Passed: runtime/ErrorHandling/TestHeapDumpOnOutOfMemoryError.java#id0\n" +
				"It would return CURLE_URL_MALFORMAT in an OOM condition.\n" +
				"tests: on out of memory conditions do not fail the hash-large test\n" +
				"    - netfilter: nf_tables: fix out of memory error handling\n" +
				"    - [arm64] net: hns: fix soft lockup when there is not enough memory\n" +
				"sparse-checkout: fix OOM error with mixed patterns\n" +
				"ERROR: apt-get install returned 100\n",
			want: UnrecognisedFailure,
		},
		{
			// /usr/share/doc: gpg's ChangeLog ("* tests/gpgscm/scheme.c
			// (Eval_Cycle): Exit if …"), gmp's ("* gmp.texi (Known Build
			// Problems): Note …"), dbus's NEWS ("If dbus_message_demarshal() runs
			// out of memory"), tcl's, unbound's ("Handle out of memory sanely"),
			// libxml2's ("More checks for out of memory", "in the presence of
			// "out of memory""), libaom's ("Avoid out of memory failures"),
			// zlib1g-dev/examples/zpipe.c (a ternary's literal)
			name: "silent: out of memory in a GNU ChangeLog entry, an if clause, code that handles it",
			log: "\t* tests/gpgscm/scheme.c (Eval_Cycle): Exit if we run out of memory.\n" +
				"\t* gmp.texi (Known Build Problems): Note an out of memory on DJGPP.\n" +
				"• If dbus_message_demarshal() runs out of memory while validating a message,\n" +
				"  If the parser runs out of memory, make sure its internal\n" +
				"  . Handle out of memory sanely.\n" +
				"  More checks for out of memory.\n" +
				"behaviour of the parser and validator in the presence of \"out of memory\"\n" +
				"  * aomedia:3310 Avoid out of memory failures with Visual Studio 2017,\n" +
				"        fputs(len == Z_MEM_ERROR ? \"out of memory\" : \"input corrupted\");\n" +
				"ERROR: apt-get install returned 100\n",
			want: UnrecognisedFailure,
		},
		{
			name: "a poster's if-then report of running out of memory still reports",
			log:  "if I build it with 4 GB, it runs out of memory\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "a poster naming the build before the if still reports",
			log:  "The image build runs out of memory if I install torch and tensorflow together at the same step\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			// ACR tasks (docs/diagnose.md: "Step ID: … marked as failed"): the step failed
			name: "ACR's step marked as failed is a failure",
			log:  "2019/05/10 22:09:21 Step ID: build marked as failed (error: failed to run step ID: build: exit status 1)\n",
			want: UnrecognisedFailure,
		},
		{
			// /usr/share/doc/systemd/changelog.Debian, nodejs/api/test.md and
			// test.html, nodejs/api/errors.html (Connection reset by peer)
			name: "silent: marked as failed in prose, a network error in a manual's HTML",
			log: "    unit was marked as failed. Fixes a regression introduced in v242.\n" +
				"results, the new subtest is immediately marked as failed, and reported later\n" +
				"<p><code>ECONNRESET</code> (Connection reset by peer): A connection was forcibly closed by\n",
			want: "",
		},
		{
			name: "a program's own out of memory messages still report",
			log:  "zran: out of memory\nException in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "a quoted call's out of memory in output still reports",
			log:  "error: bye(\"out of memory\") failed: Out of memory\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "a build that ran into an OOM condition still reports",
			log:  "The build pod hit OOM while compiling flash-attn.\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "the shell's job table: Killed, then the command",
			log:  "/root/miniconda/etc/profile.d/conda.sh: line 1:    88 Killed                  ( \"$CONDA_EXE\" install -y x )\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "a poster's conditional report of running out of memory",
			log:  "If I build the image on the 4 GB agent, pip runs out of memory while installing torch.\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "running out of GPU memory",
			log:  "The build runs out of GPU memory while compiling the kernels.\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "silent: a room is no OOM",
			log:  "There is ROOM for improvement in memory use; nothing failed.\n",
			want: "",
		},
		{
			name: "OOM as the failure, in a poster's words",
			log:  "The conda step got an OOM error after ten minutes.\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "the kernel's OOM killer in its own words",
			log:  "[12345.678] Out of memory: Killed process 4321 (conda) total-vm:9000000kB\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "a memory limit exceeded",
			log:  "The build container exceeded its memory limit and was stopped.\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			// docker/cli docs/reference/commandline/container_run.md, containerd
			// docs/ops.md and SCOPE.md (github.com/docker/cli, containerd/containerd):
			// OOM and memory limits as the names of settings, in documentation
			name: "silent: OOM and memory limits named in documentation",
			log: "| `--oom-kill-disable` | `bool` | | Disable OOM Killer |\n" +
				"| metrics | container-level metrics, cgroup stats, and OOM events | in |\n" +
				"| `--memory-swap=\"\"` | Total memory limit (memory + swap, format: `<number>[<unit>]`). |\n" +
				"Note that the memory should be smaller than the already set swap memory limit.\n" +
				"The task is not scheduled when the reservations exceed the memory available on that node.\n" +
				"By default, kernel kills processes in a container if an out-of-memory (OOM)\n",
			want: "",
		},
		{
			// containerd docs/man/containerd-config.toml.5.md
			name: "silent: the out of memory score, a daemon setting",
			log:  "**oom_score**\n: The out of memory (OOM) score applied to the containerd daemon process (Default: 0)\n",
			want: "",
		},
		{
			// docker/cli man/src/inspect.md: a container's state, not killed
			name: "silent: docker inspect's OOMKilled false",
			log:  "    \"State\": {\n        \"OOMKilled\": false,\n        \"Dead\": false,\n",
			want: "",
		},
		{
			// testdata/reallogs/tune/gorb-50 (github.com/kobolog/gorb/issues/50): the
			// step segfaults (139) and the poster links a page named for 137
			name: "silent: 137 in a link's name is not the step's exit code",
			log: "Step 4/16 : RUN pip install pyinotify\nSegmentation fault\nThe command '/bin/sh -c pip install pyinotify' returned a non-zero code: 139\n" +
				"In my case, this does not seem like a swap issue as described at http://samwize.com/2016/05/19/docker-error-returned-a-non-zero-code-137/ because I have adequate RAM\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: a URL about 137 alone",
			log:  "See http://example.com/docker-error-returned-a-non-zero-code-137/ for background.\n",
			want: "",
		},
		{
			name: "the workspace registry in words",
			log:  "UserError: Unable to access the workspace's container registry. Please check the networking settings.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "the workspace registry is gone",
			log:  "(ResourceNotFound) The Resource 'Microsoft.ContainerRegistry/registries/myacr' under resource group 'rg' was not found.\n",
			want: ACRUnreachable, conf: Certain,
		},

		{
			name: "a compiler command that failed",
			log:  "    error: command 'gcc' failed with exit status 1\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "a compiler diagnostic",
			log:  "    src/_yaml.c:4:10: fatal error: Python.h: No such file or directory\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "pip's summary after its wheel builds",
			log:  "  Building wheel for psutil (setup.py): finished with status 'error'\n  Running setup.py clean for psutil\nFailed to build psutil\n",
			want: CompileError, conf: Certain, subject: "psutil",
		},
		{
			name: "pip's summary naming horovod alone is horovod's build",
			log:  "Failed to build horovod\n",
			want: HorovodBuild, conf: Likely, subject: "horovod",
		},
		{
			// testdata/reallogs/tune/Witcher-4 (github.com/sefcom/Witcher/issues/4): a
			// build script's own summary after docker's COPY failed
			name: "silent: a script's 'Failed to build' about an image is no compile error",
			log:  "Step 48/68 : COPY --chown=wc:wc /httpreqr/httpreqr.64 /httpreqr\nCOPY failed: file not found in build context or excluded by .dockerignore: stat httpreqr/httpreqr.64: file does not exist\nFailed to build baserun\n",
			want: UnrecognisedFailure,
		},
		{
			// the guide's compile error: "Failed to build a package required for
			// the conda environment"; a project's own sources are not one
			name: "silent: a project's own make or cargo build failing is no compile error of a package",
			log: "Step 6/8 : RUN make\nmain.c:5:10: fatal error: foo.h: No such file or directory\ncompilation terminated.\nmake: *** [Makefile:2: main] Error 1\nThe command '/bin/sh -c make' returned a non-zero code: 2\n" +
				"Step 7/8 : RUN cargo build --release\nerror: could not compile `app` due to previous error\nThe command '/bin/sh -c cargo build --release' returned a non-zero code: 101\n",
			want: UnrecognisedFailure,
		},
		{
			name: "a compile error while pip builds a package in the same kind of step",
			log:  "Step 6/8 : RUN make deps && pip install pycocotools\n    pycocotools/_mask.c:6:10: fatal error: Python.h: No such file or directory\n    compilation terminated.\nThe command '/bin/sh -c make deps && pip install pycocotools' returned a non-zero code: 1\n",
			want: CompileError, conf: Certain,
		},
		{
			// changelogs under /usr/share/doc (tcl, zip, util-linux, nodejs)
			name: "silent: a compile error told as fixed, avoided or supposed",
			log: "* Fix a compilation error on Sun with cc (worked with gcc).\n" +
				"nedmalloc: avoid new compile error\n" +
				"- add missing headers to .c files  [Karel Zak]\n" +
				"* Fallback to Pure Python if Compilation fails\n",
			want: "",
		},
		{
			// /usr/share/doc: unbound's changelog ("- Fix #454: …"), libnet's
			// ("* Fix "FTBFS: …"), linux-libc-dev/changelog.Debian ("- clk: Fix
			// undefined reference …", "- m68knommu: fix …"), util-linux's ("- fix
			// undefined reference …"), glib's NEWS ("- #2571 Cross build error …")
			name: "silent: a compiler's or linker's error quoted in a changelog's fix entry",
			log: "  - Fix #454: listen_dnsport.c:825: error: ‘IPV6_TCLASS’ undeclared.\n" +
				"  * Fix \"FTBFS: libnet_init.c:88:17: error: format not a string literal\n" +
				"    - clk: Fix undefined reference to `clk_rate_exclusive_{get,put}'\n" +
				"    - m68knommu: fix undefined reference to `_init_sp'\n" +
				" - fix undefined reference to `security_get_initial_context'  [Karel Zak]\n" +
				" - #2571 Cross build error \"undefined reference to `_g_binary_test1_resource_data'\" when building tests for Windows\n",
			want: "",
		},
		{
			name: "the same errors as a build prints them still report",
			log: "listen_dnsport.c:825: error: ‘IPV6_TCLASS’ undeclared.\n" +
				"/usr/bin/ld: clk.o: undefined reference to `clk_rate_exclusive_get'\n" +
				"collect2: error: ld returned 1 exit status\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "a poster's conditional report of a failing compile",
			log:  "If I use gcc 12 the extension fails to compile while building the image.\n",
			want: CompileError, conf: Likely,
		},
		{
			name: "a poster saying the build fails to compile",
			log:  "Building the image fails because the extension fails to compile with gcc 12.\n",
			want: CompileError, conf: Likely,
		},
		{
			name: "the compiler driver's fatal error",
			log:  "cc1plus: fatal error: src/x.cpp: No such file or directory\ncompilation terminated.\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "a missing header whose source path was cut off",
			log:  "fatal error: Python.h: No such file or directory\n",
			want: CompileError, conf: Certain,
		},
		{
			// golang.org/x/tools cmd/bisect/testdata/rand.txt: another tool's
			// "fatal error:" is no compiler's
			name: "silent: git bisect's or Go's fatal error is not a compile error",
			log:  "bisect: fatal error: target fails inconsistently\nfatal error: all goroutines are asleep - deadlock!\n",
			want: "",
		},
		{
			name: "Python's missing module",
			log:  "    import dateutil\nModuleNotFoundError: No module named 'dateutil'\n",
			want: MissingPythonModule, conf: Certain, subject: "dateutil",
		},
		{
			name: "python -m with a module that is not there",
			log:  "/usr/bin/python3: No module named pip\n",
			want: MissingPythonModule, conf: Certain, subject: "pip",
		},
		{
			name: "the module named in a poster's sentence",
			log:  "The image builds but the job fails with No module named 'azureml' at import.\n",
			want: MissingPythonModule, conf: Likely, subject: "azureml",
		},
		{
			// azureml-examples cli/jobs/pipelines-with-components/basics/6c_r_iris/
			// docker-context/Dockerfile, line 12 (../shared/corpus)
			name: "silent: a Dockerfile comment naming the error",
			log:  "# Change back when azureml-mlflow fix the No module named 'dateutil' bug\nRUN pip install azureml-mlflow==1.38.0\n",
			want: "",
		},

		{
			name: "OSError for a missing program",
			log:  "    OSError: [Errno 2] No such file or directory: 'cmake'\n",
			want: MissingCommand, conf: Certain, subject: "cmake",
		},
		{
			name: "silent: a missing file is no missing program",
			log:  "ERROR: Could not open requirements file: [Errno 2] No such file or directory: 'requirements.txt'\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "a build tool's own words",
			log:  "    The 'pkg-config' command could not be found.\n",
			want: MissingCommand, conf: Certain, subject: "pkg-config",
		},

		// --- pip, setuptools and native builds across versions (tune-pip)
		{
			// pip 8-20 puts where a requirement came from before the version
			// list: the listed versions mean pip reached the index, so the
			// retries above recovered (satisfiesRE used to read "no list" as none).
			name: "silent: retries, then a version list after the requirement's origin",
			log:  "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ReadTimeoutError(\"HTTPSConnectionPool(host='pypi.org', port=443): Read timed out. (read timeout=15)\")': /simple/numpy/\nERROR: Could not find a version that satisfies the requirement numpy==1.19.0 (from -r requirements.txt (line 1)) (from versions: 1.18.0, 1.19.0rc1)\nERROR: No matching distribution found for numpy==1.19.0 (from -r requirements.txt (line 1))\n",
			want: NoMatchingDistrib, conf: Certain, subject: "numpy==1.19.0",
		},
		{
			name: "pip 8's empty version list after the requirement's origin, after retries",
			log:  "  Retrying (Retry(total=4, connect=None, read=None, redirect=None)) after connection broken by 'NewConnectionError('<pip._vendor.requests.packages.urllib3.connection.VerifiedHTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -2] Name or service not known',)': /simple/numpy/\n  Could not find a version that satisfies the requirement numpy==1.19.0 (from -r requirements.txt (line 1)) (from versions: )\nNo matching distribution found for numpy==1.19.0 (from -r requirements.txt (line 1))\n",
			want: CommunicationsError, conf: Likely,
		},
		{
			name: "silent: a listed version newer than the pin is no Python mismatch",
			log:  "ERROR: Ignored the following versions that require a different python version: 1.25.0 Requires-Python >=3.9\nERROR: Could not find a version that satisfies the requirement numpy==1.24.0 (from -r requirements.txt (line 1)) (from versions: 1.19.0, 1.24.4)\nERROR: No matching distribution found for numpy==1.24.0\n",
			want: NoMatchingDistrib, conf: Certain,
		},
		{
			// CPython's ssl module: "The read operation timed out"; since
			// Python 3.10 socket.timeout is TimeoutError, so pip's traceback ends so.
			name: "pip's traceback ends in TimeoutError from the ssl read",
			log:  "ERROR: Exception:\nTraceback (most recent call last):\n  File \"/usr/local/lib/python3.11/site-packages/pip/_vendor/urllib3/response.py\", line 438, in _error_catcher\n    yield\n  File \"/usr/local/lib/python3.11/ssl.py\", line 1134, in read\n    return self._sslobj.read(len, buffer)\nTimeoutError: The read operation timed out\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			// urllib3 exceptions.NewConnectionError: "Failed to establish a new connection: …"
			name: "urllib3 cannot open a connection",
			log:  "pip._vendor.urllib3.exceptions.NewConnectionError: <pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f8>: Failed to establish a new connection: [Errno 101] Network is unreachable\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			// requests/urllib3 ProtocolError('Connection aborted.', RemoteDisconnected(…))
			name: "the index closed the connection",
			log:  "pip._vendor.urllib3.exceptions.ProtocolError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "silent: the same words in a retry warning before a successful install",
			log:  "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ProtocolError('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))': /simple/numpy/\n  Retrying (Retry(total=3, connect=None, read=None, redirect=None)) after connection broken by 'NewConnectionError('<x>: Failed to establish a new connection: [Errno 101] Network is unreachable',)': /simple/numpy/\nInstalling collected packages: numpy\nSuccessfully installed numpy-1.26.4\n",
			want: "",
		},
		{
			// pip 25 exceptions.py ConnectionTimeoutError: "Unable to fetch URL" /
			// "HOST didn't respond within N seconds (while establishing a connection)"
			name: "pip 25's connection-timeout diagnostic",
			log:  "error: connection-timeout\n\n× Unable to fetch https://pypi.org/simple/numpy/\n╰─> pypi.org didn't respond within 15.0 seconds (while establishing a connection)\n",
			want: CommunicationsError, conf: Certain, subject: "pypi.org",
		},
		{
			// pip 25 exceptions.py ProxyConnectionError: "Failed to connect to proxy P while fetching URL"
			name: "pip 25's proxy-connection-failed diagnostic",
			log:  "error: proxy-connection-failed\n\n× Failed to connect to proxy http://proxy:3128 while fetching https://pypi.org/simple/numpy/\n╰─> Cannot connect to proxy.\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			// pip 25 exceptions.py ConnectionFailedError: "Failed to connect to HOST while fetching URL"
			name: "pip 25's connection-failed diagnostic, connection refused",
			log:  "error: connection-failed\n\n× Failed to connect to pypi.org while fetching https://pypi.org/simple/numpy/\n╰─> [Errno 111] Connection refused\n",
			want: CommunicationsError, conf: Certain, subject: "pypi.org",
		},
		{
			name: "silent: systemd failing to connect is not pip fetching",
			log:  "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n",
			want: "",
		},
		{
			// pip 25.1 exceptions.py IncompleteDownloadError ("This is an issue with network connectivity, not pip.")
			name: "pip's incomplete-download diagnostic",
			log:  "error: incomplete-download\n\n× Download failed because not enough bytes were received (552.1 MB/2.1 GB)\n╰─> URL: https://download.pytorch.org/whl/cu121/torch-2.4.0.whl\n",
			want: CommunicationsError, conf: Certain,
		},

		{
			// pip exceptions.py LegacyInstallFailure: reference legacy-install-failure, message and "╰─> package" context
			name: "pip 22's legacy-install-failure names horovod on its context line",
			log:  "error: legacy-install-failure\n\n× Encountered error while trying to install package.\n╰─> horovod\n\nnote: This is an issue with the package mentioned above, not pip.\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "pip 22's legacy-install-failure for another package, no cause in view, is pip's catch-all",
			log:  "error: legacy-install-failure\n\n× Encountered error while trying to install package.\n╰─> pycocotools\n",
			want: PipInstallFailed, conf: Certain, subject: "pycocotools",
		},
		{
			name: "pip 22's legacy-install-failure after the compiler's error is the compile error",
			log:  "    pycocotools/_mask.c:4:10: fatal error: Python.h: No such file or directory\n    error: command 'gcc' failed with exit status 1\nerror: legacy-install-failure\n\n× Encountered error while trying to install package.\n╰─> pycocotools\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "pip 25's failed-wheel-build-for-install, no cause in view, is pip's catch-all",
			log:  "error: failed-wheel-build-for-install\n\n× Failed to build installable wheels for some pyproject.toml based projects\n╰─> lxml\n",
			want: PipInstallFailed, conf: Certain, subject: "lxml",
		},
		{
			// pip exceptions.py InstallWheelBuildError: context is the failed names, joined by ", "
			name: "pip 25's failed-wheel-build-for-install names the package on the next line",
			log:  "error: failed-wheel-build-for-install\n\n× Failed to build installable wheels for some pyproject.toml based projects\n╰─> mpi4py\n",
			want: MPI4PyBuild, conf: Certain, subject: "mpi4py",
		},
		{
			// pip exceptions.py FailedToPrepareCandidate: "Failed to build '{package_name}' when {failed_step}"
			name: "pip 25.3's FailedToPrepareCandidate for horovod",
			log:  "ERROR: Failed to build 'horovod' when getting requirements to build wheel\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "pip 25.3's FailedToPrepareCandidate for another package is pip giving up",
			log:  "ERROR: Failed to build 'pycairo' when installing build dependencies\n",
			want: PipInstallFailed, conf: Certain, subject: "pycairo",
		},
		{
			// pip exceptions.py MetadataGenerationFailed: "Encountered error while generating package metadata."
			name: "pip's metadata-generation-failed diagnostic",
			log:  "error: metadata-generation-failed\n\n× Encountered error while generating package metadata.\n╰─> See above for output.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// pip exceptions.py InstallationSubprocessError.reference
			name: "pip's subprocess-exited-with-error reference alone is pip's catch-all",
			log:  "error: subprocess-exited-with-error\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "silent: the word subprocess-exited-with-error in prose is no error line",
			log:  "I searched for subprocess-exited-with-error and found nothing.\n",
			want: "",
		},
		{
			// distutils/setuptools errors.py CompileError and unixccompiler spawn: "command 'gcc' failed with exit status 1"
			name: "distutils' CompileError raised with the command",
			log:  "    distutils.errors.CompileError: command 'gcc' failed with exit status 1\n",
			want: CompileError, conf: Certain,
		},
		{
			// distutils spawn.py: "command %r terminated by signal %d"
			name: "the compiler killed by signal 9 is memory",
			log:  "    error: command 'gcc' terminated by signal 9\n",
			want: OutOfMemory, conf: Likely,
		},
		{
			// GCC collect2: "ld returned 1 exit status"
			name: "the linker failed",
			log:  "    /usr/bin/ld: cannot find -lssl\n    collect2: error: ld returned 1 exit status\n    error: command 'gcc' failed with exit status 1\n",
			want: CompileError, conf: Certain,
		},
		{
			// gcc/clang driver diagnostics "gcc: error: …"
			name: "the compiler driver refused an option",
			log:  "    clang: error: unsupported option '-fopenmp'\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "silent: a package named like a compiler diagnostic in prose",
			log:  "Collecting gcc-error-parser\nSuccessfully installed gcc-error-parser-1.0\n",
			want: "",
		},
		{
			// nvcc's "nvcc fatal   : …" messages
			name: "nvcc refuses the GPU architecture",
			log:  "    nvcc fatal   : Unsupported gpu architecture 'compute_86'\n    error: command '/usr/local/cuda/bin/nvcc' failed with exit code 1\n",
			want: CompileError, conf: Certain,
		},
		{
			// MSVC diagnostics "file(line): fatal error C1083: …"
			name: "MSVC cannot open an include file",
			log:  "    foo.c(12): fatal error C1083: Cannot open include file: 'io.h': No such file or directory\n",
			want: CompileError, conf: Certain,
		},
		{
			// cargo: "error: could not compile `crate`"
			name: "cargo could not compile a Rust extension",
			log:  "   error: could not compile `tokenizers` (lib) due to 1 previous error\n",
			want: CompileError, conf: Certain,
		},
		{
			// torch/utils/cpp_extension.py: "Error compiling objects for extension"
			name: "torch's extension build failed",
			log:  "    RuntimeError: Error compiling objects for extension\n",
			want: CompileError, conf: Certain,
		},
		{
			// GNU make: "make: *** [target] Error 1"
			name: "make fails while pip builds a package",
			log:  "  Building wheel for lightgbm (setup.py): started\n    make[2]: *** [CMakeFiles/_lightgbm.dir/build.make:76: foo.o] Error 1\n",
			want: CompileError, conf: Likely, subject: "lightgbm",
		},
		{
			name: "silent: make failing outside a pip build names no documented problem",
			log:  "make: *** [Makefile:12: all] Error 2\nThe command '/bin/sh -c make' returned a non-zero code: 2\n",
			want: UnrecognisedFailure,
		},
		{
			// setuptools msvc.py: "Microsoft Visual C++ 14.0 or greater is required"
			name: "no Microsoft C++ compiler",
			log:  "    error: Microsoft Visual C++ 14.0 or greater is required. Get it with \"Microsoft C++ Build Tools\": https://visualstudio.microsoft.com/visual-cpp-build-tools/\n",
			want: MissingCommand, conf: Certain, subject: "cl.exe",
		},
		{
			name: "silent: a Visual C++ redistributable being installed",
			log:  "Installing Microsoft Visual C++ 2015-2022 Redistributable (x64)\n",
			want: "",
		},
		{
			// torch/utils/cpp_extension.py verify_ninja_availability
			name: "torch needs ninja",
			log:  "    RuntimeError: Ninja is required to load C++ extensions\n",
			want: MissingCommand, conf: Certain, subject: "ninja",
		},
		{
			// torch/utils/cpp_extension.py: "CUDA_HOME environment variable is not set"
			name: "torch finds no CUDA toolkit",
			log:  "    OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.\n",
			want: MissingCommand, conf: Likely, subject: "nvcc",
		},
		{
			// CMake: "CMAKE_CXX_COMPILER not set, after EnableLanguage"
			name: "CMake has no compiler for a language",
			log:  "CMake Error: CMAKE_CXX_COMPILER not set, after EnableLanguage\n-- Configuring incomplete, errors occurred!\n",
			want: MissingCommand, conf: Certain, subject: "c++",
		},
		{
			// Python's FileNotFoundError for a subprocess whose program is absent
			name: "nvcc run by its path is missing",
			log:  "    FileNotFoundError: [Errno 2] No such file or directory: '/usr/local/cuda/bin/nvcc'\n",
			want: MissingCommand, conf: Certain, subject: "nvcc",
		},
		{
			name: "silent: a missing data file under a path",
			log:  "    FileNotFoundError: [Errno 2] No such file or directory: '/app/data/train.csv'\n",
			want: UnrecognisedFailure,
		},
		{
			// coreutils env in UTF-8 locales quotes with ‘ ’
			name: "env names the interpreter in curly quotes",
			log:  "/usr/bin/env: ‘python’: No such file or directory\n",
			want: MissingCommand, conf: Certain, subject: "python",
		},
		{
			// bash: "SCRIPT: line N: NAME: command not found"
			name: "bash running a script names the line",
			log:  "./install-mamba.sh: line 16: conda: command not found\nThe command '/bin/bash -c ./install-mamba.sh' returned a non-zero code: 127\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},

		{
			// urllib3 response.py HTTPResponse._error_catcher turns socket timeouts and resets into ReadTimeoutError/ProtocolError
			name: "pip's crash traceback through urllib3's response reader, cut before its name",
			log:  "ERROR: Exception:\nTraceback (most recent call last):\n  File \"/usr/local/lib/python3.10/site-packages/pip/_vendor/urllib3/response.py\", line 438, in _error_catcher\n    yield\n  File \"/usr/local/lib/python3.10/site-packages/pip/_vendor/urllib3/response.py\", line 561, in read\n",
			want: CommunicationsError, conf: Likely,
		},
		{
			name: "silent: pip's crash traceback elsewhere is pip failing",
			log:  "ERROR: Exception:\nTraceback (most recent call last):\n  File \"/usr/local/lib/python3.10/site-packages/pip/_internal/cli/base_command.py\", line 160, in exc_logging_wrapper\n    status = run_func(*args)\nPermissionError: [Errno 13] Permission denied: '/usr/lib/python3/dist-packages/yaml'\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// pip 8-9 basecommand.py logs "Exception:" with the traceback
			name: "pip 8-9's bare Exception: before its traceback, through urllib3's connection pool",
			log:  "Step 6/34 : RUN pip3 install --upgrade pip\nException:\nTraceback (most recent call last):\n  File \"/usr/share/python-wheels/urllib3-1.13.1-py2.py3-none-any.whl/urllib3/connectionpool.py\", line 346, in _make_request\n    self._validate_conn(conn)\n",
			want: CommunicationsError, conf: Likely,
		},
		{
			name: "pip 8-9's bare Exception: is pip's crash",
			log:  "Exception:\nTraceback (most recent call last):\n  File \"/usr/lib/python3/dist-packages/pip/basecommand.py\", line 215, in main\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// tune log nlp-recipes-410's shape: conda env prints pip's stderr after "Pip subprocess error:"
			name: "conda's Pip subprocess error with only connection retries after it",
			log:  "Pip subprocess error:\n  WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ReadTimeoutError(\"HTTPSConnectionPool(host='files.pythonhosted.org', port=443): Read timed out. (read timeout=15)\",)': /packages/f4/azureml_dataprep-1.1.8-py3-none-any.whl\n",
			want: CommunicationsError, conf: Likely,
		},
		{
			name: "silent: retries that recovered before pip's own error keep pip's error first",
			log:  "Pip subprocess error:\n  WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ReadTimeoutError(\"x\")': /simple/foo/\nERROR: Could not find a version that satisfies the requirement foo==9 (from versions: 1.0, 2.0)\nERROR: No matching distribution found for foo==9\n",
			want: NoMatchingDistrib, conf: Certain,
		},
		{
			name: "a post behind a proxy whose pip step fails with no cause in view",
			log:  "I cannot use pip normally behind a proxy. I always had to use the option --proxy.\nThe command '/bin/sh -c pip install -r requirements.txt' returned a non-zero code: 1\n",
			want: CommunicationsError, conf: Likely,
		},
		{
			name: "silent: no proxy in the post, pip's catch-all",
			log:  "I cannot use pip normally in this image.\nThe command '/bin/sh -c pip install -r requirements.txt' returned a non-zero code: 1\n",
			want: PipInstallFailed, conf: Likely,
		},
		{
			name: "a read timeout named in words",
			log:  "When installing django from the requirements.txt docker build ends with this ReadTimedOut error.\nThe command '/bin/sh -c pip install -r /tmp/requirements.txt' returned a non-zero code: 1\n",
			want: CommunicationsError, conf: Likely,
		},
		{
			name: "silent: pip's read timeout setting in a retry that recovered",
			log:  "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ReadTimeoutError(\"HTTPSConnectionPool(host='pypi.org', port=443): Read timed out. (read timeout=15)\")': /simple/numpy/\nInstalling collected packages: numpy\nSuccessfully installed numpy-1.26.4\n",
			want: "",
		},
		{
			// pip network/auth.py MultiDomainBasicAuth._prompt_for_password reads the username with input(): EOFError without a terminal
			name: "an EOFError reported with the credentials pip asked for",
			log:  "When installing from a private, password-protected (authenticating with HTTP BasicAuth) package index server, the subprocess to install build dependencies fails with an `EOFError`.\n```\n  Installing build dependencies ... error\n  error: subprocess-exited-with-error\n```\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "silent: an EOFError from a script's own input() is no credential prompt",
			log:  "  File \"setup.py\", line 12, in <module>\n    answer = input('Continue? ')\nEOFError: EOF when reading a line\n",
			want: UnrecognisedFailure,
		},
		{
			// tune log PX4-containers-320's shape (a PR's description)
			name: "a version bound read as a redirection, in words",
			log:  "Pip installation version was not being quoted, causing \">=\" to be\ntreated as a shell output redirect rather than a version.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "silent: pip following an HTTP redirect",
			log:  "  Looking in links: https://download.pytorch.org/whl/torch_stable.html, the index answered with a redirect to files.pythonhosted.org\nSuccessfully installed torch-2.0.0\n",
			want: "",
		},
		{
			// tune log nox-311's shape: nox prints the command it ran
			name: "an install command inside a longer line",
			log:  "Command conda install --yes --prefix C:\\x\\.nox\\tests-2-7 --channel=conda-forge dask<2.0.0 failed with exit code 1:\nThe system cannot find the file specified.\n",
			want: CondaBareRedirection, conf: Certain, subject: "dask<2.0.0",
		},
		{
			name: "pip with its Python version in the name",
			log:  "```\nRUN pip3.6 install pyspark>=2.2.0 psycopg2>=2.7.3.2\n```\n",
			want: CondaBareRedirection, conf: Likely, subject: "pyspark>=2.2.0",
		},
		{
			name: "silent: an install whose output goes to a log file",
			log:  "+ /usr/bin/pip3.8 install -r requirements.txt > /tmp/pip.log 2>&1\nSuccessfully installed six-1.16.0\n",
			want: "",
		},
		{
			// pip req_install.py install_legacy passes --install-headers <include>/<dist name>
			name: "pip 20's legacy install of a checkout names horovod by its headers directory",
			log:  "ERROR: Command errored out with exit status 1: /x/bin/python -u -c 'import sys, setuptools, tokenize; sys.argv[0] = '\"'\"'/tmp/pip-req-build-rp03q5ua/setup.py'\"'\"'' install --record /tmp/pip-record-9rme1nn8/install-record.txt --single-version-externally-managed --compile --install-headers /x/anaconda3/include/python3.7m/horovod Check the logs for full command output\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			// pip 1.x-9 req_install.py: "Cannot uninstall requirement %s, not installed"
			name: "old pip uninstalling a package that is not installed is pip failing, not a distutils project",
			log:  "Cannot uninstall requirement PyYAML, not installed\n",
			want: PipInstallFailed, conf: Certain,
		},

		{
			// horovod setup.py get_nccl_vals: DistutilsPlatformError "… HOROVOD_NCCL_INCLUDE and HOROVOD_NCCL_LIB environment variables."
			name: "horovod's setup.py names the NCCL variables it needs",
			log:  "```\nHOROVOD_NCCL_INCLUDE and HOROVOD_NCCL_LIB environment variables.\nHOROVOD_NCCL_HOME - path where NCCL include and lib directories can be found\n```\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			// horovod setup.py get_mpi_flags: "%s failed (see error below), is MPI in $PATH?"
			name: "horovod's setup.py cannot run mpicxx",
			log:  "    error: mpicxx -show failed (see error below), is MPI in $PATH?\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "silent: horovod's variables being set for a build that works",
			log:  "Step 4/6 : RUN HOROVOD_GPU_OPERATIONS=NCCL HOROVOD_NCCL_HOME=/usr/local/nccl pip install --no-cache-dir horovod\nSuccessfully installed horovod-0.28.1\nSuccessfully built 3f2a1b4c5d6e\n",
			want: "",
		},
		{
			name: "a poster's words for no matching distribution",
			log:  "in raspberry pi 4 python 2.7 it gives out error no matching distribution found for this platform.\nRUN pip install --no-cache-dir pandas tensorflow\n",
			want: NoMatchingDistrib, conf: Likely,
		},
		{
			name: "pip cannot uninstall a distutils project, in words",
			log:  "It was impossible to update the package directly with `pip`. Indeed it was installed with `distutils` which prevents `pip` or `conda` to uninstall it.\n",
			want: PipCannotUninstall, conf: Likely,
		},
		{
			// pip 10 req_uninstall.py: deprecated("Uninstalling a distutils installed project ({}) has been deprecated …")
			name: "silent: pip 10's deprecation of distutils uninstalls, then success",
			log:  "DEPRECATION: Uninstalling a distutils installed project (PyYAML) has been deprecated and will be removed in a future version. This is due to the fact that uninstalling a distutils project will only partially uninstall the project.\nSuccessfully installed PyYAML-5.1\n",
			want: "",
		},
		{
			// pip network/auth.py: ask_input(f"User for {netloc}: ")
			name: "pip's username prompt quoted in a post",
			log:  "- It asks for `User for pkgs.dev.azure.com` during pip commands - it's not possible to enter anything useful there\n",
			want: InteractiveAuth, conf: Certain, subject: "pkgs.dev.azure.com",
		},
		{
			name: "silent: a user for a service, in words",
			log:  "Create a `User for Azure` in the portal, then run the build again.\n",
			want: "",
		},

		{
			// mpi4py setup (conf/mpidistutils.py): "Installing mpi4py requires a working MPI implementation."
			name: "mpi4py's advice when it found no working MPI",
			log:  "      Installing mpi4py requires a working MPI implementation.\n      If you are running on a supercomputer or cluster, check with\n",
			want: MPI4PyBuild, conf: Certain, subject: "mpi4py",
		},
		{
			// Python subprocess.CalledProcessError: "Command '[…]' returned non-zero exit status 1."; horovod's setup.py runs cmake on its source directory
			name: "a setup.py's cmake run failing in horovod's pip build directory",
			log:  "    subprocess.CalledProcessError: Command '['cmake', '/tmp/pip-install-xyz/horovod_0123456789abcdef0123456789abcdef', '-DCMAKE_BUILD_TYPE=RelWithDebInfo']' returned non-zero exit status 1.\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},
		{
			name: "a cmake run failing in a checkout names no package",
			log:  "    subprocess.CalledProcessError: Command '['cmake', '--build', '/tmp/pip-req-build-abc/build/temp.linux-x86_64-cpython-310']' returned non-zero exit status 2.\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "silent: a CalledProcessError of a program that builds nothing",
			log:  "subprocess.CalledProcessError: Command '['git', 'rev-parse', 'HEAD']' returned non-zero exit status 128.\n",
			want: UnrecognisedFailure,
		},
		{
			// pip 10-19 req_install.py install: --install-headers <include>/<dist name>
			name: "pip 10-19's legacy install of a checkout names horovod by its headers directory",
			log:  "Command \"/usr/bin/python3 -u -c \"import setuptools, tokenize;__file__='/tmp/pip-req-build-x/setup.py';exec(compile(code, __file__, 'exec'))\" install --record /tmp/pip-record-x/install-record.txt --single-version-externally-managed --compile --install-headers /usr/local/include/python3.6/horovod\" failed with error code 1 in /tmp/pip-req-build-x/\n",
			want: HorovodBuild, conf: Certain, subject: "horovod",
		},

		{
			// exit code 139 is 128+SIGSEGV: the interpreter crashed
			name: "silent: a pip step killed by a segfault is no pip catch-all",
			log:  " > [3/11] RUN pip install --no-cache-dir --upgrade -r /app/requirements.txt:\n#0 0.159 Segmentation fault\n------\nfailed to solve: executor failed running [/bin/sh -c pip install --no-cache-dir --upgrade -r /app/requirements.txt]: exit code: 139\n",
			want: UnrecognisedFailure,
		},
		{
			// optparse (pip/_internal/cli): "option --use-deprecated: invalid choice: 'legacy-resolver' (choose from )"
			name: "pip's optparse refuses an option value",
			log:  "Step 5/26 : RUN pip3 wheel --wheel-dir=/tmp/wheels -r ./requirements.txt --use-deprecated=legacy-resolver\noption --use-deprecated: invalid choice: 'legacy-resolver' (choose from )\nThe command '/bin/sh -c pip3 wheel --wheel-dir=/tmp/wheels -r ./requirements.txt --use-deprecated=legacy-resolver' returned a non-zero code: 2\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "silent: conda's argparse refusing a command is no pip failure",
			log:  "conda: error: argument command: invalid choice: 'instal' (choose from 'clean', 'config', 'create', 'install')\n",
			want: UnrecognisedFailure,
		},
		{
			// pip req_install.py / commands/install.py: "Location-changing options found in --install-option"
			name: "pip refuses --prefix in --install-option",
			log:  "ERROR: Location-changing options found in --install-option: ['--prefix']\nfrom command line. This is unsupported, use pip-level options like\n--user, --prefix, --root, and --target instead.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "the shell taking a quoted operator for a redirection, in a commit message",
			log:  "The `>=` operator was triggering shell redirection. Added quotes to strictly pass the version requirement to pip.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "shells confused by the operators, in words",
			log:  "As shells may be confused by `>`, `<`, etc., quote the version specifications to ensure this is interpreted correctly.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "silent: redirecting output on purpose",
			log:  "We redirect the build output with > build.log so the CI keeps it.\nSuccessfully built 1a2b3c4d5e6f\n",
			want: "",
		},
		{
			name: "a traceback through horovod's setup.py in pip's build directory",
			log:  "    distutils.errors.DistutilsExecError: command '/opt/conda/bin/x86_64-conda_cos6-linux-gnu-cc' failed with exit status 1\n    Traceback (most recent call last):\n      File \"/tmp/pip-install-9j5_wonn/horovod/setup.py\", line 969, in build_extensions\n        build_tf_extension(self, options)\n",
			want: HorovodBuild, conf: Likely, subject: "horovod",
		},
		{
			name: "a traceback through another package's setup.py is its compile error",
			log:  "    distutils.errors.DistutilsExecError: command 'gcc' failed with exit status 1\n    Traceback (most recent call last):\n      File \"/tmp/pip-install-9j5_wonn/pycocotools/setup.py\", line 20, in <module>\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "a native build failing for missing headers, in words",
			log:  "the `docker build` fails building the cryptography module for python due to missing openssl and ffi headers.\n",
			want: CompileError, conf: Likely,
		},
		{
			name: "silent: something missing that is no build",
			log:  "The README is missing a section about the headers of the API.\n",
			want: "",
		},

		{
			// numpy/distutils/command/build_clib.py: "library %s has Fortran sources but no Fortran compiler found"
			name: "numpy.distutils finds no Fortran compiler",
			log:  "    error: library dfftpack has Fortran sources but no Fortran compiler found\n",
			want: MissingCommand, conf: Certain, subject: "gfortran",
		},
		{
			// fiona/GDAL setup.py: "A GDAL API version must be specified. Provide a path to gdal-config …"
			name: "GDAL's setup finds no gdal-config",
			log:  "    A GDAL API version must be specified. Provide a path to gdal-config using a GDAL_CONFIG environment variable or use a GDAL_VERSION environment variable.\n",
			want: MissingCommand, conf: Certain, subject: "gdal-config",
		},
		{
			// numpy setup: "Broken toolchain: cannot link a simple C program"
			name: "numpy's setup cannot link a C program",
			log:  "    RuntimeError: Broken toolchain: cannot link a simple C program\n",
			want: MissingCommand, conf: Likely, subject: "cc",
		},
		{
			// numpy/distutils/system_info.py NotFoundError
			name: "numpy.distutils finds no BLAS/LAPACK",
			log:  "    numpy.distutils.system_info.NotFoundError: No BLAS/LAPACK libraries found.\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "silent: another NotFoundError",
			log:  "azure.core.exceptions.ResourceNotFoundError: The specified container does not exist.\n",
			want: UnrecognisedFailure,
		},
		{
			// requests models.py raise_for_status: "%s Client Error: %s for url: %s"
			name: "the index refuses pip's request",
			log:  "ERROR: 403 Client Error: Forbidden for url: https://pkgs.dev.azure.com/org/_packaging/feed/pypi/simple/foo/\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "a storage blob's 403 stays the forbidden blob",
			log:  "ERROR: 403 Client Error: Server failed to authenticate the request. for url: https://acct.blob.core.windows.net/c/pkg.whl?sv=x\n",
			want: ForbiddenBlob,
		},

		{
			// tune logs steamship-langchain-57, sesame_csm_openai-13 (labelled AML999): ENOSPC is not a documented problem
			name: "a full disk is no pip catch-all",
			log:  "Collecting torch\n  Downloading torch-2.0.1-cp38-cp38-manylinux1_x86_64.whl (619.9 MB)\nERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n",
			want: UnrecognisedFailure,
		},
		{
			// tune log dl-docker-21 (labelled AML999)
			name: "a compiler that cannot write its output for a full disk is no compile error",
			log:  "<built-in>:0:0: fatal error: when writing output to : No space left on device\ncompilation terminated.\nmake[2]: *** [lib/THC/CMakeFiles/THC.dir/build.make:76: x.o] Error 1\n",
			want: UnrecognisedFailure,
		},
		{
			name: "pip's OSError about something else stays pip's catch-all",
			log:  "ERROR: Could not install packages due to an OSError: [Errno 13] Permission denied: '/usr/lib/python3/dist-packages/yaml'\nConsider using the `--user` option or check the permissions.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "a poster saying mpi4py will not install",
			log:  "FYI, pip installing mpi4py in the docker environment doesn't seem to be possible.\n",
			want: MPI4PyBuild, conf: Likely, subject: "mpi4py",
		},
		{
			name: "silent: mpi4py installed as planned",
			log:  "We are installing mpi4py from conda-forge so that it links the image's MPI.\nSuccessfully installed mpi4py-3.1.5\n",
			want: "",
		},

		{
			// tune log pip-3645's shape: pip 8 in CI, the index asks for basic auth
			name: "a post saying the index asks for credentials pip cannot give",
			log:  "it seems that this happens when the pypi server asks for basic authentication on package download.\nI am not sure that I need to mention that password prompts are not accepted by default, as we are doing CI around here.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "silent: asking for a version is no credential prompt",
			log:  "The requirements file asks for numpy>=1.20, which the resolver found.\nSuccessfully installed numpy-1.26.4\n",
			want: "",
		},
		{
			// mpi4py conf/mpidistutils.py: "MPI configuration: [mpi] from 'mpi.cfg'", "checking for library '…' ..."
			name: "a paste that stops inside mpi4py's configuration probes",
			log:  "  running build_ext\n  MPI configuration: [mpi] from 'mpi.cfg'\n  checking for dlopen() availability ...\n  checking for library 'dl' ...\n  gcc -pthread -fPIC -c _configtest.c -o _configtest.o\n",
			want: MPI4PyBuild, conf: Likely, subject: "mpi4py",
		},
		{
			name: "silent: mpi4py's probes, then its wheel built",
			log:  "  MPI configuration: [mpi] from 'mpi.cfg'\n  checking for library 'dl' ...\n  success!\n  Created wheel for mpi4py: filename=mpi4py-3.1.5-cp310-cp310-linux_x86_64.whl size=1\nSuccessfully built mpi4py\nSuccessfully installed mpi4py-3.1.5\n",
			want: "",
		},

		{
			// pip 1.x-6 index.py: logger.fatal('Cannot fetch index base URL %s')
			name: "pip 1.x-6 cannot read the index",
			log:  "Downloading/unpacking jubatus\n  Cannot fetch index base URL http://pypi.python.org/simple/\n  Could not find any downloads that satisfy the requirement jubatus\nNo distributions at all found for jubatus\nStoring debug log for failure in /root/.pip/pip.log\n",
			want: CommunicationsError, conf: Certain, subject: "http://pypi.python.org/simple/",
		},
		{
			// setuptools package_index.py / easy_install.py: "No local packages or working download links found for %s", "Could not find suitable distribution for %r"
			name: "easy_install finds nothing for a setup_requires",
			log:  "    Couldn't find index page for 'numpy' (maybe misspelled?)\n    No local packages or working download links found for numpy>=1.13.3\n    error: Could not find suitable distribution for Requirement.parse('numpy>=1.13.3')\n",
			want: NoMatchingDistrib, conf: Certain, subject: "numpy>=1.13.3",
		},
		{
			// pip 1.x-6 basecommand.py: "Storing debug log for failure in %s"
			name: "pip 1.x-6's failure line is pip's catch-all",
			log:  "Storing debug log for failure in /root/.pip/pip.log\n",
			want: PipInstallFailed, conf: Certain,
		},

		{
			// dash: "exec: NAME: not found" (a wrapper script's exec, as mpicc and ccache use)
			name: "dash's exec of a missing compiler",
			log:  "/bin/sh: 1: exec: gcc: not found\n",
			want: MissingCommand, conf: Certain, subject: "gcc",
		},
		{
			// bash: "PATH: No such file or directory" for a command given by its path
			name: "bash running a program by a path that is not there",
			log:  "/bin/bash: line 1: /opt/conda/bin/pip: No such file or directory\nThe command '/bin/bash -c /opt/conda/bin/pip install x' returned a non-zero code: 127\n",
			want: MissingCommand, conf: Certain, subject: "pip",
		},
		{
			name: "silent: a missing entrypoint script is a missing file, not a command",
			log:  "/bin/bash: /usr/local/bin/entrypoint.sh: No such file or directory\n",
			want: "",
		},

		// --- the service's own errors
		{
			name: "image build failed with no build output",
			log:  "ActivityFailedException: ActivityFailedException:\n\tMessage: Activity Failed:\n{\n    \"error\": {\n        \"code\": \"UserError\",\n        \"message\": \"Image build failed. For more details, check log file azureml-logs/20_image_build_log.txt.\"\n    }\n}\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "build log URL that could not be fetched",
			log:  "Image build failed. Build log: https://ws1234.blob.core.windows.net/azureml/ImageLogs/abc/build.log\nHttpResponseError: (PublicAccessNotPermitted) Public access is not permitted on this storage account. Status: 409\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "fetching the log the service names answers 409",
			log:  "azure.core.exceptions.HttpResponseError: (UserError) Image build failed. Build log: https://x.blob.core.windows.net/c/logs/cb/rawtext.log\nWhen I try to access the build log, I get:\nERROR 409: Public access is not permitted on this storage account..\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "no builds for the environment",
			log:  "Failed to fetch build details\nNotFoundError: No builds exist for environment CliV2AnonymousEnvironment version xxxx.\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "prose: failed, and no log",
			log:  "the status shows failed, and there is not any links to logs\n",
			want: BuildLogUnavailable, conf: Likely,
		},
		{
			name: "pip's retries are all the trouble in view",
			log:  "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ReadTimeoutError(\"HTTPSConnectionPool(host='pypi.org', port=443): Read timed out. (read timeout=15)\")': /simple/torch/\nThe command '/bin/sh -c pip install torch' returned a non-zero code: 1\n",
			want: CommunicationsError, conf: Likely,
		},
		{
			name: "silent: retries, then pip installs what it got",
			log:  "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ReadTimeoutError()': /simple/torch/\n  Downloading torch-2.1.0-cp310-cp310-manylinux1_x86_64.whl (670.2 MB)\nInstalling collected packages: torch\n",
			want: "",
		},
		{
			name: "silent: retries then success",
			log:  "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ReadTimeoutError()': /simple/torch/\nSuccessfully installed torch-2.1.0\n",
			want: "",
		},
		{
			name: "registry keys out of sync",
			log:  "UserError: Unauthorized error encountered while attempting to connect to the container registry myws123.azurecr.io. Please resync keys for the workspace: az ml workspace sync-keys\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "registry that does not resolve",
			log:  "Unable to get image details : Unable to resolve Container Registry: ACRXXXX.azurecr.io. If private link is enabled in workspace\n",
			want: ACRUnreachable, conf: Certain, subject: "ACRXXXX.azurecr.io",
		},
		{
			name: "the workspace registry does not answer",
			log:  "HTTPSConnectionPool(host='myacr.azurecr.io', port=443): Max retries exceeded with url: /v2/ (Caused by NewConnectionError('<urllib3.connection.VerifiedHTTPSConnection object>: Failed to establish a new connection: [WinError 10060] A connection attempt failed'))\n",
			want: ACRUnreachable, conf: Certain, subject: "myacr.azurecr.io",
		},
		{
			name: "job-time image pull",
			log:  "Failed to start the job: FailedPullingImage: Back-off pulling image \"myacr.azurecr.io/env/train:1\": ImagePullBackOff\n",
			want: PullFailed, conf: Certain, subject: "myacr.azurecr.io/env/train:1",
		},
		{
			name: "service errors with the build output below: the build output decides",
			log:  "Image build failed. For more details, check log file azureml-logs/20_image_build_log.txt.\nStep 4/6 : RUN conda env create -f env.yml\nPackagesNotFoundError: The following packages are not available from current channels:\n  - nosuch\n",
			want: PackageNotFound, conf: Certain,
		},
		// --- registries, az acr and Azure Storage in more of their words (issue 10)
		{
			// azure-cli acr/_errors.py: CONNECTIVITY_REFRESH_TOKEN_ERROR, "Access to registry '{}' was denied"
			name: "az acr is refused a refresh token",
			log:  "An error occurred: CONNECTIVITY_REFRESH_TOKEN_ERROR\nAccess to registry 'myacr.azurecr.io' was denied. Response code: 401. Please try running 'az login' again to refresh permissions.\n",
			want: ACRUnreachable, conf: Certain, subject: "myacr.azurecr.io",
		},
		{
			// azure-cli acr/_errors.py: CONNECTIVITY_DNS_ERROR
			name: "az acr cannot resolve the registry",
			log:  "An error occurred: CONNECTIVITY_DNS_ERROR\nFailed to reach DNS for registry 'myacr.azurecr.io'. Please check if the spelling is correct, if the CLI environment is on correct cloud and your network connectivity.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			// azure-cli acr/_docker_utils.py _get_credentials: a 403 from the registry's /v2/
			name: "az acr login behind the registry firewall",
			log:  "Looks like you don't have access to registry 'myacr.azurecr.io'. To see configured firewall rules, run 'az acr show --query networkRuleSet --name myacr'.\n",
			want: ACRUnreachable, conf: Certain, subject: "myacr.azurecr.io",
		},
		{
			// azure-cli acr/_docker_utils.py: ADMIN_USER_BASE_ERROR_MESSAGE
			name: "az acr has no admin credentials",
			log:  "Unable to get admin user credentials with message: Admin user is disabled.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "silent: a registry in another sense is no ACR",
			log:  "Access to registry key HKLM\\Software was denied by policy; continuing.\n",
			want: "",
		},
		{
			// online endpoints (how-to-troubleshoot-online-endpoints, ImageBuildFailure): "If the error
			// message mentions \"failed to communicate with the workspace's container registry\""
			name: "the image build cannot reach the workspace registry",
			log:  "ImageBuildFailure: Failed to communicate with the workspace's container registry.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			// tune log azureml-and-dask-4: the service's image details, cut after the registry's resource ID
			name: "the service cannot fetch the workspace registry",
			log:  "Error occurred: Unable to get image details : Unable to fetch workspace resources: The Resource 'Microsoft.ContainerRegistry/registries/14f3d1f5e2\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			// containerd core/remotes/docker/resolver.go: "pulling from host %s failed with status code %v: %v"
			name: "containerd's resolver is refused",
			log:  "failed to resolve reference \"myreg.example.com/img:1.0\": pulling from host myreg.example.com failed with status code [manifests 1.0]: 401 Unauthorized\n",
			want: PullFailed, conf: Certain, subject: "myreg.example.com/img:1.0",
		},
		{
			// containerd core/remotes/docker/httpreadseeker.go: "httpReadSeeker: failed open"
			name: "a layer of the image cannot be fetched",
			log:  "#5 ERROR: failed to copy: httpReadSeeker: failed open: failed to do request: Get \"https://mcr.microsoft.com/v2/azureml/x/blobs/sha256:abc\": dial tcp 1.2.3.4:443: i/o timeout\n",
			want: PullFailed, conf: Certain,
		},
		{
			// moby distribution/errors.go (Docker 1.13-17.x): "repository %s not found: does not exist or no pull access"
			name: "an older daemon's missing repository",
			log:  "Error response from daemon: repository myorg/nosuch not found: does not exist or no pull access\n",
			want: PullFailed, conf: Certain,
		},
		{
			// moby distribution/pull_v1.go: "Error: image %s not found"
			name: "the v1 pull's missing image",
			log:  "Pulling repository docker.io/library/nosuch\nError: image library/nosuch:latest not found\n",
			want: PullFailed, conf: Certain, subject: "library/nosuch:latest",
		},
		{
			name: "silent: an image build that failed is no pull",
			log:  "Error: image build failed, see the log\nStep 3/5 : RUN conda env create -f env.yml\nPackagesNotFoundError: The following packages are not available from current channels:\n  - nosuch\n",
			want: PackageNotFound,
		},
		{
			// kubelet status as kubectl logs reports it: "is waiting to start: trying and failing to pull image"
			name: "kubectl logs of a container whose image never came",
			log:  "Error from server (BadRequest): container \"main\" in pod \"train-0\" is waiting to start: trying and failing to pull image\n",
			want: PullFailed, conf: Certain,
		},
		{
			// online endpoints (how-to-troubleshoot-online-endpoints, BadArgument): "Unable to download user container image"
			name: "the endpoint cannot download the image",
			log:  "(BadArgument) Unable to download user container image. Please check the container logs.\n",
			want: PullFailed, conf: Certain,
		},
		{
			// BuildKit: the solve error naming the FROM image that is not there
			name: "BuildKit's solve names the missing FROM image",
			log:  "ERROR: failed to solve: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:nosuch: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:nosuch: not found\n",
			want: PullFailed, conf: Certain, subject: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:nosuch",
		},
		{
			name: "silent: a file missing from the context is no pull",
			log:  "ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref abc::def: \"/app/requirements.txt\": not found\n",
			want: UnrecognisedFailure,
		},
		{
			// BuildKit progress: the errored vertex of a FROM image's metadata
			name: "BuildKit could not load the FROM image's metadata",
			log:  " => ERROR [internal] load metadata for docker.io/library/python:3.99            0.6s\n",
			want: PullFailed, conf: Certain, subject: "docker.io/library/python:3.99",
		},
		{
			// containerd core/images/image.go: "no match for platform in manifest"
			name: "the image has no variant for the platform",
			log:  "ERROR: failed to solve: python:3.11-slim: no match for platform in manifest: not found\n",
			want: PullFailed, conf: Certain,
		},
		{
			// containers/image (podman): the registry's DENIED message without its code
			name: "podman is denied the manifest",
			log:  "Error: initializing source docker://quay.io/org/private:latest: reading manifest latest in quay.io/org/private: requested access to the resource is denied\n",
			want: PullFailed, conf: Certain,
		},
		{
			// Go crypto/x509 on the registry's /v2/ request (a proxy that re-signs TLS)
			name: "the registry's certificate is not trusted",
			log:  "Error response from daemon: Get \"https://myreg.example.com/v2/\": x509: certificate signed by unknown authority\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: another request's certificate is no pull",
			log:  "go: downloading github.com/x/y v1.0.0\ngo: github.com/x/y@v1.0.0: Get \"https://proxy.golang.org/github.com/x/y/@v/v1.0.0.mod\": x509: certificate signed by unknown authority\n",
			want: "",
		},
		{
			name: "the workspace registry's certificate is not trusted: ACR unreachable",
			log:  "Error response from daemon: Get \"https://myws.azurecr.io/v2/\": x509: certificate signed by unknown authority\n",
			want: ACRUnreachable, conf: Certain, subject: "myws.azurecr.io",
		},
		{
			// Go context on the registry's /v2/ request
			name: "the registry request runs out of time",
			log:  "Error response from daemon: Get \"https://registry-1.docker.io/v2/\": context deadline exceeded\n",
			want: PullFailed, conf: Certain,
		},
		{
			// tune log azureml-examples-2959: the registry's answer wrapped onto the next line
			name: "a manifest request refused on the next line",
			log:  "Step 1/6 : FROM myacr.azurecr.io/azureml/env:1\nGet https://myacr.azurecr.io/v2/myacr.azurecr.io/azureml/env/manifests/1\n: unauthorized: authentication required\n",
			want: PullFailed, conf: Certain, subject: "myacr.azurecr.io/myacr.azurecr.io/azureml/env:1",
		},
		{
			name: "silent: a manifest request that was answered",
			log:  "Get https://myreg.example.com/v2/img/manifests/1.0\n200 OK\nStatus: Downloaded newer image for myreg.example.com/img:1.0\n",
			want: "",
		},
		{
			// Azure Storage, Shared access signature error codes: AuthorizationSourceIPMismatch
			name: "a SAS refused for the caller's IP",
			log:  "azure.core.exceptions.HttpResponseError: This request is not authorized to perform this operation using this source IP 1.2.3.4.\nErrorCode:AuthorizationSourceIPMismatch\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			// Azure Storage, Common REST API error codes: AccountIsDisabled, InsufficientAccountPermissions
			name: "the storage account is disabled",
			log:  "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AccountIsDisabled</Code><Message>The specified account is disabled.\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			// tune log azure-search-openai-demo-2750: an ACR task's build log blob that cannot be read
			name: "the build log blob is not there",
			log:  "ERROR: failed deploying service 'api': HEAD https://acrtaskprodeus01.blob.core.windows.net/container-abc/logs/ca1/rawtext.log\nRESPONSE 404: 404 The specified blob does not exist.\nERROR CODE: BlobNotFound\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "silent: a missing blob that the build needs is no forbidden blob",
			log:  "HEAD https://acct.blob.core.windows.net/models/model.bin\nRESPONSE 404: 404 The specified blob does not exist.\nERROR CODE: BlobNotFound\n",
			want: UnrecognisedFailure,
		},
		{
			// Azure Stack Hub's registry login server, <registry-name>.azsacr.<region>.<fqdn>
			// (Azure Stack Hub container registry overview); tune log azure-stack-docs-1857
			name: "an Azure Stack Hub registry that does not resolve",
			log:  "Error response from daemon: Get \"https://test01.azsacr.local.contoso.com/v2/\": dial tcp: lookup test01.azsacr.local.contoso.com: no such host\n",
			want: ACRUnreachable, conf: Certain, subject: "test01.azsacr.local.contoso.com",
		},
		{
			name: "a sovereign cloud's registry login refused",
			log:  "Error response from daemon: Get \"https://myacr.azurecr.cn/v2/\": unauthorized: authentication required\n",
			want: ACRUnreachable, conf: Certain, subject: "myacr.azurecr.cn",
		},
		{
			name: "silent: another registry's login that does not resolve is no ACR",
			log:  "Error response from daemon: Get \"https://registry.example.com/v2/\": dial tcp: lookup registry.example.com: no such host\n",
			want: PullFailed,
		},
		{
			// Azure Batch TaskFailureInformationCodes.ContainerInvalidRegistry; tune log CromwellOnAzure-29
			name: "Azure Batch finds the registry invalid",
			log:  "\"code\": \"ContainerInvalidRegistry\",\n\"message\": \"One or more container registries specified are invalid\",\n",
			want: PullFailed, conf: Certain,
		},
		{
			// Azure Batch TaskFailureInformationCodes.BlobAccessDenied
			name: "Azure Batch is denied a resource file",
			log:  "Task failed: BlobAccessDenied: Access was denied when trying to download a resource file required for the task.\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			// tune log dp-090-databricks-ml-75: the workspace has no registry and may not create one
			name: "the service cannot create the workspace registry",
			log:  "\"message\": \"Error while trying to create an ACR for the workspace. Please use a different workspace that has an ACR associated with it or disable the policies\"\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			// tune log azure-devops-docs-7471
			name: "the workspace registry cannot be found",
			log:  "At the run time, It is giving \"Could not find container registry registry_name\" error.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "silent: registry credentials that cannot be found are no missing registry",
			log:  "WARNING: could not find container registry credentials in the environment; using anonymous pulls\n",
			want: "",
		},
		{
			// tune log MCW-Cosmos-DB-Real-Time-Advanced-Analytics-40: azureml-core's deployment error JSON
			name: "a deployment's environment build failed, no build output",
			log:  "Message: Service deployment polling reached non-successful terminal state, current service state: Transitioning:\n\nError:\n{\n  \"statusCode\": 400,\n  \"code\": \"EnvironmentBuildFailed\",\n  \"message\": \"Failed Building the Environment.\"\n}\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			// rule 8 of testdata/reallogs (prose counts when it is all there is); tune log
			// Azure-Synapse-Retail-Recommender-Solution-Accelerator-6
			name: "prose: the environment's build fails, nothing else",
			log:  "When I go to environments in the workspace I see my env, but when I try to build it that fails. Need help.\n",
			want: BuildLogUnavailable, conf: Likely,
		},
		{
			name: "prose: the environment build failed, in an error word, nothing else",
			log:  "The environment build failed and I don't know why, the portal just says Failed.\n",
			want: BuildLogUnavailable, conf: Likely,
		},
		{
			// tune log mattermost-docker-124 (labelled AML906): the poster names what
			// failed and why, so the log is not missing: the compile error is inferred
			name: "prose that names the build's cause is no missing log",
			log:  "When I build the db container then the `docker build` fails building the cryptography module for python due to missing openssl and ffi headers.\n",
			want: CompileError, conf: Likely,
		},
		{
			name: "silent: prose about a failed build, then other errors",
			log:  "The docker build failed.\nERROR: something else broke\nERROR: and again\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: prose about a build that fails, with the build output below",
			log:  "The image build fails at the conda step:\nStep 3/5 : RUN conda env create -f env.yml\nPackagesNotFoundError: The following packages are not available from current channels:\n  - nosuch\n",
			want: PackageNotFound,
		},
		{
			// Azure/acr-builder dockerLoginWithRetries: "failed to login, ran out of retries", after
			// "Logging in to registry: X" (the task's own registry: the workspace's ACR)
			name: "the ACR task cannot log in to the workspace registry",
			log:  "2023/12/11 06:06:49 Logging in to registry: myws.azurecr.io\nfailed to login, ran out of retries: failed to set docker credentials: exit status 1\nRun ID: ca2 failed after 5s. Error: failed during run, err: exit status 1\n",
			want: ACRUnreachable, conf: Certain, subject: "myws.azurecr.io",
		},
		{
			name: "the ACR task cannot log in to a base image registry: a pull failure",
			log:  "2023/12/11 06:06:49 Logging in to registry: myreg.example.com\nfailed to login, ran out of retries: failed to set docker credentials: exit status 1\n",
			want: PullFailed, conf: Certain,
		},
		{
			// moby registry: the daemon names the /v2/ URL whose request failed
			name: "the daemon's registry request fails in other words",
			log:  "docker: Error response from daemon: Get \"https://registry-1.docker.io/v2/\": EOF.\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "an insecure registry answers in plain HTTP",
			log:  "Error response from daemon: Get \"https://myreg.example.com/v2/\": http: server gave HTTP response to HTTPS client\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: the daemon refusing something else is no pull",
			log:  "Error response from daemon: Get \"https://myapp.example.com/health\": dial tcp 10.0.0.1:80: connect: connection refused\n",
			want: UnrecognisedFailure,
		},
		{
			// ACI error code (AKS virtual nodes doc: error code "InaccessibleImage")
			name: "Container Instances cannot get the image",
			log:  "InaccessibleImage: The image 'myacr.azurecr.io/x:1' in container group 'cg' is not accessible. Please check the image and registry credential.\n",
			want: PullFailed, conf: Certain,
		},
		{
			// the login check (GET /v2/) of an ACR refused in any words: ACR unreachable
			name: "the workspace registry's root answers Forbidden",
			log:  "Error response from daemon: Get \"https://myacr.azurecr.io/v2/\": Forbidden\n",
			want: ACRUnreachable, conf: Certain, subject: "myacr.azurecr.io",
		},
		{
			// docker push names the repository, the registry's refusal follows the layer lines
			name: "a push to the workspace registry refused",
			log:  "The push refers to repository [myacr.azurecr.io/azureml/azureml_abc]\n5f70bf18a086: Preparing\n5f70bf18a086: Waiting\nunauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.\nRun ID: cb1 failed after 1m. Error: failed during run, err: exit status 1\n",
			want: ACRUnreachable, conf: Certain, subject: "myacr.azurecr.io",
		},
		{
			name: "silent: a push to Docker Hub refused is no ACR",
			log:  "The push refers to repository [docker.io/me/x]\nabc: Preparing\ndenied: requested access to the resource is denied\n",
			want: "",
		},
		{
			// online endpoints' ImageBuildFailure names where the log is
			name: "the service says where the build log is",
			log:  "The build log is available in the workspace blob store 'ws1234' under the path '/azureml/ImageLogs/abc/build.log'\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			// distribution registry/client/errors.go UnexpectedHTTPResponseError; tune log polyaxon-378
			name: "the registry's answer to the FROM image is no error JSON",
			log:  "Step 1/9 : FROM tensorflow/tensorflow:1.12.0-gpu\nERROR: error parsing HTTP 404 response body: invalid character 'p' after top-level value: \"404 page not found\\n\"\n",
			want: PullFailed, conf: Certain, subject: "tensorflow/tensorflow:1.12.0-gpu",
		},
		{
			name: "the same answer to a push to the workspace registry",
			log:  "The push refers to repository [myacr.azurecr.io/azureml/x]\nabc: Preparing\nerror parsing HTTP 403 response body: unexpected end of JSON input: \"\"\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			// rule 8 of testdata/reallogs; tune log acr-742
			name: "prose: the image cannot be pulled, nothing else",
			log:  "When restarting the app it started to fail on pull the image from ACR. No one can pull the image, even when properly authenticated.\n",
			want: PullFailed, conf: Likely,
		},
		{
			name: "silent: prose about pulls with a successful build",
			log:  "git pull fails to pull the latest commits sometimes, but the build below is fine:\nSuccessfully built abc123def456\n",
			want: "",
		},
		{
			name: "silent: prose about pulls above a failure of something else",
			log:  "I cannot pull the image, here is the log:\nERROR: failed to solve: process \"/bin/sh -c conda env create -f env.yml\" did not complete successfully: exit code: 1\n",
			want: UnrecognisedFailure,
		},
		{
			// GitHub Actions runner pulling a job container: "Docker pull failed with exit code 1"
			name: "the CI runner gives up pulling the job's image",
			log:  "  /usr/bin/docker pull ghcr.io/org/x:v1\n  Error response from daemon: received unexpected HTTP status: 503 Service Unavailable\n  Warning: Docker pull failed with exit code 1, back off 8.549 seconds before retry.\n  /usr/bin/docker pull ghcr.io/org/x:v1\n  Error response from daemon: received unexpected HTTP status: 503 Service Unavailable\nError: Docker pull failed with exit code 1\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: a pull retried that then worked",
			log:  "  Warning: Docker pull failed with exit code 1, back off 8.549 seconds before retry.\n  /usr/bin/docker pull ghcr.io/org/x:v1\nStatus: Downloaded newer image for ghcr.io/org/x:v1\n",
			want: "",
		},
		{
			// distribution errcode NAME_UNKNOWN: "repository name not known to registry"
			name: "the registry does not know the repository",
			log:  "Error: initializing source docker://quay.io/org/nosuch:1: reading manifest 1 in quay.io/org/nosuch: name unknown: repository name not known to registry\n",
			want: PullFailed, conf: Certain,
		},
		{
			// kubelet images/types.go ErrRegistryUnavailable
			name: "kubelet finds the registry unavailable",
			log:  "  Warning  Failed  3s  kubelet  Error: RegistryUnavailable\n",
			want: PullFailed, conf: Certain,
		},
		{
			// classic docker build prints the base image's pull error as the FROM step's output
			name: "a registry's refusal in the FROM step",
			log:  "Step 1/5 : FROM myreg.example.com/team/base:1\nunauthorized: authentication required\n",
			want: PullFailed, conf: Certain, subject: "myreg.example.com/team/base:1",
		},
		{
			name: "silent: the same words in a RUN step are no pull",
			log:  "Step 1/5 : FROM python:3.9\nStep 2/5 : RUN curl -f https://api.example.com/x\nunauthorized: invalid token\nThe command '/bin/sh -c curl -f https://api.example.com/x' returned a non-zero code: 22\n",
			want: UnrecognisedFailure,
		},
		{
			// tune log azure-pipelines-tasks-19224: BuildKit pushing to an ACR, the refusal after the layer lines
			name: "a BuildKit push to the workspace registry refused",
			log:  "#10 [x] pushing myacr.azurecr.io/poc/app:1 with docker\n#10 pushing layer 5f70bf18a086 0.1s done\n#10 ERROR: unauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.\n",
			want: ACRUnreachable, conf: Certain, subject: "myacr.azurecr.io",
		},
		{
			// tune log azure-devops-docs-4473: a post naming the ACR, the push refused in words
			name: "prose: a push refused in a post about an ACR",
			log:  "My service connection refers to my Azure Container Registry.\nThe buildAndPush task builds the image, but then fails with an \"unauthorized: authentication required\" message when attempting to push it.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			// tune log azure-docs-107890: online endpoints' BadArgument
			name: "the endpoint may not pull from the registry",
			log:  "BadArgument: Endpoint identity does not have pull permission on the registry..\n",
			want: PullFailed, conf: Certain,
		},
		{
			// tune log azure-search-knowledge-mining-67 (Storage Explorer's words)
			name: "an expired SAS token",
			log:  "At this step the URI provided gives a SAS token has expired error\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			// tune log azure-docs-85569: the SAS named, its failure a line below
			name: "prose: a SAS token that fails to authenticate",
			log:  "The SAS token in this example blob_sas_token = r\"?st=2019&se=2119&sp=rl&sig=abc\"\n\n...fails to authenticate. It looks as if it has expired.\n",
			want: ForbiddenBlob, conf: Likely,
		},
		{
			name: "silent: a SAS token that is generated and used",
			log:  "Generating a SAS token for the container, valid for one hour\nUploaded 3 files\nSuccessfully built 0123456789ab\n",
			want: "",
		},
		{
			// Azure ML, Troubleshoot data access errors: ScriptExecution.StreamAccess.Authentication
			name: "the job cannot read its datastore",
			log:  "Failed to mount URI azureml://datastores/training/paths/sample.csv\nError Code: ScriptExecution.StreamAccess.Authentication\nNative Error: error in streaming from input data sources\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			// Azure ML data runtime's native error
			name: "the data runtime is denied the stream",
			log:  "Native Error: error in streaming from input data sources\n\tStreamError(PermissionDenied(Some(This request is not authorized)))\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: a database login that fails is no blob",
			log:  "Error Code: ScriptExecution.DatabaseConnection.Authentication\nError Message: Login failed for user 'x'.\n",
			want: UnrecognisedFailure,
		},
		{
			// azureml-core's image polling error: "Error response from server:" is the SDK's, not build output
			name: "the old SDK's image creation error",
			log:  "Image creation polling reached non-successful terminal state, current state: Failed\nError response from server:\nStatusCode: 400\nMessage: Docker image build failed.\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "definition problem reported by the service",
			log:  "(UserError) Docker image or Dockerfile is required for environments\n",
			want: "AML113", conf: Certain,
		},
		{
			// azureml-examples sdk/python/generative-ai/rag/notebooks/custom_crack_and_chunk/
			// doc_intel_env/Dockerfile, line 3 (../shared/corpus): the bound is unquoted,
			// but nothing was built, so nothing failed of it
			name: "silent: an unquoted bound in a Dockerfile is a warning, not a failure",
			log:  "FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04\n\nRUN pip install -U azureml-rag>=0.2.2\n",
			want: "",
		},
		{
			name: "a poster's words for what the shell did with a bound stay an error",
			log:  "After the build there is a file named '=0.37.0' in the image root and the old version is installed.\n",
			want: CondaBareRedirection, conf: Likely, sev: lint.Error,
		},
		{
			name: "an unquoted bound in a step that failed stays an error",
			log:  "Step 3/4 : RUN pip install -U azureml-rag>=0.2.2\nERROR: Could not install packages due to an OSError\nThe command '/bin/sh -c pip install -U azureml-rag>=0.2.2' returned a non-zero code: 1\n",
			want: CondaBareRedirection, sev: lint.Error,
		},
		{
			name: "silent: a pip Successfully installed line after a wheel failure",
			log:  "  ERROR: Failed building wheel for pycocotools\n  Running setup.py install for pycocotools ... done\nSuccessfully installed pycocotools-2.0.7\n",
			want: "",
		},
		// --- conda's spec errors in other versions' words (AML904)
		{
			// conda 3.x conda/cli/common.py arg2spec: sys.exit('Error: Invalid package specification: %s')
			name: "conda 3's capitalised invalid package specification",
			log:  "Fetching package metadata: ....\nError: Invalid package specification: numpy=\n",
			want: CondaBadSpec, conf: Certain, subject: "numpy=",
		},
		{
			// conda-build's MetaData.ms_depends: RuntimeError("Invalid package specification: %r")
			name: "conda-build's invalid package specification in a recipe",
			log:  "RuntimeError: Invalid package specification: 'numpy >=1.2,,'\n",
			want: CondaBadSpec, conf: Certain, subject: "numpy",
		},
		{
			// conda 3.x arg2spec: "Error: Invalid character '%s' in package name: '%s'"
			name: "conda 3's invalid character in a package name",
			log:  "Error: Invalid character '!' in package name: 'numpy!'\n",
			want: CondaBadSpec, conf: Certain, subject: "numpy!",
		},
		{
			name: "silent: another parser's invalid character is no spec",
			log:  "yaml.scanner.ScannerError: Invalid character '\\t' in line 3\n",
			want: UnrecognisedFailure,
		},
		{
			// libmamba 2 specs/match_spec.cpp: R"(Error parsing MatchSpec "{}": {}")"
			name: "libmamba 2 cannot parse a MatchSpec",
			log:  "critical libmamba Error parsing MatchSpec \"numpy=>1.2\": Found invalid version predicate in \"=>1.2\"\n",
			want: CondaBadSpec, conf: Certain, subject: "numpy=>1.2",
		},
		{
			// conda/cli/common.py specs_from_url: CondaFileIOError(path, e) for a --file that is not there
			name: "conda create --file of a file that is not there",
			log:  "CondaFileIOError: 'environment.yml'. [Errno 2] No such file or directory: 'environment.yml'\n",
			want: CondaBadSpec, conf: Certain, subject: "environment.yml",
		},
		{
			name: "silent: a CondaFileIOError that is not a missing spec file",
			log:  "CondaFileIOError: '/opt/conda/pkgs/urls.txt'. [Errno 13] Permission denied: '/opt/conda/pkgs/urls.txt'\n",
			want: UnrecognisedFailure,
		},

		// --- conda's solve in other versions' words (AML908)
		{
			// conda 3.x-4.3 plan.py: "Solving package specifications: " and its dots
			name: "a conda 4.3 log that stops while solving",
			log:  "Step 5/9 : RUN conda install -y numpy scipy\nFetching package metadata ...........\nSolving package specifications: .\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "silent: conda 4.3's solve that ended in its plan",
			log:  "Fetching package metadata ...........\nSolving package specifications: .\n\nPackage plan for installation in environment /opt/conda:\n",
			want: "",
		},
		{
			// conda 4.6+ resolve.py: "Found conflicts! Looking for incompatible packages." and its
			// "Examining conflict for …" progress bars
			name: "a log that stops in conda's conflict search",
			log:  "Solving environment: failed with initial frozen solve. Retrying with flexible solve.\nFound conflicts! Looking for incompatible packages.\nThis can take several minutes.  Press CTRL-C to abort.\nExamining conflict for numpy scipy:  43%|████▎     | 3/7 [52:10<1:10:02, 1050.51s/it]\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "silent: a solve cut by the excerpt after an error already shown",
			log:  "Solving package specifications: ..\nError: Unsatisfiable package specifications.\nHint: the following combinations of packages create a conflict with the\nremaining packages:\n  - python 3.4*\n  - theano\n\nFetching package metadata: ....\nSolving package specifications: .\nThe following NE",
			want: IncompatiblePython, conf: Likely,
		},
		{
			name: "a poster: creating the environment runs for a week and does not finish",
			log:  "It takes almost one week to create an environment to run snakemake, and does not finish yet.\n",
			want: CondaTimeout, conf: Likely,
		},
		{
			name: "silent: an environment that took a day and finished",
			log:  "Creating the environment took a day, but it finished in the end.\n",
			want: "",
		},

		{
			// PyYAML's scanner on the file conda env create was given
			name: "conda env create on an environment file that is no valid YAML",
			log:  "$ conda env create -f environment.yml\nTraceback (most recent call last):\n  File \"/opt/conda/lib/python3.9/site-packages/conda_env/cli/main_create.py\", line 97, in execute\nyaml.scanner.ScannerError: mapping values are not allowed here\n  in \"environment.yml\", line 5, column 12\n",
			want: CondaBadSpec, conf: Likely,
		},
		{
			name: "silent: a YAML error in a CI file is no conda spec",
			log:  "Loading .gitlab-ci.yml\nyaml.parser.ParserError: while parsing a block mapping\n",
			want: UnrecognisedFailure,
		},
		{
			// AppVeyor's build time limit while conda solves
			name: "AppVeyor stops the build at its time limit while conda solves",
			log:  "conda env create -f environment.yml\nCollecting package metadata (repodata.json): ...working... done\nSolving environment: ...working...\nBuild execution time has reached the maximum allowed time for your plan (60 minutes).\n",
			want: CondaTimeout, conf: Likely,
		},

		{
			// conda 4.7+ resolve.py's message, which conda wraps after "found"; pasted on one line
			name: "conda's incompatible-with-python message on one line with its exception name",
			log:  "but in the end I get **UnsatisfiableError: The following specifications were found to be incompatible with the existing python installation in your environment**\n",
			want: IncompatiblePython, conf: Certain,
		},
		{
			name: "silent: an UnsatisfiableError between two other packages is no Python problem",
			log:  "UnsatisfiableError: The following specifications were found to be incompatible with each other:\n\n  - numpy=1.10\n  - scipy=1.9\n",
			want: UnrecognisedFailure,
		},

		// --- conda not on the PATH in other shells' and tools' words (AML917)
		{
			name: "bash sourcing conda's activate by a path that is not there",
			log:  "/bin/bash: /opt/conda/bin/activate: No such file or directory\n",
			want: CondaCommandNotFound, conf: Certain, subject: "activate",
		},
		{
			name: "bash sourcing conda.sh of an install that is not there",
			log:  "/bin/bash: /root/miniconda3/etc/profile.d/conda.sh: No such file or directory\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda.sh",
		},
		{
			// dash's dotcmd: find_dot_file's "%s: not found" and "Can't open %s"
			name: "dash's . activate with no conda on the PATH",
			log:  "/bin/sh: 1: .: activate: not found\n",
			want: CondaCommandNotFound, conf: Likely, subject: "activate",
		},
		{
			name: "dash's . of conda.sh that is not there",
			log:  "/bin/sh: 1: .: Can't open /opt/conda/etc/profile.d/conda.sh\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda.sh",
		},
		{
			name: "silent: a virtualenv's activate is no conda",
			log:  "/bin/bash: /opt/venv/bin/activate: No such file or directory\n/bin/sh: 1: .: Can't open venv/bin/activate\n",
			want: MissingCommand, conf: Certain, subject: "activate",
		},
		{
			name: "Windows names conda conda.exe",
			log:  "'conda.exe' is not recognized as an internal or external command,\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda.exe",
		},
		{
			// tcsh's "%s: Command not found."
			name: "tcsh: conda: Command not found.",
			log:  "conda: Command not found.\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "fish: Unknown command: mamba",
			log:  "fish: Unknown command: mamba\n",
			want: CondaCommandNotFound, conf: Certain, subject: "mamba",
		},
		{
			name: "ksh: conda: not found",
			log:  "ksh: conda: not found\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			// java.lang.ProcessBuilder's IOException
			name: "Java cannot run conda",
			log:  "Caused by: java.io.IOException: Cannot run program \"conda\" (in directory \"/work/a1\"): error=2, No such file or directory\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			// @actions/io which(): "Unable to locate executable file: ${tool}. Please verify …"
			name: "a GitHub action cannot locate conda",
			log:  "Error: Unable to locate executable file: conda. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable.\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "node cannot spawn micromamba",
			log:  "Error: spawn micromamba ENOENT\n",
			want: CondaCommandNotFound, conf: Certain, subject: "micromamba",
		},
		{
			name: "a missing compiler in Java's words stays a missing command",
			log:  "java.io.IOException: Cannot run program \"gcc\": error=2, No such file or directory\n",
			want: MissingCommand, conf: Certain, subject: "gcc",
		},
		{
			// sudo's command lookup on its secure_path (plugins/sudoers: "%s: command not found")
			name: "sudo cannot find conda on its secure_path",
			log:  "Step 6/9 : RUN sudo conda install -y numpy\n ---> Running in 3f2a\nsudo: conda: command not found\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			// coreutils nohup/timeout: "failed to run command %s" with quote() (curly in UTF-8)
			name: "timeout failed to run conda",
			log:  "timeout: failed to run command ‘conda’: No such file or directory\n",
			want: CondaCommandNotFound, conf: Certain, subject: "conda",
		},
		{
			name: "PowerShell 7's wording of a command it cannot find",
			log:  "mamba: The term 'mamba' is not recognized as a name of a cmdlet, function, script file, or executable program.\n",
			want: CondaCommandNotFound, conf: Certain, subject: "mamba",
		},
		{
			name: "sudo cannot find a compiler: a missing command",
			log:  "sudo: gcc: command not found\n",
			want: MissingCommand, conf: Certain, subject: "gcc",
		},
		{
			name: "silent: conda named as not supporting something is not missing",
			log:  "If combining horovod w/ a tensorflow installed via conda isn't supported, can we please update the documentation?\n",
			want: "",
		},

		// --- bare redirection in other shells' words (AML919)
		{
			// zsh exec.c: zwarn("%e: %s", errno, fn) for a redirection's file
			name: "zsh cannot open the rest of a bound",
			log:  "zsh: no such file or directory: 2.0\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			// zsh subst.c equalsubstr: zerr("%s not found") for =word (the EQUALS option)
			name: "zsh's = expansion of pkg>=0.4's target",
			log:  "\"zsh: 0.4 not found\" is the error returned if quotes aren't added around the package name when it has >=\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "silent: zsh's = expansion of a word that is no version",
			log:  "zsh: foo not found\n",
			want: "",
		},
		{
			name: "busybox sh cannot open the rest of a bound",
			log:  "/bin/sh: can't open '2.0': No such file or directory\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "fish could not redirect from the rest of a bound",
			log:  "warning: An error occurred while redirecting file '2'\nopen: No such file or directory\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "tcsh's no such file, with its full stop",
			log:  "2.0: No such file or directory.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "silent: busybox cannot open a real file",
			log:  "/bin/sh: can't open 'requirements.txt': No such file or directory\n",
			want: "",
		},
		{
			name: "a file named for a placeholder of a version",
			log:  "It pipes stuff to a file called `\"=version\"` instead.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "a notebook's !pip and IPython's %pip run through the shell",
			log:  "!pip install torch>=2.0\n%pip install numpy<2\n",
			want: CondaBareRedirection, conf: Likely, subject: "torch>=2.0",
		},
		{
			name: "a poster: quote the specs, the output is eaten by a redirection",
			log:  "Surround packages with double quotes when specifying a minimum version. Without them, the output of `pip install` is empty, eaten by a redirection.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "a bound written apart from its package is a redirection too",
			log:  "RUN pip install numpy >=1.20 pandas\n",
			want: CondaBareRedirection, conf: Likely, subject: "numpy >=1.20",
		},
		{
			name: "conda's spaced spec form, unquoted, with a < bound",
			log:  "$ conda install -c conda-forge numpy <2\n",
			want: CondaBareRedirection, conf: Likely, subject: "numpy <2",
		},
		{
			name: "silent: real redirections after an install command",
			log:  "RUN pip install -r requirements.txt > /tmp/pip.log 2>&1 && conda install -y numpy < /dev/null\nRUN pip install 'numpy >=1.20' \"scipy <2\" # keep numpy >=1.20\n",
			want: "",
		},
		{
			name: "a file named for the rest of a bound with no =",
			log:  "pip install humanize>3 unquoted runs pip install humanize and writes its output to a file called 3.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "a poster names a file called like a version",
			log:  "After the install there is a new file named `2.0` next to setup.py; pip printed nothing\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "silent: a file named with digits in another sense",
			log:  "The archive contains a file named 2 with the licence text\n",
			want: "",
		},
		{
			name: "silent: a changelog about quoting a redirect for some versions of bash",
			log:  "t3404: fix quoting of redirect for some versions of bash\n",
			want: "",
		},
		{
			name: "silent: another parser's ParserError is no conda spec",
			log:  "conda env create -f environment.yml\n- bpo-36440: Include node names in ``ParserError`` messages, instead of\n* Work around the lack of the HTMLParserError exception in Python 3.5.\n",
			want: "",
		},
		{
			name: "silent: a shell's changelog about redirections",
			log:  "j. Fixed a bug that caused an ambiguous redirection (>&word) to be printed\nthe current \">\" implementation. (And in my opinion, redirection is not\n",
			want: "",
		},
		{
			name: "silent: Sphinx's reference markup in pip's own docs",
			log:  "See the :ref:`pip install Examples<pip install Examples>`.\n",
			want: "",
		},
		{
			name: "an operator glued to its package with the version in the next word",
			log:  "RUN pip install numpy>= 1.20\n",
			want: CondaBareRedirection, conf: Likely, subject: "numpy>=",
		},
		{
			name: "silent: an HTTP redirect with a quoted version",
			log:  "Redirecting to the \"latest\" page\n",
			want: "",
		},
	}
	runShapes(t, tests)
}

// shapeCase is one log and what diagnose must say about it first: want is
// the first finding's problem, and conf, subject and sev, when set, its
// confidence, one of its subjects and its severity. want "" means nothing
// at error level; with sev lint.Warning as well, no finding at all but
// AML999's.
type shapeCase struct {
	name    string
	log     string
	want    string
	conf    Confidence
	subject string
	sev     lint.Severity
	// detail: words of the first finding's Detail, when the case must
	// tell which handler's verdict it is (another may name the problem)
	detail string
}

// runShapes runs a table of shapeCase, one subtest each.
func runShapes(t *testing.T, tests []shapeCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := analyze(t, tc.log)
			if tc.want == "" {
				for _, f := range res.Findings {
					if f.Severity >= lint.Error || tc.sev == lint.Warning && f.Problem.ID != UnrecognisedFailure {
						t.Fatalf("want nothing at error level, got %s", describe(res))
					}
				}
				return
			}
			if len(res.Findings) == 0 || res.Findings[0].Problem.ID != tc.want {
				t.Fatalf("want %s first, got %s", tc.want, describe(res))
			}
			f := res.Findings[0]
			if tc.conf != "" && f.Confidence != tc.conf {
				t.Errorf("confidence %s, want %s", f.Confidence, tc.conf)
			}
			if tc.subject != "" && !containsFold(f.Subjects, tc.subject) {
				t.Errorf("subjects %q, want %q", f.Subjects, tc.subject)
			}
			if tc.detail != "" && !strings.Contains(f.Detail, tc.detail) {
				t.Errorf("detail %q, want it to hold %q", f.Detail, tc.detail)
			}
			if tc.sev != 0 && f.Severity != tc.sev {
				t.Errorf("severity %v, want %v", f.Severity, tc.sev)
			}
		})
	}
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func TestTies(t *testing.T) {
	// One line that shows two documented problems: nothing to rank by.
	log := "azure.core.exceptions.HttpResponseError: (UserError) Missing Docker option; Python section missing\n"
	res := analyze(t, log)
	if len(res.Findings) < 2 || len(res.Findings[0].TiedWith) == 0 {
		t.Fatalf("want a tie, got %s", describe(res))
	}
	// Different lines: the first one ranks first, no tie.
	res = analyze(t, "CondaHTTPError: HTTP 000 CONNECTION FAILED for url <https://conda.anaconda.org/conda-forge/noarch/repodata.json>\nKilled\n")
	for _, f := range res.Findings {
		if len(f.TiedWith) > 0 {
			t.Fatalf("no tie expected: %s", describe(res))
		}
	}
}

// TestShapesRegistryService: the registry's, the Azure CLI's and Azure
// Storage's wordings for the workspace registry out of reach or refusing
// (AML902), a refused pull (AML903) and a refused blob (AML915), each with
// a neighbour that must not give it.
func TestShapesRegistryService(t *testing.T) {
	tests := []shapeCase{
		// azure-cli acr/custom.py acr_login: docker's stderr, then CLIError('Login failed.')
		{
			name: "az acr login's Login failed after the az acr login command",
			log:  "$ az acr login -n myacr\nERROR: Login failed.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "silent: azure/login's Login failed is the Azure login, not a registry's",
			log:  "Run azure/login@v1\nError: Login failed with Error: Error: Command failed: az login --service-principal. Double check if the 'auth-type' is correct.\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: az acr login failing in docker's credential helper is local",
			log:  "$ az acr login -n myacr\nError saving credentials: error storing credentials - err: exit status 1, out: `The stub received bad data.`\nERROR: Login failed.\n",
			want: UnrecognisedFailure,
		},
		// azure-cli acr/_docker_utils.py _get_credentials and acr/_errors.py
		{
			name: "az acr login with no AAD token, no admin user and no terminal",
			log:  "ERROR: Unable to authenticate using AAD or admin login credentials. Please specify both username and password in non-interactive mode.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "az acr's login server check",
			log:  "ERROR: Could not connect to the registry login server 'myacr.azurecr.io'. Please verify that the registry exists and the URL 'https://myacr.azurecr.io/v2/' is reachable from your environment.\n",
			want: ACRUnreachable, conf: Certain, subject: "myacr.azurecr.io",
		},
		{
			name: "CONNECTIVITY_WWW_AUTHENTICATE_ERROR's message",
			log:  "Registry 'myacr.azurecr.io' did not ask properly for a basic or a bearer authentication.\n",
			want: ACRUnreachable, conf: Certain,
		},
		// moby registry/auth.go loginV2: "login attempt to %s failed with status: %d %s"
		{
			name: "docker login to an ACR refused with any status",
			log:  "Error response from daemon: login attempt to https://myacr.azurecr.io/v2/ failed with status: 403 Forbidden\n",
			want: ACRUnreachable, conf: Certain, subject: "myacr.azurecr.io",
		},
		{
			name: "silent: docker login to Docker Hub refused is no Azure registry",
			log:  "Error response from daemon: login attempt to https://registry-1.docker.io/v2/ failed with status: 401 Unauthorized\n",
			want: UnrecognisedFailure,
		},
		// Azure ML compute (job-time) and Kubernetes online endpoints
		{
			name: "an Azure ML compute cannot get an ACR token with its identity",
			log:  "AzureMLCompute job failed.\nAcrRefreshTokenRetrievalError: Unable to retrieve ACR refresh token using Compute Identity 1234, please check if compute identity has access to ACR.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "a Kubernetes online endpoint cannot reach the workspace registry",
			log:  "(ACRAuthenticationChallengeFailed) Failed to do the authentication challenge against the workspace container registry\n",
			want: ACRUnreachable, conf: Certain,
		},
		// pushes: the command, then the registry's bare refusal
		{
			name: "docker push to an ACR, then denied",
			log:  "$ docker push myacr.azurecr.io/samples/nginx\ndenied: requested access to the resource is denied\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "silent: a push to Docker Hub denied is no Azure registry",
			log:  "$ docker push myuser/app:1\nThe push refers to repository [docker.io/myuser/app]\ndenied: requested access to the resource is denied\n",
			want: "",
		},
		{
			name: "a post about pushing to ACR that quotes the refusal",
			log:  "I can log in with az acr login -n myreg but when I push an image to ACR I get an unauthorized error:\nunauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.\n",
			want: ACRUnreachable, conf: Certain, // the bare refusal just after az acr login
		},
		{
			name: "a post about pushing to an Azure container registry, the refusal capitalised",
			log:  "Our builds fail with `Unauthorized: Authentication required`.\n- We use the Azure CLI to log into the container registry before pushing.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "a push post that names a GitHub pull request still speaks of no image pull",
			log:  "Since the pull request merged, our workflow (refs/pull/12/merge) fails to push to ACR:\nunauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			// reallogs rule 34: a push to docker.io refused is AML999, also when the poster meant an ACR
			name: "silent: a post about pushing to ACR whose push went to docker.io",
			log:  "I want to push my image to our ACR after az acr login:\n$ docker push myapp:1\nThe push refers to repository [docker.io/library/myapp]\ndenied: requested access to the resource is denied\n",
			want: "",
		},
		{
			name: "silent: the post also speaks of pulling: the refusal may be the pull's",
			log:  "I pushed my image to ACR with docker push. Now AKS cannot pull it:\nunauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.\n",
			want: "",
		},
		{
			name: "silent: ACR inside a word names no registry",
			log:  "When I push the MACRO build I get \"unauthorized\" from our registry.\n",
			want: "",
		},
		{
			name: "a refused pull after a push in the same post stays a pull failure",
			log:  "We push the image to ACR in the pipeline. The deployment then fails:\nWarning Failed kubelet Failed to pull image \"myacr.azurecr.io/app:1\": rpc error: code = Unknown desc = failed to pull and unpack image: unauthorized: authentication required\n",
			want: PullFailed, conf: Certain,
		},
		// a pull command, then the registry's refusal on a line naming no image
		{
			name: "docker pull, then a bare refusal: the pull failed",
			log:  "$ docker pull myacr.azurecr.io/app:v1\nError response from daemon: unauthorized: authentication required\n",
			want: PullFailed, conf: Certain, subject: "myacr.azurecr.io/app:v1",
		},
		{
			name: "silent: a bare refusal with no pull or push in view",
			log:  "unauthorized: authentication required\n",
			want: "",
		},
		// Azure CLI storage (storage/__init__.py get_handler_suppress_some_400)
		{
			name: "az storage: AuthorizationFailure in the CLI's words",
			log:  "The request may be blocked by network rules of storage account. Please check network rule set using 'az storage account show -n accountname --query networkRuleSet'.\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "az storage: AuthenticationFailed in the CLI's words",
			log:  "Authentication failure. This may be caused by either invalid account key, connection string or sas token value provided for your storage account.\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "az storage: AuthorizationPermissionMismatch in the CLI's words, with its role list",
			log:  "You do not have the required permissions needed to perform this operation.\nDepending on your operation, you may need to be assigned one of the following roles:\n    \"Storage Blob Data Owner\"\n    \"Storage Blob Data Contributor\"\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: the same sentence from another service, no storage roles",
			log:  "You do not have the required permissions needed to perform this operation.\nPlease contact your Key Vault administrator.\n",
			want: "",
		},
		{
			name: "a .NET storage client's 403",
			log:  "Microsoft.Azure.Storage.StorageException: The remote server returned an error: (403) Forbidden.\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: a .NET storage client's 404 is no forbidden blob",
			log:  "Microsoft.Azure.Storage.StorageException: The remote server returned an error: (404) Not Found.\n",
			want: UnrecognisedFailure,
		},
		{
			name: "batch endpoints: the data runtime's authentication failure",
			log:  "ScriptExecutionException was caused by StreamAccessException.\n  StreamAccessException was caused by AuthenticationException.\n",
			want: ForbiddenBlob, conf: Certain,
		},
		// Azure/acr-builder: dockerLogin wraps docker login's output in "failed
		// to set docker credentials", dockerLoginWithRetries in "failed to
		// login, ran out of retries" (newer: "failed to login: …")
		{
			name: "an ACR task's login with no registry named is the task's own registry",
			log:  "failed to login, ran out of retries: failed to set docker credentials: Error: Cannot perform an interactive login from a non TTY device\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "newer acr-builder's wording",
			log:  "failed to login: failed to set docker credentials: Error response from daemon: Get \"https://myacr.azurecr.io/v2/\": denied: client with IP '1.2.3.4' is not allowed access.\n",
			want: ACRUnreachable, conf: Certain, subject: "myacr.azurecr.io",
		},
		{
			name: "an ACR task that last logged in to another registry: that registry's credentials, a pull failure",
			log:  "Logging in to registry: myws.azurecr.io\nSuccessfully logged into myws.azurecr.io\nLogging in to registry: quay.io\nfailed to login, ran out of retries: failed to set docker credentials: exit status 1\n",
			want: PullFailed, conf: Certain,
		},
		// docker login to an ACR, then its refusal on a line of its own
		{
			name: "docker login to an ACR refused with a service principal",
			log:  "$ docker login myacr.azurecr.io -u $SP_ID -p $SP_SECRET\nunauthorized: Invalid clientid or client secret.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "az acr login that worked, then a FROM image refused: the base image's pull",
			log:  "$ az acr login -n myacr\nLogin Succeeded\nStep 1/5 : FROM myacr.azurecr.io/base:1\nunauthorized: authentication required\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: docker login to Docker Hub refused is no ACR",
			log:  "$ docker login -u me -p secret\nError response from daemon: unauthorized: incorrect username or password\n",
			want: UnrecognisedFailure,
		},
		{
			name: "a login to the ACR that worked, then a refused pull: the pull failed",
			log:  "$ docker login myacr.azurecr.io\nLogin Succeeded\n$ docker pull myacr.azurecr.io/app:1\nError response from daemon: unauthorized: authentication required\n",
			want: PullFailed, conf: Certain, subject: "myacr.azurecr.io/app:1",
		},
		// App Service's container log
		{
			name: "App Service: Image pull for X failed",
			log:  "2024-10-31T13:08:27.654Z ERROR - Image pull for myacr.azurecr.io/webapp:latest failed. Unsupported image manifest.\n",
			want: PullFailed, conf: Certain, subject: "myacr.azurecr.io/webapp:latest",
		},
		{
			name: "App Service: Pulling docker image X failed",
			log:  "2024-10-31T13:08:27.664Z ERROR - Pulling docker image myacr.azurecr.io/webapp:latest over VNET failed.\n",
			want: PullFailed, conf: Certain, subject: "myacr.azurecr.io/webapp:latest",
		},
		{
			name: "silent: App Service pulling an image that then starts",
			log:  "2024-10-31T13:08:27.664Z INFO - Pulling docker image myacr.azurecr.io/webapp:latest\n2024-10-31T13:08:30.664Z INFO - Container started\n",
			want: "",
		},
		{
			name: "silent: App Service's warning that it falls back to a local copy",
			log:  "2024-10-31T13:08:27.666Z WARN - Image pull failed. Defaulting to local copy if present.\n",
			want: "",
		},
		// go-containerregistry's error format: distribution's code in capitals
		{
			name: "a token request for a pull scope refused, in capitals",
			log:  "Error: GET https://myacr.azurecr.io/oauth2/token?scope=repository%3Aapp%3Apull&service=myacr.azurecr.io: UNAUTHORIZED: authentication required, visit https://aka.ms/acr/authorization for more information.\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: an API's 401 in capitals is no registry",
			log:  "HTTP/1.1 401 UNAUTHORIZED: invalid token for the API\n",
			want: "",
		},
		// pushes that fail other than by a refusal (distribution client errors,
		// the connection), and BuildKit's "failed to push X: …"
		{
			name: "BuildKit: failed to push to an ACR, a 403 on the manifest PUT (not a pull)",
			log:  "#14 ERROR: failed to push myacr.azurecr.io/app:1: unexpected status from PUT request to https://myacr.azurecr.io/v2/app/manifests/1: 403 Forbidden\n",
			want: ACRUnreachable, conf: Certain, subject: "myacr.azurecr.io",
		},
		{
			name: "BuildKit: failed to push to an ACR with insufficient scope",
			log:  "ERROR: failed to solve: failed to push myacr.azurecr.io/app:1: server message: insufficient_scope: authorization failed\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "silent: failed to push to Docker Hub is neither AML902 nor a pull",
			log:  "#14 ERROR: failed to push docker.io/me/app:1: unexpected status from PUT request to https://registry-1.docker.io/v2/me/app/manifests/1: 403 Forbidden\n",
			want: UnrecognisedFailure,
		},
		{
			name: "docker push to an ACR, then the registry's 500",
			log:  "The push refers to repository [myacr.azurecr.io/app]\n5f70bf18a086: Pushing [==>     ]  1.2MB/20MB\nreceived unexpected HTTP status: 500 Internal Server Error\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "docker push to an ACR, then the connection drops",
			log:  "The push refers to repository [myacr.azurecr.io/app]\n5f70bf18a086: Retrying in 1 second\nEOF\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "silent: docker push to an ACR whose layer retries recover",
			log:  "The push refers to repository [myacr.azurecr.io/app]\n5f70bf18a086: Retrying in 5 seconds\n5f70bf18a086: Pushed\n1: digest: sha256:abc size: 1234\n",
			want: "",
		},
		{
			name: "a push to the ACR that finished, then a pull that times out: the pull's",
			log:  "The push refers to repository [myacr.azurecr.io/app]\n1.0: digest: sha256:abc size: 1234\n$ docker pull mcr.microsoft.com/azureml/base:latest\nError response from daemon: Get \"https://mcr.microsoft.com/v2/azureml/base/manifests/latest\": net/http: TLS handshake timeout\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: docker push to Docker Hub, then a 500, is no Azure registry",
			log:  "The push refers to repository [docker.io/me/app]\nreceived unexpected HTTP status: 500 Internal Server Error\n",
			want: UnrecognisedFailure,
		},
		{
			name: "a FROM step's registry answering 500: the base image's pull",
			log:  "Step 1/3 : FROM myacr.azurecr.io/base:1\nreceived unexpected HTTP status: 500 Internal Server Error\n",
			want: PullFailed, conf: Certain,
		},
		// azure-storage-fuse: blobfuse's and blobfuse2's mount refused
		{
			name: "blobfuse2 cannot authenticate to the container",
			log:  "Error: failed to initialize new pipeline [failed to authenticate credentials for azstorage]\n",
			want: ForbiddenBlob, conf: Likely,
		},
		{
			name: "blobfuse cannot connect to the container",
			log:  "Unable to start blobfuse.  Failed to connect to the storage container. There might be something wrong about the storage config, please double check the storage account name, account key/sas token/OAuth access token and container name. errno = 13\n",
			want: ForbiddenBlob, conf: Likely,
		},
		{
			// reallogs README: a blobfuse key that is not valid base64 is an AML999 near-miss
			name: "silent: blobfuse refused because the key is no valid base64",
			log:  "Error: failed to initialize new pipeline [illegal base64 data at input byte 12]\nError: failed to initialize new pipeline [failed to authenticate credentials for azstorage]\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: blobfuse's fuse set-up failing is no storage refusal",
			log:  "Error: fusermount: failed to open /etc/fuse.conf: Permission denied\n",
			want: UnrecognisedFailure,
		},
		// a blob URL named, then a 403 at the end of Python's traceback
		{
			name: "a script downloading a blob, urllib's 403 after the traceback",
			log:  "Downloading https://myacct.blob.core.windows.net/models/x.bin\nTraceback (most recent call last):\n  File \"download.py\", line 10, in <module>\n    urllib.request.urlretrieve(url, path)\n  File \"/usr/lib/python3.8/urllib/request.py\", line 247, in urlretrieve\n    with contextlib.closing(urlopen(url, data)) as fp:\n  File \"/usr/lib/python3.8/urllib/request.py\", line 222, in urlopen\n    return opener.open(url, data, timeout)\n  File \"/usr/lib/python3.8/urllib/request.py\", line 531, in open\n    response = meth(req, response)\nurllib.error.HTTPError: HTTP Error 403: Forbidden\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: urllib's 403 with no blob in view is not storage",
			log:  "Downloading https://example.com/models/x.bin\nurllib.error.HTTPError: HTTP Error 403: Forbidden\n",
			want: UnrecognisedFailure,
		},
		// azureml-core: ImageBuildDetails.wait_for_completion, Image.wait_for_creation
		{
			name: "Environment.build's status line says Failed, no build output",
			log:  "Image Build Status: Running\n\nImage Build Status: Failed\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "Environment.build's status lines around build output: the output decides",
			log:  "Image Build Status: Running\nStep 3/5 : RUN conda env create -f env.yml\nPackagesNotFoundError: The following packages are not available from current channels:\n  - nosuch\nImage Build Status: Failed\n",
			want: PackageNotFound, conf: Certain,
		},
		{
			name: "silent: Environment.build succeeded",
			log:  "Image Build Status: Running\nImage Build Status: Succeeded\n",
			want: "",
		},
		{
			name: "the old SDK's pointer to the image build log",
			log:  "Creating image\nRunning.....................\nFailed\nMore information about this error is available here: https://mystg.blob.core.windows.net/azureml/ImageLogs/abc/build.log?sv=x\nFor more help with troubleshooting, see https://aka.ms/debugimage\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "the old SDK's image creation finished as Failed",
			log:  "Image creation operation finished for image myimage:3, operation \"Failed\"\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "silent: the old SDK's image creation succeeded",
			log:  "Creating image\nRunning......\nSucceededImage creation operation finished for image myimage:3, operation \"Succeeded\"\n",
			want: "",
		},
		// distribution's error body as JSON, in a post about pushing
		{
			name: "a push to an ACR refused, the registry's JSON error body quoted",
			log:  "Push does not work after docker login\n```\nmytool push policy.wasm registry://myacr.azurecr.io/policies/test:1\nError: could not push policy: failed to authenticate: {\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required, visit https://aka.ms/acr/authorization for more information.\"}]}\n```\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "silent: the same JSON body for a pull is no push refusal",
			log:  "docker pull fails:\n{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required, visit https://aka.ms/acr/authorization for more information.\"}]}\n",
			want: "",
		},
		// a poster saying an Azure registry cannot be reached
		{
			name: "az acr build cannot reach the registry's private endpoint",
			log:  "The Container Registry is Premium with publicNetworkAccess=Disabled. `az acr build` on the shared agent pool fails because the builders cannot reach the registry's private endpoint.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "a poster's unreachable registry does not outrank the kubelet's pull failure below",
			log:  "Our AKS cluster cannot access the registry myacr.azurecr.io since yesterday.\nThe pods show:\n  Warning  Failed  kubelet  Error: ImagePullBackOff\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: a registry out of reach in a post that names no Azure registry",
			log:  "Our Harbor instance is down and the CI runner cannot reach the registry.\n",
			want: "",
		},
		// a poster saying the workspace's ACR is closed to the build, in the
		// guide's words for AML902 ("Workspace's ACR is behind a virtual
		// network (VNet) (private endpoint or service endpoint), and no compute
		// cluster is used to build images": troubleshoot-guide, ACR unreachable)
		{
			name: "prose: the ACR is behind a VNet so the build fails",
			log:  "ACR is behind a VNet so the build fails.\n",
			want: ACRUnreachable, conf: Likely, sev: lint.Error,
		},
		{
			name: "prose: the environment build fails, the registry behind a private link",
			log:  "Our Azure Container Registry is behind a private link and the environment build fails.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "prose: the workspace ACR has public network access disabled",
			log:  "Environment image build fails since our workspace ACR has public network access disabled.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "prose: the ACR's admin user is not enabled",
			log:  "ACR admin user is not enabled, so the environment build fails.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "prose: the workspace container registry is not accessible from the build",
			log:  "The workspace container registry is not accessible from the image build.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "prose: the push to an ACR in a VNet fails",
			log:  "Azure ML cannot push the built image to our ACR which is in a VNet.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "silent: advice for an ACR behind a VNet",
			log:  "If your ACR is behind a VNet, you must set an image build compute.\nTo use a private endpoint for ACR, set image_build_compute on the workspace.\n",
			want: "",
		},
		{
			name: "silent: an ACR behind a private endpoint that works",
			log:  "The ACR is behind a private endpoint and everything works fine.\nThe admin user is disabled by default.\n",
			want: "",
		},
		{
			name: "a base image pulled from an ACR behind a private endpoint is a pull (AML903), not AML902",
			log:  "Pulling the base image from our ACR behind a private endpoint fails during the build.\n",
			want: PullFailed, conf: Likely,
		},
		{
			name: "silent: a container registry behind a firewall that names no Azure registry",
			log:  "The build fails because the container registry is behind a firewall and the build cannot push the image.\n",
			want: "",
		},
		// a poster saying the image could not be downloaded: its pull
		{
			name: "prose: the deployment could not authenticate to download the image",
			log:  "The deployment started timing out: the registry admin user had been disabled and it couldn't authenticate to download the image.\n",
			want: PullFailed, conf: Likely,
		},
		{
			name: "silent: a script that cannot download images (data) is no pull",
			log:  "The training script cannot download the images from the bucket.\n",
			want: "",
		},
		// Azure Resource Manager refusing an action on the registry
		{
			// reallogs README: an RBAC AuthorizationFailed is kept as an AML999 near-miss
			name: "silent: an RBAC refusal on the registry's credentials is no documented problem",
			log:  "ERROR: (AuthorizationFailed) The client 'me@contoso.com' with object id 'abc' does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/listCredentials/action' over scope '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr' or the scope is invalid.\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: the caller may not create or change a registry: no registry to reach yet",
			log:  "ERROR: (AuthorizationFailed) The client 'me@contoso.com' with object id 'abc' does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/write' over scope '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr'\n",
			want: UnrecognisedFailure,
		},
		{
			name: "a post about a docker login to ACR that quotes the refusal",
			log:  "Our CI step runs docker login against the ACR with the service principal and gets:\n\n    unauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "silent: a login to ACR that worked and an AKS pull refused is the pull's",
			log:  "docker login to the ACR works from my machine, but the AKS pods cannot pull:\n\n    unauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.\n",
			want: "",
		},
		// a manifest request that failed on the network: the image's pull
		// (an ACR host out of reach is AML902: rule 29 of testdata/reallogs)
		{
			name: "a manifest request to MCR timing out is the pull failing",
			log:  "Get https://mcr.microsoft.com/v2/azureml/base/manifests/latest: net/http: TLS handshake timeout\n",
			want: PullFailed, conf: Certain, subject: "mcr.microsoft.com/azureml/base:latest",
		},
		{
			name: "a manifest request to an ACR that does not resolve is the ACR out of reach",
			log:  "Get https://myacr.azurecr.io/v2/app/manifests/1: dial tcp: lookup myacr.azurecr.io: no such host\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "docker pulled an image for another OS",
			log:  "docker: Error response from daemon: image operating system \"windows\" cannot be used on this platform.\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: a post naming the image's operating system",
			log:  "The image operating system is Linux and the build host runs Windows Server.\n",
			want: "",
		},
		// a poster saying the build log is empty or missing, or that the build
		// failed with no error to read
		{
			name: "prose: the build log is empty",
			log:  "Environment creation fails and the build log is empty.\n",
			want: BuildLogUnavailable, conf: Likely,
		},
		{
			name: "prose: no 20_image_build_log.txt among the outputs",
			log:  "There is no 20_image_build_log.txt in the outputs of the failed run.\n",
			want: BuildLogUnavailable, conf: Likely,
		},
		{
			name: "prose: the failure is capitalised, the log cannot be seen",
			log:  "I can't see the image build log anywhere in the studio; the environment just shows \"Failed\".\n",
			want: BuildLogUnavailable, conf: Likely,
		},
		{
			name: "prose: the environment build fails with no error message",
			log:  "The environment image build fails in the portal with no error message.\n",
			want: BuildLogUnavailable, conf: Likely,
		},
		{
			name: "silent: the poster names the cause beside 'no error message'",
			log:  "The environment image build fails because of a missing package, with no error message.\n",
			want: "",
		},
		{
			name: "a build with no error message in prose, the build output below decides",
			log:  "The environment image build fails with no error message in the portal. The log says:\nStep 3/5 : RUN conda env create -f env.yml\nPackagesNotFoundError: The following packages are not available from current channels:\n  - nosuch\n",
			want: PackageNotFound, conf: Certain,
		},
		{
			name: "silent: a build that finished with no errors",
			log:  "The image build finished with no errors and the build log is long.\n",
			want: "",
		},
		{
			name: "KeyBasedAuthenticationNotPermitted's message alone",
			log:  "Key based authentication is not permitted on this storage account.\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "ADLS Gen2's endpoint refusing a read",
			log:  "Operation returned an invalid status 'Forbidden' for url https://mylake.dfs.core.windows.net/raw/data.csv: 403 This request is not authorized to perform this operation using this permission.\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: a 403 from a web API is no storage account's",
			log:  "Operation returned an invalid status 'Forbidden' for url https://api.example.com/raw/data.csv: 403 Forbidden\n",
			want: "",
		},
		{
			name: "BuildKit with containerd's older resolver: the base image's manifest refused",
			log:  "#3 [internal] load metadata for myacr.azurecr.io/base:1.0\n#3 ERROR: unexpected status code [manifests 1.0]: 401 Unauthorized\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "podman's pull refused",
			log:  "Error: initializing source docker://quay.io/me/app:1: unable to retrieve auth token: invalid username/password: unauthorized: access to the requested resource is not authorized\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "Java's v12 blob client's 403",
			log:  "com.azure.storage.blob.models.BlobStorageException: Status code 403, \"(empty body)\"\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: Java's v12 blob client's 404",
			log:  "com.azure.storage.blob.models.BlobStorageException: Status code 404, \"<?xml version=\"1.0\"?><Error><Code>BlobNotFound</Code></Error>\"\n",
			want: UnrecognisedFailure,
		},
		{
			name: "a post about logging in with a service principal, ACR's AAD refusal quoted",
			log:  "Logging in with docker login and the service principal fails:\n\n    unauthorized: Application not registered with AAD.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "a pull refused with ACR's AAD words is still the pull's",
			log:  "Warning Failed kubelet Failed to pull image \"myacr.azurecr.io/app:1\": rpc error: code = Unknown desc = failed to pull and unpack image: unauthorized: Invalid clientid or client secret.\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "a FROM image's layer that fails its digest check",
			log:  "Step 1/5 : FROM nvidia/cuda:11.0-base\n11.0-base: Pulling from nvidia/cuda\nfilesystem layer verification failed for digest sha256:abc\n",
			want: PullFailed, conf: Certain, subject: "nvidia/cuda:11.0-base",
		},
		// acr-builder's push of the built image
		{
			name: "an ACR task's push, then the registry's refusal",
			log:  "2024/01/01 00:00:10 Pushing image: myws.azurecr.io/azureml/azureml_abc:latest, attempt 1\nThe push refers to repository [myws.azurecr.io/azureml/azureml_abc]\nunauthorized: authentication required\n",
			want: ACRUnreachable, conf: Certain, subject: "myws.azurecr.io",
		},
		{
			name: "an ACR task that gave up pushing",
			log:  "2024/01/01 00:00:10 Pushing image: myws.azurecr.io/azureml/azureml_abc:latest, attempt 3\nFailed to push images successfully\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "silent: an ACR task's push that worked",
			log:  "2024/01/01 00:00:10 Pushing image: myws.azurecr.io/azureml/azureml_abc:latest, attempt 1\nThe push refers to repository [myws.azurecr.io/azureml/azureml_abc]\nlatest: digest: sha256:abc size: 1234\n2024/01/01 00:00:20 Successfully pushed image: myws.azurecr.io/azureml/azureml_abc:latest\n",
			want: "",
		},
		// reallogs rule 29: an ACR host that does not resolve is AML902, unless
		// the post shows the image path names the wrong host
		{
			name: "a misspelt ACR host beside the right one: the image path is wrong",
			log:  "Our registry is contosoacr.azurecr.io. The deployment fails with:\nFailed to pull image \"contosoarc.azurecr.io/app:1\": rpc error: code = Unknown desc = failed to resolve reference \"contosoarc.azurecr.io/app:1\": failed to do request: Head \"https://contosoarc.azurecr.io/v2/app/manifests/1\": dial tcp: lookup contosoarc.azurecr.io on 10.0.0.10:53: no such host\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: numbered sibling registries are no misspelling: the private one is out of reach",
			log:  "We have two registries, teamacr1.azurecr.io and teamacr2.azurecr.io; the second is private.\nError response from daemon: Get \"https://teamacr2.azurecr.io/v2/\": dial tcp: lookup teamacr2.azurecr.io: no such host\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "an ACR host that does not resolve, no other host named: out of reach",
			log:  "Failed to pull image \"contosoacr.azurecr.io/app:1\": failed to do request: Head \"https://contosoacr.azurecr.io/v2/app/manifests/1\": dial tcp: lookup contosoacr.azurecr.io on 10.0.0.10:53: no such host\n",
			want: ACRUnreachable, conf: Certain,
		},
		// a registry login or push that never finishes (reallogs rule 27: az acr
		// login timing out is AML902)
		{
			name: "prose: az acr login times out",
			log:  "`az acr login -n myacr` times out after a few minutes on our build agent.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "prose: docker push to the ACR hangs",
			log:  "docker push to our ACR hangs forever at \"Preparing\" and then retries.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "silent: a push to Docker Hub that hangs names no Azure registry",
			log:  "docker push to Docker Hub hangs forever at \"Preparing\".\n",
			want: "",
		},
		{
			name: "silent: git push hanging in a post about an ACR is no registry push",
			log:  "We build with az acr build. Separately, git push hangs on the runner.\n",
			want: "",
		},
		{
			name: "a login that hangs in a post about a failed pull: the pull decides",
			log:  "az acr login hangs on the node and the pods cannot pull the image.\n",
			want: PullFailed, conf: Likely,
		},
		// a poster saying storage refused a request, when that is all the post says
		{
			name: "prose: the storage account answers 403",
			log:  "When the job reads from the storage account it gets a 403 Forbidden.\n",
			want: ForbiddenBlob, conf: Likely,
		},
		{
			name: "prose: the blob container is not authorized",
			log:  "Accessing the blob container from the compute gives \"This request is not authorized\", although I am Owner.\n",
			want: ForbiddenBlob, conf: Likely,
		},
		{
			name: "silent: a storage 403 in prose above a log that shows another failure",
			log:  "The storage account gave a 403 Forbidden last week, but now the build fails:\nStep 3/5 : RUN conda env create -f env.yml\nPackagesNotFoundError: The following packages are not available from current channels:\n  - nosuch\n",
			want: PackageNotFound, conf: Certain,
		},
		{
			name: "silent: a 403 from a web API named in prose",
			log:  "The API returns 403 Forbidden when the token is missing.\n",
			want: "",
		},
		// a poster saying the image pull fails, in more words
		{
			name: "prose: the image pull fails",
			log:  "The image pull fails every time on the new cluster.\n",
			want: PullFailed, conf: Likely,
		},
		{
			name: "prose: pulling the image from the ACR fails",
			log:  "Pulling the image from our ACR fails since yesterday.\n",
			want: PullFailed, conf: Likely,
		},
		{
			name: "prose: the image cannot be pulled",
			log:  "The deployment fails because the image cannot be pulled.\n",
			want: PullFailed, conf: Likely,
		},
		{
			name: "silent: the pull worked, the container fails",
			log:  "Pulling the image worked but the container fails to start.\n",
			want: "",
		},
		{
			name: "containerd's pull refusal without docker's 'pull access denied for'",
			log:  "failed to resolve reference \"docker.io/me/private:1\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: git's release notes on a remote repository that does not exist",
			log:  "   response is that the remote repository does not exist or cannot be\n   accessed.\n",
			want: "",
		},
		// online endpoints' error code before the service's build failure
		{
			name: "ERROR: ImageBuildFailure with no build output: the log is elsewhere",
			log:  "ERROR: ImageBuildFailure\nImage build failed. Please check the build log at: azureml/ImageLogs/xyz/build.log\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		// --- sweep: the pull side (moby, containerd, BuildKit, kubelet, containers/image)
		// how-to-troubleshoot-online-endpoints, "ERROR: ImagePullLoopBackOff"
		{
			name: "a Kubernetes online deployment's ImagePullLoopBackOff",
			log:  "(BadRequest) The deployment failed.\nCode: ImagePullLoopBackOff\nMessage: Kubernetes deployment failed: the images cannot be pulled from the container registry\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: CrashLoopBackOff of the same endpoints is the container, not its image",
			log:  "(BadRequest) The deployment failed.\nCode: DeploymentCrashLoopBackOff\nMessage: the user container crashed while initialising\n",
			want: UnrecognisedFailure,
		},
		// kubelet pkg/kubelet/images/image_manager.go: "Container image %q is not present with pull policy of Never"
		{
			name: "kubelet's ErrImageNeverPull event message",
			log:  "  Warning  ErrImageNeverPull  28s  kubelet  Container image \"myapp:v1.0\" is not present with pull policy of Never\n",
			want: PullFailed, conf: Certain,
		},
		{
			// the message without the event's reason, as kubectl describe
			// pod prints it under the container's state
			name: "kubelet's ErrImageNeverPull message alone",
			log:  "      Message:      Container image \"myapp:v1.0\" is not present with pull policy of Never\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "silent: kubelet's image already present is no failure",
			log:  "  Normal  Pulled  28s  kubelet  Container image \"myapp:v1.0\" already present on machine\n",
		},
		// containers/image manifest/list.go, oci_index.go ChooseInstance
		{
			name: "podman: no instance of a multi-platform image for this platform",
			log:  "Error: choosing an image from manifest list docker://docker.io/library/alpine:latest: no image found in manifest list for architecture arm64, variant \"v8\", OS linux\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "podman's newer wording, an image index",
			log:  "Error: ... no image found in image index for architecture \"loong64\", variant \"\", OS \"linux\"\n",
			want: PullFailed, conf: Certain,
		},
		// BuildKit: the errored vertex of a FROM image that does not exist (containerd's
		// resolver wraps errdefs.ErrNotFound with the reference), without the summary
		{
			name: "BuildKit's errored load-metadata vertex",
			log:  "#3 [internal] load metadata for docker.io/library/python:3.99\n#3 ERROR: docker.io/library/python:3.99: not found\n",
			want: PullFailed, conf: Certain, subject: "docker.io/library/python:3.99",
		},
		{
			name: "the errored vertex alone, another registry",
			log:  "#4 ERROR: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latestt: not found\n",
			want: PullFailed, conf: Certain, subject: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latestt",
		},
		// BuildKit before 0.9 (Docker 19.03/20.10): "failed to build LLB: failed to load cache key: REF: not found"
		{
			name: "old BuildKit's failed to load cache key for a FROM image",
			log:  "failed to solve with frontend dockerfile.v0: failed to build LLB: failed to load cache key: docker.io/library/pythn:3.9: not found\n",
			want: PullFailed, conf: Certain, subject: "docker.io/library/pythn:3.9",
		},
		{
			name: "silent: an ERROR about a missing file names no image",
			log:  "ERROR: /usr/local/bin/entrypoint.sh: not found\n",
			want: UnrecognisedFailure,
		},
		{
			name: "silent: a COPY source that is not there is no pull",
			log:  "ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref abc::def: \"/requirements.txt\": not found\n",
			want: UnrecognisedFailure,
		},
		// distribution registry/client/auth: ErrNoBasicAuthCredentials ("no basic auth credentials")
		{
			name: "a FROM image's manifest request with no credentials for its registry",
			log:  "Step 1/4 : FROM 123456789012.dkr.ecr.us-east-1.amazonaws.com/base:1\nGet https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/base/manifests/1: no basic auth credentials\n",
			want: PullFailed, conf: Certain, subject: "123456789012.dkr.ecr.us-east-1.amazonaws.com/base:1",
		},
		// moby distribution/errors.go "manifest for %s not found" then the registry's own words
		// (GCR: "Failed to fetch \"1\" from request \"/v2/…/manifests/1\".")
		{
			name: "moby's manifest not found with a registry's path and no URL",
			log:  "Error response from daemon: manifest for gcr.io/x/y:1 not found: manifest unknown: Failed to fetch \"1\" from request \"/v2/x/y/manifests/1\".\n",
			want: PullFailed, conf: Certain, subject: "gcr.io/x/y:1",
		},
		// the Docker daemon 17-18 through docker-compose 1: "manifest for %s not found" alone
		{
			name: "docker-compose 1's failed build on a missing FROM tag",
			log:  "Step 1/12 : FROM nvidia/cuda:10.1-cudnn7-devel-ubuntu16.04\nERROR: Service 'app' failed to build: manifest for nvidia/cuda:10.1-cudnn7-devel-ubuntu16.04 not found\n",
			want: PullFailed, conf: Certain, subject: "nvidia/cuda:10.1-cudnn7-devel-ubuntu16.04",
		},
		{
			name: "silent: a manifest that was found is no pull failure",
			log:  "Downloaded manifest for python:3.9 from docker.io\nStatus: Downloaded newer image for python:3.9\n",
		},
		// reallogs rule 25: a full disk is AML999, also while a pull unpacks its layers
		{
			name: "silent: containerd unpacking a pulled layer onto a full disk",
			log:  "failed to pull and unpack image \"docker.io/library/x:1\": failed to extract layer sha256:abc: write /var/lib/containerd/tmpmounts/containerd-mount1/usr/lib/libx.so: no space left on device\n",
			want: UnrecognisedFailure,
		},
		// reallogs rule 34; moby registry/auth.go loginV2 checks the credentials with GET /v2/
		{
			name: "silent: Docker Hub refusing docker login's credentials is no pull",
			log:  "Error response from daemon: Get \"https://registry-1.docker.io/v2/\": unauthorized: incorrect username or password\n",
			want: UnrecognisedFailure,
		},
		{
			name: "the same words on a pull's token request are the pull's",
			log:  "Error response from daemon: Get \"https://auth.docker.io/token?scope=repository%3Amyorg%2Fapp%3Apull&service=registry.docker.io\": unauthorized: incorrect username or password\n",
			want: PullFailed, conf: Certain,
		},
		{
			name: "the root refusal inside an Azure ML job's pull is the pull's",
			log:  "FailedPullingImage: Unable to pull docker image\n\timageName: docker.io/myorg/train:1\n\terror: Run docker command to pull public image failed with error: Error response from daemon: Get https://registry-1.docker.io/v2/: unauthorized: incorrect username or password\n",
			want: PullFailed, conf: Certain,
		},
		// --- sweep: the service and the workspace registry (AML901, AML902)
		// a poster's words for the guide's ACR unreachable ("Workspace's ACR is behind a virtual
		// network … the compute cluster used for building images have no access to the workspace's ACR")
		{
			name: "a poster: the compute cannot reach our ACR",
			log:  "The image build fails because the compute cannot reach our ACR, which has public network access disabled.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "a poster quoting 'Failed to connect to ACR'",
			log:  "We get \"Failed to connect to ACR\" from the image build since we moved the ACR into a VNet.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "a poster: the workspace's container registry cannot be connected to",
			log:  "After enabling the private endpoint on the workspace's container registry, environment builds fail: the build cannot connect to the registry.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "silent: a poster who cannot pull from the ACR speaks of a pull",
			log:  "The deployment cannot pull the image from our ACR.\n",
			want: PullFailed, conf: Likely,
		},
		{
			name: "silent: a poster who reaches the ACR fine",
			log:  "We can reach our ACR fine from the compute.\n",
		},
		// the studio's environment page (quoted in marrrcin/azure-ml-environment-build-issue)
		{
			name: "the studio's failed environment build status, pasted",
			log:  "In Azure ML Studio no Build Logs are visible:\n```\nEnvironment image build status\n❌ Failed\n```\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "the studio's status on one line",
			log:  "Environment image build status: Failed\n",
			want: BuildLogUnavailable, conf: Certain,
		},
		{
			name: "silent: the studio's succeeded build status",
			log:  "Environment image build status\n✅ Succeeded\n",
		},
		{
			name: "the build output after the studio's status decides",
			log:  "Environment image build status\n❌ Failed\n#8 12.3 ERROR: No matching distribution found for nosuch==1.0\n",
			want: NoMatchingDistrib, conf: Certain,
		},
		// Azure ML's refusal to build behind a virtual network (quoted in
		// Azure/terraform-azurerm-avm-res-machinelearningservices-workspace#45)
		{
			name: "ImageBuildComputeNotValid: the registry behind a virtual network cannot build",
			log:  "Container registry\nCode: ImageBuildComputeNotValid\nMessage: If Container Registry is behind the virtual network, Container Registry cannot build your image. Set the imageBuildCompute property to build your image. See https://docs.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet#enable-azure-container-registry-acr\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			// the code alone, as an SDK's error JSON carries it: the case the
			// fire case above cannot tell from its message
			name: "ImageBuildComputeNotValid's code without its message",
			log:  "  \"code\": \"ImageBuildComputeNotValid\",\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "ImageBuildComputeNotValid's message without its code",
			log:  "Message: If Container Registry is behind the virtual network, Container Registry cannot build your image.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "silent: a workspace that sets its image build compute",
			log:  "$ az ml workspace update --name ws --resource-group rg --image-build-compute cpu-cluster\n{\n  \"image_build_compute\": \"cpu-cluster\"\n}\n",
		},
		// ACR's firewall: "client with IP '…' is not allowed access. Refer https://aka.ms/acr/firewall"
		{
			name: "ACR's firewall refusal without its link",
			log:  "Error response from daemon: denied: client with IP '20.1.2.3' is not allowed access.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "silent: a CORS policy's 'is not allowed access' is no registry",
			log:  "Error: CORS policy: This origin is not allowed access.\n",
			want: UnrecognisedFailure,
		},
		// "Unauthorized error encountered while attempting to connect to the container registry" (tune log pipelines-azureml-10)
		{
			name: "silent: another client's 'Unauthorized error encountered' names no registry",
			log:  "ERROR: Unauthorized error encountered, refreshing the access token for https://api.example.com\n",
			want: UnrecognisedFailure,
		},
		{
			// the service's sentence names the container registry on its own
			// line ("…while attempting to connect to the container registry.
			// Please try running resync keys…"); the words before it are any
			// client's ("error encountered while attempting to connect to the
			// MySQL database", to a broker, a daemon)
			name: "silent: another client's 'Unauthorized error encountered while attempting to connect' names no registry",
			log:  "ERROR: Unauthorized error encountered while attempting to connect to the MySQL database\n",
			want: UnrecognisedFailure,
		},
		// azure-ai-ml: "(UserError) Image build failed. Build log: <blob URL>"
		{
			name: "silent: a build log's address beside a success is no failure",
			log:  "Image build succeeded. Build log: https://acc.blob.core.windows.net/x/logs/cb1/rawtext.log\n",
		},
		// acr-builder builder/digest_remote.go: "Failed to Resolve the reference '%s'"
		// around containerd's resolver error (never a not-found: PopulateDigest skips it)
		{
			name: "an ACR task that cannot resolve an image it depends on",
			log:  "Run ID: cb1 failed after 10s. Error: failed to scan dependencies: Failed to Resolve the reference 'mcr.microsoft.com/azureml/x:1': failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized\n",
			want: PullFailed, conf: Certain, subject: "mcr.microsoft.com/azureml/x:1",
		},
		{
			name: "silent: an ACR task's failed step is no pull",
			log:  "Run ID: cb1 failed after 2m. Error: failed during run, err: exit status 1\n",
			want: UnrecognisedFailure,
		},
		// OCI artifacts pushed to an ACR: Helm 3.8+ "helm push CHART oci://HOST/…" and ORAS
		// "oras push HOST/REPO:TAG FILE"; containerd's resolver refusing the push's token
		{
			name: "helm push to an ACR refused on its token",
			log:  "$ helm push mychart-0.1.0.tgz oci://myacr.azurecr.io/helm\nError: failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			// Helm 3.7's experimental OCI commands: "helm chart push REF"
			name: "helm 3.7's chart push to an ACR refused on its token",
			log:  "$ helm chart push myacr.azurecr.io/helm/mychart:0.1.0\nError: failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "oras push to an ACR refused",
			log:  "oras push myacr.azurecr.io/artifact:v1 ./file.txt\nError response from registry: unauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.\n",
			want: ACRUnreachable, conf: Certain,
		},
		{
			name: "silent: helm push to another registry refused is no pull (reallogs rule 34)",
			log:  "$ helm push mychart-0.1.0.tgz oci://ghcr.io/myorg/charts\nError: failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized\n",
			want: UnrecognisedFailure,
		},
		{
			name: "a pull after another registry's helm push is the pull's",
			log:  "$ helm push mychart-0.1.0.tgz oci://ghcr.io/myorg/charts\nPushed: ghcr.io/myorg/charts/mychart:0.1.0\n$ docker pull ghcr.io/myorg/app:1\nError response from daemon: Head \"https://ghcr.io/v2/myorg/app/manifests/1\": failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized\n",
			want: PullFailed, conf: Certain,
		},
		// Azure Storage's InsufficientAccountPermissions ("Common REST API error codes")
		{
			name: "storage's InsufficientAccountPermissions message",
			log:  "azure.core.exceptions.HttpResponseError: The account being accessed does not have sufficient permissions to execute this operation.\n",
			want: ForbiddenBlob, conf: Certain,
		},
		// azcopy cmd/credentialUtil.go (LoginCredMissing)
		{
			name: "azcopy with no SAS and no login for a private blob",
			log:  "failed to perform copy command due to error: no SAS token or OAuth token is present and the resource is not public\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: azcopy's login that worked",
			log:  "$ azcopy login --identity\nINFO: Login with identity succeeded.\n",
		},
		// azureml-core AzureMLErrorStrings.UserErrorStrings.AUTHORIZATION_BLOB_STORAGE
		// (Azure/MachineLearningNotebooks#1471)
		{
			name: "azureml-core refused by the workspace storage on an upload",
			log:  "AzureMLException: Encountered authorization error while uploading to blob storage. Please check the storage account attached to your workspace. Make sure that the current user is authorized to access the storage account and that the request is not blocked by a firewall, virtual network, or other security setting.\n\tStorageAccount: acc\n\tContainerName: azureml-blobstore-x\n\tStatusCode: 403\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: a snapshot refused by the service itself (RBAC) is no storage's",
			log:  "azureml.exceptions._azureml_exception.SnapshotException: SnapshotException:\n        Message: {\n    \"status_code\": 403,\n    \"url\": \"https://eastus.experiments.azureml.net/content/v2.0/snapshots\"\n}\n",
			want: UnrecognisedFailure,
		},
		// azcopy ste/mgr-JobPartTransferMgr.go on a 403
		{
			name: "azcopy's own words for a 403 from the storage account",
			log:  "INFO: Authentication failed, it is either not correct, or expired, or does not have the correct permission PUT https://acc.blob.core.windows.net/c/x.txt\n",
			want: ForbiddenBlob, conf: Certain,
		},
		// blobfuse2's newer wording of a refused mount
		{
			name: "blobfuse2 failing to authenticate its credentials",
			log:  "Error: failed to initialize new pipeline [failed to authenticate azstorage credentials with error [...]]\n",
			want: ForbiddenBlob, conf: Likely,
		},
		{
			name: "silent: blobfuse2 with a key that is no base64 is a malformed secret",
			log:  "Error: failed to initialize new pipeline [failed to authenticate azstorage credentials with error [illegal base64 data at input byte 4]]\n",
			want: UnrecognisedFailure,
		},
		// azure-ai-evaluation _eval_run.py: a 403 from the project's storage
		{
			name: "azure-ai-evaluation refused by the project's storage",
			log:  "WARNING: Failed to log artifacts to MLFlow: (UserError) Failed to upload evaluation run to the cloud due to insufficient permission to access the storage. Please ensure that the necessary access rights are granted.\n",
			want: ForbiddenBlob, conf: Certain,
		},
		{
			name: "silent: an app's own words for a missing permission are no storage's",
			log:  "Error: 403 The user does not have sufficient permissions to execute this operation.\n",
			want: UnrecognisedFailure,
		},
	}
	runShapes(t, tests)
}

// TestPipCompilerShapes covers the families of messages pip, git, the
// compilers and the OOM killer print (issue 10, generalising beyond the tune
// logs): each wording is quoted from the tool's source, named in a comment.
func TestPipCompilerShapes(t *testing.T) {
	tests := []shapeCase{
		// --- interactive auth: pip's prompt in its own tracebacks
		{
			// pip 1.5-18 download.py, MultiDomainBasicAuth.handle_401:
			// username = six.moves.input("User for %s: " % parsed.netloc)
			name: "old pip's prompt in a traceback cut before the exception",
			log:  "Exception:\nTraceback (most recent call last):\n  File \"/usr/lib/python2.7/site-packages/pip/download.py\", line 193, in handle_401\n    username = six.moves.input(\"User for %s: \" % parsed.netloc)\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "old pip's prompt and its EOFError",
			log:  "  File \"/usr/local/lib/python3.6/site-packages/pip/_internal/download.py\", line 193, in handle_401\n    username = six.moves.input(\"User for %s: \" % netloc)\nEOFError: EOF when reading a line\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			// pip 19-26 network/auth.py _prompt_for_password, utils/misc.py ask_input
			name: "pip's ask_input frames and the EOFError",
			log:  "  File \"/opt/conda/lib/python3.8/site-packages/pip/_internal/network/auth.py\", line 224, in _prompt_for_password\n    username = ask_input(f\"User for {netloc}: \")\n  File \"/opt/conda/lib/python3.8/site-packages/pip/_internal/utils/misc.py\", line 237, in ask_input\n    return input(message)\nEOFError: EOF when reading a line\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			// utils/misc.py _check_no_input
			name: "pip with PIP_NO_INPUT asked for a password",
			log:  "Exception: No input was expected ($PIP_NO_INPUT set); question: Password: \n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			name: "silent: PIP_NO_INPUT refusing another question",
			log:  "Exception: No input was expected ($PIP_NO_INPUT set); question: What to do?  (i)gnore, (w)ipe, (b)ackup \n",
			want: UnrecognisedFailure,
		},
		{
			// CPython getpass.fallback_getpass: GetPassWarning, "Warning: Password
			// input may be echoed.", then EOFError from _raw_input
			name: "getpass with no terminal, then EOFError",
			log:  "/usr/lib/python3.8/getpass.py:91: GetPassWarning: Can not control echo on the terminal.\n  passwd = fallback_getpass(prompt, stream)\nWarning: Password input may be echoed.\nPassword: Traceback (most recent call last):\nEOFError\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			name: "silent: pip's 401 handler in a traceback that ends in a network error",
			log:  "  File \"/usr/lib/python3/dist-packages/pip/_internal/network/auth.py\", line 250, in handle_401\n    new_resp = resp.connection.send(req, **kwargs)\nrequests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))\n",
			want: CommunicationsError,
		},
		{
			name: "silent: keyring skipped before a successful install",
			log:  "WARNING: Keyring is skipped due to an exception: Failed to unlock the collection!\nSuccessfully installed foo-1.0\n",
			want: "",
		},
		// --- git and the tools behind VCS requirements
		{
			// Git Credential Manager (GCM_INTERACTIVE=never)
			name: "Git Credential Manager cannot prompt",
			log:  "fatal: Cannot prompt because user interactivity has been disabled.\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			// git credential.c with credential.interactive=false
			name: "git cannot ask for a password",
			log:  "fatal: unable to get password from user\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			name: "ssh asks for a key's passphrase",
			log:  "  Running command git clone -q git@github.com:org/private.git /tmp/pip-req-build-x\nEnter passphrase for key '/root/.ssh/id_rsa': \n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			name: "ssh asks for a password",
			log:  "git@git.example.com's password: \n",
			want: InteractiveAuth, conf: Certain, subject: "git.example.com",
		},
		{
			name: "silent: a password question that is not ssh's",
			log:  "Enter the database's password: \n",
			want: "",
		},
		{
			// svn: E215004
			name: "svn with prompting disabled",
			log:  "svn: E215004: Authentication failed and interactive prompting is disabled; see the --force-interactive option\n",
			want: InteractiveAuth, conf: Certain,
		},
		{
			// Mercurial with ui.interactive off
			name: "hg needs authorization",
			log:  "abort: http authorization required for https://hg.example.com/repo\n",
			want: InteractiveAuth, conf: Certain, subject: "https://hg.example.com/repo",
		},
		// --- interactive auth in a poster's words
		{
			name: "prose: the guide's own words",
			log:  "The build fails because pip attempted interactive authentication against our private feed.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "prose: pip asks me for my username",
			log:  "During the docker build pip asks me for my username and password for the private index and then fails.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "prose: waiting for a password",
			log:  "The install just hangs waiting for a password for the Azure Artifacts feed.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "silent: non-interactive authentication",
			log:  "We use non-interactive authentication with a service principal, and the build fails.\n",
			want: "",
		},
		{
			name: "silent: docker login's refusal is not a feed's prompt",
			log:  "Error: Cannot perform an interactive login from a non TTY device\n",
			want: "",
		},
		{
			name: "silent: waiting for something else",
			log:  "Waiting for the build to finish...\n",
			want: "",
		},
		// a prompt in an image build, whoever asked (reallogs README rule 16:
		// git or a package feed asking for credentials is AML914); the Azure
		// Artifacts Credential Provider's device flow (its "Device flow
		// authentication failed. User was presented with device flow, but
		// didn't react within 90 seconds.") and artifacts-keyring, its pip
		// keyring backend (pypi.org/project/artifacts-keyring)
		{
			name: "prose: the build hangs waiting for a password",
			log:  "The build hangs waiting for a password.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "prose: a device login asked for during docker build",
			log:  "It prompts for device login during docker build and then times out.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "prose: the credential provider waits for device flow in the build",
			log:  "Our Docker build waits forever for the Azure Artifacts credential provider to complete device flow authentication.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "prose: the build stuck waiting for artifacts-keyring",
			log:  "The image build is stuck waiting for artifacts-keyring to authenticate.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "prose: git asks for a password in the build",
			log:  "Installing from a private GitHub repo in conda dependencies makes git ask for my password and the build hangs.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "silent: a prompt that was answered",
			log:  "pip asked for a password, I entered it and the install completed.\n",
			want: "",
		},
		{
			name: "silent: a supposed prompt, with advice",
			log:  "If pip asks for a password, configure a token in pip.conf.\n",
			want: "",
		},
		{
			name: "silent: device code login as a feature, nothing waiting",
			log:  "az login --use-device-code lets you sign in with a device code from another machine.\nDevice flow authentication is supported by the credential provider.\n",
			want: "",
		},
		{
			name: "silent: a login that succeeded in the build",
			log:  "The device login completed successfully and the build continued.\n",
			want: "",
		},

		// --- pip giving up, in every version's words (AML920)
		{
			// pip 10-20 operations/generate_metadata / req_install.py
			name: "pip found no .egg-info",
			log:  "ERROR: No .egg-info directory found in /tmp/pip-pip-egg-info-abc123\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "pip 10-19 found no egg-info files",
			log:  "ERROR: Files/directories not found in /tmp/pip-install-jbh9m_vs/sealang/pip-egg-info\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "pip cannot name a VCS requirement",
			log:  "ERROR: Could not detect requirement name for 'git+https://github.com/x/y.git', please specify one with #egg=your_package_name\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "pip requires a virtualenv",
			log:  "ERROR: Could not find an activated virtualenv (required).\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "pip's setup.py shim without setuptools",
			log:  "      ERROR: Can not execute `setup.py` since setuptools is not available in the build environment.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// exceptions.py ResolutionTooDeepError
			name: "pip's resolution too deep",
			log:  "error: resolution-too-deep\n\n× Dependency resolution exceeded maximum depth\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// exceptions.py MissingPyProjectBuildRequires
			name: "pip rejects a pyproject.toml",
			log:  "error: missing-pyproject-build-system-requires\n\n× Can not process foo\n╰─> This package has an invalid pyproject.toml file.\n    The [build-system] table is missing the mandatory `requires` key.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "pip cannot import the build backend",
			log:  "  pip._vendor.pyproject_hooks._impl.BackendUnavailable: Cannot import 'poetry.core.masonry.api'\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "setuptools refuses a setup() argument",
			log:  "    error in foo setup command: 'install_requires' must be a string or list of strings containing valid project/version requirement specifiers\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "pip's invalid wheel",
			log:  "ERROR: Wheel 'foo' located at /tmp/foo-1.0-py3-none-any.whl is invalid.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "an editable install whose backend lacks PEP 660",
			log:  "ERROR: Project file:///app has a 'pyproject.toml' and its build backend is missing the 'build_editable' hook.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// exceptions.py InstallationSubprocessError's note
			name: "pip's note under a failed subprocess, with nothing more",
			log:  "  note: This error originates from a subprocess, and is likely not a problem with pip.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "silent: a wheel build that pip recovered from by a legacy install",
			log:  "  error: subprocess-exited-with-error\n  note: This error originates from a subprocess, and is likely not a problem with pip.\n  ERROR: Failed building wheel for foo\n  Running setup.py install for foo ... done\nSuccessfully installed foo-1.0\n",
			want: "",
		},
		{
			name: "silent: a crash in the subprocess is not pip's catch-all",
			log:  "Segmentation fault (core dumped)\n  note: This error originates from a subprocess, and is likely not a problem with pip.\n",
			want: "",
		},
		{
			name: "pipenv could not install",
			log:  "ERROR: Couldn't install package: foo\n Package installation failed...\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// poetry installation/executor.py
			name: "poetry's pip run failed",
			log:  "  Command ['/venv/bin/python', '-m', 'pip', 'install', '--no-deps', 'foo==1.0'] errored with the following return code 1\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "uv's resolver found no solution",
			log:  "  × No solution found when resolving dependencies:\n  ╰─▶ Because foo==1.0 depends on bar>=2 and you require bar<2, we can conclude that your requirements are unsatisfiable.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "uv's resolver: a package not in the registry ranks first",
			log:  "  × No solution found when resolving dependencies:\n  ╰─▶ Because nosuchpkg was not found in the package registry and you require nosuchpkg, we can conclude that your requirements are unsatisfiable.\n",
			want: NoMatchingDistrib, conf: Certain,
		},
		{
			name: "uv could not prepare a distribution",
			log:  "error: Failed to prepare distributions\n  Caused by: Failed to fetch wheel: foo==1.0\n  Caused by: Build backend failed to determine extra requires with `build_wheel()` with exit status: 1\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// poetry's chooser and solver (mixology)
			name: "poetry found no installation candidates",
			log:  "  Unable to find installation candidates for foo (1.0)\n",
			want: NoMatchingDistrib, conf: Certain, subject: "foo (1.0)",
		},
		{
			name: "poetry's solver found no version",
			log:  "  SolverProblemError\n\n  Because myproj depends on foo (^9.9) which doesn't match any versions, version solving failed.\n",
			want: NoMatchingDistrib, conf: Certain, subject: "foo (^9.9)",
		},
		{
			name: "poetry's solver found a conflict",
			log:  "  Because a (1.0) depends on b (>=2) and c (1.0) depends on b (<2), a is incompatible with c.\n  So, because myproj depends on both a (1.0) and c (1.0), version solving failed.\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "poetry's isolated build of a wheel failed",
			log:  "  ChefBuildError\n\n  Backend subprocess exited when trying to invoke build_wheel\n",
			want: CompileError, conf: Certain,
		},

		{
			// pip resolvelib/factory.py _report_single_requirement_conflict logs
			// the ignored versions only when a requirement cannot be satisfied
			name: "pip's report of versions for another Python, cut before its last line",
			log:  "ERROR: Ignored the following versions that require a different python version: 1.9.0 Requires-Python >=3.8,<3.12; 1.9.1 Requires-Python >=3.8,<3.12\nERROR: Could not find a version that satisfies the requ",
			want: NoMatchingDistrib, conf: Certain,
		},
		{
			name: "silent: versions ignored before another run installed",
			log:  "ERROR: Ignored the following versions that require a different python version: 1.9.0 Requires-Python >=3.8,<3.12\nCollecting scipy==1.8.0\nSuccessfully installed scipy-1.8.0\n",
			want: "",
		},

		{
			name: "prose only: pip's install fails",
			log:  "When building the environment, pip install -r requirements.txt fails and I do not know why.\n",
			want: PipInstallFailed, conf: Likely,
		},
		{
			name: "prose: a log's cause outranks the poster's words",
			log:  "pip install fails:\n```\nERROR: No matching distribution found for nosuch==1.0\n```\n",
			want: NoMatchingDistrib,
		},
		{
			name: "silent: pip working after a fix",
			log:  "With the index URL fixed, pip install works and the image builds.\n",
			want: "",
		},

		// --- apt and requests reaching a package repository (AML905)
		{
			// apt methods/connect.cc (apt 0.9-1.0)
			name: "apt cannot resolve its archive",
			log:  "Err http://archive.ubuntu.com trusty Release.gpg\n  Could not resolve 'archive.ubuntu.com'\n",
			want: CommunicationsError, conf: Certain, subject: "archive.ubuntu.com",
		},
		{
			name: "apt cannot connect to its archive",
			log:  "Err:1 http://deb.debian.org/debian bookworm InRelease\n  Could not connect to deb.debian.org:80 (151.101.2.132), connection timed out\n",
			want: CommunicationsError, conf: Certain, subject: "deb.debian.org",
		},
		{
			name: "silent: something else that cannot be connected to",
			log:  "Unable to connect to the database\n",
			want: "",
		},
		{
			// requests models.py raise_for_status, URL wrapped by the paste (conda 4.1)
			name: "requests' HTTPError with its URL on the next line",
			log:  "Error: HTTPError: 403 Client Error: Forbidden for url:\nhttps://repo.continuum.io/pkgs/pro/linux-64/repodata.json.bz2:\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "silent: a storage blob's refusal with its URL on the next line is no index",
			log:  "Error: HTTPError: 403 Client Error: Forbidden for url:\nhttps://acct.blob.core.windows.net/c/b.tar.gz\n",
			want: UnrecognisedFailure,
		},

		{
			// reqwest's Display for a status error (uv, rattler, pixi)
			name: "reqwest's HTTP status error from a channel",
			log:  "Caused by: HTTP status client error (403 Forbidden) for url (https://repo.anaconda.com/pkgs/main/win-64/zlib-1.3.1-h02ab6af_0.conda)\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "silent: reqwest's refusal of a storage blob is the forbidden blob",
			log:  "Caused by: HTTP status client error (403 Forbidden) for url (https://acct.blob.core.windows.net/c/x.tar.gz?sig=abc)\n",
			want: ForbiddenBlob,
		},
		{
			// distutils spawn on Windows
			name: "distutils on Windows cannot run a tool",
			log:  "error: command 'swig.exe' failed: None\n",
			want: MissingCommand, conf: Certain, subject: "swig.exe",
		},

		// --- out of memory in the linker's and nvcc's words
		{
			name: "the linker killed",
			log:  "collect2: fatal error: ld terminated with signal 9 [Killed]\ncompilation terminated.\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "nvcc's stage killed",
			log:  "nvcc error   : 'cicc' died due to signal 9 (Kill signal)\n",
			want: OutOfMemory, conf: Likely,
		},
		{
			name: "silent: nvcc's stage crashed",
			log:  "nvcc error   : 'cicc' died due to signal 11 (Invalid memory reference)\n",
			want: UnrecognisedFailure,
		},

		// --- compile errors in more tools' formats
		{
			// EDG front end (nvcc, icc): file(line): error
			name: "nvcc's diagnostic format",
			log:  "/tmp/pip-install-abc/foo/src/kernel.cu(45): error: identifier \"__shfl\" is undefined\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "setuptools-rust's cargo failed",
			log:  "error: `cargo rustc --lib --message-format=json-render-diagnostics --manifest-path Cargo.toml --release -v --features pyo3/extension-module --crate-type cdylib --` failed with code 101\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "maturin failed",
			log:  "💥 maturin failed\n  Caused by: Failed to build a native library through cargo\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "meson is missing a dependency",
			log:  "../meson.build:82:0: ERROR: Dependency \"OpenBLAS\" not found, tried pkgconfig and cmake\n",
			want: CompileError, conf: Certain,
		},
		{
			// mesonbuild/compilers/detect.py
			name: "meson found no Fortran compiler",
			log:  "../meson.build:1:0: ERROR: Unknown compiler(s): [['gfortran'], ['flang'], ['nvfortran'], ['pgfortran'], ['ifort'], ['ifx'], ['g95']]\n",
			want: MissingCommand, conf: Certain, subject: "gfortran",
		},

		{
			// libmamba (micromamba, mamba 2): throw std::runtime_error("pip failed to install packages")
			name: "micromamba's pip section failed",
			log:  "ERROR: file:///tmp does not appear to be a Python project: neither 'setup.py' nor 'pyproject.toml' found.\ncritical libmamba pip failed to install packages\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "pip's invalid wheel metadata",
			log:  "ERROR: foo has an invalid wheel, could not read 'foo-1.0.dist-info/WHEEL' file: KeyError\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			name: "pip will not install to the user site",
			log:  "ERROR: Will not install to the user site because it will lack sys.path precedence to setuptools in /usr/lib/python3/dist-packages\n",
			want: PipInstallFailed, conf: Certain,
		},
		{
			// Go's syscall.ENOMEM text, through runc
			name: "runc could not fork for memory",
			log:  "ERROR: failed to solve: process \"/bin/sh -c pip install torch\" did not complete successfully: runc run failed: unable to start container process: error during container init: fork/exec /bin/sh: cannot allocate memory\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "Windows' paging file is too small",
			log:  "OSError: [WinError 1455] The paging file is too small for this operation to complete.\n",
			want: OutOfMemory, conf: Certain,
		},
		{
			name: "silent: the paging file named in a setting",
			log:  "The paging file size is managed by the system.\n",
			want: "",
		},
		{
			// CPython subprocess.CalledProcessError.__str__ for a negative return code
			name: "a build subprocess killed by SIGKILL",
			log:  "subprocess.CalledProcessError: Command '['ninja', '-v']' died with <Signals.SIGKILL: 9>.\n",
			want: OutOfMemory, conf: Likely,
		},
		{
			name: "older Python's SIGKILL exit status",
			log:  "subprocess.CalledProcessError: Command '['cmake', '--build', '.']' returned non-zero exit status -9\n",
			want: OutOfMemory, conf: Likely,
		},
		{
			name: "silent: exit status 9 is no signal",
			log:  "subprocess.CalledProcessError: Command '['./configure']' returned non-zero exit status 9\n",
			want: UnrecognisedFailure,
		},
		{
			name: "uv cannot reach the index",
			log:  "error: Failed to fetch: `https://pypi.org/simple/numpy/`\n  Caused by: error sending request for url (https://pypi.org/simple/numpy/)\n  Caused by: client error (Connect)\n",
			want: CommunicationsError, conf: Certain,
		},
		{
			name: "silent: curl's own unreachable network is a file download",
			log:  "curl: (7) Couldn't connect to server: Network is unreachable\n",
			want: "",
		},
		{
			name: "prose: a compiler not included in the image",
			log:  "it seems like gcc is not included in python:3.13.2-slim-bookworm which cause our pip install to fail\n",
			want: MissingCommand, conf: Likely, subject: "gcc",
		},

		{
			// numpy.distutils ccompiler.CCompiler_spawn
			name: "numpy.distutils' double-quoted compiler command failed",
			log:  "error: Command \"gcc -pthread -B /opt/conda/compiler_compat -c numpy/core/src/multiarray/alloc.c -o build/temp.linux-x86_64-3.9/alloc.o\" failed with exit status 1\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "silent: a double-quoted command that is no compiler",
			log:  "error: Command \"git clone https://example.com/x.git\" failed with exit status 128\n",
			want: UnrecognisedFailure,
		},
		{
			name: "gfortran's diagnostic",
			log:  "Error: Symbol 'x' at (1) has no IMPLICIT type\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "rustc's diagnostic",
			log:  "error[E0425]: cannot find value `x` in this scope\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "GNU ld's undefined reference",
			log:  "/usr/bin/ld: foo.o: in function `main': undefined reference to `bar'\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "lld's error",
			log:  "ld.lld: error: undefined symbol: foo\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "Apple ld's undefined symbols",
			log:  "Undefined symbols for architecture arm64:\nld: symbol(s) not found for architecture arm64\n",
			want: CompileError, conf: Certain,
		},
		{
			// scikit-build-core
			name: "scikit-build-core's CMake build failed",
			log:  "      *** CMake build failed\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "silent: the loader's undefined symbol at import time is no compile error",
			log:  "ImportError: /opt/conda/lib/python3.9/site-packages/torch/lib/libtorch.so: undefined symbol: _ZN3c10\n",
			want: UnrecognisedFailure,
		},

		{
			name: "prose: the shell's Killed quoted",
			log:  "`pip install scipy` fails with the last line saying `killed`.\n",
			want: OutOfMemory, conf: Likely,
		},
		{
			name: "silent: killing a process in words",
			log:  "I killed the build after an hour and started again.\n",
			want: "",
		},
		{
			name: "prose: a step throws OOM",
			log:  "`pip install` in building GPU image throws OOM with standard 4GB of memory.\n",
			want: OutOfMemory,
		},
		{
			name: "prose: it fails to compile",
			log:  "When I build the image, pytorch3d fails to compile in the NVIDIA container.\n",
			want: CompileError, conf: Likely,
		},
		{
			name: "prose: building with cmake throws an error",
			log:  "building `llama-cpp-python` with cmake throws an error.\n",
			want: CompileError, conf: Likely,
		},
		{
			name: "silent: no compile errors",
			log:  "The wheel builds with no compile errors and the image works.\n",
			want: "",
		},
		{
			name: "silent: a changelog's fix of a compile error",
			log:  "  * Fix compilation errors on (Free)BSD (issue #110).\n",
			want: "",
		},
		{
			name: "silent: a changelog's failure to compile on some systems",
			log:  "* Some sources failed to compile on systems that lack NI_MAXHOST in their headers.\n",
			want: "",
		},
		{
			// ninja's status line for a failed edge
			name: "ninja's failed object",
			log:  "FAILED: caffe2/CMakeFiles/torch_cpu.dir/__/torch/csrc/autograd/generated/VariableType_1.cpp.o \n/usr/bin/c++ -DAT_PARALLEL_OPENMP=1 -c VariableType_1.cpp\n",
			want: CompileError, conf: Certain,
		},
		{
			name: "silent: pytest's FAILED line",
			log:  "FAILED tests/test_x.py::test_a - AssertionError: 1 != 2\n",
			want: "",
		},
		{
			// BuildKit's tty progress
			name: "BuildKit's tty line for a failed pip step, cut before the summary",
			log:  " => ERROR [7/8] RUN pip install -r requirements.txt                       12.3s\n",
			want: PipInstallFailed, conf: Likely,
		},
		{
			name: "silent: BuildKit's tty line for a failed conda step is no pip failure",
			log:  " => ERROR [7/8] RUN conda env create -f environment.yml                   52.3s\n",
			want: UnrecognisedFailure,
		},

		// --- horovod's build in compiler and CMake words
		{
			name: "a compile error in horovod's sources",
			log:  "/tmp/pip-install-k2x/horovod_0123456789abcdef0123456789abcdef/horovod/common/ops/nccl_operations.cc:17:10: fatal error: nccl.h: No such file or directory\n",
			want: HorovodBuild, conf: Certain,
		},
		{
			name: "CMake failing in horovod's tree",
			log:  "CMake Error at horovod/common/ops/cuda/CMakeLists.txt:12 (add_library):\n",
			want: HorovodBuild, conf: Certain,
		},
		{
			name: "silent: CMake failing elsewhere is no horovod build",
			log:  "CMake Error at CMakeLists.txt:10 (find_package):\n",
			want: UnrecognisedFailure,
		},
		{
			name: "a failed step that pip-installs horovod, with a build that names nothing",
			log:  "Step 7/9 : RUN HOROVOD_WITH_TENSORFLOW=1 pip install --no-cache-dir horovod==0.19.0\nERROR: Command errored out with exit status 1: /usr/bin/python3 -u -c 'import sys' install --record /tmp/pip-record-x/install-record.txt Check the logs for full command output.\nThe command '/bin/sh -c HOROVOD_WITH_TENSORFLOW=1 pip install --no-cache-dir horovod==0.19.0' returned a non-zero code: 1\n",
			want: HorovodBuild, conf: Likely, subject: "horovod",
		},
		{
			// horovod/cmake/Modules/FindTensorflow.cmake through CMake's
			// find_package_handle_standard_args
			name: "CMake cannot find what horovod's own find module looks for",
			log:  "  CMake Error at /usr/share/cmake/Modules/FindPackageHandleStandardArgs.cmake:148 (message):\n    Could NOT find Tensorflow (missing: Tensorflow_LIBRARIES) (Required is at\n    least version \"1.15.0\")\n",
			want: HorovodBuild, conf: Likely,
		},
		{
			name: "silent: CMake's status line for an optional framework",
			log:  "-- Could NOT find Pytorch (missing: Pytorch_LIBRARIES)\n-- Configuring done\nSuccessfully installed horovod-0.28.1\n",
			want: "",
		},
		{
			name: "a post installing horovod whose errors are CMake's",
			log:  "Run into the following errors - Could NOT find MPI_CXX (missing: MPI_CXX_WORKS), Could NOT find MPI (missing: MPI_CXX_FOUND)\n\nCommand used to install is as follows.\n\nHOROVOD_WITH_MPI=1 HOROVOD_WITH_TENSORFLOW=1 pip install --no-cache-dir horovod\n",
			want: HorovodBuild, conf: Likely,
		},
		{
			// horovodNamedRE held literal backspaces instead of \b until
			// golangci-lint's ST1018 showed them: this case could not pass.
			name: "a poster's words that horovod is being built, whose errors are CMake's",
			log:  "When building horovod with TensorFlow support I get:\n\n  CMake Error at CMakeLists.txt:12 (message):\n  error: command '/usr/bin/cmake' failed with exit code 1\n",
			want: HorovodBuild, conf: Likely,
		},
		{
			name: "silent: a post installing horovod whose error is another package's",
			log:  "HOROVOD_WITH_TENSORFLOW=1 pip install horovod tensorflow==9.9\nERROR: No matching distribution found for tensorflow==9.9\n",
			want: NoMatchingDistrib,
		},
		{
			name: "prose: pip prompts for the HTTPS username",
			log:  "... the pip will stop to prompt HTTPS username and password command from the command line.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			name: "silent: conda not supported is not conda missing",
			log:  "If combining horovod w/ a tensorflow installed via conda isn't supported, can we please update the documentation?\n",
			want: "",
		},
		{
			name: "silent: a failed horovod step whose cause is another package",
			log:  "Step 7/9 : RUN pip install tensorflow==9.9 horovod\nERROR: No matching distribution found for tensorflow==9.9\nThe command '/bin/sh -c pip install tensorflow==9.9 horovod' returned a non-zero code: 1\n",
			want: NoMatchingDistrib,
		},
	}
	runShapes(t, tests)
}

// TestWordFamilies: the evidence a careful reader uses when a post shows a
// problem mostly in words or by a command line, family by family
// (docs/diagnose.md, "Families of evidence"), each with silent cases for
// its neighbours and for documentation and changelog text. want "" means
// nothing at error level; sev Warning with want set means that warning.
func TestWordFamilies(t *testing.T) {
	words := []struct {
		name, log, want string
		conf            Confidence
		sev             lint.Severity
	}{
		// AML917, Ubuntu's command-not-found (CommandNotFound.py)
		{"command-not-found names conda", "Command 'conda' not found, did you mean:\n  command 'condor' from deb htcondor\n", CondaCommandNotFound, Certain, lint.Error},
		{"command-not-found names pip", "Command 'pip' not found, but can be installed with:\n\nsudo apt install python3-pip\n", MissingCommand, Certain, lint.Error},
		{"silent: a script testing for command-not-found's words", "    if \"Command 'iget' not found, did you mean:\" in result.stderr:\n", "", "", 0},
		// AML917, a poster's words (bash/dash/zsh "conda: command not found" told in a sentence)
		{"the shell's words inside a sentence", "I get conda: command not found after installing miniconda in the Dockerfile\n", CondaCommandNotFound, Likely, lint.Error},
		{"mamba's, in backticks after When", "When I build, I get `mamba: command not found`\n", CondaCommandNotFound, Likely, lint.Error},
		{"conda is not found in the next step", "After installing miniconda, conda is not found in the next RUN step\n", CondaCommandNotFound, Likely, lint.Error},
		{"the conda command isn't found", "the conda command isn't found in the container\n", CondaCommandNotFound, Likely, lint.Error},
		{"Windows posters: not recognized", "Conda is not recognized after the installation\n", CondaCommandNotFound, Likely, lint.Error},
		{"the build cannot find conda", "the docker build cannot find conda\n", CondaCommandNotFound, Likely, lint.Error},
		{"silent: conda's EnvironmentLocationNotFound", "EnvironmentLocationNotFound: Could not find conda environment: py38\n", "", "", 0},
		{"silent: a README's supposition", "If conda is not found, install Miniconda first.\n", "", "", 0},
		{"silent: a FAQ's supposition with the shell's words", "If you see `conda: command not found`, add conda to your PATH.\n", "", "", 0},
		{"silent: a script's own check", "command -v conda >/dev/null || echo \"conda not found, installing\"\n", "", "", 0},
		{"silent: a script that handles it", "the script downloads Miniconda when conda is not found\n", "", "", 0},
		{"silent: a changelog's fix", "Fix conda not found error on Windows\n", "", "", 0},
		{"silent: a package named conda", "package conda not found in channel defaults\n", "", "", 0},
		{"silent: conda found", "conda was found at /opt/conda/bin/conda\n", "", "", 0},
		{"silent: a denial", "it is not that conda is not found, the solve fails\n", "", "", 0},
		// the image told without conda in other words (guide, "Conda command not found": "conda isn't installed in the base image")
		{"a base image that doesn't have conda installed", "My custom base image doesn't have conda installed and the environment build fails.\n", CondaCommandNotFound, Likely, lint.Error},
		{"the PATH doesn't include conda in the image", "The PATH doesn't include conda in the docker image, so the build fails.\n", CondaCommandNotFound, Likely, lint.Error},
		{"the build can't find conda, the sentence ends there", "The build can't find conda.\n", CondaCommandNotFound, Likely, lint.Error},
		{"silent: an image without mamba, nothing failed", "The slim image doesn't have mamba, so we use conda instead.\n", "", "", 0},
		{"silent: no conda on a laptop, the build works", "I don't have conda installed on my laptop, but the docker build works.\n", "", "", 0},
		{"silent: can't find conda's environment file", "The build can't find conda.yml in the context.\n", "", "", 0},
		// AML914: pip waiting on keyring (pip 19.2+ network/auth.py asks keyring for an index's credentials)
		{"pip blocked waiting for the keyring", "Pip block during install, waiting for a keyring to unlock (at least that's my understanding)\n", InteractiveAuth, Likely, lint.Error},
		{"pip hangs on the keyring's unlock prompt", "pip install hangs on the keyring unlock prompt in docker build\n", InteractiveAuth, Likely, lint.Error},
		{"silent: gnome-keyring's NEWS", "Fix hang waiting for the keyring to unlock\n", "", "", 0},
		{"silent: a changelog's fix that names pip", "* Fixed a hang when pip waited for the keyring to unlock\n", "", "", 0},
		{"silent: a keyring daemon starting", "Waiting for the keyring daemon to start\n", "", "", 0},
		{"git asking for a forge's credentials", "git clone asks for my GitHub credentials and the build hangs\n", InteractiveAuth, Likely, lint.Error},
		// AML908: a poster's words that conda's step never ends
		{"conda env create never finishes", "conda env create never finishes\n", CondaTimeout, Likely, lint.Error},
		{"conda install never completes", "conda install takes hours and never completes\n", CondaTimeout, Likely, lint.Error},
		{"a conda step, then words that it never finishes", "RUN conda env create -f environment.yml\nthe step never finishes, even after 6 hours\n", CondaTimeout, Likely, lint.Error},
		{"silent: a slow solve that finished", "conda env create took 3 hours but finished\n", "", "", 0},
		{"silent: pip that never finishes", "pip install never finishes on this package\n", "", "", 0},
		{"silent: something else that never finished", "the conda env was created; the docs never finished loading\n", "", "", 0},
		{"silent: a hang at the metadata (reallogs rule 39)", "conda create -n x python=3.9\nCollecting package metadata (repodata.json): ...\nit never finishes collecting the metadata\n", "", "", 0},
		// AML908, the solve that never ends told in words (conda/conda#11919 "Solving Environment takes forever … Since 3 hours",
		// mamba-org/mamba#577 "the solver is hanging", mamba-org/mamba#4263 "solver hang … I then kill'd it")
		{"Solving environment takes hours", "Solving environment takes hours with conda 4.10\n", CondaTimeout, Likely, lint.Error},
		{"conda never finishes resolving", "conda never finishes resolving the environment\n", CondaTimeout, Likely, lint.Error},
		{"the solve never terminates", "conda solve never terminates when I add pytorch\n", CondaTimeout, Likely, lint.Error},
		{"killed after hours while solving", "The image build was killed after 6 hours while conda was solving the environment.\n", CondaTimeout, Likely, lint.Error},
		{"libmamba's solver hangs", "libmamba solver hangs indefinitely on my environment.yml\n", CondaTimeout, Likely, lint.Error},
		{"the image build times out in conda's environment creation", "Azure ML image build times out during conda environment creation\n", CondaTimeout, Likely, lint.Error},
		{"stuck at Solving environment told on its line is an error", "conda env update hangs forever on Solving environment\n", CondaTimeout, Likely, lint.Error},
		{"stuck at conda's spinner", "conda install pytorch is stuck at \"Solving environment: |\" forever\n", CondaTimeout, Likely, lint.Error},
		{"silent: a changelog's fixed hang", "conda 4.12 changelog: fixed a case where solving environment could hang forever\n", "", "", 0},
		{"silent: a fix note", "Fixed: conda solve stuck forever with strict channel priority\n", "", "", 0},
		{"silent: a hang that could happen", "Solving environment can hang forever with too many pins\n", "", "", 0},
		{"silent: a supposition (no error)", "If conda hangs at Solving environment, try mamba.\n", "", "", 0},
		{"silent: a time limit in training", "The job times out after 6 hours during training.\n", "", "", 0},
		{"silent: the solve that took hours but finished", "Solving environment took hours but finished\n", "", "", 0},
		// AML904: a poster's words for conda's InvalidSpec / InvalidVersionSpec (conda/exceptions.py)
		{"conda says the file has an invalid spec", "conda says my environment.yml has an invalid spec\n", CondaBadSpec, Likely, lint.Error},
		{"mamba complains about an invalid version spec", "mamba complains about an invalid version spec in env.yml\n", CondaBadSpec, Likely, lint.Error},
		{"silent: pip's invalid specifier in words", "pip: invalid specifier in requirements.txt\n", "", "", 0},
		{"silent: a conda changelog's fix", "Fix invalid spec handling in conda env export\n", "", "", 0},
		{"silent: a supposition", "If conda reports an invalid spec, check the file\n", "", "", 0},
		{"silent: a denial", "the spec in environment.yml is not an invalid spec\n", "", "", 0},
		{"silent: docker's volume spec", "docker: invalid spec: /data:/data:rw2\n", "", "", 0},
		// AML908: conda's own retry is no failure (conda/core/solve.py fail_message)
		{"a solve cut after conda's retry for a flexible solve", "Collecting package metadata (current_repodata.json): done\nSolving environment: failed with initial frozen solve. Retrying with flexible solve.\nCollecting package metadata (repodata.json): done\n", CondaTimeout, Likely, lint.Warning},
		{"silent: the flexible solve that finished", "Solving environment: failed with initial frozen solve. Retrying with flexible solve.\nCollecting package metadata (repodata.json): done\nSolving environment: done\n\n## Package Plan ##\n", "", "", 0},
		{"a failed retry is the failure's, not the timeout's", "Solving environment: failed with repodata from current_repodata.json, will retry with next repodata source.\nCollecting package metadata (repodata.json): done\nSolving environment: failed\n\nPackagesNotFoundError: The following packages are not available from current channels:\n\n  - nosuchpkg\n", PackageNotFound, Certain, lint.Error},
		// AML919, the command line's shapes (bash(1): the shell splits at ;, &&, | and reads sh -c's string again)
		{"an install after activate on one RUN line", "RUN source activate env && pip install numpy>=1.20\n", CondaBareRedirection, Likely, lint.Warning},
		{"bash -c's script", "RUN /bin/bash -c \"pip install numpy>=1.20\"\n", CondaBareRedirection, Likely, lint.Warning},
		{"the exec form's -c script", "RUN [\"/bin/bash\", \"-c\", \"pip install numpy>=1.20\"]\n", CondaBareRedirection, Likely, lint.Warning},
		{"silent: a chained install with its bound quoted", "RUN apt-get update && apt-get install -y gcc && pip install \"numpy>=1.20\"\n", "", "", lint.Warning},
		{"silent: a chained install redirected to a log", "RUN cd /src && pip install . > /tmp/log.txt\n", "", "", lint.Warning},
		{"silent: a bound quoted inside sh -c's script", "RUN [\"/bin/bash\", \"-c\", \"pip install \\\"numpy>=1.20\\\"\"]\n", "", "", lint.Warning},
		{"silent: an install command echoed", "RUN echo \"pip install numpy>=1.2\" && ls\n", "", "", lint.Warning},
		// AML919, a poster's words
		{"a quoted operator that failed on zsh", "I encountered errors for versioned packages using `>=` or `<=` on zsh.\n", CondaBareRedirection, Likely, lint.Error},
		{"quoted so the shell does not treat it as a redirect", "- Needed to be quoted so zsh (probably bash too?) doesn't treat it as a redirect\n", CondaBareRedirection, Likely, lint.Error},
		{"advice to quote on zsh is a warning", "On zsh, quote specs that use `>=` when installing packages.\n", CondaBareRedirection, Likely, lint.Warning},
		{"silent: a version operator in a requirements file's docs", "Use `>=` to pin a minimum version in requirements.txt\n", "", "", lint.Warning},
		{"silent: a shell's changelog", "Fixed a bug that caused quoted words to be treated as a redirection target in bash\n", "", "", lint.Warning},
		{"a commit that quotes specs for the shell", "prevent shell from interpreting the `>` symbol in python package version declarations as an output redirection symbol.\n", CondaBareRedirection, Likely, lint.Error},
		{"silent: the shell's operator explained", "the `>` operator in bash appends output\n", "", "", lint.Warning},
		// AML919, the file a bound leaves told in words (moby/moby#35813 "it would generate below file under root dir: =0.21.1";
		// saltstack/salt-bootstrap#364 "a \"=0.1.4.0\" file was created"), against the same told as what may happen
		{"a file named like the bound appeared", "A file named =1.2 appeared in my directory after running pip install numpy>=1.2\n", CondaBareRedirection, Likely, lint.Error},
		{"silent: a supposition of the file", "If you forget the quotes, the shell may create a file named =1.2.\n", "", "", lint.Warning},
		{"silent: what bash would do", "Without the quotes bash would write a file called =2.0 instead.\n", "", "", lint.Warning},
		{"a fix's otherwise tells what the command did (ckan-docker-base-132)", "Otherwise, the output of the command is redirected into a file called '=70.0.0' and the pinned version is not passed to pip.\n", CondaBareRedirection, Likely, lint.Error},
	}
	tests := make([]shapeCase, 0, len(words))
	for _, w := range words {
		// Every case here states its confidence and severity.
		if w.want != "" && (w.conf == "" || w.sev == 0) {
			t.Fatalf("%s: a word family case states its confidence and severity", w.name)
		}
		tests = append(tests, shapeCase{name: w.name, log: w.log, want: w.want, conf: w.conf, sev: w.sev})
	}
	runShapes(t, tests)
}
