package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// dockerfileRules (AML6xx) are BuildKit's own Dockerfile checks (what
// `docker build --check` reports), run offline by the loader and given
// stable AML IDs here; built once so that each rule is one value.
var dockerfileRules = buildkitRules()

// buildkitCheck describes one BuildKit check under its AML ID.
type buildkitCheck struct {
	id, name, buildkit string
	severity           lint.Severity
	summary            string
	why                string // what goes wrong, in our words
	bad, good          string // Dockerfile examples
	tags               []string
	// keep, when set, filters BuildKit's findings: offline, some cannot be
	// trusted (see UndefinedVar).
	keep func(msg string) bool
	// fix, when set, is how to fix a finding, given BuildKit's message
	// (BuildKit's own text says what is wrong, not always what to do).
	fix func(msg string) string
}

// buildkitChecks are BuildKit's checks that need no network and no build
// context. InvalidBaseImagePlatform (needs the real image) and
// CopyIgnoredFile (needs the context) are not run offline.
var buildkitChecks = []buildkitCheck{
	{id: "AML601", name: "stage-name-casing", buildkit: "StageNameCasing", severity: lint.Warning,
		summary: "A build stage name is not lower case",
		why:     "Stage names are case-insensitive references; mixed case makes `FROM` and `COPY --from` lines disagree on the spelling.",
		bad:     "FROM python:3.12-slim AS Builder", good: "FROM python:3.12-slim AS builder"},
	{id: "AML602", name: "from-as-casing", buildkit: "FromAsCasing", severity: lint.Warning,
		summary: "FROM and AS are written in different cases",
		why:     "Keep the keywords of one instruction in one case so the file reads consistently.",
		bad:     "FROM python:3.12-slim as builder", good: "FROM python:3.12-slim AS builder"},
	{id: "AML603", name: "empty-continuation-line", buildkit: "NoEmptyContinuation", severity: lint.Warning,
		summary: "An empty line inside a continued instruction",
		why:     "An empty line inside a `\\`-continued instruction is dropped today and will be an error in a future Dockerfile syntax.",
		bad:     "RUN apt-get update && \\\n\n    apt-get install -y git", good: "RUN apt-get update && \\\n    apt-get install -y git"},
	{id: "AML604", name: "inconsistent-instruction-casing", buildkit: "ConsistentInstructionCasing", severity: lint.Warning,
		summary: "Instructions are not all written in the same case",
		why:     "Mixing `run` and `RUN` makes the file harder to read and grep.",
		bad:     "FROM python:3.12-slim\nrun pip install numpy==1.26.4", good: "FROM python:3.12-slim\nRUN pip install numpy==1.26.4"},
	{id: "AML605", name: "duplicate-stage-name", buildkit: "DuplicateStageName", severity: lint.Error,
		summary: "Two build stages have the same name",
		why:     "A stage name must identify one stage; with two, `--target` and `COPY --from` refer to the wrong one.",
		bad:     "FROM python:3.12-slim AS build\nFROM python:3.12-slim AS build", good: "FROM python:3.12-slim AS deps\nFROM python:3.12-slim AS build"},
	{id: "AML606", name: "reserved-stage-name", buildkit: "ReservedStageName", severity: lint.Error,
		summary: "A build stage uses a reserved name",
		why:     "`scratch` and `context` mean something else to the builder; a stage cannot be called that.",
		bad:     "FROM python:3.12-slim AS scratch", good: "FROM python:3.12-slim AS base"},
	{id: "AML607", name: "json-args-recommended", buildkit: "JSONArgsRecommended", severity: lint.Warning,
		summary: "CMD or ENTRYPOINT in shell form",
		why:     "In shell form the process runs under `/bin/sh -c` and does not receive SIGTERM, so a scoring server cannot shut down cleanly.",
		bad:     "FROM python:3.12-slim\nCMD python score.py", good: "FROM python:3.12-slim\nCMD [\"python\", \"score.py\"]"},
	{id: "AML608", name: "maintainer-deprecated", buildkit: "MaintainerDeprecated", severity: lint.Warning,
		summary: "The deprecated MAINTAINER instruction",
		why:     "`MAINTAINER` is deprecated; a label carries the same information.",
		bad:     "MAINTAINER ml-team@example.com", good: "LABEL org.opencontainers.image.authors=\"ml-team@example.com\""},
	{id: "AML609", name: "undefined-arg-in-from", buildkit: "UndefinedArgInFrom", severity: lint.Warning,
		summary: "FROM uses a build argument that is not declared before it",
		why:     "An undeclared `ARG` expands to nothing in `FROM`, so the base image is not the one meant.",
		bad:     "FROM mcr.microsoft.com/azureml/${BASE}", good: "ARG BASE=openmpi4.1.0-ubuntu22.04:20240304.v1\nFROM mcr.microsoft.com/azureml/${BASE}"},
	{id: "AML610", name: "workdir-relative-path", buildkit: "WorkdirRelativePath", severity: lint.Warning,
		summary: "WORKDIR with a relative path",
		why:     "A relative `WORKDIR` depends on the base image's working directory, which can change with the image.",
		bad:     "FROM python:3.12-slim\nWORKDIR app", good: "FROM python:3.12-slim\nWORKDIR /app"},
	{id: "AML611", name: "undefined-variable", buildkit: "UndefinedVar", severity: lint.Warning,
		summary: "An instruction uses an undefined variable that looks like a typo of a defined one",
		why:     "An undefined variable expands to an empty string. mlenv-lint runs offline and cannot see the variables a base image defines (`$LD_LIBRARY_PATH` in CUDA images, say), so it reports only the undefined variables BuildKit finds a close match for: the typos.",
		bad:     "FROM python:3.12-slim\nENV CONDA_DIR=/opt/conda\nENV PATH=$CONDA_DRI/bin:$PATH", good: "FROM python:3.12-slim\nENV CONDA_DIR=/opt/conda\nENV PATH=$CONDA_DIR/bin:$PATH",
		keep: func(msg string) bool { return strings.Contains(msg, "did you mean") }},
	{id: "AML612", name: "multiple-instructions-disallowed", buildkit: "MultipleInstructionsDisallowed", severity: lint.Warning,
		summary: "CMD, ENTRYPOINT or HEALTHCHECK given more than once in a stage",
		why:     "Only the last one counts; the earlier ones are dead code that misleads readers.",
		bad:     "FROM python:3.12-slim\nCMD [\"python\", \"train.py\"]\nCMD [\"python\", \"score.py\"]", good: "FROM python:3.12-slim\nCMD [\"python\", \"score.py\"]"},
	{id: "AML613", name: "legacy-key-value-format", buildkit: "LegacyKeyValueFormat", severity: lint.Warning,
		summary: "ENV or LABEL in the legacy space-separated form",
		why:     "`ENV key value` is ambiguous with several words and is deprecated; use `key=value`.",
		bad:     "FROM python:3.12-slim\nENV CONDA_DIR /opt/conda", good: "FROM python:3.12-slim\nENV CONDA_DIR=/opt/conda"},
	{id: "AML615", name: "redundant-target-platform", buildkit: "RedundantTargetPlatform", severity: lint.Warning,
		summary: "FROM --platform=$TARGETPLATFORM, which is already the default",
		why:     "The build platform of a stage is the target platform unless said otherwise; the flag adds nothing.",
		bad:     "FROM --platform=$TARGETPLATFORM python:3.12-slim", good: "FROM python:3.12-slim"},
	{id: "AML616", name: "secret-in-arg-or-env", buildkit: "SecretsUsedInArgOrEnv", severity: lint.Warning,
		summary: "ARG or ENV named like a secret",
		why:     "Build arguments and environment variables are stored in the image's history and metadata, where anyone who can pull the image reads them. Pass secrets with `RUN --mount=type=secret`.",
		bad:     "FROM python:3.12-slim\nARG PIP_TOKEN\nRUN pip install --index-url https://${PIP_TOKEN}@pkgs.example.com/simple private-pkg==1.0", good: "FROM python:3.12-slim\nRUN --mount=type=secret,id=pip_token \\\n    PIP_TOKEN=$(cat /run/secrets/pip_token) pip install private-pkg==1.0",
		tags: []string{"security"}},
	{id: "AML617", name: "invalid-default-arg-in-from", buildkit: "InvalidDefaultArgInFrom", severity: lint.Warning,
		summary: "FROM would be invalid with the build arguments' default values",
		why:     "Without `--build-arg` the image reference is empty or malformed, so a plain build fails.",
		bad:     "ARG TAG\nFROM python:${TAG}", good: "ARG TAG=3.12-slim\nFROM python:${TAG}",
		fix: defaultArgFix},
	{id: "AML618", name: "constant-platform-flag", buildkit: "FromPlatformFlagConstDisallowed", severity: lint.Warning,
		summary: "FROM --platform with a constant value",
		why:     "A hard-coded platform makes the stage run emulated on other machines; use a build argument such as `$BUILDPLATFORM`.",
		bad:     "FROM --platform=linux/amd64 python:3.12-slim", good: "FROM --platform=$BUILDPLATFORM python:3.12-slim"},
	{id: "AML620", name: "invalid-definition-description", buildkit: "InvalidDefinitionDescription", severity: lint.Info,
		summary: "A comment above ARG or FROM does not describe it in the expected form",
		why:     "An experimental BuildKit check: it runs only when the Dockerfile enables it (`# check=experimental=InvalidDefinitionDescription` or `experimental=all`). BuildKit shows a comment of the form `# NAME description` above an `ARG` or a named stage as its description; other comments there are not picked up.",
		bad:     "# check=experimental=InvalidDefinitionDescription\n# the python version\nARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}", good: "# check=experimental=InvalidDefinitionDescription\n# PYTHON_VERSION the Python series to build with\nARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}"},
	{id: "AML621", name: "expose-protocol-casing", buildkit: "ExposeProtoCasing", severity: lint.Warning,
		summary: "EXPOSE with an upper-case protocol",
		why:     "Protocols are lower case (`tcp`, `udp`).",
		bad:     "FROM python:3.12-slim\nEXPOSE 5001/TCP", good: "FROM python:3.12-slim\nEXPOSE 5001/tcp"},
	{id: "AML622", name: "expose-invalid-format", buildkit: "ExposeInvalidFormat", severity: lint.Warning,
		summary: "EXPOSE with an IP address or a host port",
		why:     "`EXPOSE` documents container ports only; host addresses and ports are chosen when the container runs.",
		bad:     "FROM python:3.12-slim\nEXPOSE 0.0.0.0:5001:5001", good: "FROM python:3.12-slim\nEXPOSE 5001"},
}

