package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/distribution/reference"
	"github.com/moby/buildkit/client"
	"github.com/sirupsen/logrus"
	"golang.org/x/term"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/builder"
	"github.com/mlenv-lint/mlenv-lint/diagnose"
	"github.com/mlenv-lint/mlenv-lint/report"
	"github.com/mlenv-lint/mlenv-lint/rules"
)

type buildFlags struct {
	lint            lintFlags
	addr            string
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
	buildArgs       []string
	platform        string
	layouts         []string
}

func cmdBuild(ctx context.Context, a *app, args []string) int {
	var f buildFlags
	fs := newFlags("build", "mlenv-lint build [flags] PATH...",
		"Build the image of each environment in PATH (a spec file or a directory) with BuildKit, the way\n"+
			"Azure Machine Learning builds it: image + conda_file gets a generated Dockerfile that creates the\n"+
			"conda environment on the image; a build context uses its own Dockerfile and .dockerignore; v1\n"+
			"baseDockerfile is built as written. Specs are linted first; lint errors stop the build.\n\n"+
			"The image is named mlenv/NAME:KEY, KEY being a content hash of everything that enters it; a\n"+
			"second build of an unchanged spec finds the image and does nothing. A failed build's log is\n"+
			"diagnosed (see 'mlenv-lint diagnose').\n\n"+
			"Engine: --addr, else $BUILDKIT_HOST, else the local Docker engine, else "+builder.DefaultBuildkitdAddr+".\n"+
			"Output: the Docker engine's image store when building with Docker; else an OCI tarball in the\n"+
			"user cache directory; or --output / --push.\n\n"+
			"Exit status: 0 built or up to date, 1 lint errors or a failed build, 2 usage error or no engine,\n"+
			"130 interrupted.", a.stdout)
	fs.StringVar(&f.addr, "addr", "", "BuildKit address: unix://PATH, tcp://HOST:PORT, docker-container://NAME, kube-pod://POD, ssh://HOST")
	fs.StringVar(&f.tlsCA, "tlscacert", "", "CA certificate for a tcp:// engine")
	fs.StringVar(&f.tlsCert, "tlscert", "", "client certificate for a tcp:// engine")
	fs.StringVar(&f.tlsKey, "tlskey", "", "client key for a tcp:// engine")
	fs.StringVar(&f.tlsName, "tls-server-name", "", "server name the engine's certificate must have")
	fs.StringArrayVarP(&f.tags, "tag", "t", nil, "also name the image `NAME[:TAG]` (repeatable)")
	fs.BoolVar(&f.push, "push", false, "push the image (all its names) to their registries")
	fs.BoolVar(&f.load, "load", false, "load the image into the local Docker engine (when building on another engine)")
	fs.StringVarP(&f.output, "output", "o", "", "write the image as a tarball: type=oci,dest=FILE or type=docker,dest=FILE")
	fs.StringArrayVar(&f.cacheFrom, "cache-from", nil, "import build cache: type=registry,ref=REF (repeatable)")
	fs.StringArrayVar(&f.cacheTo, "cache-to", nil, "export build cache: type=registry,ref=REF,mode=max (repeatable)")
	fs.StringVar(&f.progress, "progress", "auto", "progress display: auto, tty, plain, quiet or rawjson")
	fs.StringVar(&f.logFile, "log-file", "", "save the full build log here (default: the user cache directory)")
	fs.BoolVar(&f.printDockerfile, "print-dockerfile", false, "print the Dockerfile each environment would be built from, and do not build")
	fs.BoolVar(&f.force, "force", false, "build even when lint reports errors")
	fs.BoolVar(&f.noCache, "no-cache", false, "rebuild from scratch: neither an existing image nor BuildKit's cache is reused")
	fs.StringArrayVar(&f.buildArgs, "build-arg", nil, "build argument `KEY=VALUE` (repeatable)")
	fs.StringVar(&f.platform, "platform", "", "target platform, e.g. linux/amd64")
	fs.StringArrayVar(&f.layouts, "base-layout", nil, "use a local OCI image layout for an image: `IMAGE=DIR` (air-gapped builds; repeatable)")
	f.lint.register(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return a.flagError("build", err)
	}
	if fs.NArg() == 0 {
		return a.errorf("build: give the environment spec to build (see 'mlenv-lint build --help')")
	}
	// BuildKit's and containerd's client libraries log through logrus;
	// their warnings (e.g. about fs-verity support) are noise for users.
	logrus.SetLevel(logrus.ErrorLevel)
	out, err := builder.ParseOutput(f.output)
	if err != nil {
		return a.errorf("build: %v", err)
	}
	if out.Dest != "" {
		out.Dest = a.abs(out.Dest)
	}
	var cacheFrom, cacheTo []client.CacheOptionsEntry
	for _, s := range f.cacheFrom {
		e, err := builder.ParseCacheOption(s)
		if err != nil {
			return a.errorf("build: --cache-from: %v", err)
		}
		cacheFrom = append(cacheFrom, e)
	}
	for _, s := range f.cacheTo {
		e, err := builder.ParseCacheOption(s)
		if err != nil {
			return a.errorf("build: --cache-to: %v", err)
		}
		cacheTo = append(cacheTo, e)
	}
	if f.push && len(f.tags) == 0 {
		return a.errorf("build: --push needs --tag REGISTRY/REPOSITORY[:TAG] to say where")
	}
	if f.load {
		if out.Type != "" || f.push {
			return a.errorf("build: --load, --push and --output are exclusive")
		}
		out = builder.LoadOutput(builder.DockerSocket(a.getenv))
		if out.DockerSocket == "" {
			return a.errorf("build: --load needs a Docker engine, and none was found (DOCKER_HOST, /var/run/docker.sock)")
		}
	}
	if f.push && out.Type != "" {
		return a.errorf("build: --push and --output are exclusive")
	}
	for _, t := range f.tags {
		if _, err := reference.ParseNormalizedNamed(t); err != nil {
			return a.errorf("build: --tag %q: %v", t, err)
		}
	}
	buildArgs, err := keyValues("--build-arg", f.buildArgs)
	if err != nil {
		return a.errorf("build: %v", err)
	}
	layouts, err := keyValues("--base-layout", f.layouts)
	if err != nil {
		return a.errorf("build: %v", err)
	}
	for k, v := range layouts {
		layouts[k] = a.abs(v)
	}
	switch f.progress {
	case "auto", "tty", "plain", "quiet", "rawjson":
	default:
		return a.errorf("build: --progress %q: want auto, tty, plain, quiet or rawjson", f.progress)
	}
	if f.progress == "tty" && !isTerminal(a.stderr) {
		return a.errorf("build: --progress tty needs a terminal on stderr; use --progress plain")
	}

	// Lint first.
	run, err := a.lint(fs.Args(), &f.lint)
	if err != nil {
		return a.errorf("build: %v", err)
	}
	if len(run.diags) > 0 {
		opts := a.reportOptions("text", run.prog, rules.All())
		if err := report.Write(a.stderr, run.diags, opts); err != nil {
			return a.errorf("writing report: %v", err)
		}
	}
	if n := countAtLeast(run.diags, lint.Error); n > 0 && !f.printDockerfile {
		if !f.force {
			fmt.Fprintf(a.stderr, "mlenv-lint: build: not building: lint found %d error(s); fix them, or use --force to build anyway\n", n)
			return exitFindings
		}
		fmt.Fprintf(a.stderr, "mlenv-lint: build: WARNING: building despite %d lint error(s) because of --force; the image may not match what Azure ML would build\n", n)
	}
	envs := buildableEnvs(run.prog)
	if len(envs) == 0 {
		return a.errorf("build: no environment spec found in %s", strings.Join(fs.Args(), " "))
	}

	var plans []*builder.Plan
	var keys []string
	for _, env := range envs {
		p, err := builder.NewPlan(env, builder.Options{BuildArgs: buildArgs, Platform: f.platform})
		if err != nil {
			return a.errorf("build: %v", err)
		}
		key, err := p.Key()
		if err != nil {
			return a.errorf("build: %s: %v", p.Spec, err)
		}
		plans, keys = append(plans, p), append(keys, key)
	}
	if f.printDockerfile {
		for i, p := range plans {
			if len(plans) > 1 {
				fmt.Fprintf(a.stdout, "# ==> %s (%s, key %s)\n", p.Spec, p.Kind, keys[i][:16])
			}
			switch {
			case p.ContextDir != "":
				fmt.Fprintf(a.stdout, "# context: %s, Dockerfile: %s\n", p.ContextDir, p.DockerfileName)
			case p.RemoteContext != "":
				fmt.Fprintf(a.stdout, "# context: %s (fetched by BuildKit), Dockerfile: %s, read from it at build time\n", p.RemoteContext, p.DockerfileName)
			}
			if p.Conda != nil {
				fmt.Fprintf(a.stdout, "# conda_dependencies.yml: the conda file of %s\n", p.Spec)
			}
			if _, err := a.stdout.Write(p.Dockerfile); err != nil {
				return a.errorf("build: %v", err)
			}
		}
		return exitOK
	}

	eng, err := builder.Connect(ctx, builder.EngineOptions{
		Addr: f.addr, TLSCACert: f.tlsCA, TLSCert: f.tlsCert, TLSKey: f.tlsKey, TLSServerName: f.tlsName,
		Getenv: a.getenv,
	})
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(a.stderr, "mlenv-lint: build: interrupted")
			return exitCanceled
		}
		return a.errorf("build: %v", err)
	}
	defer eng.Close()
	creds, err := builder.LoadCredentials(a.getenv)
	if err != nil {
		return a.errorf("build: %v", err)
	}

	base := builder.BuildOptions{
		Tags: f.tags, Push: f.push, Output: out,
		CacheFrom: cacheFrom, CacheTo: cacheTo, NoCache: f.noCache,
		Progress: f.progress, ProgressOut: a.stderr, Layouts: layouts,
		Credentials: creds,
	}
	// What the engine cannot do is refused before anything is built.
	if err := eng.Check(base); err != nil {
		return a.errorf("build: %v", err)
	}

	code := exitOK
	for i, p := range plans {
		opts := base
		opts.Key = keys[i]
		c := a.buildOne(ctx, eng, run.prog, p, &opts, f.logFile, len(plans) > 1)
		if c == exitCanceled {
			return c
		}
		code = max(code, c)
	}
	return code
}

