package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/distribution/reference"
	"github.com/moby/buildkit/client"
	"github.com/sirupsen/logrus"
	"golang.org/x/term"

	"github.com/mlenv-lint/mlenv-lint/builder"
)

type buildFlags struct {
	lint            lintFlags
	addrs           []string
	tlsCA, tlsCert  string
	tlsKey, tlsName string
	tags            []string
	push            bool
	load            bool
	output          string
	cacheFrom       []string
	cacheTo         []string
	progress        string
	logFile         string
	printDockerfile bool
	force           bool
	noCache         bool
	pull            bool
	buildArgs       []string
	platform        string
	layouts         []string
	jobs            int
	prune           bool
	cacheMaxAge     time.Duration
	cacheMaxSize    string
	secrets         []string
	ssh             []string
	sourceDateEpoch string
	provenance      string
	sbom            string
}

// buildConfig is the checked command line of a build.
type buildConfig struct {
	f                  buildFlags
	paths              []string
	out                builder.Output
	cacheFrom, cacheTo []client.CacheOptionsEntry
	buildArgs, layouts map[string]string
	secrets            *builder.Secrets
	ssh                *builder.SSH
	sourceDateEpoch    string
	attest             map[string]string
	prune              pruneLimits
	// progressOut receives the progress display: stderr.
	progressOut io.Writer
}

const buildHelp = "Build the image of each environment in PATH (a spec file or a directory) with BuildKit, the way\n" +
	"Azure Machine Learning builds it: image + conda_file gets the Dockerfile the service generates,\n" +
	"which creates the conda environment on the image; a build context uses its own Dockerfile and\n" +
	".dockerignore; v1 baseDockerfile is built as written. Specs are linted first; a spec with lint\n" +
	"errors is not built (the others are).\n\n" +
	"The image is named mlenv/NAME:KEY, KEY being a content hash of everything that enters it (the base\n" +
	"image by digest); a second build of an unchanged spec finds the image and does nothing. Several specs\n" +
	"build in parallel (--jobs). A failed build's log is diagnosed (see 'mlenv-lint diagnose').\n\n" +
	"Engine: --addr (repeatable: each build goes to the engine its cache key hashes to), else\n" +
	"$BUILDKIT_HOST, else the local Docker engine, else " + builder.DefaultBuildkitdAddr + ".\n" +
	"Output: the Docker engine's image store when building with Docker; else an OCI tarball in the\n" +
	"user cache directory (pruned: --cache-max-age, --cache-max-size, --prune); or --output / --push.\n" +
	"With several specs, {name} and {key} in --output dest and --log-file name each spec's file.\n\n" +
	"Exit status: 0 built or up to date, 1 lint errors or a failed build, 2 usage error or no engine,\n" +
	"130 interrupted."

func cmdBuild(ctx context.Context, a *app, args []string) int {
	cfg, code := a.parseBuild(args)
	if cfg == nil {
		return code
	}
	// A closed stdout or stderr (mlenv-lint build … | head) must not kill
	// the build halfway with SIGPIPE: writes then fail with EPIPE, which
	// the build's writers drop, and the build finishes and cleans up.
	signal.Ignore(syscall.SIGPIPE)
	a, cfg.progressOut = a.withBuildStreams(cfg.f.progress)
	// BuildKit's and containerd's client libraries log through logrus;
	// their warnings (e.g. about fs-verity support) are noise for users.
	logrus.SetLevel(logrus.ErrorLevel)
	if cfg.f.prune {
		return a.pruneImages(cfg.prune, true)
	}
	targets, code := a.lintAndPlan(cfg)
	if targets == nil {
		return code
	}
	if cfg.f.printDockerfile {
		return a.printDockerfiles(targets)
	}
	return max(code, a.buildAll(ctx, cfg, targets))
}