func buildkitRules() []*lint.Rule {
	out := make([]*lint.Rule, 0, len(buildkitChecks))
	for _, c := range buildkitChecks {
		out = append(out, &lint.Rule{
			ID: c.id, Name: c.name, Summary: c.summary, Severity: c.severity,
			Tags: append([]string{"dockerfile"}, c.tags...),
			Doc: fmt.Sprintf("%s\n\nThis is BuildKit's `%s` check, run offline by mlenv-lint over Dockerfiles, build-context Dockerfiles and v1 `baseDockerfile` text. A `# check=skip=...` directive at the top of the Dockerfile turns it off there, as it does in a build.",
				c.why, c.buildkit),
			Bad:  lint.Example{Path: "Dockerfile", Src: c.bad},
			Good: lint.Example{Path: "Dockerfile", Src: c.good},
			Run:  runBuildkitCheck(c.buildkit, c.keep, c.fix),
		})
	}
	return out
}

// runBuildkitCheck reports the findings of one BuildKit check.
func runBuildkitCheck(name string, keep func(string) bool, fix func(string) string) func(*lint.Pass) {
	return func(p *lint.Pass) {
		for _, d := range p.Facts.Dockerfiles() {
			for _, c := range d.Checks {
				if c.Rule != name || (keep != nil && !keep(c.Message)) {
					continue
				}
				msg := strings.TrimSuffix(c.Message, ".")
				if fix != nil {
					if how := fix(c.Message); how != "" {
						msg += "; " + how
					}
				}
				p.Reportf(d.File.Loc(c.Range), "%s", msg)
			}
		}
	}
}

// argRefRE finds the build arguments a FROM uses: $NAME or ${NAME...}.
var argRefRE = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// defaultArgFix says how to fix InvalidDefaultArgInFrom ("Default value
// for ARG python:${TAG} results in empty or invalid base image name"),
// naming the first argument the image uses.
func defaultArgFix(msg string) string {
	m := argRefRE.FindStringSubmatch(msg)
	if m == nil {
		return "give the build arguments the FROM uses defaults that make a valid image name, or pass them with --build-arg"
	}
	return fmt.Sprintf("give ARG %s a default that makes a valid image name (ARG %s=<value>), or pass --build-arg %s=<value> to every build", m[1], m[1], m[1])
}