// buildOne builds one plan, or finds it already built.
func (a *app) buildOne(ctx context.Context, eng *builder.Engine, prog *ir.Program, p *builder.Plan, opts *builder.BuildOptions, logFile string, many bool) int {
	name := opts.KeyName(p)
	if opts.Output.Type == "" && !opts.Push && eng.DockerSocket == "" {
		dir, err := cacheDir("images")
		if err != nil {
			return a.errorf("build: %v", err)
		}
		opts.Output = builder.Output{Type: "oci", Dest: filepath.Join(dir, p.Name+"-"+opts.Key[:16]+".tar")}
	}
	// --no-cache asks for a fresh build: an existing image is not reused either.
	if !opts.NoCache {
		ok, where, err := eng.Existing(ctx, p, *opts)
		switch {
		case err != nil:
			fmt.Fprintf(a.stderr, "mlenv-lint: build: could not check for an existing image (%v); building\n", err)
		case ok:
			if err := eng.DockerTag(ctx, name, opts.Tags); err != nil {
				return a.errorf("build: %v", err)
			}
			fmt.Fprintf(a.stdout, "%s: up to date: %s (cache key %s) already exists at %s; nothing to build\n", p.Spec, name, opts.Key[:16], where)
			return exitOK
		}
	}

	if logFile == "" || many {
		dir, err := cacheDir("logs")
		if err != nil {
			return a.errorf("build: %v", err)
		}
		logFile = filepath.Join(dir, p.Name+"-"+opts.Key[:16]+".log")
	}
	lf, err := os.Create(a.abs(logFile))
	if err != nil {
		return a.errorf("build: --log-file: %v", err)
	}
	opts.Log = lf
	fmt.Fprintf(a.stderr, "mlenv-lint: building %s (%s) as %s on %s\n", p.Spec, p.Kind, name, eng.Addr)
	err = eng.Solve(ctx, p, *opts)
	lf.Close()
	switch {
	case err == nil:
		where := name
		if opts.Output.Dest != "" {
			where = opts.Output.Dest
		}
		fmt.Fprintf(a.stdout, "%s: built %s (cache key %s) -> %s\n", p.Spec, name, opts.Key[:16], where)
		return exitOK
	case ctx.Err() != nil:
		fmt.Fprintf(a.stderr, "mlenv-lint: build: interrupted; the build was cancelled and nothing was tagged or written\n")
		return exitCanceled
	case errors.Is(err, builder.ErrPushFailed):
		fmt.Fprintf(a.stderr, "mlenv-lint: build: %s: %v\n", p.Spec, err)
		return exitFindings
	case errors.Is(err, builder.ErrBuildFailed):
		fmt.Fprintf(a.stderr, "mlenv-lint: build: %s: %v\nfull log: %s\n\n", p.Spec, err, logFile)
		a.diagnoseLog(logFile, prog)
		return exitFindings
	default:
		return a.errorf("build: %s: %v", p.Spec, err)
	}
}

