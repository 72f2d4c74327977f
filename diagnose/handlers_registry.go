package diagnose

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/suggest"
)

// Wordings of registries and the tools that talk to them, kept as tables
// apart from the handlers that use them (onACR and onPull in
// handlers_env.go); Azure Storage's are in handlers_storage.go. Each entry names where the wording comes from.

// registryTriggers are the trigger literals these tables add, with the
// handler each group selects.
func registryTriggers() []trigger {
	var matchLits []string
	for _, m := range pullNeedsMatch {
		matchLits = append(matchLits, m.lit)
	}
	groups := []struct {
		lits []string
		h    int
	}{
		{acrToolErrors, hACR},
		{acrDomains[1:], hACR}, // ".azurecr.io" is a base trigger
		{[]string{"failed to login, ran out of retries", "failed to set docker credentials", "The push refers to repository ["}, hACR},
		{pullStrongExtra, hPull},
		{pullNeedsV2, hPull},
		{matchLits, hPull},
		{[]string{"requested access to the resource is denied"}, hPull},
		// (serviceLogPlaces need no triggers: " log " brings them to onService)
		{prosePullLits, hService},
		{[]string{"fails", "build failed", "EnvironmentBuildFailed", "Failed Building the Environment", "Environment image build status"}, hService},
		{storageCodes, hBlob},
		{[]string{storageRolesNeeded, "StorageException"}, hBlob},
		{storageMountFailed, hBlob},
		{blobMissing, hBlob},
		{sasBareExpired, hBlob}, // sasNamed's "SAS token" brings sasTokenExpired
		{sasNamed, hBlob},
		{registryWordLits, hRegistryWords},
	}
	var out []trigger
	for _, g := range groups {
		for _, lit := range g.lits {
			out = append(out, trigger{lit, g.h})
		}
	}
	return out
}

// acrToolErrors: what the Azure CLI's acr module prints when it cannot use
// a registry (az acr login, az acr check-health; azure-cli
// command_modules/acr/_errors.py and _docker_utils.py), and the online
// endpoints' words for the workspace registry refusing the image build
// (acrEndpointRefused). The registry is an Azure Container Registry in
// every one of them.
var acrToolErrors = []string{
	"CONNECTIVITY_DNS_ERROR", "CONNECTIVITY_FORBIDDEN_ERROR", "CONNECTIVITY_CHALLENGE_ERROR",
	"CONNECTIVITY_AAD_LOGIN_ERROR", "CONNECTIVITY_WWW_AUTHENTICATE_ERROR", "CONNECTIVITY_REFRESH_TOKEN_ERROR",
	"CONNECTIVITY_ACCESS_TOKEN_ERROR", "CONNECTIVITY_SSL_ERROR", "LOGIN_SERVER_ERROR",
	"Failed to reach DNS for registry", "Looks like you don't have access to registry",
	"Unable to establish a secure connection to the registry", "did not issue a challenge",
	"does not support AAD login", "Unable to get AAD authorization tokens with message",
	"Unable to get admin user credentials with message",
	// the service when the workspace has no registry and may not create one
	// (tune log dp-090-databricks-ml-75): "Error while trying to create an ACR
	// for the workspace. Please use a different workspace that has an ACR
	// associated with it"
	"create an ACR for the workspace", "has an ACR associated with it",
	// az acr login when neither an AAD token nor the admin user worked and
	// there is no terminal to ask (azure-cli acr/_docker_utils.py
	// _get_credentials), and its check that the login server answers
	"Unable to authenticate using AAD or admin login credentials",
	"Could not connect to the registry login server", "Please verify that the registry exists and the URL",
	// CONNECTIVITY_WWW_AUTHENTICATE_ERROR's message (acr/_errors.py)
	"did not ask properly for a basic or a bearer authentication",
	// an Azure ML compute that cannot log in to the workspace registry with
	// its identity ("AcrRefreshTokenRetrievalError: Unable to retrieve ACR
	// refresh token using Compute Identity …, please check if compute
	// identity has access to ACR")
	"AcrRefreshTokenRetrievalError", "Unable to retrieve ACR refresh token",
	// Kubernetes online endpoints (how-to-troubleshoot-online-endpoints,
	// "Common errors specific to Kubernetes deployments"): the cluster
	// cannot reach the workspace registry for its authentication challenge,
	// or exchange a token with it (not ACRSecretError, whose causes are the
	// cluster's own set-up: the extension, role assignments)
	"ACRAuthenticationChallengeFailed", "ACRTokenExchangeFailed",
	// Azure ML refusing to build while the workspace registry is behind a
	// virtual network and no image build compute is set (the guide's first
	// cause of "ACR unreachable"): "Code: ImageBuildComputeNotValid",
	// "Message: If Container Registry is behind the virtual network,
	// Container Registry cannot build your image. Set the imageBuildCompute
	// property to build your image." (quoted in
	// Azure/terraform-azurerm-avm-res-machinelearningservices-workspace#45;
	// the message is dispatched by "ontainer Registry", see acrToolError)
	"ImageBuildComputeNotValid",
}

// acrTaskLoginFailed: the ACR task runner could not log in to a registry
// before the build (Azure/acr-builder dockerLoginWithRetries: "failed to
// login, ran out of retries"). The workspace's registry when it is an ACR
// (the task's own), else a base image registry's credentials: a pull
// failure.
//
// Newer acr-builder says "failed to login: failed to set docker
// credentials: …". With no registry named at all the task was logging in
// to its own registry, which is always an ACR (acr-builder logs in to the
// run's registry first; other registries only with --credential).
func acrTaskLoginFailed(a *analyzer, ev Evidence, text string) bool {
	if !strings.Contains(text, "failed to login, ran out of retries") && !strings.Contains(text, "failed to set docker credentials") {
		return false
	}
	h := acrHost(text)
	if h == "" && a.taskLogin != "" {
		if h = acrHost(a.taskLogin); h == "" {
			a.add(PullFailed, "", ev) // a base image registry's credentials
			return true
		}
	}
	if h == "" {
		h = a.acrHost
	}
	a.add(ACRUnreachable, h, ev)
	return true
}

// acrDomains mark an Azure Container Registry host: Azure's, the sovereign
// clouds' and Azure Stack Hub's ("<registry-name>.azsacr.<regionname>.<fqdn>",
// Azure Stack Hub's container registry overview).
var acrDomains = []string{".azurecr.io", ".azurecr.cn", ".azurecr.us", ".azsacr."}

