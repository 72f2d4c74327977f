package diagnose

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// Handlers for what the Azure Machine Learning service itself says, as
// SDK v1 and v2, the CLI and the studio print it, when that is pasted
// instead of (or above) the build output: the image build failed and where
// its log is, the workspace registry refused the service, the environment
// definition was rejected before any build ran.

// onService follows the service's own report of the build.
func onService(a *analyzer, ev Evidence, text string) {
	switch {
	case strings.Contains(text, "Unauthorized error encountered") && mentionsRegistry(text) ||
		((strings.Contains(text, "resync") || strings.Contains(text, "sync-keys")) && mentionsRegistry(text)):
		// The workspace's registry credentials are out of step with the
		// registry (the fix the service suggests is to resync the keys).
		a.add(ACRUnreachable, a.acrHost, ev).explain("the service could not authenticate to the workspace's container registry")
		a.serviceFail(ev)
	case strings.Contains(text, "Build log:"):
		// "(UserError) Image build failed. Build log: <blob URL>" (azure-ai-ml,
		// an environment in a registry); what follows may be the fetch of
		// that log failing. The line is a failure only when it says so: a
		// tool's "Build log: /tmp/build.log" beside a success is none.
		a.serviceLogLine = a.n
		if mayMatchFold(text, []string{"fail", "error"}) {
			a.serviceFail(ev)
		}
	case a.serviceLogLine > 0 && (strings.Contains(text, "ERROR 40") || strings.Contains(text, "Public access is not permitted") ||
		strings.Contains(text, "PublicAccessNotPermitted")):
		// Fetching the build log the service pointed at failed.
		logUnavailable(a, ev, "the build log could not be fetched from the workspace storage: open it from the studio (Outputs + logs) or with the workspace's credentials")
	case strings.Contains(text, "Environment Image to become available"):
		// An online deployment gave up waiting for its environment's image:
		// the image build failed or ran too long, and its log says which.
		logUnavailable(a, ev, "the deployment timed out waiting for the environment's image: its build failed or is still running; fetch that build's log (the studio's environment page, or the workspace storage) and diagnose it")
		a.serviceFail(ev)
	case strings.Contains(text, "No builds exist for environment") || strings.Contains(text, "Failed to fetch build details"):
		logUnavailable(a, ev, "the service has no build, and so no build log, for this environment version")
	case (strings.Contains(text, "fail") || strings.Contains(text, "Fail") || strings.Contains(text, "FAIL")) &&
		mayMatchFold(text, []string{"log"}) && (noLogRE.MatchString(text) || emptyLogRE.MatchString(text)):
		// (every match of either expression holds "log")
		// A poster saying there is no log to read.
		f := a.infer(BuildLogUnavailable, "", ev)
		f.Severity = lint.Error
		f.explain("the build failed and its log is not at hand")
	case strings.Contains(text, "Environment image build status"):
		// the studio's environment page, pasted: "Environment image build
		// status" and then "❌ Failed" (quoted in
		// marrrcin/azure-ml-environment-build-issue: the build failed and
		// no build log is shown)
		if strings.Contains(text, "Failed") {
			a.serviceFail(ev)
			return
		}
		a.startFollow(studioBuildFailed, 2)
	case strings.Contains(text, "Image Build Status: ") && strings.Contains(text, "Failed"),
		strings.Contains(text, "creation operation finished for image") && strings.Contains(text, "\"Failed\""),
		strings.Contains(text, "More information about this error is available here") || strings.Contains(text, "aka.ms/debugimage"):
		// azureml-core: ImageBuildDetails.wait_for_completion's "Image Build
		// Status: Failed" (Environment.build), Image.wait_for_creation's
		// "More information about this error is available here: <log URI>
		// For more help with troubleshooting, see https://aka.ms/debugimage"
		// and "Image creation operation finished for image X, operation
		// \"Failed\"": the build failed and its log is elsewhere
		a.serviceFail(ev)
	case serviceImageBuildFailed(text), strings.Contains(text, "ActivityFailedException"), strings.Contains(text, "ImageBuildFailure"),
		containsAny(text, serviceLogPlaces),
		// a deployment's environment build (tune log MCW-Cosmos-DB-Real-Time-Advanced-Analytics-40):
		// "code": "EnvironmentBuildFailed", "message": "Failed Building the Environment."
		strings.Contains(text, "EnvironmentBuildFailed"), strings.Contains(text, "Failed Building the Environment"):
		a.serviceFail(ev)
	case a.proseBuildFail.Line == 0 && buildFailProseRE.MatchString(text) && envWordRE.MatchString(text) && !proseNamesCause(text):
		a.proseBuildFail = ev
	case a.prosePullFail.Line == 0 && mayMatchFold(text, []string{"pull", "download"}) && prosePullRE.MatchString(text) && !pullWorkedWords(text):
		// (every match of prosePullRE holds "pull" or "download")
		a.prosePullFail = ev
	}
}

