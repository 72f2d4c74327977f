package diagnose_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/diagnose"
)

// labelRuleCase is one message quoted by a numbered rule of
// testdata/reallogs/README.md ("Rules and judgement calls"), put in a
// minimal log of the shape it comes in (the context lines are written
// here, not copied from a real log), and the label the rule gives it:
// a problem ID, alternatives joined by "|", AML999, or none.
type labelRuleCase struct {
	rule int
	text string
	want string
}

// labelRuleCases: the README's rules as a conformance table. Every rule
// that quotes a message has a case; where a rule says "X, not Y", both
// sides are here.
var labelRuleCases = []labelRuleCase{
	// 1. Root cause, not the last line.
	{rule: 1, text: "#8 [3/4] RUN pip install psutil==5.9.0\n#8 12.3   building 'psutil._psutil_linux' extension\n#8 12.3   unable to execute 'gcc': No such file or directory\n#8 12.3   error: command 'gcc' failed with exit status 1\n#8 12.4   ERROR: Failed building wheel for psutil\n", want: "AML907"},
	{rule: 1, text: "Step 4/6 : RUN conda env create -f environment.yml\nPip subprocess error:\nERROR: Could not find a version that satisfies the requirement nosuchpkg==9.9 (from versions: none)\nERROR: No matching distribution found for nosuchpkg==9.9\n\nCondaValueError: pip returned an error\nThe command '/bin/sh -c conda env create -f environment.yml' returned a non-zero code: 1\n", want: "AML912"},
	{rule: 1, text: "#9 [4/5] RUN pip install --no-binary :all: pyarrow\n#9 412.7 c++: fatal error: Killed signal terminated program cc1plus\n#9 412.7 compilation terminated.\n#9 412.9 error: command 'c++' failed with exit status 1\n", want: "AML909"},
	{rule: 1, text: "Step 3/5 : RUN pip install torch\nCollecting torch\n  Downloading torch-2.1.0-cp310-cp310-manylinux1_x86_64.whl (670 MB)\nKilled\nThe command '/bin/sh -c pip install torch' returned a non-zero code: 137\n", want: "AML909"},

	// 2. Specific package problems win.
	{rule: 2, text: "#8 [3/4] RUN pip install mpi4py\n#8 20.1   Building wheel for mpi4py (pyproject.toml): started\n#8 21.3   running build_ext\n#8 21.3   MPI configuration: [mpi] from 'mpi.cfg'\n#8 21.4   checking for library 'lmpi' ...\n#8 21.9   error: Cannot link MPI programs. Check your configuration!!!\n#8 22.0   ERROR: Failed building wheel for mpi4py\n", want: "AML913"},
	{rule: 2, text: "Step 5/7 : RUN HOROVOD_WITH_TENSORFLOW=1 pip install horovod==0.16.4\n    running build_ext\n    -- Looking for a CUDA compiler\n    creating build/temp.linux-x86_64-3.6/horovod\nCommand \"/usr/bin/python3 -u -c \"import setuptools, tokenize;__file__='/tmp/pip-install-k2j3l4/horovod/setup.py'\" install --record /tmp/pip-record-x/install-record.txt --single-version-externally-managed --compile\" failed with error code -4 in /tmp/pip-install-k2j3l4/horovod/\n", want: "AML916"},

	// 3. conda's spec errors are AML904; a package missing from the channels is AML910.
	{rule: 3, text: "#7 [2/3] RUN conda install -y 'numpy=>1.20'\n#7 3.2 \n#7 3.2 InvalidMatchSpec: Invalid spec 'numpy=>1.20': Invalid version '>1.20': invalid operator\n#7 ERROR: process \"/bin/sh -c conda install -y 'numpy=>1.20'\" did not complete successfully: exit code: 1\n", want: "AML904"},
	{rule: 3, text: "RUN conda env create -f environment.yml\nCollecting package metadata (repodata.json): done\nInvalidVersionSpec: Invalid version '3.8.*.*': invalid character(s)\n", want: "AML904"},
	{rule: 3, text: "$ conda install -y \"numpy>=1.2<2\"\nCondaValueError: invalid package specification: numpy>=1.2<2\n", want: "AML904"},
	{rule: 3, text: "Step 3/5 : RUN conda env create -f /tmp/env.yml\n ---> Running in 4d1c2b3a\nSpecNotFound: Invalid name, try the format: user/package\nThe command '/bin/sh -c conda env create -f /tmp/env.yml' returned a non-zero code: 1\n", want: "AML904"},
	{rule: 3, text: "#8 5.1 Solving environment: failed\n#8 5.1 \n#8 5.1 PackagesNotFoundError: The following packages are not available from current channels:\n#8 5.1 \n#8 5.1   - nosuchpkg=1.0\n", want: "AML910"},
	{rule: 3, text: "Solving environment: failed\n\nResolvePackageNotFound: \n  - nosuchpkg=1.0\n\nThe command '/bin/sh -c conda env update -f env.yml' returned a non-zero code: 1\n", want: "AML910"},
	{rule: 3, text: "Fetching package metadata .........\nSolving package specifications: .\n\nPackageNotFoundError: Package not found: '' Package missing in current linux-64 channels: \n  - nosuchpkg 1.0*\n", want: "AML910"},

	// 4. Any failed talk with a channel or index is AML905.
	{rule: 4, text: "#8 60.2 Collecting package metadata (repodata.json): failed\n#8 60.2 \n#8 60.2 CondaHTTPError: HTTP 000 CONNECTION FAILED for url <https://conda.anaconda.org/conda-forge/linux-64/repodata.json>\n#8 60.2 Elapsed: -\n", want: "AML905"},
	{rule: 4, text: "CondaHTTPError: HTTP 403 FORBIDDEN for url <https://repo.anaconda.com/pkgs/main/linux-64/current_repodata.json>\nElapsed: 00:00.251\n\nAn HTTP error occurred when trying to retrieve this URL.\n", want: "AML905"},
	{rule: 4, text: "CondaHTTPError: HTTP 500 INTERNAL SERVER ERROR for url <https://conda.anaconda.org/pytorch/linux-64/repodata.json>\nElapsed: 00:01.120\n", want: "AML905"},
	{rule: 4, text: "CondaHTTPError: HTTP 502 BAD GATEWAY for url <https://conda.anaconda.org/conda-forge/noarch/repodata.json>\nElapsed: 00:30.004\n", want: "AML905"},
	{rule: 4, text: "CondaHTTPError: HTTP 000 CONNECTION FAILED for url <https://repo.anaconda.com/pkgs/main/linux-64/repodata.json>\nElapsed: -\n\nAn HTTP error occurred when trying to retrieve this URL.\nHTTP errors are often intermittent, and a simple retry will get you on your way.\nConnectionError(MaxRetryError(\"HTTPSConnectionPool(host='repo.anaconda.com', port=443): Max retries exceeded with url: /pkgs/main/linux-64/repodata.json (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno 101] Network is unreachable'))\"))\n", want: "AML905"},

	// 5. conda: not found / 127 from a conda command is AML917.
	{rule: 5, text: "Step 6/9 : RUN conda env create -f environment.yml\n ---> Running in 0a1b2c3d\n/bin/sh: 1: conda: not found\nThe command '/bin/sh -c conda env create -f environment.yml' returned a non-zero code: 127\n", want: "AML917"},
	{rule: 5, text: "#6 [3/5] RUN wget -q https://repo.anaconda.com/miniconda/Miniconda3-py39_4.12.0-Linux-x86_64.sh -O /tmp/m.sh; bash /tmp/m.sh -b -p /opt/conda; conda install -y numpy\n#6 0.412 bash: /tmp/m.sh: No such file or directory\n#6 0.415 /bin/sh: 1: conda: not found\n#6 ERROR: process \"/bin/sh -c wget -q https://repo.anaconda.com/miniconda/Miniconda3-py39_4.12.0-Linux-x86_64.sh -O /tmp/m.sh; bash /tmp/m.sh -b -p /opt/conda; conda install -y numpy\" did not complete successfully: exit code: 127\n", want: "AML917"},
	{rule: 5, text: "#8 [3/4] RUN conda env create -f env.yml\n#8 ERROR: process \"/bin/sh -c conda env create -f env.yml\" did not complete successfully: exit code: 127\n", want: "AML917"},

	// 6. Service errors instead of a build log: AML901; build output decides when there is some.
	{rule: 6, text: "Creating image\nImage creation operation finished for image myimage:1, operation \"Failed\"\nImage creation failed\nError: Docker image build failed.\n", want: "AML901"},
	{rule: 6, text: "WebserviceException: WebserviceException:\n\tMessage: Image creation polling reached non-successful terminal state, current state: Failed\nError response from server:\nStatusCode: 400\nMessage: Docker image build failed.\n", want: "AML901"},
	{rule: 6, text: "ActivityFailedException: ActivityFailedException:\n\tMessage: Activity Failed:\n{\n    \"error\": {\n        \"code\": \"UserError\",\n        \"message\": \"Image build failed. For more details, check log file azureml-logs/20_image_build_log.txt.\"\n    }\n}\n", want: "AML901"},
	{rule: 6, text: "2024/03/05 10:11:12 Step 4/6 : RUN conda env create -f conda.yml\nPackagesNotFoundError: The following packages are not available from current channels:\n\n  - nosuchpkg=1.0\n\nActivityFailedException: ActivityFailedException:\n\tMessage: Activity Failed:\n{\n    \"error\": {\n        \"message\": \"Image build failed. For more details, check log file azureml-logs/20_image_build_log.txt.\"\n    }\n}\n", want: "AML910"},

	// 7. A failure and then a successful retry: the failure.
	{rule: 7, text: "First build:\n#8 3.1 ERROR: Could not find a version that satisfies the requirement torch==9.9 (from versions: 1.13.1, 2.0.0)\n#8 3.1 ERROR: No matching distribution found for torch==9.9\n\nWith torch==2.0.0 it works:\n#8 30.1 Successfully installed torch-2.0.0\n", want: "AML912"},
	{rule: 7, text: "#8 [3/4] RUN conda install -y nosuchpkg=1.0\n#8 4.2 PackagesNotFoundError: The following packages are not available from current channels:\n#8 4.2 \n#8 4.2   - nosuchpkg=1.0\n\nWith -c conda-forge it goes through:\n#8 20.1 Executing transaction: done\n#8 DONE 21.0s\n", want: "AML910"},

	// 8. Prose counts when it is all there is.
	{rule: 8, text: "When building the environment the machine is running out of memory and the build stops with an OOM error (code 137).\n", want: "AML909"},
	{rule: 8, text: "unable to execute 'gcc'\n", want: "AML907"},

	// 9. Not documented: AML999.
	{rule: 9, text: "#6 [2/5] RUN apt-get update && apt-get install -y libfoo-nonexistent\n#6 3.1 Reading package lists...\n#6 3.4 E: Unable to locate package libfoo-nonexistent\n#6 ERROR: process \"/bin/sh -c apt-get update && apt-get install -y libfoo-nonexistent\" did not complete successfully: exit code: 100\n", want: "AML999"},
	{rule: 9, text: "Preparing transaction: done\nExecuting transaction: failed\nERROR conda.core.link:_execute(502): An error occurred while installing package 'defaults::python-3.6.13-h12debd9_1'.\nFileNotFoundError: [Errno 2] No such file or directory: '/opt/conda/envs/myenv/bin/python3.6'\n", want: "AML999"},
	{rule: 9, text: "# >>>>>>>>>>>>>>>>>>>>>> ERROR REPORT <<<<<<<<<<<<<<<<<<<<<<\n\n    Traceback (most recent call last):\n      File \"/opt/conda/lib/python3.9/site-packages/conda/exceptions.py\", line 1114, in __call__\n    KeyError: 'pkgs_dirs'\n\nAn unexpected error has occurred. Conda has prepared the above report.\n", want: "AML999"},
	{rule: 9, text: "Step 3/8 : RUN wget https://example.com/downloads/tool-1.0.tar.gz\n ---> Running in 7f8e9d0c\n--2024-03-05 10:11:12--  https://example.com/downloads/tool-1.0.tar.gz\nResolving example.com (example.com)... failed: Temporary failure in name resolution.\nThe command '/bin/sh -c wget https://example.com/downloads/tool-1.0.tar.gz' returned a non-zero code: 4\n", want: "AML999"},

	// 10. pip with no cause in view: AML920; conda or mamba with no cause: AML999.
	{rule: 10, text: "#9 [4/5] RUN pip install .\n#9 7.312   × pip subprocess to install build dependencies did not run successfully.\n#9 7.312   │ exit code: 1\n#9 7.312   ╰─> See above for output.\n", want: "AML920"},
	{rule: 10, text: "Step 5/6 : RUN pip install -r requirements.txt\nCollecting foo==0.1\n  Downloading foo-0.1.tar.gz (10 kB)\nCommand \"python setup.py egg_info\" failed with error code 1 in /tmp/pip-build-ab12cd/foo/\n", want: "AML920"},
	{rule: 10, text: "#10 [5/6] RUN pip install -r dev.txt\n#10 ERROR: process \"/bin/sh -c pip install -r dev.txt\" did not complete successfully: exit code: 2\n", want: "AML920"},
	{rule: 10, text: "#10 [5/6] RUN conda env create -f env.yml\n#10 ERROR: process \"/bin/sh -c conda env create -f env.yml\" did not complete successfully: exit code: 1\n", want: "AML999"},
	{rule: 10, text: "#10 [5/6] RUN mamba env create -f env.yml\n#10 ERROR: process \"/bin/sh -c mamba env create -f env.yml\" did not complete successfully: exit code: 1\n", want: "AML999"},

	// 11. UnsatisfiableError: AML918 only with Python on one side.
	{rule: 11, text: "Solving environment: failed\n\nUnsatisfiableError: The following specifications were found\nto be incompatible with the existing python installation in your environment:\n\nSpecifications:\n\n  - tensorflow=1.15 -> python[version='>=3.6,<3.8.0a0']\n\nYour python: python=3.9\n", want: "AML918"},
	{rule: 11, text: "Fetching package metadata: ....\nSolving package specifications: .\nError: Unsatisfiable package specifications.\nGenerating hint: \n[      COMPLETE      ]|###################################| 100%\n\nHint: the following packages conflict with each other:\n  - scipy 0.12*\n  - python 3.4*\n\nUse 'conda info scipy' etc. to see the dependencies for each package.\n", want: "AML918"},
	{rule: 11, text: "Solving environment: failed\n\nUnsatisfiableError: The following specifications were found to be incompatible with each other:\n\nPackage libfoo conflicts for:\npkg-a -> libfoo[version='>=2']\npkg-b -> libfoo[version='<2']\n", want: "AML999"},
	{rule: 11, text: "error    libmamba Could not solve for environment specs\n    The following packages are incompatible\n    ├─ python 3.12**  is requested and can be installed;\n    └─ tensorflow 2.10**  is not installable because it requires\n       └─ python >=3.7,<3.11 , which conflicts with any installable versions previously reported.\n", want: "AML918"},

	// 12. Interpreter checks are AML918 in any wording.
	{rule: 12, text: "#7 [3/6] RUN curl -sS https://bootstrap.pypa.io/get-pip.py | python3\n#7 1.93 ERROR: This script does not work on Python 3.7 The minimum supported Python version is 3.8. Please use https://bootstrap.pypa.io/pip/3.7/get-pip.py instead.\n", want: "AML918"},
	{rule: 12, text: "#8 4.5 Collecting foo==2.0\n#8 4.6   Downloading foo-2.0-py3-none-any.whl (12 kB)\n#8 4.7 ERROR: Package 'foo' requires a different Python: 3.7.16 not in '>=3.8'\n", want: "AML918"},
	{rule: 12, text: "Step 4/5 : RUN pip install more-itertools\nCollecting more-itertools\n  Downloading more-itertools-8.0.0.tar.gz (83 kB)\nmore-itertools requires Python '>=3.4' but the running Python is 2.7.16\n", want: "AML918"},
	{rule: 12, text: "    Running setup.py install for foo: started\n    Traceback (most recent call last):\n      File \"<string>\", line 1, in <module>\n      File \"/tmp/pip-install-x1/foo/setup.py\", line 9, in <module>\n        assert sys.version_info >= (3, 6), 'foo requires Python 3.6 or newer'\n    AssertionError: foo requires Python 3.6 or newer\n", want: "AML918"},

	// 13. Two problems that both apply.
	{rule: 13, text: "Step 1/4 : FROM python:3.6-slim\nStep 3/4 : RUN pip install numpy==1.25.0\nERROR: Could not find a version that satisfies the requirement numpy==1.25.0 (from versions: 1.3.0, 1.4.1, 1.19.5)\nERROR: No matching distribution found for numpy==1.25.0\n", want: "AML912|AML918"},
	{rule: 13, text: "  Warning  Failed     12s   kubelet  Failed to pull image \"myacr.azurecr.io.azurecr.io/model:1\": rpc error: code = Unknown desc = failed to pull and unpack image \"myacr.azurecr.io.azurecr.io/model:1\": failed to resolve reference \"myacr.azurecr.io.azurecr.io/model:1\": failed to do request: Head \"https://myacr.azurecr.io.azurecr.io/v2/model/manifests/1\": dial tcp: lookup myacr.azurecr.io.azurecr.io: no such host\n", want: "AML903|AML902"},
	{rule: 13, text: "Step 5/7 : RUN pip install -r requirements.txt\nCollecting pandas==2.2.0\nERROR: Ignored the following versions that require a different python version: 2.1.0 Requires-Python >=3.9; 2.2.0 Requires-Python >=3.9\nERROR: Could not find a version that satisfies the requirement pandas==2.2.0 (from versions: 1.1.5, 1.3.5)\nERROR: No matching distribution found for pandas==2.2.0\n", want: "AML912|AML918"},

	// 14. The build log's blob refused is AML901; storage errors elsewhere AML915.
	{rule: 14, text: "Image build failed. Build log: https://mlstore123.blob.core.windows.net/azureml/ImageLogs/abc/build.log?sv=2019-02-02\n$ wget \"https://mlstore123.blob.core.windows.net/azureml/ImageLogs/abc/build.log?sv=2019-02-02\"\nHTTP request sent, awaiting response... 409 Public access is not permitted on this storage account.\nERROR 409: Public access is not permitted on this storage account..\n", want: "AML901"},
	{rule: 14, text: "azure.core.exceptions.HttpResponseError: This request is not authorized to perform this operation using this permission.\nRequestId:0a1b2c3d-e4f5\nTime:2024-03-05T10:11:12.0000000Z\nErrorCode:AuthorizationPermissionMismatch\nContent: <?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this operation using this permission.</Message></Error>\n", want: "AML915"},
	{rule: 14, text: "$ python upload.py\nazure.core.exceptions.HttpResponseError: This request is not authorized to perform this operation.\nRequestId:1a2b3c4d\nErrorCode:AuthorizationFailure\nrequest url: https://mystore.blob.core.windows.net/data/train.csv\n", want: "AML915"},

	// 15. pip's read-timeout retries reported as the failure: AML905; then success: none.
	{rule: 15, text: "The build fails here:\n#8 95.4 WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ReadTimeoutError(\"HTTPSConnectionPool(host='pypi.org', port=443): Read timed out. (read timeout=15)\")': /simple/torch/\n", want: "AML905"},
	{rule: 15, text: "#8 95.4 WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ReadTimeoutError(\"HTTPSConnectionPool(host='pypi.org', port=443): Read timed out. (read timeout=15)\")': /simple/torch/\n#8 120.2 Collecting torch==2.0.0\n#8 180.3 Installing collected packages: torch\n#8 230.1 Successfully installed torch-2.0.0\n#8 DONE 231.0s\n", want: "none"},

	// 16. A credential prompt of pip or git: AML914; wget's refusal is not one.
	{rule: 16, text: "#9 [4/5] RUN pip install --extra-index-url https://pkgs.dev.azure.com/org/_packaging/feed/pypi/simple/ mylib\n#9 2.3 Looking in indexes: https://pypi.org/simple, https://pkgs.dev.azure.com/org/_packaging/feed/pypi/simple/\n#9 2.9 User for pkgs.dev.azure.com: ERROR: Exception:\n#9 2.9 Traceback (most recent call last):\n#9 2.9 EOFError: EOF when reading a line\n", want: "AML914"},
	{rule: 16, text: "#8 [3/4] RUN pip install git+https://github.com/org/private-repo.git\n#8 1.2   Running command git clone --filter=blob:none --quiet https://github.com/org/private-repo.git /tmp/pip-req-build-a1b2\n#8 1.5   fatal: could not read Username for 'https://github.com': No such device or address\n", want: "AML914"},
	{rule: 16, text: "Step 3/6 : RUN wget --user=me --password=secret ftp://ftp.example.com/pub/data.tar.gz\n--2024-03-05 10:11:12--  ftp://ftp.example.com/pub/data.tar.gz\nLogging in as me ... \nLogin incorrect.\nUsername/Password Authentication Failed.\nThe command '/bin/sh -c wget --user=me --password=secret ftp://ftp.example.com/pub/data.tar.gz' returned a non-zero code: 6\n", want: "AML999"},
	{rule: 16, text: "py310 installdeps: -r requirements.txt\nUser for pkgs.dev.azure.com: \nERROR: invocation failed (exit code 2), logfile: /app/.tox/py310/log/py310-1.log\n", want: "AML914"},

	// 17. A CRLF script: AML999, not a missing command.
	{rule: 17, text: "Step 7/8 : RUN ./setup.sh\n ---> Running in 1a2b3c4d\n./setup.sh: line 2: $'\\r': command not found\nThe command '/bin/sh -c ./setup.sh' returned a non-zero code: 127\n", want: "AML999"},
	{rule: 17, text: "#8 [4/5] RUN ./install.sh\n#8 0.312 ./install.sh: line 3: $'\\r': command not found\n#8 ERROR: process \"/bin/sh -c ./install.sh\" did not complete successfully: exit code: 127\n", want: "AML999"},

	// 18. Unquoted > or < told in words: AML919.
	{rule: 18, text: "After building the image there are files named `=2.2.3` and `=1.10` in the working directory, and pandas is the newest version instead of the pinned one.\n", want: "AML919"},
	{rule: 18, text: "The RUN pip install numpy<2 step prints `/bin/sh: 1: cannot open =3.0.0: No such file` and stops.\n", want: "AML919"},
	{rule: 18, text: "**review comment**: `pip install wheel>=0.46.2` is unquoted here: the shell reads `>=0.46.2` as a redirection to a file named `=0.46.2`, so the pin is lost. Quote it: `pip install \"wheel>=0.46.2\"`.\n", want: "AML919"},
	{rule: 18, text: "% pip install numpy>=1.24\nzsh: 1.24 not found\n", want: "AML919"},

	// 19. A conda solve stopped for time: AML908.
	{rule: 19, text: "+ conda env create -f environment.yml\nCollecting package metadata (repodata.json): done\nSolving environment: - \nslurmstepd: error: *** JOB 123456 ON node042 CANCELLED AT 2024-03-05T12:00:00 DUE TO TIME LIMIT ***\n", want: "AML908"},
	{rule: 19, text: "$ conda env create -f environment.yml\nCollecting package metadata (repodata.json): done\nSolving environment: | \n\nNo output has been received in the last 10m0s, this potentially indicates a stalled build or something wrong with the build itself.\n", want: "AML908"},
	{rule: 19, text: "Run conda env update -n base -f environment.yml\nCollecting package metadata (repodata.json): ...working... done\nSolving environment: ...working...\nError: The action has timed out.\n", want: "AML908"},
	{rule: 19, text: "ERROR ~ Error executing process > 'QC (1)'\n\nCaused by:\n  Failed to create Conda environment\n  command: conda env create --prefix /work/conda/env-ab12 --file /pipeline/envs/qc.yml\n  status : 120\n  message:\n", want: "AML908"},
	{rule: 19, text: "It never finishes, I waited for 5 hours:\n```\n#8 [3/4] RUN conda env create -f environment.yml\n#8 2.1 Collecting package metadata (repodata.json): ...working... done\n#8 40.3 Solving environment: ...working...\n```\n", want: "AML908"},

	// 20. ModuleNotFoundError also at run time: AML911.
	{rule: 20, text: "$ docker run --rm myimage python -c 'import torch'\nTraceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nModuleNotFoundError: No module named 'torch'\n", want: "AML911"},
	{rule: 20, text: "#9 [5/5] RUN python -c 'import yaml'\n#9 0.41 Traceback (most recent call last):\n#9 0.41   File \"<string>\", line 1, in <module>\n#9 0.41 ModuleNotFoundError: No module named 'yaml'\n#9 ERROR: process \"/bin/sh -c python -c 'import yaml'\" did not complete successfully: exit code: 1\n", want: "AML911"},

	// 21. A missing shared library: AML999, not AML911.
	{rule: 21, text: "$ docker run --rm myimage python -c 'import cv2'\nTraceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n  File \"/usr/local/lib/python3.10/site-packages/cv2/__init__.py\", line 181, in <module>\nImportError: libGL.so.1: cannot open shared object file: No such file or directory\n", want: "AML999"},
	{rule: 21, text: "$ python -c 'import torch'\nTraceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nImportError: libcudart.so.11.0: cannot open shared object file: No such file or directory\n", want: "AML999"},

	// 22. Another signal than the OOM killer: AML999; a bare 137: AML909.
	{rule: 22, text: "#9 [4/5] RUN pip install -r requirements.txt\n#9 55.1 Collecting numpy==1.26.4\n#9 60.2 Segmentation fault (core dumped)\n#9 ERROR: process \"/bin/sh -c pip install -r requirements.txt\" did not complete successfully: exit code: 139\n", want: "AML999"},
	{rule: 22, text: "#9 [4/5] RUN pip install -r requirements.txt\n#9 55.1 Collecting torch==2.1.0\n#9 ERROR: process \"/bin/sh -c pip install -r requirements.txt\" did not complete successfully: exit code: 137\n", want: "AML909"},
	{rule: 22, text: "#8 [3/4] RUN pip install -r requirements.txt\n#8 3.2 Collecting foo\n#8 12.4 Fatal Python error: Segmentation fault\n#8 ERROR: process \"/bin/sh -c pip install -r requirements.txt\" did not complete successfully: exit code: 139\n", want: "AML999"},

	// 23. A missing C/C++ toolchain: AML907 in any wording.
	{rule: 23, text: "#8 30.1   building 'fasttext_pybind' extension\n#8 30.2   gcc: error trying to exec 'cc1plus': execvp: No such file or directory\n#8 30.2   error: command 'gcc' failed with exit status 1\n", want: "AML907"},
	{rule: 23, text: "  Building wheel for pycocotools (setup.py) ... error\n  running build_ext\n  building 'pycocotools._mask' extension\n  error: Microsoft Visual C++ 14.0 or greater is required. Get it with \"Microsoft C++ Build Tools\": https://visualstudio.microsoft.com/visual-cpp-build-tools/\n", want: "AML907"},
	{rule: 23, text: "#8 5.2 Collecting psycopg2==2.9.9\n#8 5.6     Error: pg_config executable not found.\n#8 5.6     \n#8 5.6     pg_config is required to build psycopg2 from source.  Please add the directory\n#8 5.6     containing pg_config to the $PATH or specify the full executable path with the\n", want: "AML907"},
	{rule: 23, text: "Step 5/7 : RUN pip install GDAL==3.4.1\nCollecting GDAL==3.4.1\n  Downloading GDAL-3.4.1.tar.gz (757 kB)\n    /bin/sh: 1: gdal-config: not found\n    WARNING: numpy not available!  Array support will not be enabled\n", want: "AML907"},
	{rule: 23, text: "    building 'dfftpack' library\n    error: library dfftpack has Fortran sources but no Fortran compiler found\n    ----------------------------------------\nERROR: Command errored out with exit status 1: /usr/bin/python3 -u -c 'import sys, setuptools' install Check the logs for full command output.\n", want: "AML907"},

	// 24. An interpreter too old, as a SyntaxError: AML918.
	{rule: 24, text: "Step 4/6 : RUN curl https://bootstrap.pypa.io/get-pip.py | python\n ---> Running in 5e6f7a8b\nTraceback (most recent call last):\n  File \"<stdin>\", line 24226, in <module>\n  File \"<stdin>\", line 199, in main\n  File \"<stdin>\", line 82, in bootstrap\n  File \"/tmp/tmpPDJ8rg/pip.zip/pip/__main__.py\", line 23, in <module>\n  File \"/tmp/tmpPDJ8rg/pip.zip/pip/_internal/cli/main.py\", line 60\n    sys.stderr.write(f\"ERROR: {exc}\")\n                                   ^\nSyntaxError: invalid syntax\n", want: "AML918"},
	{rule: 24, text: "#7 [3/5] RUN python2.7 -m pip install -U pip && pip install six\n#7 3.8 Traceback (most recent call last):\n#7 3.8   File \"/usr/local/lib/python2.7/dist-packages/pip/_internal/cli/main.py\", line 60\n#7 3.8     sys.stderr.write(f\"ERROR: {exc}\")\n#7 3.8                                    ^\n#7 3.8 SyntaxError: invalid syntax\n", want: "AML918"},

	// 25. A full disk or a missing __ virtual package: AML999; other markers stay AML910.
	{rule: 25, text: "#9 120.4 Installing collected packages: torch\n#9 180.2 ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n", want: "AML999"},
	{rule: 25, text: "error    libmamba Could not solve for environment specs\n    The following package could not be installed\n    └─ pytorch-cuda 12.1**  is not installable because it requires\n       └─ __cuda, which is missing on the system.\n", want: "AML999"},
	{rule: 25, text: "Encountered problems while solving:\n  - nothing provides __cuda needed by pytorch-2.0.1-py3.10_cuda11.8_cudnn8.7.0_0\n", want: "AML999"},
	{rule: 25, text: "Encountered problems while solving:\n  - nothing provides _python_rc needed by python-3.12.0rc3-rc3_hab00c5b_1_cpython\n", want: "AML910"},
	{rule: 25, text: "Encountered problems while solving:\n  - nothing provides package_has_been_revoked needed by foo-1.2.0-py_0\n", want: "AML910"},
	{rule: 25, text: "Encountered problems while solving:\n  - nothing provides __glibc >=2.28 needed by pytorch-2.3.0-py3.11_cuda12.1_cudnn8.9.2_0\n", want: "AML999"},

	// 26. UnavailableInvalidChannel: AML905; EnvironmentFileNotFound/Empty: AML904.
	{rule: 26, text: "#7 [2/4] RUN conda install -c nosuchchannel foo\n#7 2.3 \n#7 2.3 UnavailableInvalidChannel: HTTP 404 NOT FOUND for channel nosuchchannel <https://conda.anaconda.org/nosuchchannel>\n#7 2.3 \n#7 2.3 The channel is not accessible or is invalid.\n", want: "AML905"},
	{rule: 26, text: "Step 4/6 : RUN conda env create -f /app/environment.yml\n ---> Running in 2b3c4d5e\n\nEnvironmentFileNotFound: '/app/environment.yml' file not found\n\nThe command '/bin/sh -c conda env create -f /app/environment.yml' returned a non-zero code: 1\n", want: "AML904"},
	{rule: 26, text: "#8 [3/4] RUN conda env update -n base -f /tmp/env.yml\n#8 1.7 \n#8 1.7 EnvironmentFileEmpty: '/tmp/env.yml' is empty\n#8 1.7 \n", want: "AML904"},

	// 27. An ACR refusing a push or login, or not there: AML902; a refused pull: AML903.
	{rule: 27, text: "$ docker push myacr.azurecr.io/app:1.0\nThe push refers to repository [myacr.azurecr.io/app]\n5f70bf18a086: Preparing\nunauthorized: authentication required\n", want: "AML902"},
	{rule: 27, text: "$ az acr repository list --name myacr\n(ResourceNotFound) The resource with name 'myacr' and type 'Microsoft.ContainerRegistry/registries' could not be found in subscription 'Contoso (00000000-0000-0000-0000-000000000000)'.\n", want: "AML902"},
	{rule: 27, text: "#2 [internal] load metadata for myacr.azurecr.io/base:1.0\n#2 ERROR: unexpected status from HEAD request to https://myacr.azurecr.io/v2/base/manifests/1.0: 401 Unauthorized\n------\n > [internal] load metadata for myacr.azurecr.io/base:1.0:\n------\nERROR: failed to solve: myacr.azurecr.io/base:1.0: failed to resolve source metadata for myacr.azurecr.io/base:1.0: unexpected status from HEAD request to https://myacr.azurecr.io/v2/base/manifests/1.0: 401 Unauthorized\n", want: "AML903"},
	{rule: 27, text: "$ az acr login --name myacr\nERROR: Could not connect to the registry login server 'myacr.azurecr.io'. Please verify that the registry exists and the URL 'https://myacr.azurecr.io/v2/' is reachable from your environment.\n", want: "AML902"},

	// 28. pip's hash mismatch: AML920.
	{rule: 28, text: "#9 20.3 ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE. If you have updated the package versions, please update the hashes. Otherwise, examine the package contents carefully; someone may have tampered with them.\n#9 20.3     torch==2.0.0 from https://files.pythonhosted.org/packages/torch-2.0.0-cp310-cp310-manylinux1_x86_64.whl:\n#9 20.3         Expected sha256 0a1b2c\n#9 20.3              Got        3d4e5f\n", want: "AML920"},
	{rule: 28, text: "Step 5/6 : RUN pip install --require-hashes -r requirements.txt\nERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE. If you have updated the package versions, please update the hashes. Otherwise, examine the package contents carefully; someone may have tampered with them.\n    numpy==1.26.4 from https://files.pythonhosted.org/packages/numpy-1.26.4.tar.gz#sha256=2a02aba9:\n        Expected sha256 2a02aba9\n             Got        9f8e7d6c\n", want: "AML920"},

	// 29. An ACR host that does not resolve: AML902; another registry out of reach: AML903.
	{rule: 29, text: "$ docker login myacr.azurecr.io -u myacr -p ***\nError response from daemon: Get \"https://myacr.azurecr.io/v2/\": dial tcp: lookup myacr.azurecr.io: no such host\n", want: "AML902"},
	{rule: 29, text: "Run docker push ***.azurecr.io/app:latest\nThe push refers to repository [***.azurecr.io/app]\nGet \"https://***.azurecr.io/v2/\": dial tcp: lookup ***.azurecr.io on 127.0.0.53:53: no such host\n", want: "AML902"},
	{rule: 29, text: "$ docker pull mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest\nError response from daemon: Get \"https://mcr.microsoft.com/v2/\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)\n", want: "AML903"},
	{rule: 29, text: "Step 1/5 : FROM python:3.10\nGet \"https://registry-1.docker.io/v2/\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)\n", want: "AML903"},

	// 30. apt or yum that cannot reach its archive: AML905.
	{rule: 30, text: "#5 [2/6] RUN apt-get update && apt-get install -y git\n#5 0.5 Err:1 http://archive.ubuntu.com/ubuntu jammy InRelease\n#5 0.5   Temporary failure resolving 'archive.ubuntu.com'\n#5 0.6 W: Failed to fetch http://archive.ubuntu.com/ubuntu/dists/jammy/InRelease  Could not resolve 'archive.ubuntu.com'\n#5 0.6 E: Unable to locate package git\n", want: "AML905"},
	{rule: 30, text: "Step 2/6 : RUN apt-get update\nErr:1 https://deb.debian.org/debian bookworm InRelease\n  Failed to connect to deb.debian.org port 443: Connection refused\nW: Failed to fetch https://deb.debian.org/debian/dists/bookworm/InRelease  Failed to connect to deb.debian.org port 443: Connection refused\n", want: "AML905"},
	{rule: 30, text: "Step 3/5 : RUN yum install -y gcc\nCentOS Linux 8 - AppStream                       0.0  B/s |   0  B     00:30\nErrors during downloading metadata for repository 'appstream':\n  - Curl error (28): Timeout was reached for http://mirrorlist.centos.org/?release=8&arch=x86_64&repo=AppStream [Connection timed out after 30000 milliseconds]\nError: Failed to download metadata for repo 'appstream': Cannot prepare internal mirrorlist: Curl error (28): Timeout was reached for http://mirrorlist.centos.org/?release=8&arch=x86_64&repo=AppStream [Connection timed out after 30000 milliseconds]\n", want: "AML905"},
	{rule: 30, text: "#5 [2/4] RUN apt-get update\n#5 1.2 Err:1 http://deb.debian.org/debian trixie InRelease\n#5 1.2   Could not connect to deb.debian.org:80 (151.101.2.132), connection timed out\n#5 20.3 E: Failed to fetch http://deb.debian.org/debian/dists/trixie/InRelease  Could not connect to deb.debian.org:80 (151.101.2.132), connection timed out\n", want: "AML905"},

	// 31. PEP 668: AML920, not AML921 (which is failing to uninstall).
	{rule: 31, text: "#7 [3/5] RUN pip install numpy\n#7 0.812 error: externally-managed-environment\n#7 0.812 \n#7 0.812 × This environment is externally managed\n#7 0.812 ╰─> To install Python packages system-wide, try apt install\n#7 0.812     python3-xyz, where xyz is the package you are trying to\n#7 0.812     install.\n", want: "AML920"},
	{rule: 31, text: "#7 5.1 Installing collected packages: PyYAML\n#7 5.1   Attempting uninstall: PyYAML\n#7 5.1     Found existing installation: PyYAML 5.3.1\n#7 5.2 ERROR: Cannot uninstall 'PyYAML'. It is a distutils installed project and thus we cannot accurately determine which files belong to it which would lead to only a partial uninstall.\n", want: "AML921"},

	// 32. pip's resolver notice on a build that works: none.
	{rule: 32, text: "#8 45.2 Installing collected packages: urllib3, requests\n#8 47.9 ERROR: pip's dependency resolver does not currently take into account all the packages that are installed. This behaviour is the source of the following dependency conflicts.\n#8 47.9 botocore 1.29.0 requires urllib3<1.27,>=1.25.4, but you have urllib3 2.0.7 which is incompatible.\n#8 47.9 Successfully installed requests-2.31.0 urllib3-2.0.7\n#8 DONE 48.3s\n", want: "none"},
	{rule: 32, text: "#8 47.9 ERROR: pip's dependency resolver does not currently take into account all the packages that are installed. This behaviour is the source of the following dependency conflicts.\n#8 47.9 foo 1.0 requires bar<2, but you have bar 2.1 which is incompatible.\n#8 47.9 Successfully installed bar-2.1\n#8 DONE 48.3s\n#9 [5/5] RUN python -c 'import foo'\n#9 0.5 ModuleNotFoundError: No module named 'bar.compat'\n#9 ERROR: process \"/bin/sh -c python -c 'import foo'\" did not complete successfully: exit code: 1\n", want: "AML911"},

	// 33. A conda wait for time that is not a solve: AML999.
	{rule: 33, text: "$ conda create -n test python=3.10\nCollecting package metadata (current_repodata.json): done\nSolving environment: done\n\n## Package Plan ##\n\n  environment location: /home/runner/miniconda3/envs/test\n\nProceed ([y]/n)? \n\nNo output has been received in the last 10m0s, this potentially indicates a stalled build or something wrong with the build itself.\n", want: "AML999"},
	{rule: 33, text: "+ micromamba list -n base\nslurmstepd: error: *** JOB 99887 ON node007 CANCELLED AT 2024-03-05T12:00:00 DUE TO TIME LIMIT ***\n", want: "AML999"},
	{rule: 33, text: "Run conda install -c conda-forge mamba\nCollecting package metadata (current_repodata.json): done\nSolving environment: done\n\n## Package Plan ##\n\nProceed ([y]/n)? \nError: The action has timed out.\n", want: "AML999"},

	// 34. A login or push refused by a registry that is no ACR: AML999; the same on a pull: AML903.
	{rule: 34, text: "Run docker login -u myuser -p ***\nError response from daemon: Get \"https://registry-1.docker.io/v2/\": unauthorized: incorrect username or password\nError: Process completed with exit code 1.\n", want: "AML999"},
	{rule: 34, text: "$ docker push myuser/app:latest\nThe push refers to repository [docker.io/myuser/app]\n5f70bf18a086: Preparing\ndenied: requested access to the resource is denied\n", want: "AML999"},
	{rule: 34, text: "Step 1/6 : FROM myuser/private-base:1.0\npull access denied for myuser/private-base, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n", want: "AML903"},

	// 35. CondaFileIOError for a missing --file: AML904; PublicAccessNotPermitted on a download: AML915.
	{rule: 35, text: "Step 4/6 : RUN conda create -n app --file environment.yml\n ---> Running in 3c4d5e6f\n\nCondaFileIOError: 'environment.yml'. [Errno 2] No such file or directory: 'environment.yml'\n\nThe command '/bin/sh -c conda create -n app --file environment.yml' returned a non-zero code: 1\n", want: "AML904"},
	{rule: 35, text: "#8 [3/5] RUN wget -q https://mystore.blob.core.windows.net/models/model.bin -O /opt/model.bin\n#8 0.9 HTTP request sent, awaiting response... 409 Public access is not permitted on this storage account.\n#8 0.9 <?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>PublicAccessNotPermitted</Code><Message>Public access is not permitted on this storage account.</Message></Error>\n#8 ERROR: process \"/bin/sh -c wget -q https://mystore.blob.core.windows.net/models/model.bin -O /opt/model.bin\" did not complete successfully: exit code: 8\n", want: "AML915"},

	// 36. pip's 401 with no prompt: AML905, not AML912 nor AML914; with a prompt: AML914.
	{rule: 36, text: "#9 [4/5] RUN pip install --index-url https://pkgs.dev.azure.com/org/_packaging/feed/pypi/simple/ mylib\n#9 1.1 Looking in indexes: https://pkgs.dev.azure.com/org/_packaging/feed/pypi/simple/\n#9 1.6 WARNING: 401 Error, Credentials not correct for https://pkgs.dev.azure.com/org/_packaging/feed/pypi/simple/mylib/\n#9 1.7 ERROR: Could not find a version that satisfies the requirement mylib (from versions: none)\n#9 1.7 ERROR: No matching distribution found for mylib\n", want: "AML905"},
	{rule: 36, text: "#9 1.1 Looking in indexes: https://pkgs.dev.azure.com/org/_packaging/feed/pypi/simple/\n#9 1.6 User for pkgs.dev.azure.com: \n#9 1.6 ERROR: Exception:\n#9 1.6 EOFError: EOF when reading a line\n", want: "AML914"},
	{rule: 36, text: "When the image builds, pip install from our Azure Artifacts feed asks for a username and password and the build hangs there.\n", want: "AML914"},

	// 37. A missing Rust compiler: AML907.
	{rule: 37, text: "#8 40.2   Building wheel for tokenizers (pyproject.toml): started\n#8 41.0   running build_rust\n#8 41.0   error: can't find Rust compiler\n#8 41.0   \n#8 41.0   If you are using an outdated pip version, it is possible a prebuilt wheel is available for this package but pip is not able to install from it.\n#8 41.3   ERROR: Failed building wheel for tokenizers\n", want: "AML907"},
	{rule: 37, text: "pip install transformers fails in the Docker build: Can not find Rust compiler while building tokenizers.\n", want: "AML907"},

	// 38. Bash syntax run by sh: AML999, not a missing command.
	{rule: 38, text: "Step 5/7 : RUN if [[ -f /opt/env.sh ]]; then . /opt/env.sh; fi\n ---> Running in 4d5e6f7a\n/bin/sh: 1: [[: not found\n", want: "AML999"},
	{rule: 38, text: "+ eval \"$(micromamba shell hook -s bash)\"\n/.singularity.d/libs/post.sh: 12: eval: Syntax error: \"(\" unexpected\nFATAL:   While performing build: while running engine: exit status 2\n", want: "AML999"},

	// 39. A hang at Collecting package metadata: AML999, not AML908.
	{rule: 39, text: "It has been like this for three hours:\n```\n$ conda install -c conda-forge numpy\nCollecting package metadata (current_repodata.json): \\\n```\n", want: "AML999"},
	{rule: 39, text: "conda env create hangs indefinitely at Collecting package metadata, nothing else is printed.\n", want: "AML999"},
	{rule: 39, text: "It never finishes, I waited all night:\n```\n$ conda env create -f environment.yml\nCollecting package metadata (repodata.json): done\nSolving environment: ...working...\n```\n", want: "AML908"},

	// 40. mamba or micromamba not found: AML917; a micromamba that runs and fails: AML999.
	{rule: 40, text: "#7 [3/6] RUN curl -Ls https://micro.mamba.pm/api/micromamba/linux-64/latest | tar -xvj bin/micromamba\n#7 DONE 2.1s\n#8 [4/6] RUN micromamba install -y -n base -f env.yml\n#8 0.231 /bin/sh: 1: micromamba: not found\n#8 ERROR: process \"/bin/sh -c micromamba install -y -n base -f env.yml\" did not complete successfully: exit code: 127\n", want: "AML917"},
	{rule: 40, text: "Step 5/8 : RUN mamba env create -f environment.yml\n ---> Running in 5e6f7a8b\n/bin/bash: mamba: command not found\nThe command '/bin/bash -c mamba env create -f environment.yml' returned a non-zero code: 127\n", want: "AML917"},
	{rule: 40, text: "#9 [5/6] RUN micromamba run -n app python -c 'import numpy'\n#9 0.312 critical libmamba Expected environment not found at prefix: /opt/conda/envs/app\n#9 ERROR: process \"/bin/sh -c micromamba run -n app python -c 'import numpy'\" did not complete successfully: exit code: 1\n", want: "AML999"},
	{rule: 40, text: "Step 4/6 : RUN curl -Ls https://micro.mamba.pm/api/micromamba/linux-64/latest | tar -xvj bin/micromamba\n ---> Running in 1a2b3c4d\nStep 5/6 : RUN micromamba install -y -n base -f env.yml\n ---> Running in 2b3c4d5e\n/bin/sh: micromamba: not found\n", want: "AML917"},

	// 41. horovod (mpi4py) without its compiler: either; a compiler that fails: AML916.
	{rule: 41, text: "    running build_ext\n    building 'horovod.common.mpi_lib' extension\n    unable to execute 'x86_64-linux-gnu-gcc': No such file or directory\n    error: command 'x86_64-linux-gnu-gcc' failed with exit status 1\n    ----------------------------------------\nERROR: Command errored out with exit status 1: /usr/bin/python3 -u -c 'import sys, setuptools, tokenize; sys.argv[0] = '\"'\"'/tmp/pip-install-q1w2e3/horovod/setup.py'\"'\"'' install Check the logs for full command output.\n", want: "AML907|AML916"},
	{rule: 41, text: "    running build_ext\n    building 'mpi4py.MPI' extension\n    unable to execute 'x86_64-linux-gnu-gcc': No such file or directory\n    error: command 'x86_64-linux-gnu-gcc' failed with exit status 1\n    ----------------------------------------\n  ERROR: Failed building wheel for mpi4py\n", want: "AML907|AML913"},
	{rule: 41, text: "    running build_ext\n    building 'horovod.common.mpi_lib' extension\n    horovod/common/common.cc:12:10: fatal error: mpi.h: No such file or directory\n    compilation terminated.\n    error: command '/usr/bin/gcc' failed with exit status 1\n    ----------------------------------------\nERROR: Command errored out with exit status 1: /usr/bin/python3 -u -c 'import sys, setuptools, tokenize; sys.argv[0] = '\"'\"'/tmp/pip-install-q1w2e3/horovod/setup.py'\"'\"'' install Check the logs for full command output.\n", want: "AML916"},

	// 42. conda's HTTP 401 for a channel: AML905, not AML914.
	{rule: 42, text: "#8 3.3 CondaHTTPError: HTTP 401 UNAUTHORIZED for url <https://conda.anaconda.org/t/<TOKEN>/myorg/noarch/repodata.json>\n#8 3.3 Elapsed: 00:00.412\n#8 3.3 \n#8 3.3 The remote server has indicated you are using invalid credentials for this channel.\n#8 3.3 \n#8 3.3 If the remote site is anaconda.org or follows the Anaconda API, you\n#8 3.3 may need to log in with `anaconda login`\n", want: "AML905"},
	{rule: 42, text: "Step 3/5 : RUN conda install -c myorg mylib\nCollecting package metadata (current_repodata.json): failed\n\nCondaHTTPError: HTTP 401 UNAUTHORIZED for url <https://conda.anaconda.org/myorg/linux-64/current_repodata.json>\nElapsed: 00:00.513\n\nThe remote server has indicated you are using invalid credentials for this channel.\n", want: "AML905"},

	// 43. conda's terms of service refusal: AML999, not AML914 nor AML905; a 403 stays AML905.
	{rule: 43, text: "#6 [2/4] RUN conda create -y -n app python=3.11\n#6 1.9 \n#6 1.9 CondaToSNonInteractiveError: Terms of Service have not been accepted for the following channels. Please accept or remove them before proceeding:\n#6 1.9     • https://repo.anaconda.com/pkgs/main\n#6 1.9     • https://repo.anaconda.com/pkgs/r\n#6 1.9 \n#6 1.9 To accept these channels' Terms of Service, run the following commands:\n#6 1.9     conda tos accept --override-channels --channel https://repo.anaconda.com/pkgs/main\n", want: "AML999"},
	{rule: 43, text: "#6 [2/4] RUN conda create -y -n app python=3.11\n#6 2.4 CondaHTTPError: HTTP 403 FORBIDDEN for url <https://repo.anaconda.com/pkgs/main/linux-64/repodata.json>\n#6 2.4 Elapsed: 00:00.118\n", want: "AML905"},
}