// acrText reports whether text names an Azure Container Registry host.
func acrText(text string) bool {
	return containsAny(text, acrDomains)
}

// registryRoot reports whether text holds a request to a registry's root,
// /v2/ (the login check; a pull asks for /v2/REPO/manifests/TAG).
func registryRoot(text string) bool {
	return strings.Contains(text, "/v2/\"") || strings.Contains(text, "/v2/:") || strings.Contains(text, "/v2/ ") ||
		strings.HasSuffix(text, "/v2/")
}

// registryMissingRE: the workspace's registry named as not there, "Could
// not find container registry registry_name" (tune log
// azure-devops-docs-7471); not its credentials or an image in it.
var registryMissingRE = re(`(?i)(?:could not|couldn't|cannot|can't|unable to|failed to) find (?:the |your |a |any )?(?:workspace(?:'s)? )?(?:acr|(?:azure )?container registry)(?: (?:named |called )?['"]?[\w.-]+['"]?)?\s*(?:$|[.,;:!)"'])`)

// acrEndpointRefused: the online endpoints' words for the workspace
// registry refusing the image build (how-to-troubleshoot-online-endpoints).
// Not among acrToolErrors' triggers: the base trigger "ontainer registry"
// already brings the line to onACR.
const acrEndpointRefused = "container registry authorization failure"

// acrToolError reports whether a line holds one of acrToolErrors or
// acrEndpointRefused, or the CLI's "Access to registry 'X.azurecr.io' was
// denied".
func acrToolError(text string) bool {
	if strings.Contains(text, "Access to registry '") && strings.Contains(text, "was denied") ||
		strings.Contains(text, "Container Registry cannot build your image") {
		return true
	}
	return containsAny(text, acrToolErrors) || strings.Contains(text, acrEndpointRefused)
}

// pullStrongExtra: image pulls failing in words that need no context.
//   - containerd remotes/docker/resolver.go: "pulling from host %s failed
//     with status code %v: %v"; httpreadseeker.go: "httpReadSeeker: failed
//     open" (a layer or manifest fetch from the registry).
//   - kubectl logs for a container whose image never came: "is waiting to
//     start: trying and failing to pull image".
//   - the Docker daemon 1.13-17.x: "repository %s not found: does not exist
//     or no pull access" (moby distribution/errors.go).
//   - online endpoints: "Unable to download user container image"
//     (how-to-troubleshoot-online-endpoints, BadArgument).
//   - BuildKit's progress line for a FROM image it could not resolve:
//     "ERROR [internal] load metadata for docker.io/library/x:1".
//   - containerd images/image.go: "no match for platform in manifest" (the
//     image has no variant for the build's platform).
var pullStrongExtra = []string{
	"pulling from host ", "httpReadSeeker: failed open", "trying and failing to pull image",
	"does not exist or no pull access", "Unable to download user container image",
	"ERROR [internal] load metadata for ", "no match for platform in manifest",

	// Azure Batch TaskFailureInformationCodes: "The specified container
	// registry was invalid", "The container image was invalid"
	"ContainerInvalidRegistry", "ContainerInvalidImage", "container registries specified are invalid",
	// Azure Container Instances (and AKS virtual nodes): error code
	// "InaccessibleImage", "The image … is not accessible. Please check the
	// image and registry credential."
	"InaccessibleImage", "Please check the image and registry credential",
	// kubelet pkg/kubelet/images/types.go: ErrRegistryUnavailable
	"RegistryUnavailable",
	// online endpoints (BadArgument, tune log azure-docs-107890): "Endpoint
	// identity does not have pull permission on the registry"
	"does not have pull permission on the registry",
	// distribution registry/api/errcode: NAME_UNKNOWN and BLOB_UNKNOWN's messages
	"repository name not known to registry", "blob unknown to registry",
	// moby distribution/pull_v2.go: a downloaded layer whose digest does not
	// match ("filesystem layer verification failed for digest sha256:…")
	"filesystem layer verification failed",
	// containerd's resolver (remotes/docker/resolver.go) before 1.5, as
	// BuildKit prints it: "unexpected status code [manifests 3.9]: 401
	// Unauthorized" (the manifest request for the image refused)
	"unexpected status code [manifests ",
	// App Service's container log ("ERROR - Image pull failed: Verify docker
	// image configuration and credentials (if using private repository)")
	"Image pull failed: Verify docker image configuration",
	// the GitHub Actions runner and Azure Pipelines pulling a job's
	// container: "Docker pull failed with exit code 1" (its "Warning: …,
	// back off 8.5 seconds before retry" is a retry, not a failure)
	"Docker pull failed with exit code",
	// podman and buildah (containers/image pkg/sysregistriesv2 shortnames.go):
	// a FROM or pull of an image named without its registry that cannot be
	// resolved: "short-name %q did not resolve to an alias and no
	// unqualified-search registries are defined in %q" (or "… and no
	// containers-registries.conf(5) was found"), and, with no terminal to
	// choose a registry on, "short-name resolution enforced but cannot prompt
	// without a TTY"
	"did not resolve to an alias and no ", "short-name resolution enforced but cannot prompt",
	// Quay's manifest refusal for an expired tag (quay endpoints/v2/manifest.py
	// TagExpired): "Tag %s was deleted or has expired. To pull, revive via time machine"
	"To pull, revive via time machine",
	// docker 1.x's client and the tools that wrap a pull ("Error while
	// pulling image: Get https://index.docker.io/v1/repositories/…: dial tcp:
	// lookup index.docker.io … no such host")
	"Error while pulling image: ",
	// Singularity and Apptainer fetching an image from a registry
	// (internal/pkg/client/oci: "failed to get checksum for docker://X: …",
	// wrapped in "Unable to handle docker://X uri:" or "While making image
	// from oci registry:"), and Snakemake's "Failed to pull singularity image
	// from docker://X"
	"failed to get checksum for docker://", "Failed to pull singularity image from docker://",
	// Kubernetes online endpoints (how-to-troubleshoot-online-endpoints,
	// "ERROR: ImagePullLoopBackOff": the images cannot be downloaded from
	// the container registry); not kubelet's ImagePullBackOff, which it
	// does not contain
	"ImagePullLoopBackOff",
	// kubelet pkg/kubelet/images/image_manager.go (ErrImageNeverPull's
	// event): "Container image %q is not present with pull policy of Never"
	"is not present with pull policy of Never",
	// containers/image (podman, buildah, skopeo) choosing an instance of a
	// multi-platform image: manifest/list.go "no image found in manifest
	// list for architecture %s, variant %q, OS %s", "image index" in newer
	// versions (oci_index.go); like moby's "no matching manifest for"
	"no image found in manifest list for architecture", "no image found in image index for architecture",
}