// studioBuildFailed: the studio's status under its "Environment image build
// status" heading, a line that is only "Failed" (after its icon).
func studioBuildFailed(a *analyzer, ev Evidence, text string) bool {
	t := strings.TrimSpace(text)
	if t == "" {
		return true
	}
	if strings.HasSuffix(t, "Failed") && len(t) <= len("Failed")+8 {
		a.serviceFail(ev)
	}
	return false
}

// serviceImageBuildFailed: the service's own sentence, SDK v1's "Image
// build failed. For more details, check log file …" and the old SDK's
// "Docker image build failed."; a poster's "the image build failed" in
// lower case is prose (buildFailProseRE), inferred only when it is all the
// post says.
func serviceImageBuildFailed(text string) bool {
	return strings.Contains(text, "Image build failed") || strings.Contains(text, "Docker image build failed") ||
		strings.Contains(text, "mage build failed") && strings.Contains(text, "20_image_build_log")
}

// buildFailProseRE: a poster saying a build fails ("when I try to build it
// that fails", "the image build failed", "fails to build"); envWordRE:
// about an environment or image.
var (
	buildFailProseRE = re(`(?i)\b(?:build(?:ing)?|built)\b[^.;!?]{0,40}\bfail(?:s|ed|ing|ure)?\b|\bfail(?:s|ed)? (?:to|while|when) build`)
	envWordRE        = re(`(?i)\b(?:env(?:ironment)?s?|image|docker(?:file)?|container)\b`)
	// proseCauseRE: the poster names the cause ("fails building the
	// cryptography module … due to missing openssl and ffi headers", tune
	// log mattermost-docker-124): then the cause is the finding, if any, not
	// the missing log.
	proseCauseRE = re(`(?i)\b(?:due to|because|caused by|missing|not found|no such|cannot find|can't find|could not find|error|building|compiling|installing)\b`)
)

// inferLogUnavailable: a post that is nothing but a poster saying the
// environment's build fails has no log to diagnose (the guide's "build log
// unavailable"; rule 8 of testdata/reallogs: prose counts when it is all
// there is).
func (a *analyzer) inferLogUnavailable() {
	a.inferFromProse(a.proseBuildFail, BuildLogUnavailable,
		"the post says the environment's build fails but holds no build output: fetch the build log and diagnose it")
}

// inferFromProse reports problem id, as an error inferred from the poster's
// words at ev, when those words are all the post shows: no error line, no
// build step, no success, no other error-looking prose.
func (a *analyzer) inferFromProse(ev Evidence, id, detail string) {
	if ev.Line == 0 || a.hasError() || a.steps > 0 || a.lastSuccess > 0 || !a.onlyProseErrors(ev) {
		return
	}
	f := a.infer(id, "", ev)
	f.Severity = lint.Error
	f.explain(detail)
}

// noLogRE: "there is not any links to logs", "with no build logs at all",
// "cannot find the log": the log itself is missing. The words between may
// only say which log ("the image build log", "links to the logs"): "no
// error in the logs" and "nothing useful in the build log" say that the
// log is there.
var noLogRE = re(`(?i)\b(?:no|not any|without|missing|(?:can ?not|can't|couldn't|could not|unable to) (?:find|get|see|access|open|download|view))\b(?: (?:links? to|access to|the|any|a|an|its|image|docker|build|environment|env|conda))* logs?\b`)

// emptyLogRE: the log is there but empty ("the build log is empty", "an
// empty build log"), or the job's build log file is not among its outputs
// ("there is no 20_image_build_log.txt").
var emptyLogRE = re(`(?i)\blogs? (?:file )?(?:is|are|was|were) (?:empty|blank)\b|\bempty (?:image |build )*logs?\b|\b(?:no|not any|without|missing|(?:can ?not|can't|couldn't|could not|unable to) (?:find|get|see|access|open|download|view)) (?:the |any |a )?\S*image_build_log`)

// noCauseRE: a poster saying that there is no error to read ("fails with
// no error message"): that names no cause.
var noCauseRE = re(`(?i)\b(?:no|without(?: any)?|not any) (?:errors?|error messages?)\b`)