// TestLabelRules scores each case the way TestRealLogs scores a real log
// (judge: first finding, ties of two, AML999 also right with no finding,
// none meaning nothing at error level).
func TestLabelRules(t *testing.T) {
	for i, tc := range labelRuleCases {
		t.Run(strconv.Itoa(tc.rule)+"/"+strconv.Itoa(i), func(t *testing.T) {
			res, err := diagnose.Analyze(strings.NewReader(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			l := realLog{ID: "rule" + strconv.Itoa(tc.rule), Want: strings.Split(tc.want, "|")}
			if _, pred, v, _ := judge(l, res); v != right {
				t.Errorf("rule %d: want %s, got %s (%s)\n%s", tc.rule, tc.want, pred, topFindings(res), tc.text)
			}
		})
	}
}

// TestLabelRulesCovered: every numbered rule of the README that quotes a
// message (a backquoted span) has a case in labelRuleCases.
func TestLabelRulesCovered(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(realLogsDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "### Rules and judgement calls")
	if start < 0 {
		t.Fatal("README has no rules section")
	}
	text = text[start:]
	if end := strings.Index(text, "\nInter-annotator check"); end >= 0 {
		text = text[:end]
	}
	covered := map[int]bool{}
	for _, tc := range labelRuleCases {
		covered[tc.rule] = true
	}
	head := regexp.MustCompile(`(?m)^(\d+)\. `)
	idx := head.FindAllStringSubmatchIndex(text, -1)
	if len(idx) < 40 {
		t.Fatalf("found %d rules, want the README's 40 and more", len(idx))
	}
	for k, m := range idx {
		n, _ := strconv.Atoi(text[m[2]:m[3]])
		end := len(text)
		if k+1 < len(idx) {
			end = idx[k+1][0]
		}
		if strings.Contains(text[m[0]:end], "`") && !covered[n] {
			t.Errorf("rule %d quotes a message but has no case", n)
		}
	}
}
