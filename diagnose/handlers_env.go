package diagnose

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/internal/imageref"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// Handlers for the environment the build runs in: registries, images, the
// network, credentials and storage, time and memory.

// --- registries and images -------------------------------------------------

var (
	netErrors = []string{
		"no such host", "i/o timeout", "connection refused", "TLS handshake timeout",
		"network is unreachable", "connection reset by peer", "deadline exceeded",
		"Client.Timeout exceeded", "is not allowed access", "dial tcp", "x509: ",
		"nable to resolve", "ould not resolve", "ould not be resolved", "private link", "unreachable",
		"Max retries exceeded", "Failed to establish a new connection", "NewConnectionError", "ConnectTimeout",
		"timed out", "failed to respond", "Could not connect", "could not connect",
	}
)

// acrHost returns the first Azure Container Registry host in text
// (NAME.azurecr.io, a sovereign cloud's, Azure Stack Hub's NAME.azsacr.REGION.FQDN).
func acrHost(text string) string {
	i, d := -1, ""
	for _, dom := range acrDomains {
		if k := strings.Index(text, dom); k > 0 && (i < 0 || k < i) {
			i, d = k, dom
		}
	}
	if i <= 0 {
		return ""
	}
	j := i
	for j > 0 && hostByte(text[j-1]) && text[j-1] != '.' {
		j--
	}
	if j == i {
		return ""
	}
	k := i + len(d)
	for k < len(text) && hostByte(text[k]) {
		k++
	}
	return strings.TrimRight(text[j:k], ".-")
}