// parseBuild reads and checks the command line. A nil config means stop
// with the returned code (help, or a usage error already printed).
func (a *app) parseBuild(args []string) (*buildConfig, int) {
	cfg := &buildConfig{}
	f := &cfg.f
	fs := newFlags("build", "mlenv-lint build [flags] PATH...", buildHelp, a.stdout)
	fs.StringArrayVar(&f.addrs, "addr", nil, "BuildKit address: unix://PATH, tcp://HOST:PORT, docker-container://NAME, kube-pod://POD, kube-pod://?selector=LABELS, ssh://HOST (repeatable, or comma separated: builds are spread by cache key)")
	fs.StringVar(&f.tlsCA, "tlscacert", "", "CA certificate for a tcp:// engine")
	fs.StringVar(&f.tlsCert, "tlscert", "", "client certificate for a tcp:// engine")
	fs.StringVar(&f.tlsKey, "tlskey", "", "client key for a tcp:// engine")
	fs.StringVar(&f.tlsName, "tls-server-name", "", "server name the engine's certificate must have")
	fs.StringArrayVarP(&f.tags, "tag", "t", nil, "also name the image `NAME[:TAG]` (repeatable; {name}, {key} in it; with several specs, needed)")
	fs.BoolVar(&f.push, "push", false, "push the image (all its names) to their registries")
	fs.BoolVar(&f.load, "load", false, "load the image into the local Docker engine (when building on another engine)")
	fs.StringVarP(&f.output, "output", "o", "", "write the image as a tarball: type=oci,dest=FILE or type=docker,dest=FILE ({name}, {key} in FILE)")
	fs.StringArrayVar(&f.cacheFrom, "cache-from", nil, "import build cache: type=registry,ref=REF (repeatable)")
	fs.StringArrayVar(&f.cacheTo, "cache-to", nil, "export build cache: type=registry,ref=REF,mode=max (repeatable)")
	fs.StringVar(&f.progress, "progress", "auto", "progress display: auto, tty, plain, quiet or rawjson (only JSON on stderr)")
	fs.StringVar(&f.logFile, "log-file", "", "save the full build log here ({name}, {key} in it; default: the user cache directory)")
	fs.BoolVar(&f.printDockerfile, "print-dockerfile", false, "print the Dockerfile each environment would be built from, and do not build")
	fs.BoolVar(&f.force, "force", false, "build even when lint reports errors")
	fs.BoolVar(&f.noCache, "no-cache", false, "rebuild from scratch: neither an existing image nor BuildKit's cache is reused")
	fs.BoolVar(&f.pull, "pull", false, "resolve the base image afresh in its registry and pull it, even when a local copy exists")
	fs.StringArrayVar(&f.buildArgs, "build-arg", nil, "build argument `KEY=VALUE` (repeatable)")
	fs.StringVar(&f.platform, "platform", "", "target platform(s), e.g. linux/amd64 or linux/amd64,linux/arm64")
	fs.StringArrayVar(&f.layouts, "base-layout", nil, "use a local OCI image layout for an image: `IMAGE=DIR` (air-gapped builds; repeatable)")
	fs.IntVarP(&f.jobs, "jobs", "j", defaultJobs(), "build at most `N` specs at a time")
	fs.BoolVar(&f.prune, "prune", false, "prune the image tarball cache now (see --cache-max-age, --cache-max-size) and exit")
	fs.DurationVar(&f.cacheMaxAge, "cache-max-age", defaultCacheMaxAge, "remove cached image tarballs unused for this long")
	fs.StringVar(&f.cacheMaxSize, "cache-max-size", defaultCacheMaxSize, "keep the image tarball cache under this size (least recently used go first), e.g. 10GB")
	fs.StringArrayVar(&f.secrets, "secret", nil, "a secret for RUN --mount=type=secret: `id=ID,src=FILE` or id=ID,env=VAR (repeatable; ids pip.conf and netrc are mounted in the conda step)")
	fs.StringArrayVar(&f.ssh, "ssh", nil, "forward an SSH agent or keys for RUN --mount=type=ssh: `default`, default=PATH or ID=PATH (repeatable)")
	fs.StringVar(&f.sourceDateEpoch, "source-date-epoch", "", "make the image reproducible: every timestamp in it, files included, is `SECONDS` since 1970 (default $SOURCE_DATE_EPOCH)")
	fs.StringVar(&f.provenance, "provenance", "", "attach a SLSA provenance attestation: `mode=min` (or true), mode=max")
	fs.StringVar(&f.sbom, "sbom", "", "attach an SBOM attestation made by a scanner image BuildKit runs: true (its default scanner) or `generator=IMAGE`")
	f.lint.register(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return nil, a.flagError("build", err)
	}
	cfg.paths = fs.Args()
	if fail := a.checkBuildConfig(cfg); fail {
		return nil, exitUsage
	}
	return cfg, exitOK
}