// proseNamesCause reports whether a poster's sentence about a failed build
// names its cause (proseCauseRE), not counting a mere "no error message".
func proseNamesCause(text string) bool {
	if !proseCauseRE.MatchString(text) {
		return false
	}
	return proseCauseRE.MatchString(noCauseRE.ReplaceAllString(text, ""))
}

func logUnavailable(a *analyzer, ev Evidence, detail string) {
	f := a.add(BuildLogUnavailable, "", ev)
	f.Severity = lint.Error
	f.explain(detail)
}

func mentionsRegistry(text string) bool {
	return strings.Contains(text, "container registry") || strings.Contains(text, "Container Registry") ||
		strings.Contains(text, "ACR") || acrText(text)
}

// serviceFail notes that the service reported the build as failed.
func (a *analyzer) serviceFail(ev Evidence) {
	if a.serviceEv.Line == 0 {
		a.serviceEv = ev
	}
	a.lastFailure = a.n
	if a.failEv.Line == 0 {
		a.failEv = ev
	}
}

// definition is an environment-definition problem the service reports
// when it rejects a definition; each is also a lint rule, which finds it in
// the spec before anything is submitted.
type definition struct {
	rule     string   // lint rule ID
	name     string   // lint rule name
	title    string   // the troubleshooting guide's heading
	phrases  []string // how the service and the guide word it
	severity lint.Severity
	fix      string
}

// definitions are the guide's "Environment definition problems" that a
// pasted service error can report. The rule IDs and names are those of the
// lint rules (a test in cmd/mlenv-lint checks them against the registry).
var definitions = []definition{
	{"AML101", "curated-prefix", "Curated prefix not allowed",
		[]string{"Curated prefix not allowed", "reserved for curated environments", "prefixes are reserved", "reserved prefix"},
		lint.Error, "Rename the environment so that it does not start with Microsoft or AzureML; to change a curated environment, clone it under a new name."},
	{"AML102", "name-too-long", "Environment name is too long",
		[]string{"Environment name is too long", "Environment names can be up to 255 characters"},
		lint.Error, "Shorten the environment name to 255 characters or less."},
	{"AML110", "missing-docker-definition", "Missing Docker definition",
		[]string{"Missing Docker definition"},
		lint.Error, "Add a docker section with a base image, a base Dockerfile or a build context."},
	{"AML111", "missing-build-context-location", "Missing Docker build context location",
		[]string{"Missing Docker build context location"},
		lint.Error, "Give the build context's path (v2 build.path, v1 buildContext.location)."},
	{"AML112", "too-many-docker-options", "Too many Docker options",
		[]string{"Too many Docker options", "Docker image or Dockerfile should be provided not both"},
		lint.Error, "Keep one of image and build (v2), or one of baseImage, baseDockerfile and buildContext (v1); set the others to null."},
	{"AML113", "missing-docker-option", "Missing Docker option",
		[]string{"Missing Docker option", "Docker image or Dockerfile is required for environments"},
		lint.Error, "Give the environment an image or a build context (v1: a base image, base Dockerfile or build context)."},
	{"AML114", "registry-credentials-incomplete", "Container registry credentials missing either username or password",
		[]string{"Container registry credentials missing either username or password"},
		lint.Error, "Give both a username and a password for the base image registry, or better, use a workspace connection."},
	{"AML115", "multiple-registry-credentials", "Multiple credentials for base image registry",
		[]string{"Multiple credentials for base image registry"},
		lint.Error, "Keep one set of registry credentials: username/password or a registry identity."},
	{"AML118", "dockerfile-too-large", "Dockerfile length over limit",
		[]string{"Dockerfile length over limit", "maximum Dockerfile size"},
		lint.Error, "Shorten the Dockerfile below 100 KB, e.g. by moving long scripts into files of the build context."},
	{"AML120", "missing-dockerfile-path", "Missing Dockerfile path",
		[]string{"Missing Dockerfile path"},
		lint.Error, "Give the Dockerfile's path relative to the root of the build context."},
	{"AML121", "attribute-with-build-context", "Not allowed to specify attribute with Docker build context",
		[]string{"Not allowed to specify attribute with Docker build context"},
		lint.Error, "Remove environment variables, conda dependencies, R and Spark from a build-context environment; put them in its Dockerfile."},
	{"AML122", "unsupported-location-type", "Location type not supported/Unknown location type",
		[]string{"Location type not supported", "Unknown location type"},
		lint.Error, "Use a storage account location for the build context."},
	{"AML201", "deprecated-base-image", "Base image is deprecated",
		[]string{"Base image is deprecated"},
		lint.Warning, "Move to a current base image (e.g. mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04)."},
	{"AML301", "python-section-missing", "Python section missing",
		[]string{"Python section missing"},
		lint.Error, "Add a python section with the conda dependencies, Python among them."},
	{"AML303", "multiple-python-versions", "Multiple Python versions",
		[]string{"Multiple Python versions"},
		lint.Error, "List python once in the conda dependencies."},
	{"AML306", "invalid-python-version", "Failed to validate Python version",
		[]string{"Failed to validate Python version"},
		lint.Error, "Write the Python version as a conda match specification, e.g. python=3.10."},
	{"AML401", "missing-conda-dependencies", "Missing conda dependencies",
		[]string{"Missing conda dependencies"},
		lint.Error, "Give a conda specification, or set user-managed dependencies if the image already has the packages."},
	{"AML402", "invalid-conda-dependencies", "Invalid conda dependencies",
		[]string{"Invalid conda dependencies"},
		lint.Error, "Correct the conda specification so that every dependency is a valid package specification."},
}