func hostByte(c byte) bool {
	return c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func acrNetworkError(text string) bool {
	return acrText(text) && containsAny(text, netErrors)
}

// registryAccessRE: the workspace registry named as out of reach in words.
var registryAccessRE = re(`(?i)(?:unable to|cannot|can't|could not|couldn't|failed to|fails to|not able to) (?:access|reach|connect to|communicate with|resolve|log ?in to|authenticate (?:to|with)) (?:the |your |its |our |my |this |that )?(?:workspace(?:'s)? )?(?:acr|(?:azure )?container registry)`)

func acrLoginDenied(text string) bool {
	denied := strings.Contains(text, "unauthorized") || strings.Contains(text, "authentication required") ||
		strings.Contains(text, "401 Unauthorized") || strings.Contains(text, "Unable to get AAD authorization tokens") ||
		strings.Contains(text, "denied: requested access to the resource is denied")
	login := strings.Contains(text, "login") || strings.Contains(text, "Login") || strings.Contains(text, "push") ||
		strings.Contains(text, "AAD") || strings.Contains(text, "refresh token") ||
		// a request to the registry's root, /v2/, is the login check
		// (docker login, the compute's login before a pull); a pull asks
		// for /v2/REPO/manifests/TAG
		acrText(text) && registryRoot(text)
	return denied && login
}

// acrFirewallRefusal: ACR's firewall refusing a client ("denied: client
// with IP '1.2.3.4' is not allowed access. Refer https://aka.ms/acr/firewall
// to grant access."), not another server's "is not allowed access" (a CORS
// policy's "This origin is not allowed access.").
func acrFirewallRefusal(a *analyzer, text string) bool {
	if strings.Contains(text, "aka.ms/acr/firewall") {
		return true
	}
	return strings.Contains(text, "is not allowed access") &&
		(strings.Contains(text, "client with IP") || strings.Contains(text, "Client with IP") || acrText(text) || a.acrNamed)
}

func onACR(a *analyzer, ev Evidence, text string) {
	if h := acrHost(text); h != "" {
		a.acrHost = h
		a.noteACRHost(h, text)
	}
	switch {
	case noteACRPush(a, text):
	case acrTaskLoginFailed(a, ev, text):
	case acrRootFailure(text):
		a.add(ACRUnreachable, acrHost(text), ev) // the login check of the workspace registry failed
	case acrNetworkError(text):
		a.add(ACRUnreachable, acrHost(text), ev)
	case strings.Contains(text, "Microsoft.ContainerRegistry/registries") &&
		(strings.Contains(text, "could not be found") || strings.Contains(text, "not found") || strings.Contains(text, "NotFound") ||
			strings.Contains(text, "Unable to fetch workspace resources")):
		a.add(ACRUnreachable, a.acrHost, ev) // the workspace's registry is gone (or out of the service's reach)
	case acrToolError(text):
		// az acr login/check-health, or the service, could not use the registry
		a.add(ACRUnreachable, acrHost(text), ev)
	case !acrText(text) && (registryAccessRE.MatchString(text) || registryMissingRE.MatchString(text)):
		// the service or a poster: "unable to access the workspace's container registry"
		a.add(ACRUnreachable, a.acrHost, ev)
	case acrLoginDenied(text):
		// Logging in to (or pushing to) the registry was refused: the
		// workspace cannot use its registry; a pull of a base image that
		// is refused is a pull failure instead (AML903).
		a.add(ACRUnreachable, acrHost(text), ev)
	case acrFirewallRefusal(a, text):
		a.add(ACRUnreachable, a.acrHost, ev)
	}
}

var manifestURLRE = re(`https?://([^/"\s]+)/v2/(\S+?)/manifests/([^"\s:]+)`)

var pullSubjectREs = []guarded{
	g("pull access denied for", `pull access denied for ([^,\s]+)`),
	g("manifest for", `manifest for (\S+) not found`),
	g("failed to resolve source metadata for", `failed to resolve source metadata for (\S+?):? `),
	g("ailed to pull image", `(?i)failed to pull image "?([^"\s]+?)"?(?::? |$)`),
	g("error pulling image configuration", `error pulling image configuration.*?(\S+@sha256:[0-9a-f]+)`),
	g("Authentication failed for container registry", `Authentication failed for container registry ([^\s,.;]+(?:\.[^\s,.;]+)*)`),
	g("image \"", `[Pp]ulling image "([^"]+)"`),
	g("ocker image", `(?i)(?:failed|unable) to pull docker image:? "?([^"\s]+[:@/][^"\s]+?)"?(?:[.,;]?\s|[.,;]?$)`),
}

// imageNameRE: Azure ML's "Unable to pull docker image" names the image on
// a line of its own ("\timageName: myws.azurecr.io/azureml/azureml_abc").
var imageNameRE = re(`^\s*imageName: (\S+)`)

// pullWeak are pull triggers that other failures print too; a line with
// one of them is a pull failure only when it is about a registry request
// or an image (see registryRequest).
var pullWeak = []string{"unauthorized: ", "denied: requested access", "no such host", "failed to authorize", "failed to create LLB definition",
	"i/o timeout", "TLS handshake timeout", "Client.Timeout exceeded", "failed to fetch oauth token", "failed to fetch anonymous token",
	// containers/image (podman, skopeo) prints the registry's DENIED
	// message without its "denied: " code: "reading manifest latest in
	// quay.io/x: requested access to the resource is denied"
	"requested access to the resource is denied",
	// go-containerregistry (crane, Container Apps' image validation) prints
	// distribution's error code as it came: "GET https://X/oauth2/token?
	// scope=repository%3Aapp%3Apull&…: UNAUTHORIZED: authentication required"
	"UNAUTHORIZED: ",
	// distribution's registry client, UnexpectedHTTPStatusError ("received
	// unexpected HTTP status: 500 Internal Server Error"; "Received" in
	// older versions)
	"eceived unexpected HTTP status"}

// registryRequest: the line is about fetching an image from a registry.
func registryRequest(text string) bool {
	for _, s := range []string{"/v2/", "registry", "image", "resolve reference", "manifest", "load metadata", "docker.io", "pull ", "anonymous token", "oauth token", "scope=repository",
		// podman's and skopeo's pull: "initializing source docker://X: …"
		"initializing source docker://"} {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}

// llbPullFailure: BuildKit's "failed to create LLB definition: X" says
// that resolving a FROM image failed ("docker.io/library/pythn:3.9: not
// found", "pull access denied", "failed to authorize: ..."), or else that
// the Dockerfile is wrong (a parse error), which is not a pull failure.
func llbPullFailure(text string) bool {
	if strings.Contains(text, "parse") || strings.Contains(text, "cache key") || strings.Contains(text, "checksum") {
		return false
	}
	return containsAny(text, []string{": not found", "denied", "unauthorized", "no such host", "authorize", "manifest", "i/o timeout"})
}

// strongPull: the line also holds a pull trigger that needs no context.
func strongPull(text string) bool {
	return containsAny(text, []string{"not found in repository", "InvalidImageName", "nable to pull", "ailed to pull Docker image", "ailed to pull docker image", "could not be resolved for Container Registry", "pull access denied", "manifest unknown", "failed to resolve source metadata", "ImagePullBackOff", "ErrImagePull", "FailedPullingImage", "ailed to pull image", "Back-off pulling image", "failed to resolve reference", "ErrImageNeverPull"}) || containsAny(text, pullStrongExtra)
}

// tagNotFoundRE: the Docker daemon's v1 pull, "Tag 3.9-x not found in repository docker.io/library/python"
var tagNotFoundRE = re(`Tag (\S+) not found in repository (\S+)`)

var resolveRefRE = re(`failed to resolve reference "([^"]+)"`)

// llbNotFoundRE: "failed to create LLB definition: docker.io/library/pythn:3.9: not found"
var llbNotFoundRE = re(`LLB definition: (\S+?): not found`)

func onPull(a *analyzer, ev Evidence, text string) {
	ok, matched := pullMatch(text)
	if !ok || pullRetry(text) {
		return // "Error: image build failed", "failed to solve: process …": no pull
	}
	if acrNetworkError(text) {
		return // the workspace registry itself is unreachable (AML902)
	}
	if strings.Contains(text, "failed to push ") {
		return // a push, not a pull: AML902 for an ACR (onRegistryWords), else no documented problem
	}
	if acrLoginDenied(text) && acrText(text) || acrRootFailure(text) {
		return // logging in to the workspace registry was refused (AML902)
	}
	if registryRoot(text) && !acrText(text) && !a.pullSaid && !a.fromStep && !a.afterPullCommand() && otherRegistryLogin(a, text) {
		// Another registry refused a login (docker login to Docker Hub:
		// `Get "https://registry-1.docker.io/v2/": unauthorized: incorrect
		// username or password`) and no pull is in view: AML902 is the
		// workspace's ACR and AML903 needs an image pull (reallogs rule 34).
		return
	}
	if strings.Contains(text, "no space left on device") || strings.Contains(text, "No space left on device") {
		// the pull stopped because the disk is full ("failed to extract
		// layer …: no space left on device", Go's strerror of ENOSPC): no
		// registry or image problem (reallogs rule 25: a full disk is AML999)
		return
	}
	if a.otherPush > 0 && a.n-a.otherPush <= 200 && a.pullCmd < a.otherPush && !a.fromStep && strings.Contains(text, "failed to authorize") {
		// "helm push chart.tgz oci://ghcr.io/org" and then its token refused
		// ("Error: failed to authorize: failed to fetch anonymous token: …
		// 401 Unauthorized"): another registry refused a push, no pull
		// (reallogs rule 34)
		return
	}
	if acrPushRefused(a, text) || proseACRPushRefused(a, text) {
		a.add(ACRUnreachable, a.acrHost, ev) // pushing to the workspace registry was refused
		return
	}
	if a.afterACRLogin() && bareRefusal(text) {
		// "$ docker login myacr.azurecr.io …" and then "unauthorized:
		// Invalid clientid or client secret." on a line of its own
		a.add(ACRUnreachable, a.acrHost, ev)
		return
	}
	if containsAny(text, pullNeedsV2) && !strongPull(text) && !containsAny(text, pullWeak) &&
		(!registryAPIRequest(text) || isWarning(text)) {
		return // a TLS or time-out failure of some other request
	}
	weak := containsAny(text, pullWeak)
	if weak && !strongPull(text) {
		// in a FROM step, a registry's refusal is the base image's pull
		if !registryRequest(text) && !a.fromStep && !a.afterPullCommand() || isWarning(text) {
			return
		}
		if strings.Contains(text, "failed to create LLB definition") && !llbPullFailure(text) {
			return
		}
	}
	if strings.Contains(text, "failed to pull") && !strings.Contains(text, "image") && !strings.Contains(text, "manifest") {
		return
	}
	subject := ""
	if strings.Contains(text, "/manifests/") {
		// A registry request for an image manifest that failed (older
		// BuildKit: "failed to do request: Head https://HOST/v2/REPO/manifests/TAG").
		m := manifestURLRE.FindStringSubmatch(text)
		if m == nil && !strongPull(text) {
			return
		}
		// (with no URL, a path such as GCR's "Failed to fetch \"1\" from
		// request \"/v2/x/y/manifests/1\"" after moby's "manifest for X not
		// found: manifest unknown" leaves the verdict to the other words)
		failed := true
		if m != nil {
			host := m[1]
			if imageref.IsDockerHubHost(host) {
				host = "docker.io"
			}
			subject = host + "/" + m[2] + ":" + m[3]
			failed = strings.Contains(text, "failed") || strings.Contains(text, "error") || strings.Contains(text, "unexpected status") ||
				strings.Contains(text, "Error response") || strings.Contains(text, "unauthorized: ") || strings.Contains(text, "denied: ") ||
				// distribution's client with no credentials for the registry
				// (registry/client/auth: ErrNoBasicAuthCredentials; ECR
				// without a login: "Get https://X.dkr.ecr…/v2/R/manifests/T:
				// no basic auth credentials")
				strings.Contains(text, "no basic auth credentials") ||
				// the request itself failed ("Get https://mcr.microsoft.com/v2/R/manifests/T: net/http: TLS handshake timeout")
				containsAny(text, netErrors)
		}
		if !failed {
			// The registry's answer may be on the next line, where the
			// paste wrapped it: "Get https://X/v2/R/manifests/T" then
			// ": unauthorized: authentication required".
			followManifestAnswer(a, ev, subject)
			return
		}
	}
	if subject == "" {
		subject = firstSub(pullSubjectREs, text)
	}
	if subject == "" {
		subject = sub(resolveRefRE, text)
	}
	if m := tagNotFoundRE.FindStringSubmatch(text); subject == "" && m != nil {
		subject = m[2] + ":" + m[1]
	}
	if subject == "" {
		subject = sub(llbNotFoundRE, text)
	}
	if subject == "" {
		subject = matched
	}
	if subject == "" {
		subject = sub(loadMetadataRE, text)
	}
	if subject == "" && strings.Contains(text, "nable to pull docker image") {
		f := a.add(PullFailed, "", ev)
		a.startFollow(func(_ *analyzer, _ Evidence, text string) bool {
			if m := sub(imageNameRE, text); m != "" {
				f.addSubject(m)
				return false
			}
			return true
		}, 3)
		return
	}
	if subject == "" && a.afterPullCommand() {
		subject = a.pullImage
	}
	if subject == "" {
		subject = a.fromImage
	}
	a.add(PullFailed, subject, ev)
}

// otherRegistryLogin: a refusal on a registry's root that is a login's,
// not a pull's: any refusal once the post has spoken of pushing or logging
// in, and Docker Hub's "incorrect username or password" on the root
// anyway, which only docker login's check of the credentials gets (moby
// registry/auth.go loginV2 asks GET /v2/ with them; a pull asks for its
// token, `Get "https://auth.docker.io/token?…": unauthorized: incorrect
// username or password`, and then the manifest). Not when the line itself
// speaks of a pull (an Azure ML job's "Run docker command to pull … failed
// with error: …").
func otherRegistryLogin(a *analyzer, text string) bool {
	if strings.Contains(text, "pull") || strings.Contains(text, "Pull") {
		return false
	}
	if strings.Contains(text, "incorrect username or password") {
		return true
	}
	return a.pushSaid && containsAny(text, []string{"unauthorized", "denied", "authentication required"})
}

// --- network ------------------------------------------------------------------

var commsSubjectREs = []guarded{
	g("unable to connect to", `unable to connect to ([^\s:]+)`),
	g("while getting", `while getting (https?://[^\s'">]+)`),
	g("host='", `host='([^']+)'`),
	g("for url <", `for url <(https?://[^>]+)>`),
	g("[http", `\[(https?://[^\]\s]+)\]`),
	g("for url (", `for url \((https?://[^)\s]+)\)`),
	g("Could not resolve host", `Could not resolve host:? '?([^'\s]+)`),
	g("Could not resolve '", `Could not resolve '([^']+)'`),
	g("connect to ", `(?:Could not|Unable to) connect to ([A-Za-z0-9.-]+):`),
	g("connection to ", `Cannot initiate the connection to ([A-Za-z0-9.-]+):`),
	g("http", `(https?://[^\s'">]+)`),
}

func onComms(a *analyzer, ev Evidence, text string) {
	if changeEntry(text) || htmlProse(text) {
		return // a changelog's entry naming a network error ("- #2211 \"Network is unreachable\" error returned when …"), a manual's HTML
	}
	if strings.Contains(text, "Retrying (Retry(") || strings.HasSuffix(text, "- skipping") ||
		strings.Contains(text, "Could not fetch URL") || strings.Contains(text, "Retrying ") {
		a.retries++
		a.retryEv = ev
		return
	}
	if isWarning(text) || blobDenied(text) || acrText(text) {
		return
	}
	if strings.Contains(text, "Failed to connect to ") && !strings.Contains(text, " port ") &&
		!strings.Contains(text, "Max retries") && !strings.Contains(text, "Could not resolve") {
		return // curl's wording names the port; other "failed to connect" lines are not the network
	}
	if (strings.Contains(text, "Could not connect to ") || strings.Contains(text, "Unable to connect to ")) &&
		!strings.Contains(text, "Max retries") && !aptConnectRE.MatchString(text) {
		return // apt names host and port ("archive.ubuntu.com:80 (…)"); "Unable to connect to the server" is not an archive
	}
	if fileDownload(a, text) {
		return // curl or wget fetching a file, not a package manager talking to its repository
	}
	if onlyNamed(text) || urllib3Words(text) && appConnection(a, text) {
		return
	}
	subject := firstSub(commsSubjectREs, text)
	a.add(CommunicationsError, redact.URL(trimURLPunct(subject), redact.DropQuery), ev)
}

// urllib3Words: a line in the words of Python's HTTP stack (urllib3's
// pools, its NewConnectionError and MaxRetryError, requests' ProtocolError
// tuple, urllib's URLError, the socket module's gaierror), which any Python
// program prints, not only pip.
func urllib3Words(text string) bool {
	return containsAny(text, []string{"ConnectionPool(", "NewConnectionError", "'Connection aborted.'", "\"Connection aborted.\"",
		"Max retries exceeded", "<urlopen error", "socket.gaierror"})
}

// onlyNamed reports whether a line's only network words name the error
// instead of raising it: Python's socket.timeout as a class in prose
// ("Handle socket.timeout's that occur during send", "### `socket.timeout`")
// rather than raised ("socket.timeout: timed out"); git's "unable to
// connect to" a local daemon ("credentials: unable to connect to cache
// daemon") or to "a server" in words, not to a host.
func onlyNamed(text string) bool {
	if strings.Contains(text, "socket.timeout") && !strings.Contains(text, "rror") && !strings.Contains(text, "timed out") &&
		!containsAny(text, []string{"socket.timeout:", "socket.timeout(", "socket.timeout)", "socket.timeout'>"}) {
		return true
	}
	if _, rest, ok := strings.Cut(text, "nable to connect to "); ok && !strings.Contains(text, "Max retries") && !strings.Contains(text, "rror") {
		host, _, _ := strings.Cut(rest, " ")
		return !strings.ContainsAny(host, ".:") && host != "localhost"
	}
	return false
}

// packageTools are the commands that talk to a package repository: the
// guide's communications error is a failed talk with "a conda channel or
// package repository" (apt's archive is one: testdata/reallogs rule 30).
var packageTools = []string{"pip", "conda", "mamba", "apt", "apk", "yum", "dnf", "zypper", "gem ", "npm", "yarn", "poetry", "uv ", "pipenv",
	"install.packages", "cpan", "cargo", "go get", "go mod", "setup.py", "easy_install", "tlmgr", "choco", "brew"}

// downloadTools fetch files rather than packages.
var downloadTools = []string{"curl ", "wget ", "git clone", "git fetch", "git submodule", "Invoke-WebRequest"}

// fileDownload reports whether a network failure is curl's or wget's own
// ("curl: (6) Could not resolve host: get.docker.com", wget's "Resolving
// X... failed: Temporary failure in name resolution", "wget: unable to
// resolve host address"), or happens in a build step that downloads with
// curl, wget or git and runs no package manager: a file that could not be
// fetched, which the guide does not cover (AML999, like wget's exit codes:
// testdata/reallogs rule 9). A step that runs a script may run pip inside
// it, so only a step whose own command downloads counts.
func fileDownload(a *analyzer, text string) bool {
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "curl: (") || strings.HasPrefix(t, "wget: ") ||
		(strings.HasPrefix(t, "Resolving ") || strings.HasPrefix(t, "Connecting to ")) && strings.Contains(t, "... failed: ") {
		return true
	}
	return containsAny(a.stepCmd, downloadTools) && !containsAny(a.stepCmd, packageTools)
}

// aptConnectRE: apt's methods failing to reach an archive (apt
// methods/connect.cc): "Could not connect to archive.ubuntu.com:80
// (91.189.88.152), connection timed out", "Unable to connect to
// archive.ubuntu.com:http:".
var aptConnectRE = re(`(?:Could not connect to [A-Za-z0-9.-]+:\d+ \(|Unable to connect to [A-Za-z0-9.-]+:(?:https?|\d+):)`)

// trimURLPunct drops the punctuation a message puts after a URL.
func trimURLPunct(s string) string {
	return strings.TrimRight(s, ".,;:)")
}

// --- credentials and storage -----------------------------------------------------

var (
	// pip network/auth.py: ask_input(f"User for {netloc}: "); quoted in a
	// post without its colon ("It asks for `User for pkgs.dev.azure.com`"),
	// the host then has a dot.
	userForRE   = re("User for ([A-Za-z0-9_][A-Za-z0-9._-]*(?::\\d+)?):|User for ([A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)+(?::\\d+)?)[`'\"]")
	gitUserRE   = re(`could not read (?:Username|Password) for '([^']+)'`)
	gitPromptRE = re(`(?:Username|Password) for '([^']+)'`)
	credURLRE   = re(`(https://\S+/_packaging/\S+)`)
	// ssh's prompt: "git@github.com's password: "
	sshPasswordRE = re(`(?:^|\s)[A-Za-z0-9._-]+@([A-Za-z0-9.-]+)'s password:`)
	hgAuthRE      = re(`http authorization required for (\S+)`)
)

func onAuth(a *analyzer, ev Evidence, text string) {
	if a.deviceLogin > 0 && containsAny(text, loginDone) {
		a.deviceLoginOK = true
		return
	}
	device := deviceCodeText(text)
	if device {
		a.deviceLogin = a.n
	}
	switch {
	case strings.Contains(text, "[CredentialProvider]") && !device && !strings.Contains(text, "User interaction required") &&
		!strings.Contains(text, "User was presented with device flow"):
		if u := sub(credURLRE, text); u != "" {
			a.credURL = u
		}
		return
	case strings.Contains(text, "_prompt_for_password"), strings.Contains(text, "input(\"User for "),
		strings.Contains(text, "pip") && (strings.Contains(text, "in ask_input") || strings.Contains(text, "in ask_password")):
		// pip's prompt for a username or password in its traceback
		// (pip 1.5-18 download.py: six.moves.input("User for %s: " % …);
		// pip 19-26 network/auth.py: _prompt_for_password, utils/misc.py: ask_input)
		a.authLine = a.n
		a.infer(InteractiveAuth, "", ev).explain("pip's traceback runs through its prompt for credentials: the index asked for a login the build cannot give")
	case strings.Contains(text, "User for "):
		h := sub(userForRE, text)
		if h == "" {
			return
		}
		a.authLine = a.n
		a.add(InteractiveAuth, h, ev)
	case strings.Contains(text, "in handle_401"):
		a.authLine = a.n // pip got a 401 and may prompt next
	case strings.Contains(text, "No input was expected ($PIP_NO_INPUT"):
		// utils/misc.py _check_no_input: "No input was expected ($PIP_NO_INPUT
		// set); question: Password: " (the "User for" question is above)
		if strings.Contains(text, "assword") {
			a.add(InteractiveAuth, "", ev)
		}
	case strings.Contains(text, "Can not control echo on the terminal"), strings.Contains(text, "Password input may be echoed"):
		// getpass with no terminal (GetPassWarning, fallback_getpass): a
		// password prompt on the build's stdin
		a.authLine = a.n
		a.infer(InteractiveAuth, "", ev).explain("a password was asked for with no terminal to type it on (Python's getpass)")
	case strings.Contains(text, "Cannot prompt because user interactivity has been disabled"),
		strings.Contains(text, "unable to get password from user"),
		strings.Contains(text, "interactive prompting is disabled"):
		// Git Credential Manager, git's credential.interactive=false, svn
		// --non-interactive: credentials were needed and could not be asked for
		a.authLine = a.n
		a.add(InteractiveAuth, "", ev)
	case strings.Contains(text, "cancel basic credential prompt"):
		// Git Credential Manager for Windows (Program.cs) failing over to
		// git's own prompt: "Logon failed, use ctrl+c to cancel basic
		// credential prompt."
		a.authLine = a.n
		a.add(InteractiveAuth, "", ev)
	case strings.Contains(text, "Enter passphrase for key '"):
		// ssh (for a git+ssh requirement) asking for its key's passphrase
		a.authLine = a.n
		a.add(InteractiveAuth, "", ev)
	case strings.Contains(text, "'s password:"):
		// ssh's password prompt: "git@host.example's password:"
		if h := sub(sshPasswordRE, text); h != "" {
			a.authLine = a.n
			a.add(InteractiveAuth, h, ev)
		}
	case strings.Contains(text, "http authorization required for"):
		// Mercurial (an hg+https requirement) with no terminal to prompt on
		if strings.Contains(text, "abort: ") {
			a.add(InteractiveAuth, redact.URL(sub(hgAuthRE, text), redact.DropQuery), ev)
		}
	case strings.Contains(text, "EOF when reading a line"):
		if a.authLine > 0 && a.n-a.authLine <= 60 {
			a.add(InteractiveAuth, "", ev)
		}
	case strings.Contains(text, "Username for '") || strings.Contains(text, "Password for '"):
		// git's own prompt, printed into a build that cannot answer it.
		a.authLine = a.n
		a.add(InteractiveAuth, redact.URL(sub(gitPromptRE, text), redact.DropQuery), ev)
	case strings.Contains(text, "could not read "), strings.Contains(text, "terminal prompts disabled"):
		a.add(InteractiveAuth, redact.URL(sub(gitUserRE, text), redact.DropQuery), ev)
	case device, strings.Contains(text, "User interaction required"),
		strings.Contains(text, "User was presented with device flow"):
		// a device-code login (Azure AD's "To sign in, use a web browser to
		// open the page … and enter the code … to authenticate.", for any
		// page: microsoft.com/devicelogin, login.microsoft.com/device), and
		// the Azure Artifacts Credential Provider's "ATTENTION: User
		// interaction required." and DeviceFlowTimedOut ("Device flow
		// authentication failed. User was presented with device flow, but
		// didn't react within 90 seconds.")
		a.add(InteractiveAuth, redact.URL(a.credURL, redact.DropQuery), ev)
	}
}

// deviceCodeRE: Azure AD's device-code prompt in full, with the page and
// the code filled in (a sentence that only names the prompt has neither).
var deviceCodeRE = re(`use a web browser to open the page https?://\S+ and enter the code \S+`)

// deviceCodeText: Azure AD's device-code prompt, by its page's name or its
// words (the page it names has changed), or the Azure CLI's interactive
// browser login waiting for its answer ("A web browser has been opened at
// https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize.
// Please continue the login in the web browser.").
func deviceCodeText(text string) bool {
	return strings.Contains(text, "devicelogin") ||
		strings.Contains(text, "use a web browser to open the page") && deviceCodeRE.MatchString(text) ||
		strings.Contains(text, "Please continue the login in the web browser") && strings.Contains(text, "web browser has been opened at ")
}

var (
	// a blob's URL, on the Blob endpoint or ADLS Gen2's (dfs) endpoint of
	// the same storage account, in the public cloud or a national one
	// (storageSuffixes)
	blobURLRE   = re(`(https?://[A-Za-z0-9-]+\.(?:blob|dfs)\.core\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net|cloudapi\.de)/[^\s'">]*)`)
	blobDeniers = []string{"Forbidden", "FORBIDDEN", "AuthenticationFailed", "AuthorizationPermissionMismatch",
		"not authorized", "PublicAccessNotPermitted", "AuthorizationFailure", "Server failed to authenticate"}
	storageTexts = []string{"Server failed to authenticate the request", "This request is not authorized to perform this operation",
		"AuthorizationPermissionMismatch", "Signature not valid in the specified time frame", "Signed expiry time",
		"Signature did not match", "KeyBasedAuthenticationNotPermitted", "PublicAccessNotPermitted", "Public access is not permitted",
		"AuthorizationFailure"}
)

// loginDone: a device-code login that was answered: azcopy login's "Login
// succeeded.", az login's account list (its "cloudName" field), docker's
// "Login Succeeded", azureml-core's "Interactive authentication successfully
// completed." (authentication.py, after its interactive login).
var loginDone = []string{"Login succeeded", "Login Succeeded", "\"cloudName\": ", "Interactive authentication successfully completed"}

// dropAnsweredDeviceLogin: a device-code prompt ("To sign in, use a web
// browser to open the page https://microsoft.com/devicelogin …") that the
// log then shows answered (azcopy login, az login at a terminal) was no
// build waiting for a prompt: it is no interactive auth when that prompt
// is all the finding rests on.
func (a *analyzer) dropAnsweredDeviceLogin() {
	f := a.byID[InteractiveAuth]
	if f == nil || !a.deviceLoginOK {
		return
	}
	for _, ev := range f.Evidence {
		if !deviceCodeText(ev.Text) {
			return
		}
	}
	delete(a.byID, InteractiveAuth)
}

// blobDenied: a line naming a storage URL and, outside the URL itself, a
// refusal. The URL is left out of the check, and a 403 must be a number of
// its own: a blob's name, a SAS signature or the local file it is saved to
// may hold the digits ("resnet50-19c8e403.pth", downloaded fine).
func blobDenied(text string) bool {
	if !storageHost(text) {
		return false
	}
	rest := text
	for range 4 {
		loc := blobURLRE.FindStringIndex(rest)
		if loc == nil {
			break
		}
		rest = rest[:loc[0]] + " " + rest[loc[1]:]
	}
	return status403(rest) || containsAny(rest, blobDeniers)
}

// status403 reports whether text holds 403 as a number of its own ("ERROR
// 403: Forbidden", "(403)", "status=403"), not as digits of a name or a hash.
func status403(text string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], "403")
		if j < 0 {
			return false
		}
		at := i + j
		end := at + 3
		if (at == 0 || !nameByte(text[at-1]) && text[at-1] != '.') &&
			(end == len(text) || !nameByte(text[end]) && (text[end] != '.' || end+1 == len(text) || !nameByte(text[end+1]))) {
			return true
		}
		i = end
	}
}