// defaultJobs is how many specs build at once: BuildKit runs the steps of
// each build in parallel itself, so a few are enough to keep it busy.
func defaultJobs() int { return min(4, max(2, runtime.NumCPU())) }

// checkBuildConfig checks the flags and fills cfg; it prints the first
// problem and reports whether there was one.
func (a *app) checkBuildConfig(cfg *buildConfig) (failed bool) {
	if len(cfg.paths) == 0 && !cfg.f.prune {
		a.errorf("build: give the environment spec to build (see 'mlenv-lint build --help')")
		return true
	}
	for _, check := range []func(*buildConfig) error{a.checkEngines, a.checkOutputs, a.checkInputs, a.checkProgress} {
		if err := check(cfg); err != nil {
			a.errorf("build: %v", err)
			return true
		}
	}
	return false
}

// checkEngines reads --addr (repeatable, comma lists), --jobs and the
// image cache limits.
func (a *app) checkEngines(cfg *buildConfig) error {
	f := &cfg.f
	var addrs []string
	for _, s := range f.addrs {
		for _, addr := range strings.Split(s, ",") {
			if addr = strings.TrimSpace(addr); addr == "" {
				continue
			}
			if err := builder.CheckAddr(addr); err != nil {
				return fmt.Errorf("--addr: %w", err)
			}
			addrs = append(addrs, addr)
		}
	}
	f.addrs = addrs
	if f.jobs < 1 {
		return fmt.Errorf("--jobs %d: want 1 or more", f.jobs)
	}
	var err error
	cfg.prune, err = parsePruneLimits(f.cacheMaxAge, f.cacheMaxSize)
	return err
}

// checkOutputs reads where the image goes: --output, --load, --push,
// --tag and the build cache options.
func (a *app) checkOutputs(cfg *buildConfig) error {
	f := &cfg.f
	var err error
	if cfg.out, err = builder.ParseOutput(f.output); err != nil {
		return err
	}
	if cfg.out.Dest != "" {
		cfg.out.Dest = a.abs(cfg.out.Dest)
	}
	if cfg.out.Type == "image" && (cfg.out.Push || f.push) {
		// -o type=registry (type=image,push=true) is --push.
		f.push, cfg.out = true, builder.Output{}
	}
	for _, s := range f.cacheFrom {
		e, err := builder.ParseCacheOption(s)
		if err != nil {
			return fmt.Errorf("--cache-from: %w", err)
		}
		cfg.cacheFrom = append(cfg.cacheFrom, e)
	}
	for _, s := range f.cacheTo {
		e, err := builder.ParseCacheOption(s)
		if err != nil {
			return fmt.Errorf("--cache-to: %w", err)
		}
		cfg.cacheTo = append(cfg.cacheTo, e)
	}
	if f.push && len(f.tags) == 0 {
		return errors.New("--push needs --tag REGISTRY/REPOSITORY[:TAG] to say where")
	}
	if f.load {
		if cfg.out.Type != "" || f.push {
			return errors.New("--load, --push and --output are exclusive")
		}
		cfg.out = builder.LoadOutput(builder.DockerSocket(a.getenv))
		if cfg.out.DockerSocket == "" {
			return errors.New("--load needs a Docker engine, and none was found (DOCKER_HOST, /var/run/docker.sock)")
		}
	}
	if f.push && cfg.out.Type != "" {
		return errors.New("--push and --output are exclusive")
	}
	for _, t := range f.tags {
		// {name} and {key} stand for valid parts; the expanded names are
		// checked again per spec.
		if _, err := reference.ParseNormalizedNamed(specTag(t, "name", strings.Repeat("0", 16))); err != nil {
			return fmt.Errorf("--tag %q: %w", t, err)
		}
	}
	return nil
}