// pullRetry: a pull tool's notice that it will try again, which is no
// failure (the retries may well work).
func pullRetry(text string) bool {
	return isWarning(text) && (strings.Contains(text, "retry") || strings.Contains(text, "back off") || strings.Contains(text, "Retrying"))
}

// pullNeedsV2: failures of any HTTPS request that are a pull failure only on
// a registry API request (a /v2/ URL): Go's crypto/x509 ("x509: certificate
// signed by unknown authority") and context ("context deadline exceeded").
var pullNeedsV2 = []string{"x509: ", "deadline exceeded"}

// pullNeedsMatch are pull triggers that are evidence only when their
// expression matches; its submatch is the image.
//   - the Docker daemon's v1 pull: "Error: image library/x:latest not
//     found" (moby distribution/pull_v1.go);
//   - BuildKit's solve error naming the FROM image it could not find:
//     "failed to solve: python:3.99: docker.io/library/python:3.99: not
//     found" (not "failed to solve: failed to compute cache key: … not found").
//   - the Docker daemon's (and BuildKit's) failed request to a registry's
//     API, whatever the failure: `Error response from daemon: Get
//     "https://HOST/v2/": EOF`, `… http: server gave HTTP response to HTTPS
//     client`, `… connect: connection refused` (moby registry/ and
//     distribution/: the daemon names the /v2/ URL it asked).
var pullNeedsMatch = []struct {
	lit     string
	re      *lazyRE
	subject bool // the submatch is the image
}{
	{"Error: image ", re(`Error: image (\S+) not found`), true},
	// the Docker daemon 17-18 (distribution/errors.go: "manifest for %s not
	// found", before the registry's own ": manifest unknown" was appended),
	// as docker-compose 1 prints it: "ERROR: Service 'app' failed to build:
	// manifest for nvidia/cuda:10.1-cudnn7-devel-ubuntu16.04 not found"
	{"manifest for ", re(`manifest for (\S+) not found`), true},
	// moby's v1 pull: "Tag 3.9-x not found in repository docker.io/library/python"
	// (distribution's words; git's "branch is not found in repository" and
	// a changelog's "modules not found in repository" are no image's)
	{"not found in repository", tagNotFoundRE, false},
	// acr-builder (an ACR task, so Azure ML's own image builds) resolving
	// the digest of an image a step depends on (builder/digest_remote.go
	// PopulateDigest: "Failed to Resolve the reference '%s'" wrapping
	// containerd's resolver error). It returns nil on a not-found, so what
	// follows is another refusal ("…: failed to authorize: … 401
	// Unauthorized") or the network (acrNetworkError is looked at first)
	{"Failed to Resolve the reference '", re(`Failed to Resolve the reference '([^']+)'`), true},
	{"failed to solve: ", re(`failed to solve: ([a-z0-9][a-z0-9._/-]*(?::[\w.-]+)?(?:@sha256:[0-9a-f]+)?): (?:\S+: )?not found$`), true},
	// BuildKit's errored vertex for a FROM image that does not exist, as
	// its progress prints it when the summary is not pasted ("#3 [internal]
	// load metadata for docker.io/library/python:3.99" then "#3 ERROR:
	// docker.io/library/python:3.99: not found": containerd's resolver
	// wraps errdefs.ErrNotFound with the reference), and BuildKit before
	// 0.9 ("failed to build LLB: failed to load cache key:
	// docker.io/library/pythn:3.9: not found"); the reference is BuildKit's
	// normalised one, with its registry host, so a shell's "ERROR: x: not
	// found" or a COPY's quoted path is none of it
	{": not found", re(`(?:(?:^|\s)ERROR|failed to load cache key): ((?:[a-z0-9-]+\.)+[a-z0-9-]+(?::\d+)?/[a-z0-9._/-]+(?::[\w.-]+)?(?:@sha256:[0-9a-f]{64})?): not found\s*$`), true},
	{"from daemon: Get ", daemonV2RE, false},
	{"from daemon: Head ", daemonV2RE, false},
	{"failed to do request: ", re(`failed to do request: (?:Get|Head|GET|HEAD) "?https?://[^/"\s]+/v2/`), false},
	// distribution registry/client/errors.go, UnexpectedHTTPResponseError:
	// "error parsing HTTP 404 response body: invalid character 'p' …" (a
	// registry, or a proxy before it, answered with no error JSON); a pull
	// failure of the FROM image unless a push is under way
	{"error parsing HTTP ", re(`error parsing HTTP \d{3} response body`), false},
	// App Service's container log: "ERROR - Image pull for X failed.
	// Unsupported image manifest…", "ERROR - Pulling docker image X over
	// VNET failed." (not its WARN "Image pull failed. Defaulting to local copy")
	// moby's and containerd's pull refusal ("pull access denied for x,
	// repository does not exist or may require 'docker login'", "…or may
	// require authorization"), not git's "the remote repository does not
	// exist or cannot be accessed"
	{"repository does not exist", re(`repository does not exist or may require`), false},
	{"Image pull for ", re(`Image pull for (\S+) failed`), true},
	{"Pulling docker image ", re(`Pulling docker image (\S+) (?:over VNET )?failed`), true},
	// moby: "image operating system \"windows\" cannot be used on this
	// platform" (the pulled image is for another OS; azure-cli's check-health
	// DOCKER_PULL_WRONG_PLATFORM matches its "cannot be used on this platform")
	{"image operating system ", re(`image operating system "?\w+"? cannot be used on this platform`), false},
	// Docker Desktop's resolver ("Failed to lookup host: mcr.microsoft.com",
	// for-win): a public registry's host that does not resolve; another
	// host's lookup is no pull
	{"Failed to lookup host: ", re(`Failed to lookup host: (?:[a-z0-9-]+\.)*(?:docker\.io|docker\.com|mcr\.microsoft\.com|quay\.io|gcr\.io|ghcr\.io|nvcr\.io|registry\.k8s\.io|public\.ecr\.aws)\b`), false},
}

var daemonV2RE = re(`from daemon: (?:Get|Head) "?https?://[^/"\s]+/v2/`)