// nameByte: a byte that joins digits into a name, a hash or a path.
func nameByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_' || c == '/'
}

// storageAuthFailed: Azure Storage's AuthenticationFailed code in the
// forms the storage clients print it: the REST body ("<Code>AuthenticationFailed</Code>"),
// the Python v12 clients' "ErrorCode:AuthenticationFailed", azblob-go and
// azcopy's "ServiceCode=AuthenticationFailed", Hadoop ABFS's
// "ErrorCode=AuthenticationFailed", a header dump's x-ms-error-code and
// the data runtime's "with '403: AuthenticationFailed'". The bare word is
// no storage's: MongoDB's codeName ("'codeName': 'AuthenticationFailed'",
// pymongo's OperationFailure) and Azure Resource Manager's 401 ("(AuthenticationFailed)
// Authentication failed. The 'Authorization' header is missing.") say it too.
func storageAuthFailed(text string) bool {
	return strings.Contains(text, "AuthenticationFailed") &&
		containsAny(text, []string{"<Code>AuthenticationFailed", "ErrorCode:AuthenticationFailed", "ServiceCode=AuthenticationFailed",
			"ErrorCode=AuthenticationFailed", "x-ms-error-code: AuthenticationFailed", "403: AuthenticationFailed"})
}

func httpDenied(text string) bool {
	return strings.Contains(text, "403 Forbidden") || strings.Contains(text, "ERROR 403") || strings.Contains(text, "HTTP Error 403") ||
		strings.Contains(text, "403 Server failed") || strings.Contains(text, "HTTP error 403") || strings.Contains(text, "403 This request") ||
		strings.Contains(text, "returned error: 403") || // curl -f
		// .NET's WebException ("The remote server returned an error: (403)
		// Forbidden.", PowerShell's Invoke-WebRequest and WebClient), axios
		// and Go clients ("Request failed with status code 403"), Java's
		// HttpURLConnection ("Server returned HTTP response code: 403 for URL")
		strings.Contains(text, "(403) Forbidden") || strings.Contains(text, "status code 403") ||
		strings.Contains(text, "response code: 403")
}