// checkInputs reads what goes into the build: --build-arg, --base-layout,
// --secret and --ssh.
func (a *app) checkInputs(cfg *buildConfig) error {
	f := &cfg.f
	var err error
	if cfg.buildArgs, err = keyValues("--build-arg", f.buildArgs); err != nil {
		return err
	}
	if cfg.layouts, err = keyValues("--base-layout", f.layouts); err != nil {
		return err
	}
	for k, v := range cfg.layouts {
		cfg.layouts[k] = a.abs(v)
	}
	if cfg.secrets, err = builder.ParseSecrets(f.secrets, a.getenv, a.abs); err != nil {
		return err
	}
	if len(f.ssh) > 0 {
		if cfg.ssh, err = builder.ParseSSH(f.ssh, a.getenv, a.abs); err != nil {
			return err
		}
	}
	if cfg.sourceDateEpoch, err = sourceDateEpoch(f.sourceDateEpoch, a.getenv); err != nil {
		return err
	}
	if cfg.attest, err = attestations(f.provenance, f.sbom); err != nil {
		return err
	}
	return nil
}

func (a *app) checkProgress(cfg *buildConfig) error {
	switch cfg.f.progress {
	case "auto", "tty", "plain", "quiet", "rawjson":
	default:
		return fmt.Errorf("--progress %q: want auto, tty, plain, quiet or rawjson", cfg.f.progress)
	}
	if cfg.f.progress == "tty" && !isTerminal(a.stderr) {
		return errors.New("--progress tty needs a terminal on stderr; use --progress plain")
	}
	return nil
}

func keyValues(flag string, list []string) (map[string]string, error) {
	out := map[string]string{}
	for _, kv := range list {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%s %q: want KEY=VALUE", flag, kv)
		}
		out[k] = v
	}
	return out, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	if s, ok := w.(*safeWriter); ok {
		w = s.w
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// sourceDateEpoch is --source-date-epoch, else $SOURCE_DATE_EPOCH: whole
// seconds since 1970.
func sourceDateEpoch(flag string, getenv func(string) string) (string, error) {
	v, from := flag, "--source-date-epoch"
	if v == "" {
		v, from = getenv("SOURCE_DATE_EPOCH"), "SOURCE_DATE_EPOCH"
	}
	if v == "" {
		return "", nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err != nil || n < 0 {
		return "", fmt.Errorf("%s %q: want whole seconds since 1970, e.g. $(git log -1 --format=%%ct)", from, v)
	}
	return v, nil
}

// attestations turns --provenance and --sbom into the frontend's attest:
// attributes, as docker buildx build takes them.
func attestations(provenance, sbom string) (map[string]string, error) {
	out := map[string]string{}
	switch provenance {
	case "", "false":
	case "true", "mode=min":
		out["provenance"] = "mode=min"
	case "mode=max":
		out["provenance"] = "mode=max"
	default:
		return nil, fmt.Errorf("--provenance %q: want mode=min or mode=max", provenance)
	}
	switch {
	case sbom == "" || sbom == "false":
	case sbom == "true":
		out["sbom"] = ""
	case strings.HasPrefix(sbom, "generator=") && len(sbom) > len("generator="):
		if _, err := reference.ParseNormalizedNamed(strings.TrimPrefix(sbom, "generator=")); err != nil {
			return nil, fmt.Errorf("--sbom %q: %w", sbom, err)
		}
		out["sbom"] = sbom
	default:
		return nil, fmt.Errorf("--sbom %q: want true or generator=IMAGE", sbom)
	}
	return out, nil
}