func definitionTriggers() []trigger {
	var out []trigger
	for _, d := range definitions {
		for _, p := range d.phrases {
			out = append(out, trigger{p, hDefinition})
		}
	}
	return out
}

func definitionProblem(d *definition) *Problem {
	return &Problem{
		ID: d.rule, Name: d.name, Title: d.title,
		Summary: "Azure ML rejected the environment definition: " + strings.ToLower(d.title[:1]) + d.title[1:],
		Fix:     d.fix, Tier: TierEnvironment, Severity: d.severity,
		Doc: "Reported when the log holds the Azure ML service's own error for this definition problem; " +
			"`mlenv-lint lint` finds it in the spec before the environment is submitted.",
	}
}

// sharedPhrases are definitions' phrases that other programs print too,
// each with the words one of which the line must hold to be the service's:
// a "reserved prefix" or "prefixes are reserved" is the curated
// environments' only on a line that speaks of environments or names the
// prefixes (not Kubernetes' "kubernetes.io/ and k8s.io/ prefixes are
// reserved", XML's "xml" and "xmlns", AWS ELB's policy names); a location
// type is the build context's only beside the environment, its build
// context or the guide's location types (not a Rust panic's "Unknown
// location type: 'udp'", a GCE forwarding rule's, a game's).
var sharedPhrases = map[string][]string{
	"reserved prefix":             curatedWords,
	"prefixes are reserved":       curatedWords,
	"Unknown location type":       locationWords,
	"Location type not supported": locationWords,
}

var (
	curatedWords  = []string{"nvironment", "AzureML", "Microsoft", "urated"}
	locationWords = []string{"nvironment", "uild context", "ocker", "AzureML", "Azure ML", "Git", "torage account"}
)

func onDefinition(a *analyzer, ev Evidence, text string) {
	for i := range definitions {
		d := &definitions[i]
		for _, p := range d.phrases {
			if strings.Contains(text, p) {
				if words, ok := sharedPhrases[p]; ok && !containsAny(text, words) {
					continue // another program's ("GMP reserved prefix (experimental)" in a changelog)
				}
				a.add(d.rule, "", ev)
				if d.severity >= lint.Error {
					a.serviceFail(ev)
				}
				break
			}
		}
	}
}

// IsDefinitionProblem reports whether a finding is a definition problem
// the service reported: its ID is that of a lint rule, which finds the
// spec line.
func (f *Finding) IsDefinitionProblem() bool {
	for _, d := range definitions {
		if d.rule == f.Problem.ID {
			return true
		}
	}
	return false
}

// DefinitionRules returns the lint rule IDs and names a finding can carry
// when the service reports a definition problem, with their severities.
func DefinitionRules() []lint.Rule {
	out := make([]lint.Rule, 0, len(definitions))
	for _, d := range definitions {
		out = append(out, lint.Rule{ID: d.rule, Name: d.name, Guide: d.title, Severity: d.severity})
	}
	return out
}

// onlyProseErrors reports whether the input has no error-looking line but,
// at most, the poster's sentence ev ("the environment build failed").
func (a *analyzer) onlyProseErrors(ev Evidence) bool {
	switch a.ntail {
	case 0:
		return a.buildLines == 0
	case 1:
		return a.tail[0].Line == ev.Line
	}
	return false
}

// pullWorkedWords: the sentence also says the pull worked ("pulling the
// image worked but the container fails to start").
func pullWorkedWords(text string) bool {
	return containsAny(text, []string{"worked", "works", "succeeded", "successful", " but ", "fine"})
}