func onBlob(a *analyzer, ev Evidence, text string) {
	if a.serviceLogLine > 0 && a.steps == 0 && (strings.Contains(text, "40") || strings.Contains(text, "Public access") ||
		strings.Contains(text, "BlobNotFound") || strings.Contains(text, "AuthorizationFailure") || blobDenied(text)) {
		// The service gave the build log's URL and fetching it failed:
		// the log is what is unavailable, not a blob the build needed.
		logUnavailable(a, ev, "the build log could not be fetched from the workspace storage: open it from the studio (Outputs + logs) or with the workspace's credentials")
		return
	}
	if h := sub(blobURLRE, text); h != "" {
		a.blobURL, a.blobEv = h, ev
		if buildLogURL(h) && a.steps == 0 {
			// The image build's own log (an ACR task's rawtext.log,
			// ImageLogs/…/build.log): what follows is about fetching it.
			a.serviceLogLine = a.n
			if blobDenied(text) || containsAny(text, blobMissing) {
				logUnavailable(a, ev, "the build log could not be fetched from the workspace storage: open it from the studio (Outputs + logs) or with the workspace's credentials")
			}
			return
		}
	}
	denied := blobDenied(text)
	if !denied && a.blobEv.Line > 0 && a.n-a.blobEv.Line <= 12 && a.blobEv.Line != a.n && httpDenied(text) {
		// wget/curl print the URL, then the status a few lines below
		// ("HTTP request sent, awaiting response... 403 Forbidden"); a
		// script prints it, then Python's traceback ends in urllib's
		// "HTTPError: HTTP Error 403: Forbidden".
		f := a.add(ForbiddenBlob, redact.URL(a.blobURL, redact.DropQuery), ev)
		f.addEvidence(a.blobEv)
		return
	}
	if !denied {
		denied = containsAny(text, storageTexts) || containsAny(text, storageCodes) || containsAny(text, sasExpired) || storageAuthFailed(text)
	}
	if !denied && containsAny(text, storageMountFailed) {
		// blobfuse could not authenticate to the container: inferred at the
		// end, unless the post shows a key that is not valid base64
		// (inferMountRefused)
		if a.mountFailEv.Line == 0 {
			a.mountFailEv = ev
		}
		return
	}
	if !denied && strings.Contains(text, storageRolesNeeded) {
		followStorageRoles(a, ev)
		return
	}
	if !denied && storageException403(text) {
		denied = true
	}
	if !denied && containsAny(text, sasNamed) {
		followSAS(a, ev, text)
		return
	}
	if denied {
		a.add(ForbiddenBlob, redact.URL(sub(blobURLRE, text), redact.DropQuery), ev)
	}
}

// --- time and memory ------------------------------------------------------------