// pullMatch returns false when a line holds a pullNeedsMatch literal whose
// expression does not match and no other pull trigger; else true, with
// the image the matching expression names.
func pullMatch(text string) (bool, string) {
	held := false
	for _, m := range pullNeedsMatch {
		if strings.Contains(text, m.lit) {
			if m.re.MatchString(text) {
				if m.subject {
					return true, sub(m.re, text)
				}
				return true, ""
			}
			held = true
		}
	}
	if !held {
		return true, ""
	}
	for _, t := range triggers {
		if t.h == hPull && strings.Contains(text, t.lit) && !needsMatch(t.lit) {
			return true, ""
		}
	}
	return false, ""
}

func needsMatch(lit string) bool {
	for _, m := range pullNeedsMatch {
		if m.lit == lit {
			return true
		}
	}
	return false
}

// registryAPIRequest: the line is about a registry API URL.
func registryAPIRequest(text string) bool {
	return strings.Contains(text, "/v2/") || strings.Contains(text, "load metadata for")
}

func containsAny(text string, list []string) bool {
	for _, s := range list {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}

// hasAnyPrefix reports whether text starts with one of list.
func hasAnyPrefix(text string, list []string) bool {
	for _, p := range list {
		if strings.HasPrefix(text, p) {
			return true
		}
	}
	return false
}

// loadMetadataRE: BuildKit's errored vertex "ERROR [internal] load
// metadata for docker.io/library/x:1".
var loadMetadataRE = re(`ERROR \[internal\] load metadata for (\S+)`)

// followManifestAnswer looks at the next two lines for the registry's
// refusal of a manifest request whose line did not hold it.
func followManifestAnswer(a *analyzer, req Evidence, subject string) {
	a.startFollow(func(a *analyzer, ev Evidence, text string) bool {
		t := strings.TrimSpace(text)
		if t == "" {
			return true
		}
		if manifestRefusal(t) {
			f := a.add(PullFailed, subject, ev)
			f.addEvidence(req)
		}
		return false
	}, 2)
}

// manifestRefusal: a line that is a registry's error answer on its own
// (distribution's errcode messages, "unauthorized: authentication
// required", "denied: requested access to the resource is denied",
// "manifest unknown", "name unknown").
func manifestRefusal(t string) bool {
	t = strings.TrimLeft(t, ": ")
	return hasAnyPrefix(t, []string{"unauthorized: ", "denied: ", "manifest unknown", "name unknown", "not found", "toomanyrequests: "})
}

// acrRootFailure: a request to an ACR's root, /v2/ (the login check
// before a pull or push), that failed in any way the daemon reports:
// `Error response from daemon: Get "https://X.azurecr.io/v2/": Forbidden`.
func acrRootFailure(text string) bool {
	return acrText(text) && registryRoot(text) && daemonV2RE.MatchString(text)
}

// noteACRPush: docker push names the repository first ("The push refers to
// repository [myws.azurecr.io/azureml/x]"); the registry's refusal comes
// after the layer lines, on a line of its own.
func noteACRPush(a *analyzer, text string) bool {
	if strings.Contains(text, "Azure Container Registry") || acrText(text) {
		a.acrNamed = true
	}
	docker := strings.Contains(text, "The push refers to repository [")
	// BuildKit: "#10 [x] pushing myacr.azurecr.io/poc/app:1 with docker",
	// "pushing manifest for myacr.azurecr.io/…"; the push command itself
	// ("$ docker push myacr.azurecr.io/app:1", podman's and buildah's)
	if acrText(text) && (docker || strings.Contains(text, "pushing ") || strings.Contains(text, "docker push ") ||
		// acr-builder's pushWithRetries: "Pushing image: X.azurecr.io/app:1, attempt 1"
		strings.Contains(text, "Pushing image: ") ||
		strings.Contains(text, "podman push ") || strings.Contains(text, "buildah push ") ||
		// OCI artifacts: Helm 3.8+'s "helm push chart.tgz oci://X.azurecr.io/helm"
		// (3.7's "helm chart push"), ORAS's "oras push X.azurecr.io/a:v1 file"
		strings.Contains(text, "helm push ") || strings.Contains(text, "helm chart push ") || strings.Contains(text, "oras push ")) {
		a.acrPush = a.n
	}
	return docker
}

// acrPushRefused: the registry's bare refusal ("denied: requested access
// to the resource is denied", "unauthorized: authentication required")
// while docker pushes to an ACR.
func acrPushRefused(a *analyzer, text string) bool {
	if a.acrPush == 0 || a.n-a.acrPush > 200 {
		return false
	}
	// the refusal on a line of its own, after whatever prefix the tool
	// puts before it ("#10 ERROR: unauthorized: …", "[DBG] denied: …")
	for _, p := range []string{"denied: ", "unauthorized: "} {
		if i := strings.Index(text, p); i >= 0 && (i == 0 || text[i-1] == ' ') && !strings.Contains(text[:i], "/") {
			return true
		}
	}
	if strings.Contains(text, "error parsing HTTP ") {
		return true
	}
	// containerd's resolver as Helm and ORAS print it, the push's token
	// refused ("Error: failed to authorize: failed to fetch anonymous token:
	// unexpected status: 401 Unauthorized"), unless a pull came after the push
	return a.pullCmd < a.acrPush && strings.Contains(text, "failed to authorize") &&
		(strings.Contains(text, "401 Unauthorized") || strings.Contains(text, "403 Forbidden"))
}

// proseACRPushRefused: a poster saying a push was refused in a post that
// names an Azure Container Registry ("fails with an \"unauthorized:
// authentication required\" message when attempting to push", tune log
// azure-devops-docs-4473).
func proseACRPushRefused(a *analyzer, text string) bool {
	return a.acrNamed && (strings.Contains(text, " push") || strings.Contains(text, "Push")) &&
		(strings.Contains(text, "unauthorized: ") || strings.Contains(text, "denied: "))
}

// serviceLogPlaces: where online endpoints say an image build's log is
// (how-to-troubleshoot-online-endpoints, ImageBuildFailure): "The build log
// is available in the workspace blob store '…' under the path '…'", "the
// build log under the storage account '…' in the container '…' at the path '…'".
var serviceLogPlaces = []string{"build log is available in the workspace blob store", "build log under the storage account"}

// prosePullLits and prosePullRE: a poster saying an image cannot be pulled
// ("it started to fail on pull the image from ACR", "no one can pull the
// image", tune log acr-742).
var (
	// ("fails on pull", "fails to pull": the trigger "fails" brings them)
	prosePullLits = []string{"fail on pull", "failing on pull", "fail to pull",
		"cannot pull", "can't pull", "can not pull", "could not pull", "couldn't pull", "not able to pull",
		"unable to pull", "can pull the image", "can pull image",
		// an image download is its pull ("it couldn't authenticate to
		// download the image", tune log service-fabric-mesh-preview-352)
		"download the image", "download the container image", "download the docker image",
		// "the image pull fails", "pulling the image from our ACR fails",
		// "the image cannot be pulled"
		"image pull fail", "image pulls fail", "image pull is failing", "pulling the ", "pulling image", "pull of the ",
		"cannot be pulled", "can't be pulled", "could not be pulled", "couldn't be pulled"}
	prosePullRE = re(`(?i)\b(?:fail(?:s|ed|ing)? (?:on|to) pull|(?:cannot|can't|can not|could not|couldn't|not able to|unable to|no one can|nobody can) pull)(?:ing)?\b[^.;!?]{0,30}\b(?:image|container|from (?:the )?(?:acr|registry|docker ?hub|mcr))` +
		`|\b(?:cannot|can't|can not|could not|couldn't|not able to|unable to|fail(?:s|ed)? to)(?: authenticate to)? download (?:the )?(?:container |docker )?image\b` +
		`|\bimage pulls? (?:fail(?:s|ed|ing)?|(?:is|are|was|were) failing)\b` +
		`|\bpull(?:ing)? (?:of )?(?:the |an |our |my )?(?:base |docker |container )?image\b[^.;!?]{0,40}\bfail(?:s|ed|ing)?\b` +
		`|\b(?:image|container)s? (?:cannot|can't|can not|could not|couldn't) be pulled\b`)
)

// inferProsePull: a post that is nothing but a poster saying an image
// cannot be pulled (rule 8 of testdata/reallogs: prose counts when it is all
// there is).
func (a *analyzer) inferProsePull() {
	a.inferFromProse(a.prosePullFail, PullFailed,
		"the post says the image cannot be pulled but holds no pull output: the detail of the refusal is in the puller's log")
}

// registryWordLits are the words onRegistryWords notes: a push or a pull
// spoken of, an Azure registry named, a registry's refusal in any
// wording, and the Azure CLI's and docker's login failures.
var registryWordLits = []string{
	"push", "Push", "pull", "Pull", "ACR", "aka.ms/acr", // "ontainer registry", "ontainer Registry": " registry", " Registry" below
	// the registry's name in lower case, as registryProseRE and stalledRE
	// (both (?i)) admit it ("failed to log in to acr", "the acr login
	// hangs"); "az acr" holds it
	" acr",
	"uthentication required", "nauthorized", "requested access to the resource is denied",
	"Application not registered with AAD", "Invalid clientid or client secret",
	"Login failed", "login attempt", "rror storing credentials", "rror getting credentials",
	"docker login ", "Login Succeeded", "digest: sha256:", // "Logging in to registry: ": " registry" below
	// what a push prints when it fails other than by a refusal ("failed to
	// push ", "Failed to push images successfully": "push" above; "blob
	// upload unknown", "blob upload invalid": "blob" below)
	"eceived unexpected HTTP status",
	"TLS handshake timeout", "i/o timeout", "connection reset by peer", "insufficient_scope", "EOF",
	// a poster saying the registry cannot be reached (registryProse)
	" registry", " Registry", " REGISTRY",
	// a poster saying storage refused a request (storageProse)
	"torage account", "blob", "Blob", "datastore",
	// a storage key that is no valid base64 (a malformed secret, AML999)
	"base64",
}

// onRegistryWords keeps what the post says about registries, for
// verdicts no single line gives: a registry refusal in a post about
// pushing to an Azure registry is that registry refusing the workspace
// (AML902; rule 27 of testdata/reallogs), in a post about pulling it is
// the pull failing (AML903).
func onRegistryWords(a *analyzer, ev Evidence, text string) {
	acr := acrText(text)
	if acr || azureRegistryNamed(text) {
		a.acrNamed = true
	}
	if strings.Contains(text, "acr login") || strings.Contains(text, "docker login ") && acr {
		a.acrLogin = a.n
	}
	if strings.Contains(text, "base64") {
		a.badKey = true
	}
	if strings.Contains(text, "Login Succeeded") {
		a.loginOK = a.n
	}
	if !acr && (strings.Contains(text, "The push refers to repository [") || pushCommandOther(text)) {
		// a push to another registry (docker.io, also when the poster meant
		// an ACR and the tag lacks its host): its refusal is no ACR's (rule 34)
		a.otherPush = a.n
	}
	if a.acrPush > 0 && strings.Contains(text, "digest: sha256:") && strings.Contains(text, " size: ") {
		// docker push's last line ("1.0: digest: sha256:… size: 1234"): the
		// push is done, what fails after it is not the push
		a.acrPush = 0
	}
	if i := strings.Index(text, "Logging in to registry: "); i >= 0 {
		// an ACR task logging in before its build (acr-builder)
		a.taskLogin = strings.TrimSpace(text[i+len("Logging in to registry: "):])
	}
	if strings.Contains(text, "push") || strings.Contains(text, "Push") ||
		// a registry login is the registry's own business as a push is
		// (rule 27 of testdata/reallogs)
		containsAny(text, []string{"docker login", "acr login", "registry login", "oras login", "podman login"}) {
		a.pushSaid = true
	}
	if (strings.Contains(text, "pull") || strings.Contains(text, "Pull")) && pullWord(text) {
		a.pullSaid = true
		if img := pullCommandImage(text); img != "" {
			a.pullCmd, a.pullImage = a.n, img
		}
	}
	if strings.Contains(text, "rror storing credentials") || strings.Contains(text, "rror getting credentials") {
		a.credStore = true // docker's credential helper failed: a local problem, not the registry
	}
	if a.refusalEv.Line == 0 && !isWarning(text) && registryRefusal(text) {
		a.refusalEv = ev
	}
	if a.stalledEv.Line == 0 && stalledLoginOrPush(text) {
		a.stalledEv = ev
	}
	if a.storageProseEv.Line == 0 && storageProse(text) {
		a.storageProseEv = ev
	}
	switch {
	case a.registryProseEv.Line == 0 && registryProse(text):
		// "az acr build … cannot reach the registry's private endpoint":
		// inferred at the end, in a post that names an Azure registry and
		// shows no error of its own (inferRegistryProse)
		a.registryProseEv = ev
	case strings.Contains(text, "failed to push ") && acr:
		// BuildKit and containerd: "failed to push X.azurecr.io/app:1: …",
		// whatever the reason (a refusal, insufficient_scope, a 403 on the
		// manifest PUT, a time-out): the registry did not take the image
		a.add(ACRUnreachable, acrHost(text), ev)
	case strings.Contains(text, "Failed to push images successfully"):
		// acr-builder's pushWithRetries gave up: the task could not push
		// the image it built to the registry (its own, an ACR)
		a.add(ACRUnreachable, a.acrHost, ev)
	case a.acrPush > 0 && a.n-a.acrPush <= 200 && a.pullCmd < a.acrPush && pushFailure(text):
		// docker push to an ACR, then the failure on a line of its own
		a.add(ACRUnreachable, a.acrHost, ev)
	case cliLoginFailed(a, text):
		// azure-cli acr/custom.py acr_login: docker login failed after the
		// CLI got the registry's credentials ("ERROR: Login failed.")
		a.add(ACRUnreachable, a.acrHost, ev).explain("az acr login could not log docker in to the registry: the lines above it say why")
	case strings.Contains(text, "login attempt") && strings.Contains(text, "failed with status") && (acrText(text) || a.acrNamed):
		// moby registry/auth.go: "login attempt to https://X.azurecr.io/v2/
		// failed with status: 403 Forbidden" (older: "login attempt failed
		// with status: 401 Unauthorized"), whatever the status
		a.add(ACRUnreachable, acrHost(text), ev)
	}
}

// cliLoginFailed: the Azure CLI's "Login failed." after `az acr login`
// (or on a line naming the registry), unless docker's credential helper
// is what failed.
func cliLoginFailed(a *analyzer, text string) bool {
	t := strings.TrimRight(strings.TrimSpace(text), ".")
	if !strings.HasSuffix(t, "Login failed") || a.credStore {
		return false
	}
	return a.acrLogin > 0 && a.n-a.acrLogin <= 40 || acrText(text)
}

// azureRegistryNamed: a line naming an Azure Container Registry other
// than by its host (acrText, which its caller tests): the word ACR, an az
// acr command, an aka.ms/acr link, or a container registry on a line that
// speaks of Azure or its CLI.
func azureRegistryNamed(text string) bool {
	if strings.Contains(text, "az acr") || strings.Contains(text, "aka.ms/acr") || acrWord(text) ||
		// only an ACR refuses an identity in these words
		strings.Contains(text, "Application not registered with AAD") || strings.Contains(text, "Invalid clientid or client secret") {
		return true
	}
	// an Azure ML workspace's container registry is an ACR ("the
	// workspace's container registry is behind a private endpoint")
	if containsAny(text, []string{"workspace's container registry", "workspace container registry", "workspace’s container registry"}) {
		return true
	}
	return (strings.Contains(text, "ontainer registry") || strings.Contains(text, "ontainer Registry")) &&
		(strings.Contains(text, "Azure") || strings.Contains(text, "AZ CLI") || strings.Contains(text, "az cli"))
}

// acrWord reports whether text holds ACR as a word: not inside MACRO or
// SACRED, but glued to a digit, '-' or '_' ("ACR-name", "ACR_NAME").
func acrWord(text string) bool { return containsWordOf(text, "ACR", letter) }

func letter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// registryRefusal: a registry's refusal as a tool prints it or a poster
// quotes it: distribution's "unauthorized: authentication required" (ACR
// adds ", visit https://aka.ms/acr/authorization for more information"),
// "denied: requested access to the resource is denied", a quoted
// "unauthorized", "unauthorized errors", "401 Unauthorized".
func registryRefusal(text string) bool {
	if strings.Contains(text, "requested access to the resource is denied") || strings.Contains(text, `"code":"DENIED"`) {
		return true
	}
	if !strings.Contains(text, "nauthorized") && !strings.Contains(text, "NAUTHORIZED") {
		return false
	}
	l := strings.ToLower(text)
	for _, s := range []string{"unauthorized: authentication required", "\"unauthorized\"", "`unauthorized`", "'unauthorized'",
		"unauthorized error", "401 unauthorized", "unauthorized: authentication",
		// distribution's error body as JSON: {"errors":[{"code":"UNAUTHORIZED","message":"authentication required, …"}]}
		"\"code\":\"unauthorized\"",
		// ACR's refusals of a Microsoft Entra service principal (container-registry-troubleshoot-login)
		"application not registered with aad", "invalid clientid or client secret"} {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// inferRegistryProse: a poster's sentence that the registry cannot be
// reached, in a post that names an Azure registry and shows no error a
// tool printed (a kubelet's ImagePullBackOff below decides instead).
func (a *analyzer) inferRegistryProse() {
	if a.registryProseEv.Line == 0 || !a.acrNamed || a.hasError() {
		return
	}
	f := a.infer(ACRUnreachable, a.acrHost, a.registryProseEv)
	f.Severity = lint.Error
	f.explain("the text says the registry cannot be reached or logged in to")
}

// stalledRE: a poster saying a registry login or push never finishes ("az
// acr login times out", "docker push to our ACR hangs forever"); rule 27 of
// testdata/reallogs names az acr login timing out as AML902.
var stalledRE = re(`(?i)\b(?:acr login|docker login|docker push|push(?:es|ing)? (?:(?:the|an|my|our|a) )?(?:docker |container )?images?|push(?:es|ing)? to (?:(?:the|our|my) )?(?:acr|registry|container registry|\S+\.azurecr\.io))\b[^.;!?]{0,80}?\b(?:times? out|timed out|timing out|time-?out|hangs?|hanging|hung|stuck|never (?:finishes|completes|returns))\b`)

// Every match of stalledRE holds, in some case, one of stalledLits and one
// of stalledWaitLits.
var (
	stalledLits     = []string{"login", "push"}
	stalledWaitLits = []string{"time", "timing", "hang", "hung", "stuck", "never"}
)

func stalledLoginOrPush(text string) bool {
	return mayMatchFold(text, stalledLits) && mayMatchFold(text, stalledWaitLits) && stalledRE.MatchString(text)
}

// inferStalled: a post that names an Azure registry, never speaks of
// pulling and shows no error, in which a registry login or push never
// finishes: the registry is out of reach (likely).
func (a *analyzer) inferStalled() {
	if a.stalledEv.Line == 0 || !a.acrNamed || a.pullSaid || a.hasError() {
		return
	}
	f := a.infer(ACRUnreachable, a.acrHost, a.stalledEv)
	f.Severity = lint.Error
	f.explain("the text says a login to or push to the registry never finishes: the registry is likely out of reach (firewall, private endpoint, proxy)")
}

// inferPushRefused: a post that names an Azure Container Registry, speaks
// of pushing to it (or of logging in to it) and never of pulling, and shows the registry's refusal
// with no other error: the registry refused the push (rule 27 of
// testdata/reallogs: a refused push is AML902, a refused pull AML903).
func (a *analyzer) inferPushRefused() {
	if a.refusalEv.Line == 0 || !a.pushSaid || a.pullSaid || !a.acrNamed || a.otherPush > 0 || a.hasError() {
		return
	}
	f := a.infer(ACRUnreachable, a.acrHost, a.refusalEv)
	f.Severity = lint.Error
	f.explain("the registry refused an image push (the post speaks of pushing, never of pulling): log in to the registry with an identity that has AcrPush on it")
}

// pullCommandImage returns the image of a pull command on the line
// ("$ docker pull myacr.azurecr.io/app:1", podman's), or "".
func pullCommandImage(text string) string {
	w, _ := commandArg(text, []string{"docker pull ", "podman pull ", "docker image pull "})
	return strings.Trim(w, "`'\"")
}

// commandArg returns the first word that is no option after the first of
// cmds in text that has one, and whether there was one.
func commandArg(text string, cmds []string) (string, bool) {
	for _, c := range cmds {
		i := strings.Index(text, c)
		if i < 0 {
			continue
		}
		for _, w := range strings.Fields(text[i+len(c):]) {
			if !strings.HasPrefix(w, "-") {
				return w, true
			}
		}
	}
	return "", false
}

// afterPullCommand: a pull command was given just above (its refusal is
// printed on a line that names no image).
func (a *analyzer) afterPullCommand() bool {
	return a.pullCmd > 0 && a.n-a.pullCmd <= 5
}

// afterACRLogin: a login to an ACR was given just above, and no pull
// after it (the refusal on a line of its own is the login's).
func (a *analyzer) afterACRLogin() bool {
	return a.acrLogin > 0 && a.n-a.acrLogin <= 5 && a.pullCmd < a.acrLogin && a.acrPush < a.acrLogin &&
		a.loginOK < a.acrLogin && a.otherPush < a.acrLogin &&
		!a.fromStep // a login that worked, then a FROM image refused, is the pull's
}

// bareRefusal: a registry's refusal on a line of its own, after the
// prefix docker or a CI step puts before it ("Error response from daemon:
// unauthorized: …", "Error: denied: …").
func bareRefusal(text string) bool {
	t := strings.TrimSpace(text)
	for _, p := range []string{"##[error]", "Error response from daemon:", "Error:", "ERROR:", "error:"} {
		t = strings.TrimSpace(strings.TrimPrefix(t, p))
	}
	return strings.HasPrefix(t, "unauthorized: ") || strings.HasPrefix(t, "denied: ") || strings.HasPrefix(t, "UNAUTHORIZED: ")
}

// pushFailure: a line that, while docker pushes, says the push failed:
// distribution's client errors ("received unexpected HTTP status: 500
// Internal Server Error", "blob upload unknown", "error parsing HTTP 413
// response body"), a refusal, or the connection to the registry failing
// ("net/http: TLS handshake timeout", "read tcp …: connection reset by
// peer", a bare "EOF"); not the per-layer "Retrying in 5 seconds".
func pushFailure(text string) bool {
	t := strings.TrimSpace(text)
	if strings.Contains(t, "Retrying in") || isWarning(t) {
		return false
	}
	if t == "EOF" || strings.HasSuffix(t, ": EOF") {
		return true
	}
	for _, s := range []string{"eceived unexpected HTTP status", "blob upload unknown", "blob upload invalid", "TLS handshake timeout",
		"i/o timeout", "connection reset by peer", "insufficient_scope", "error parsing HTTP ", "no such host", "connection refused"} {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// registryProseRE: a poster saying the registry is out of reach ("cannot
// reach the registry's private endpoint", "unable to log in to the
// registry"); registryAccessRE's words for a registry that names neither
// ACR nor a container registry, so only in a post that names an Azure
// registry. A pull ("cannot pull from the registry") is not among them.
var registryProseRE = re(`(?i)\b(?:unable to|cannot|can't|could not|couldn't|can not|failed to|fails to|not able to) (?:access|reach|connect to|communicate with|resolve|log ?in to|authenticate (?:to|with)) (?:the |your |its |our |my |this |that )?(?:registry(?:'s)?|acr)\b`)

// Every match of registryProseRE holds, in some case, " registry" or
// " acr" ("failed to connect to ACR", the word ACR said of the registry),
// and one of registryProseVerbs.
var registryProseVerbs = []string{"reach ", "access ", "connect to ", "communicate with ", "resolve ", "login to ", "log in to ", "authenticate "}

func registryProse(text string) bool {
	return mayMatchFold(text, []string{" registry", " acr"}) && mayMatchFold(text, registryProseVerbs) && registryProseRE.MatchString(text) ||
		registryNetProse(text)
}

// registryNetRE: a poster saying the registry is closed to the build in
// the guide's own terms for AML902 ("Workspace's ACR is behind a virtual
// network (VNet) (private endpoint or service endpoint)"): "ACR is behind
// a VNet", "our ACR is in a virtual network", "the ACR has public network
// access disabled", "admin user is disabled on the container registry",
// "the workspace ACR is network-isolated", "the workspace container
// registry is not accessible from the image build". Every match holds "acr" or
// "registry" (in some case), as registryWordLits need.
var registryNetRE = re(`(?i)\b(?:acr|registry)\b[^.;!?]{0,60}?(?:\b(?:behind|in|inside|within) (?:a |the |our |my |its )?(?:vnet|virtual network|private (?:endpoint|link)|private network|firewall)\b|\bnetwork[- ]isolated\b|\b(?:has|with|have) (?:a |the )?firewall\b|\bblocks? public (?:network )?access\b|\b(?:public (?:network )?access|admin (?:user|account))\b[^.;!?]{0,25}?\b(?:disabled|not enabled|turned off|switched off)\b|\bonly reachable (?:through|via|over) (?:a |the )?private|\b(?:is not|was not|isn't|wasn't|not) (?:accessible|reachable)\b|\b(?:inaccessible|unreachable)\b)|\b(?:admin (?:user|account)|public (?:network )?access) (?:is |was )?(?:disabled|not enabled|turned off)\b[^.;!?]{0,40}?\b(?:acr|registry)\b`)

// registryNetLits: one of them is in every match of registryNetRE.
var registryNetLits = []string{"vnet", "virtual network", "private", "firewall", "isolated", "public", "admin", "accessible", "reachable"}

// registryNetFailed: the words of the build failing for it ("so the build
// fails", "the image build can't push").
var registryNetFailed = []string{"fail", "can't", "cannot", "can not", "unable", "not able", "error", "not accessible", "inaccessible", "unreachable", "not reachable", "blocks"}

// registryNetProse: the registry closed to the build, with the build (an
// image, an environment, a push) failing in the same sentence; not a
// supposition or advice ("If your ACR is behind a VNet, …"), a fix, a
// pull (a base image behind a private endpoint is AML903), nor one that
// works ("behind a private endpoint and everything works").
func registryNetProse(text string) bool {
	if !mayMatchFold(text, registryNetLits) || !mayMatchFold(text, []string{"acr", "registry"}) {
		return false
	}
	loc := registryNetRE.FindStringIndex(text)
	if loc == nil {
		return false
	}
	l := strings.ToLower(text)
	if !containsAny(l, registryNetFailed) || !containsAny(l, []string{"build", "image", "environment", "push"}) ||
		containsAny(l, []string{"pull", "works fine", "works well", "it works", "everything works", "still works", " working", "succeed", "success"}) {
		return false
	}
	head := sentenceHead(text, loc[0])
	return !scriptWords(head) && !containsAny(head, fixWords) && !containsAny(l, []string{"if your", "if the", "if you", "to use a private", "must ", "should "})
}

// pullWord reports whether text speaks of a pull other than GitHub's pull
// requests ("pull request", "pull_request", "refs/pull/1/merge",
// ".../pull/123").
func pullWord(text string) bool {
	if !strings.Contains(text, "equest") && !strings.Contains(text, "/pull") && !strings.Contains(text, "ulls/") {
		return true // no pull request here: spare the lower-casing on docker's many "Pull complete" lines
	}
	l := strings.ToLower(text)
	for i := 0; ; {
		k := strings.Index(l[i:], "pull")
		if k < 0 {
			return false
		}
		k += i
		rest := l[k+4:]
		pr := strings.HasPrefix(rest, " request") || strings.HasPrefix(rest, "_request") || strings.HasPrefix(rest, "-request") ||
			strings.HasPrefix(rest, "s/") || k > 0 && l[k-1] == '/' && strings.HasPrefix(rest, "/")
		if !pr {
			return true
		}
		i = k + 4
	}
}

// noteACRHost keeps the distinct ACR hosts a post names (a few), and the
// one a DNS lookup failed for.
func (a *analyzer) noteACRHost(h, text string) {
	h = strings.ToLower(h)
	if dnsFailure(text) && a.acrDNSHost == "" {
		a.acrDNSHost = h
	}
	for _, x := range a.acrHosts {
		if x == h {
			return
		}
	}
	if len(a.acrHosts) < 8 {
		a.acrHosts = append(a.acrHosts, h)
	}
}

// dnsFailure: a line saying a name did not resolve.
func dnsFailure(text string) bool {
	return containsAny(text, []string{"no such host", "ould not be resolved", "ould not resolve", "nable to resolve",
		"Name or service not known", "Temporary failure in name resolution", "server misbehaving"})
}

// misspeltACR: the ACR host whose lookup failed is a near miss of another
// ACR host the post names ("myacrr.azurecr.io" beside "myacr.azurecr.io"):
// the image path names the wrong host, which is a pull failure, not the
// registry out of reach (rule 29 of testdata/reallogs).
func (a *analyzer) misspeltACR() bool {
	if a.acrDNSHost == "" {
		return false
	}
	bad := registryName(a.acrDNSHost)
	for _, h := range a.acrHosts {
		good := registryName(h)
		if good == bad || len(good) < 4 || stripDigits(good) == stripDigits(bad) {
			continue // numbered registries (acr1, acr2) are siblings, not a misspelling
		}
		if d := suggest.Distance(good, bad); d >= 1 && d <= 2 {
			return true
		}
	}
	return false
}

// registryName is a host's first label (the registry's name).
func registryName(h string) string {
	if i := strings.IndexByte(h, '.'); i > 0 {
		return h[:i]
	}
	return h
}

// inferMisspeltACR turns the ACR-unreachable finding that rests on a
// failed lookup of a misspelt host into the pull failure it is.
func (a *analyzer) inferMisspeltACR() {
	f := a.byID[ACRUnreachable]
	if f == nil || !a.misspeltACR() {
		return
	}
	for _, s := range f.Subjects {
		if strings.ToLower(s) != a.acrDNSHost {
			return // the finding rests on more than the misspelt host
		}
	}
	delete(a.byID, ACRUnreachable)
	p := a.add(PullFailed, "", f.Evidence[0])
	for _, ev := range f.Evidence[1:] {
		p.addEvidence(ev)
	}
	p.explain("the registry host that does not resolve, " + a.acrDNSHost + ", is a misspelling of another the text names: the image path is wrong")
}

func stripDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return -1
		}
		return r
	}, s)
}

// pushCommandOther: a push command whose image names no ACR host
// ("docker push myuser/app:1", "helm push chart.tgz oci://ghcr.io/org").
func pushCommandOther(text string) bool {
	if i := indexAny(text, []string{"helm push ", "helm chart push ", "oras push "}); i >= 0 {
		// the registry is not the first word (helm push CHART oci://HOST/…):
		// the caller has seen that the line names no ACR; a variable may be one
		return !strings.Contains(text[i:], "$")
	}
	w, ok := commandArg(text, []string{"docker push ", "podman push "})
	return ok && !acrText(w) && !strings.HasPrefix(w, "$")
}

// indexAny returns the index of the first of subs found in text (in the
// order of subs), or -1.
func indexAny(text string, subs []string) int {
	for _, s := range subs {
		if i := strings.Index(text, s); i >= 0 {
			return i
		}
	}
	return -1
}