// diagnoseLog runs diagnose over a failed build's log and prints the result.
func (a *app) diagnoseLog(path string, prog *ir.Program) {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(a.stderr, "mlenv-lint: cannot diagnose the log: %v\n", err)
		return
	}
	defer f.Close()
	res, err := diagnose.Analyze(f)
	if err != nil {
		fmt.Fprintf(a.stderr, "mlenv-lint: cannot diagnose the log: %v\n", err)
		return
	}
	if err := a.renderDiagnosis(a.stderr, res, path, prog, "text", false); err != nil {
		fmt.Fprintf(a.stderr, "mlenv-lint: %v\n", err)
	}
}

// buildableEnvs are the environments to build: standalone environment
// specs, then environments written inline in jobs.
func buildableEnvs(prog *ir.Program) []*ir.Env {
	var out []*ir.Env
	for _, e := range prog.Envs {
		if e.File != nil && e.File.Explicit || e.Job == nil {
			out = append(out, e)
		}
	}
	return out
}

func countAtLeast(diags []lint.Diagnostic, sev lint.Severity) int {
	n := 0
	for _, d := range diags {
		if d.Severity >= sev {
			n++
		}
	}
	return n
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

// cacheDir returns (and creates) a directory under the user cache dir.
func cacheDir(sub string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "mlenv-lint", sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("cache directory: %w", err)
	}
	return dir, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