// networkTimeouts are timeouts of one connection or read: a network
// problem (AML905), not a build that ran out of time.
var networkTimeouts = []string{
	"Read timed out", "ReadTimeout", "ConnectTimeout", "Retrying", "Connection timed out", "Operation timed out",
	"socket.timeout", "read operation timed out", "TimeoutError", "HTTPSConnectionPool", "HTTPConnectionPool",
	"azurecr.io", "i/o timeout", "TLS handshake timeout", "Client.Timeout", "dial tcp", "Curl error",
}

// afterSolve: conda's and mamba's stages after the solve has ended.
var afterSolve = []string{"Downloading and Extracting Packages", "Preparing transaction", "Verifying transaction",
	"Executing transaction", "Installing pip dependencies", "Transaction starting"}

// metadataRunning: conda's "Collecting package metadata (…): …" with no
// result yet (the solve has not started).
func metadataRunning(text string) bool {
	if !strings.Contains(text, "Collecting package metadata") {
		return false
	}
	t := strings.TrimRight(text, " .|/-\\")
	return !strings.HasSuffix(t, "done") && !strings.HasSuffix(t, "failed")
}

// outsideSolve reports whether conda's own progress, the last it printed,
// shows it doing something else than solving: waiting at its plan's
// "Proceed ([y]/n)?" (no -y; reallogs rule 33), still collecting the
// channels' metadata (rule 39), or past the solve (downloading, linking,
// pip; rule 33). A stop for time there is not a slow solve.
func (a *analyzer) outsideSolve() bool {
	if !a.condaActive || a.solving.Line > 0 {
		return false
	}
	t := a.condaEv.Text
	return strings.Contains(t, "Proceed ([y]/n)") || metadataRunning(t) || containsAny(t, afterSolve)
}

func onTimeout(a *analyzer, ev Evidence, text string) {
	if _, _, step := parseStep(strings.TrimSpace(text)); !a.condaActive || step || strings.Contains(text, "RUN ") || isWarning(text) || changeEntry(text) {
		return // a changelog's entry names a timeout, it does not stop this build
	}
	for _, n := range networkTimeouts {
		if strings.Contains(text, n) {
			return
		}
	}
	if a.outsideSolve() {
		return
	}
	solving := a.solving
	f := a.infer(CondaTimeout, "", a.condaEv)
	f.addEvidence(solving)
	f.addEvidence(ev)
	f.explain("the build was stopped for time while conda was still working: this verdict rests on where the log stops")
}

var (
	// killedRE: the shell's "Killed", the compiler driver's "internal
	// compiler error: Killed (program cc1plus)", collect2's "ld terminated
	// with signal 9 [Killed]"
	killedRE = re(`(?:^|[\s:\[])Killed(?:\s*$|\s*\]|\s{2,}| process\b| signal\b| \(program)`)
	// quotedKilledRE: a poster quoting the shell's word ("fails with the
	// last line saying `killed`")
	quotedKilledRE = re("(?:^|[\\s(])[`'\"][Kk]illed[`'\"]")
	// memRE: what programs print when memory runs out (Python's
	// MemoryError, C++'s std::bad_alloc, strerror(ENOMEM), the kernel's
	// "Out of memory: Killed process", kubelet's OOMKilled and eviction
	// message, the JVM's "insufficient memory", Node's "spawn ENOMEM" and
	// libuv's "ENOMEM: not enough memory", not the bare errno name that
	// changelogs and manuals list: "ERRORS: Add ENOMEM."), and posters'
	// words for it.
	memRE = re(`(?:^|[\s:])MemoryError\b|std::bad_alloc|[Cc]annot allocate memory|\bOutOfMemoryError|paging file is too small|[Oo]ut of (?:(?:available|free|physical|virtual|system|host|device|shared|swap|working|main|heap|the|its|their|GPU|gpu|CUDA|cuda|video) ){0,2}(?:memory|RAM)\b|(?:[Nn]ot enough|[Ii]nsufficient) (?:[a-z]+ )?memory|OOMKilled|(?:\bspawn|\bcode|\berrno|Error)[: ]+'?ENOMEM\b|\bENOMEM: |low on resource: memory|exceeded (?:the |its |their |a )?(?:[a-z]+ ){0,2}memory|memory (?:limit )?(?:was )?exceeded|virtual memory exhausted|final link failed: [Mm]emory exhausted`)
	// oomWordsRE: "OOM" as a failure ("OOM error", "got OOM-killed", "due
	// to OOM"), not as a name (docker's "Disable OOM Killer", "OOM events",
	// "oom_score", "the OOM status").
	oomWordsRE = re(`\bOOM(?:[- ]?[Kk]illed|'d| errors?\b| exception| issues?\b| problems?\b| crash)|\b(?:got|get|gets|getting|hit|hits|hitting|ran|runs|running|goes|went|due to|because of|caused by|with an?|an|throws?|threw|thrown|throwing|gives?|gave|giving|causes?|causing|results? in|resulted in|leads? to|led to|fail(?:s|ed)? with) OOM\b`)
	// memNoun: "out of memory" naming a setting or an event kind in
	// documentation ("The out of memory (OOM) score applied to the daemon"),
	// or the code paths that deal with it in changelogs ("out of memory
	// handling fixes", "an OOM condition", "fix out of memory error handling").
	memNounRE = re(`(?:[Oo]ut of memory|OOM) (?:\(OOM\) )?(?:score|scores|settings?|adjust\w*|priority|preferences?|events?|killer settings|conditions?|situations?|(?:errors? )?handling|checks?|cases?|paths?)\b`)
	// code137RE: exit code 137 in words, as people write it about a build
	// ("error 137", "exit code 137", "exited with 137").
	code137RE = re(`(?i)(?:exit(?:ed)?|error|code|status)(?: with| code)?[ :=-]+137\b`)
	urlRE     = re(`[a-z][a-z0-9+.-]*://\S+`)
)

func memWords(text string) bool {
	return strings.Contains(text, "emory") || strings.Contains(text, "paging file") || strings.Contains(text, "bad_alloc") || strings.Contains(text, "OOM") ||
		strings.Contains(text, "RAM") || strings.Contains(text, "ENOMEM")
}

// memFailure reports whether text says that memory ran out: a program's
// message or a poster's words, not memory named as a setting.
func memFailure(text string) bool {
	if !memWords(text) {
		return false
	}
	if strings.Contains(text, "OOMKilled") && (strings.Contains(text, `OOMKilled": false`) || strings.Contains(text, "OOMKilled=false")) {
		return false // docker inspect's State: a container that was not killed
	}
	if loc := memRE.FindStringIndex(text); loc != nil {
		return (!strings.Contains(text, "ut of memory") || !memNounRE.MatchString(text)) && !negatedBefore(text, loc[0]) &&
			!supposedClause(text, loc[0]) && !containsAny(sentenceHead(text, loc[0]), memHandledWords) && !inCodeString(text, loc[0])
	}
	if !strings.Contains(text, "OOM") {
		return false
	}
	loc := oomWordsRE.FindStringIndex(text)
	return loc != nil && !memNounRE.MatchString(text) && !negatedBefore(text, loc[0])
}

// negators: words that deny or suppose what follows ("this is not an out
// of memory issue", "it doesn't seem to be OOM", "if it runs out of
// memory", "no OOM error").
var denials = []string{"not ", "n't ", "no ", "No ", "never ", "without ", "rule out ", "ruled out "}

// sentenceHead is the text before position i, back to the start of its
// sentence and at most 40 bytes.
func sentenceHead(text string, i int) string { return sentenceBefore(text, i, 40) }

// sentenceBefore is the text before position i, back to the start of its
// sentence (after the last '.', ';', '!' or '?') and at most n bytes.
func sentenceBefore(text string, i, n int) string {
	head := text[max(0, i-n):i]
	if k := strings.LastIndexAny(head, ".;!?"); k >= 0 {
		head = head[k+1:]
	}
	return head
}

// deniedBefore reports whether a denial stands in the few words before
// position i of text, within its sentence ("this is not an out of memory
// issue", "it does not hang at solving environment").
func deniedBefore(text string, i int) bool {
	head := " " + sentenceHead(text, i)
	for _, n := range denials {
		if strings.Contains(head, " "+n) || strings.HasPrefix(n, "n't") && strings.Contains(head, n) {
			return true
		}
	}
	return false
}

// supposedBefore reports whether what stands at position i is supposed
// rather than reported: "if" or "unless" right before it ("NULL is
// returned if out of memory", "fall back to pure Python if compilation
// fails"); "if I build it with 4 GB, it runs out of memory" still reports.
func supposedBefore(text string, i int) bool {
	t := " " + strings.TrimRight(sentenceHead(text, i), " ")
	return strings.HasSuffix(t, " if") || strings.HasSuffix(t, " If") || strings.HasSuffix(t, " unless")
}

// memHandledWords: code that deals with memory running out, told in a
// changelog ("Handle out of memory sanely", "More checks for out of
// memory", "Improved reaction to out of memory", "in the presence of "out
// of memory"", "Avoid out of memory failures with Visual Studio 2017").
var memHandledWords = []string{"Handle ", "handle ", "checks for ", "check for ", "reaction to ", "presence of ", "in case of ", "Avoid ", "avoid "}

// supposedClause reports whether what stands at position i of text is the
// end of a clause that "if" or "unless" opens, a few words before it ("If
// the parser runs out of memory", "Exit if we run out of memory"); "if I
// build it with 4 GB, it runs out of memory" still reports.
func supposedClause(text string, i int) bool {
	head := sentenceHead(text, i)
	if k := strings.LastIndexAny(head, ",:\""); k >= 0 {
		head = head[k+1:]
	}
	words := strings.Fields(head)
	for j := len(words) - 1; j >= 0 && j >= len(words)-4; j-- {
		if w := words[j]; w == "if" || w == "If" || w == "unless" {
			return true
		}
	}
	return false
}

// negatedBefore: denied or supposed.
func negatedBefore(text string, i int) bool { return deniedBefore(text, i) || supposedBefore(text, i) }

// withoutURLs drops the URLs from text: "…/docker-error-returned-a-non-zero-code-137/"
// in a link is a page's name, not this build's exit code.
func withoutURLs(text string) string {
	if !strings.Contains(text, "://") {
		return text
	}
	return urlRE.ReplaceAllString(text, " ")
}

// codeCallRE: a source line that calls with a string literal, up to where
// the literal opens: `quit("`, `fprintf(stderr, "`, `assert(p != NULL && "`.
var codeCallRE = re(`\w\s*\((?:[^()"]*(?:,|&&)\s*)?"[^"]*$`)

// inCodeString reports whether position i of text is inside a string
// literal that a line of source code passes to a call (`die("Out of
// memory");`, `fputs("out of memory\n", stderr);` in a package's
// documentation): the message the program would print, not printed. The
// line must end the call (`)`, `);`, `;`), so a program's output that
// quotes a call's argument in its message still reports.
func inCodeString(text string, i int) bool {
	t := strings.TrimSpace(text)
	if !strings.HasSuffix(t, ";") && !strings.HasSuffix(t, ")") {
		return false
	}
	if strings.HasSuffix(t, "\");") && strings.Count(text[:i], "\"")%2 == 1 {
		return true // the call's last argument: `len == Z_MEM_ERROR ? "out of memory" : "input corrupted");`
	}
	return strings.Contains(text[i:], "\"") && codeCallRE.MatchString(text[:i])
}

// htmlProse reports whether text is a page's HTML (a manual's `<p>…</p>`,
// `<li>…</li>` in Node's API JSON): documentation, not a build's output.
func htmlProse(text string) bool {
	return strings.Contains(text, "<p>") || strings.Contains(text, "</p>") || strings.Contains(text, "<li>") || strings.Contains(text, "</li>")
}

func onOOM(a *analyzer, ev Evidence, text string) {
	if isWarning(text) || changeEntry(text) || htmlProse(text) {
		return // a changelog's "- bpo-25029: Fixes MemoryError in test_strptime."
	}
	switch {
	case strings.Contains(text, "Killed") && killedRE.MatchString(text), memFailure(text):
		a.add(OutOfMemory, "", ev)
	case strings.Contains(text, "illed") && quotedKilledRE.MatchString(text):
		a.infer(OutOfMemory, "", ev).explain("the text quotes the shell's \"Killed\": the process was killed, usually by the out-of-memory killer")
	case strings.Contains(text, "died with <Signals.SIGKILL: 9>") || strings.Contains(text, "non-zero exit status -9"):
		// Python's CalledProcessError for a child killed by SIGKILL
		// (3.6+: "died with <Signals.SIGKILL: 9>.", older: "returned
		// non-zero exit status -9."): the kernel's out-of-memory killer
		a.infer(OutOfMemory, "", ev).explain("a build subprocess was killed by SIGKILL, usually by the out-of-memory killer")
	case strings.Contains(text, "(signal: 9, SIGKILL: kill)") &&
		(strings.Contains(text, "exit successfully") || strings.Contains(text, "could not compile")):
		// cargo (util/errors.rs ProcessError): "process didn't exit
		// successfully: `rustc --crate-name tokenizers …` (signal: 9,
		// SIGKILL: kill)": rustc killed, usually by the out-of-memory killer
		a.infer(OutOfMemory, "", ev).explain("cargo's child was killed by SIGKILL, usually by the out-of-memory killer")
	case strings.Contains(text, "exited due to excessive memory consumption"):
		// Read the Docs' build (doc_builder/environments.py, from docker's
		// OOMKilled state): "Build exited due to excessive memory consumption";
		// its "Command killed due to timeout or excessive memory consumption"
		// says neither for sure
		a.add(OutOfMemory, "", ev)
	case strings.Contains(text, "signal: killed"):
		// ACR tasks and Go tools: the process was killed (SIGKILL)
		a.infer(OutOfMemory, "", ev).explain("the step was killed (SIGKILL), usually by the out-of-memory killer")
	case strings.Contains(text, "137") && !strings.Contains(text, "returned a non-zero code") &&
		!strings.Contains(text, "did not complete successfully") && (a.res.ExitCode == 0 || a.res.ExitCode == 137) &&
		code137RE.MatchString(withoutURLs(text)):
		// 137 in words; not when the log's own failed step gave another
		// exit code (a poster comparing their 139 with a page about 137)
		a.infer(OutOfMemory, "", ev).explain("exit code 137: the step was killed (SIGKILL), usually by the out-of-memory killer")
	}
}

func stuckWords(text string) bool {
	return containsAny(text, []string{"stuck", "hang", "hung", "forever", "never", "hours", "too long", "ages", "killed", "timed out", "times out"})
}

// stuckSaid reports whether text says, and does not deny, that conda's
// solve never ends (stuckRE).
func stuckSaid(text string) bool {
	if !stuckWords(text) {
		return false
	}
	loc := stuckRE.FindStringIndex(text)
	if loc == nil || deniedBefore(text, loc[0]) || slowSupposed(text, loc[0]) || fixEntry(text) || changeEntry(text) {
		return false
	}
	// a hang supposed or fixed in its own words: "solving environment
	// could hang forever", "fixed a case where the solve got stuck"
	return !containsAny(text[loc[0]:loc[1]], stuckModals) && !containsAny(sentenceBefore(text, loc[0], 60), stuckFixWords)
}

// stuckModals: a hang told as what may happen ("Solving environment can
// hang forever"); stuckFixWords: a hang told as fixed ("Fixed: conda solve
// stuck forever", "fixed a case where solving environment could hang").
var (
	stuckModals   = []string{" can ", " could ", " may ", " might ", " will ", " would ", " should "}
	stuckFixWords = []string{"Fixed", "fixed", "Fixes", "fixes", "Fix ", "fix for", "Resolved", "workaround for"}
)

// stuckRE: a poster saying that conda's solve never ends ("gets stuck at
// solving environment", "Solving environment hangs forever", "gets stuck
// solving the environment", "hangs at the solving stage"; not pip's
// "resolving").
var stuckRE = re(`(?i)(?:stuck|hangs?|hanging|hung|forever|never (?:ends|finishes|completes|terminates)|for hours|too long|takes ages|killed|timed out|times out)\b.{0,40}\bsolving (?:the )?(?:environment|stage|step)|\bsolving (?:the )?(?:environment|stage|step).{0,40}\b(?:stuck|hangs?|hanging|hung|forever|never|for hours|(?:takes?|taking) (?:many |several )?hours|too long)`)

// longRunRE: a poster saying that conda is still at it after hours ("it
// keeps on reading the environment file for more than 3-4 hours", "has
// been running for 5 hours"), not that it took that long and finished.
// It also counts weeks and "a whole day".
var longRunRE = re(`(?i)\b(?:keeps?|kept|still|been|running|waiting|waited|more than|over|longer than)\b.{0,50}?\b(?:(?:\d+(?:\s*[-–]\s*\d+)?|several|many|a few|two|three) (?:hours|days|weeks)|(?:one|a whole|an entire) (?:day|week))\b`)

func onStuck(a *analyzer, ev Evidence, text string) {
	switch {
	case stuckSaid(text):
		// (not "it does not hang at solving environment like in the other issue")
		a.infer(CondaTimeout, "", ev).explain("the log says conda's solve does not finish")
	case (strings.Contains(text, "conda") || strings.Contains(text, "mamba") || strings.Contains(text, "environment")) &&
		!finishedWords(text) && longRunRE.MatchString(text):
		a.infer(CondaTimeout, "", ev).explain("the log says conda is still working after hours")
	case (strings.Contains(text, "conda") || strings.Contains(text, "mamba") || strings.Contains(text, "environment")) &&
		notFinishingWords(text) && unfinishedRE.MatchString(text) && durationRE.MatchString(text):
		// "It takes almost one week to create an environment … and does
		// not finish yet"
		a.infer(CondaTimeout, "", ev).explain("the log says creating the environment has run for days and does not finish")
	}
}

// unfinishedRE: a poster saying the run has not ended ("does not finish
// yet", "never completes"); durationRE: how long it has run.
var (
	unfinishedRE = re(`(?i)\b(?:does not|doesn't|did not|didn't|never|not yet|has not|hasn't|have not|haven't) (?:yet )?(?:finish|complete|end)(?:e?s|ed)?\b`)
	durationRE   = re(`(?i)\b(?:\d+|several|many|a few|two|three|one|an?|a whole|an entire) (?:hours?|days?|weeks?)\b`)
)

// notFinishingWords is unfinishedRE's cheap precondition: every match
// holds one of these in some case.
func notFinishingWords(text string) bool {
	return mayMatchFold(text, []string{"finish", "complete", " end"})
}

// finishedWords: the long run ended ("took 3 hours but finished").
func finishedWords(text string) bool {
	return containsAny(text, []string{"finished", "completed", "succeeded", "worked", "done", "success"})
}

// Nextflow creates conda environments itself and gives up after its
// createTimeout with exit status 120: "Failed to create Conda environment
// … Status: 120"; CondaCache.groovy's own message writes "  status : 120"
// (a space before the colon).
var (
	nextflowTimeoutRE = re(`(?i)conda\s*(?:\.|\{\s*)createTimeout|(?:exit )?status ?:? 120\b`)
)

func onNextflow(a *analyzer, ev Evidence, text string) {
	if strings.Contains(text, "Failed to create Conda environment") {
		a.nextflowLine = a.n
		return
	}
	if !nextflowTimeoutRE.MatchString(text) {
		return
	}
	if strings.Contains(text, "120") && !strings.Contains(text, "createTimeout") && !strings.Contains(text, "creation timeout") &&
		(a.nextflowLine == 0 || a.n-a.nextflowLine > 15) {
		return // a 120 that is no nextflow conda creation
	}
	a.infer(CondaTimeout, "", ev).explain("nextflow's conda environment creation timed out (exit status 120, conda.createTimeout)")
}

// --- conda and mamba solver reports ------------------------------------------

// libmamba's problem tree (mamba 1-2, micromamba, conda-libmamba-solver), as
// TreeExplainer in libmamba/src/solver/problems_graph.cpp writes it:
//
//	The following packages are incompatible
//	├─ python 3.8**  is requested and can be installed;
//	└─ numpy 2.0**  is not installable because it requires
//	   └─ python >=3.9 , which conflicts with any installable versions previously reported.
//
// Every level is three columns wide ("│  " or "   " above, "├─ " or "└─ "
// before the node); micromamba indents the whole block under its
// "error    libmamba" line.

// mambaNode splits a line of the tree into the node's depth (1 for a
// requested spec) and its text; ok is false for a line that is no node.
func mambaNode(text string, base int) (depth int, node string, ok bool) {
	i := strings.Index(text, "├─")
	if j := strings.Index(text, "└─"); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	if i < 0 {
		return 0, "", false
	}
	width := 0
	for _, r := range text[:i] {
		if r != ' ' && r != '\t' && r != '│' {
			return 0, "", false
		}
		width++
	}
	return (width-base)/3 + 1, strings.TrimSpace(text[i+len("├─"):]), true
}

// mambaConflict: a node that the solver could not fit with the rest.
func mambaConflict(node string) bool {
	return strings.Contains(node, "conflicts with any installable versions") ||
		strings.Contains(node, "cannot be installed") || strings.Contains(node, "no viable options")
}

func isPythonNode(name string) bool { return name == "python" || name == "python_abi" }

// onMambaTree follows libmamba's problem tree. Python is one side of the
// conflict when a requested package needs a python (or python_abi) that
// conflicts with the rest, or when the requested python itself conflicts
// after another package's python requirement: an incompatible Python.
// A dependency that no channel has ("bar, which does not exist (perhaps a
// missing channel)") is a package not found; a virtual package the machine
// lacks ("__cuda, which is missing on the system") fits no documented
// problem.
func onMambaTree(a *analyzer, _ Evidence, text string) {
	base := len(text) - len(strings.TrimLeft(text, " \t"))
	top, pyUser := "", ""
	a.startFollow(func(a *analyzer, ev Evidence, text string) bool {
		depth, node, ok := mambaNode(text, base)
		if !ok {
			return strings.TrimSpace(text) == ""
		}
		fields := strings.Fields(node)
		if len(fields) == 0 {
			return true // a bare branch ("└─") with its node on the next line, or cut
		}
		name := strings.TrimRight(fields[0], ",;.")
		switch {
		case depth == 1:
			top = name
			if isPythonNode(name) && pyUser != "" && strings.Contains(node, "is not installable because it conflicts") {
				// the requested python conflicts with what pyUser needs
				a.infer(IncompatiblePython, pyUser, ev).explain("the requested python conflicts with the python that " + pyUser + " requires")
			}
		case isPythonNode(name) && !isPythonNode(top):
			pyUser = top
			if mambaConflict(node) {
				a.add(IncompatiblePython, top, ev).explain(top + " requires " + textutil.TruncateBytes(node, 120))
			}
		case strings.Contains(node, "does not exist (perhaps a missing channel)"):
			a.add(PackageNotFound, name, ev) // a dependency no channel has
		}
		return true
	}, 60)
}

// condaPathMissing: bash (and busybox sh) running conda by its path when
// nothing is there, "/bin/bash: /opt/conda/bin/conda: No such file or
// directory" (dash says "not found" instead), or sourcing conda's shell
// setup or activate script from an install that is not there
// ("/opt/conda/etc/profile.d/conda.sh: No such file or directory"): conda
// is not where the build expects it. A bare "activate" is conda's old
// `source activate ENV`, looked up on the PATH (a virtualenv's activate
// is sourced by its path, which names no conda directory).
func condaPathMissing(a *analyzer, ev Evidence, text, file string) bool {
	if !strings.Contains(text, "sh: ") {
		return false
	}
	if name := condaScript(file); name != "" {
		if strings.IndexByte(file, '/') < 0 {
			a.infer(CondaCommandNotFound, name, ev)
		} else {
			a.add(CondaCommandNotFound, name, ev)
		}
		return true
	}
	i := strings.LastIndexByte(file, '/')
	if i < 0 || !condaCommand(file[i+1:]) {
		return false
	}
	a.add(CondaCommandNotFound, file[i+1:], ev)
	return true
}

// condaCommand reports whether a program name is conda's or a drop-in
// replacement's, also as Windows names it (conda.exe, conda.bat, the
// conda-env entry point of conda 4.x).
func condaCommand(name string) bool {
	for _, ext := range []string{".exe", ".bat", ".cmd", ".ps1"} {
		name = strings.TrimSuffix(name, ext)
	}
	return shellcmd.IsConda(name) || name == "conda-env"
}

// condaScript returns the name of conda's own script a missing file is
// ("activate", "conda.sh"), or "": conda's activate/deactivate (bare, or
// under a conda install's directory) and profile.d/conda.sh or mamba.sh.
func condaScript(file string) string {
	dir, name := "", file
	if i := strings.LastIndexByte(file, '/'); i >= 0 {
		dir, name = file[:i], file[i+1:]
	}
	switch name {
	case "activate", "deactivate":
		if dir == "" || condaDir(dir) {
			return name
		}
	case "conda.sh", "mamba.sh", "micromamba.sh":
		if strings.HasSuffix(dir, "/etc/profile.d") && condaDir(dir) {
			return name
		}
	}
	return ""
}

// condaDir: a path into a conda installation (/opt/conda, ~/miniconda3,
// /root/miniforge3, /opt/mambaforge, ~/anaconda3, micromamba's root).
func condaDir(dir string) bool {
	d := strings.ToLower(dir)
	return strings.Contains(d, "conda") || strings.Contains(d, "mamba") || strings.Contains(d, "miniforge")
}

// condaSpecFileWords: conda's "could not parse 'X' in: FILE" is about a
// line of a --file spec list; other "could not parse" lines are not.
func condaSpecFileWords(text string) bool {
	return !strings.Contains(text, "could not parse '") || strings.Contains(text, "' in: ")
}

// envSpecHookError: conda 24-25's environment-spec plugins failing on the
// file they were given (conda/plugins/manager.py): "EnvironmentSpec hook:
// an error occurred when handling 'env.yaml' with plugin 'cep-24'",
// PluginError's "An error occured when handling …" (conda's spelling) and
// "Requested plugin 'X' is unable to handle environment spec 'Y'".
//
//nolint:misspell // the quoted wording is conda's
func envSpecHookError(a *analyzer, ev Evidence, text string) {
	if !strings.Contains(text, "with plugin '") && !strings.Contains(text, "is unable to handle environment spec") {
		return
	}
	a.infer(CondaBadSpec, "", ev).explain("conda's environment-spec plugin could not read the environment file")
}

// installCommand returns the package install command a line holds: pip,
// pip3.X, python -m pip, conda, mamba or micromamba (shellcmd.Installer),
// at the start of the line or after a few words of a tool that shows the
// command it ran ("Command conda install … failed with exit code 1:" from
// nox, "Running: pip install …"); "" when there is none.
// A notebook's shell escape ("!pip install …", "In [3]: !pip install …")
// and IPython's %pip magic run the line through the shell too.
func installCommand(t string) string {
	words := strings.Fields(t)
	for i, w := range words {
		if len(w) > 1 && (w[0] == '!' || w[0] == '%') {
			words[i] = w[1:]
		}
	}
	for i := 0; i < len(words) && i <= 3; i++ {
		if tool, _ := shellcmd.Installer(words[i:]); tool != "" {
			if i == 0 && !strings.ContainsAny(t[:1], "!%") {
				return t
			}
			return strings.Join(words[i:], " ")
		}
	}
	return ""
}

// onSpecsConflict: conda's SpecsConfigurationConflictError ("Requested
// specs conflict with configured specs.", conda/exceptions.py) lists the
// requested specs, then the pinned ones; a pinned python (the image's
// conda-meta/pinned) against requested packages is an incompatible Python,
// other pins fit no documented problem.
func onSpecsConflict(a *analyzer, ev Evidence, _ string) {
	ev0, pinned := ev, false
	a.startFollow(func(a *analyzer, ev Evidence, text string) bool {
		t := strings.TrimSpace(text)
		switch {
		case strings.HasPrefix(t, "pinned specs:"):
			pinned = true
		case !pinned:
		case strings.HasPrefix(t, "- "):
			if name := conflictItemRE.FindStringSubmatch(text); name != nil && isPythonNode(name[1]) {
				f := a.infer(IncompatiblePython, "", ev0)
				f.addEvidence(ev)
				f.explain("the requested specs conflict with a pinned " + t[2:])
				return false
			}
		default:
			return false
		}
		return true
	}, 30)
}

// libsolv's own problem rules as mamba 0.x-1.x and conda-libmamba-solver
// print them (SOLVER_RULE_PKG_SAME_NAME "cannot install both %s and %s",
// SOLVER_RULE_PKG_CONSTRAINS "package %s has constraint %s conflicting with
// %s"): two pythons that cannot both be installed, or a package whose
// python constraint conflicts with the environment's python.
var (
	bothPythonsRE  = re(`cannot install both (python-[0-9]\S*) and (python-[0-9]\S*)`)
	pyConstraintRE = re(`package (\S+?)-[0-9]\S* has constraint (python(?:_abi)? \S+(?: \S+)?) conflicting with (python\S*)`)
)

func onPythonPair(a *analyzer, ev Evidence, text string) {
	if m := bothPythonsRE.FindStringSubmatch(text); m != nil {
		a.infer(IncompatiblePython, "", ev).explain("the solve needs two pythons at once: " + m[1] + " and " + m[2])
		return
	}
	if m := pyConstraintRE.FindStringSubmatch(text); m != nil {
		a.add(IncompatiblePython, m[1], ev).explain(m[1] + " has constraint " + m[2] + ", conflicting with " + m[3])
	}
}

// A post saying in words that building the conda environment takes too long
// or runs into a time limit, on one line or on lines close together: "the
// test env generation is failing due to timeout", "The conda environment
// takes forever to build", "we are reaching the 900s build time limit …
// The bottleneck is the conda environment installation".
var (
	slowWordsRE = re(`(?i)\b(?:fail\w*|due to|because of|hits?|hitting|reach\w*|bump\w* into|exceed\w*|runs? into|ran into)\b.{0,30}\b(?:time ?outs?|time limits?)\b|\b(?:timed out|times out|takes? forever|taking forever|took forever|forever to|gets? stuck|got stuck|is stuck|stuck (?:at|on|in|forever)|increas\w* the timeout)\b|\bnever (?:ends|finishes|completes|finished|completed|terminates)(?:\s*(?:[.,;:!?)]|$)|\s+(?:even|after|and|but|at all|in|for|when|while|solving|resolving)\b)` +
		`|\b(?:takes?|taking|took) (?:too long|(?:a |so |such a )?(?:very |really |extremely |super )?long time|ages)\b|\b(?:runs?|running|ran|hangs?|hanging|spins?|spinning) (?:indefinitely|endlessly)\b`)
	// slowWordsWithTime: every match of slowWordsRE that holds neither
	// "forever" nor "stuck" holds "time" and one of these.
	slowWordsWithTime = []string{"timed out", "times out", "fail", "due to", "because of", "hit", "reach", "bump", "exceed", "run", "ran into", "increas", "long"}
	toolTimeRE        = re(`(?i)-?-timeout\b|timeout[= ]+\d|_timeout`)
	netSlowWords      = []string{"Read timed out", "ReadTimeout", "ConnectTimeout", "onnection", "Timeout was reached", "Download error",
		"socket", "HTTPSConnectionPool", "CondaHTTPError", "Retrying", "i/o timeout", "andshake", "read operation", "ownload"}
)

// slowTalkWindow: how far apart the two lines may be.
const slowTalkWindow = 10

// slowWordsMay is slowWordsRE's exact precondition: every match holds, in
// some case, "forever", "stuck", "never ", "too long", " ages",
// "indefinitely" or "endlessly", or else "time" and one of
// slowWordsWithTime ("long time" holds "time" and "long"). It rejects most
// lines with a few vectorised byte scans.
func slowWordsMay(text string) bool {
	return mayMatchFold(text, []string{"forever", "stuck", "never ", "too long", " ages", "indefinitely", "endlessly"}) ||
		hasFold(text, "time") && mayMatchFold(text, slowWordsWithTime)
}

func onSlowWords(a *analyzer, ev Evidence, text string) {
	if isWarning(text) || changeEntry(text) {
		return
	}
	if slowWordsMay(text) && !networkish(text) && !toolTimeRE.MatchString(text) {
		if loc := slowWordsRE.FindStringIndex(text); loc != nil && !slowSupposed(text, loc[0]) && !slowButFinished(text[loc[0]:loc[1]], text) &&
			!containsAny(sentenceBefore(text, loc[0], 60), stuckFixWords) {
			a.slowWordsEv = ev
		}
	}
	if condaTalk(text) || strings.Contains(text, "olving environment") || hasFold(text, "libmamba") {
		a.condaTalkLine = a.n // conda named, its solve ("Solving environment takes ages") or its solver ("libmamba solver hangs")
	}
	if a.slowWordsEv.Line == 0 || a.condaTalkLine == 0 || max(a.slowWordsEv.Line, a.condaTalkLine)-min(a.slowWordsEv.Line, a.condaTalkLine) > slowTalkWindow {
		return
	}
	if a.outsideSolve() {
		return // the log itself shows conda doing something else than solving
	}
	a.infer(CondaTimeout, "", a.slowWordsEv).explain("the post says that building the conda environment takes too long or runs into a time limit")
}

func networkish(text string) bool { return containsAny(text, netSlowWords) }

// slowButFinished: a long run told as slow and then finished ("the solve
// took a long time but finished"): the words of duration alone, with the
// end in view, report no stop.
func slowButFinished(match, text string) bool {
	return mayMatchFold(match, []string{"too long", "long time", "ages", "indefinitely", "endlessly"}) && finishedWords(text) &&
		!mayMatchFold(text, []string{"never ", "not ", "n't "})
}

// slowModals: a verb after these says what may happen, not what did ("the
// classic solver can take a long time").
var slowModals = []string{" can", " may", " might", " could", " would", " will", " should", " tends to", " sometimes"}

// slowSupposed reports whether the slow words at position i are supposed,
// denied or advice rather than a report, within their clause: "If conda
// takes too long, use mamba", "mamba never takes ages", "the solver can take
// a long time", or a shell comment ("conda create … # this may take a long
// time"); "45min didn't work, so I'm increasing the timeout" still reports.
func slowSupposed(text string, i int) bool {
	if clauseDenied(text, i) || supposedBefore(text, i) || strings.Contains(text[:i], " # ") || strings.HasPrefix(strings.TrimSpace(text), "#") {
		return true
	}
	head := " " + strings.TrimRight(sentenceHead(text, i), " ")
	if k := strings.LastIndexByte(head, ','); k >= 0 {
		head = head[k:] // the clause: "…didn't work, so I'm increasing the timeout" reports
	}
	if t := strings.TrimLeft(head, " ,"); hasAnyPrefix(t, []string{"If ", "if ", "Unless ", "unless "}) {
		return true // "If conda takes too long to solve, use mamba"
	}
	for _, m := range slowModals {
		if strings.HasSuffix(head, m) || strings.Contains(head, m+" ") && strings.Count(head[strings.LastIndex(head, m+" "):], " ") <= 3 {
			return true
		}
	}
	return false
}

// storageHosts: a storage account's Blob and ADLS Gen2 (dfs) endpoints in
// the public cloud and the national clouds (the Azure CLI's cloud.py
// storage_endpoint suffixes: core.windows.net, core.chinacloudapi.cn,
// core.usgovcloudapi.net, and the retired Germany cloud's core.cloudapi.de).
var storageHosts = []string{
	"blob.core.windows.net", "dfs.core.windows.net",
	"blob.core.chinacloudapi.cn", "dfs.core.chinacloudapi.cn",
	"blob.core.usgovcloudapi.net", "dfs.core.usgovcloudapi.net",
	"blob.core.cloudapi.de", "dfs.core.cloudapi.de",
}

// storageHost: text names a storage account's Blob or ADLS Gen2 (dfs) endpoint.
func storageHost(text string) bool {
	return containsAny(text, storageHosts)
}
