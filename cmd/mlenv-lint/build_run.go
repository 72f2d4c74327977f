package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/mlenv-lint/mlenv-lint/analyzers/facts"
	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/builder"
	"github.com/mlenv-lint/mlenv-lint/diagnose"
	"github.com/mlenv-lint/mlenv-lint/internal/imageref"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
	"github.com/mlenv-lint/mlenv-lint/report"
	"github.com/mlenv-lint/mlenv-lint/rules"
)

// buildTarget is one environment to build.
type buildTarget struct {
	prog *ir.Program // for spec locations in a failed build's diagnosis
	env  *ir.Env
	plan *builder.Plan
	key  string // the content key, before the base image's digest joins it
	// dest and logFile are the spec's own --output dest and --log-file,
	// with {name} filled in ({key} is filled in once the key is final).
	dest, logFile string
}

// lintAndPlan lints the specs and plans the environments that may be
// built. A spec with lint errors (without --force) or without a plan is
// reported and left out; the others go on. It returns nil when there is
// nothing to build, with the exit code to return.
func (a *app) lintAndPlan(cfg *buildConfig) ([]*buildTarget, int) {
	run, err := a.lint(cfg.paths, &cfg.f.lint)
	if err != nil {
		return nil, a.errorf("build: %v", err)
	}
	if len(run.diags) > 0 {
		opts := a.reportOptions("text", run.prog, rules.All())
		if err := report.Write(a.stderr, run.diags, opts); err != nil {
			return nil, a.errorf("writing report: %v", err)
		}
	}
	envs := buildableEnvs(run.prog)
	if len(envs) == 0 {
		return nil, a.errorf("build: no environment spec found in %s", strings.Join(cfg.paths, " "))
	}
	perEnv, unowned := lintErrorsByEnv(run, envs)
	code := exitOK
	if n := countAtLeast(run.diags, lint.Error); n > 0 && !cfg.f.printDockerfile {
		switch {
		case cfg.f.force:
			fmt.Fprintf(a.stderr, "mlenv-lint: build: WARNING: building despite %d lint error(s) because of --force; the image may not match what Azure ML would build\n", n)
		case unowned > 0:
			fmt.Fprintf(a.stderr, "mlenv-lint: build: lint found %d error(s) in files no environment built here uses; they do not stop the build\n", unowned)
			code = exitFindings
		}
	}
	fx := facts.New(run.prog)
	many := len(envs) > 1
	var targets []*buildTarget
	seen := map[string]string{} // a destination -> the spec that writes it
	for i, env := range envs {
		spec := env.File.Path
		if perEnv[i] > 0 && !cfg.f.force && !cfg.f.printDockerfile {
			fmt.Fprintf(a.stderr, "mlenv-lint: build: %s: not building: lint found %d error(s); fix them, or use --force to build anyway\n", spec, perEnv[i])
			code = max(code, exitFindings)
			continue
		}
		p, err := builder.NewPlan(env, builder.Options{BuildArgs: cfg.buildArgs, Platform: cfg.f.platform,
			Secrets: cfg.secrets.IDs(), Bases: dockerfileBases(fx, env, cfg.buildArgs),
			SourceDateEpoch: cfg.sourceDateEpoch, Attest: cfg.attest})
		if err != nil {
			a.errorf("build: %v", err)
			code = max(code, exitUsage)
			continue
		}
		key, err := p.Key()
		if err != nil {
			a.errorf("build: %s: %v", p.Spec, err)
			code = max(code, exitUsage)
			continue
		}
		t := &buildTarget{prog: run.prog, env: env, plan: p, key: key,
			dest: perSpecPath(cfg.out.Dest, p.Name, many), logFile: perSpecPath(cfg.f.logFile, p.Name, many)}
		for _, tag := range cfg.f.tags {
			if many && !strings.Contains(tag, "{name}") && !strings.Contains(tag, "{key}") {
				a.errorf("build: --tag %s would name the image of every spec; with several specs put {name} (or {key}) in it, e.g. %s", tag, tagExample(tag))
				return nil, exitUsage
			}
		}
		for _, d := range []string{t.dest, t.logFile} {
			if d == "" || strings.Contains(d, "{key}") {
				continue
			}
			if other, dup := seen[d]; dup {
				a.errorf("build: %s and %s would both write %s; put {key} in the file name", other, spec, d)
				return nil, exitUsage
			}
			seen[d] = spec
		}
		targets = append(targets, t)
	}
	if len(targets) == 0 {
		return nil, code
	}
	return targets, code
}

// dockerfileBases are the external images the stages of env's Dockerfile
// start from, with --build-arg values over the ARG defaults.
func dockerfileBases(fx *facts.Facts, env *ir.Env, buildArgs map[string]string) []string {
	var dfs []*ir.Dockerfile
	if env.Build != nil && env.Build.Dockerfile != nil {
		dfs = append(dfs, env.Build.Dockerfile)
	}
	if env.Dockerfile != nil {
		dfs = append(dfs, env.Dockerfile)
	}
	var out []string
	for _, b := range fx.BaseImages() {
		if b.Dockerfile == nil || !slices.Contains(dfs, b.Dockerfile) {
			continue
		}
		ref := b.Ref.Value
		if len(buildArgs) > 0 {
			args := maps.Clone(fx.GlobalArgs(b.Dockerfile))
			if args == nil {
				args = map[string]string{}
			}
			maps.Copy(args, buildArgs)
			if v, ok := facts.ExpandArgs(b.Dockerfile.Stages[b.Stage].Image.Value, args); ok {
				ref = v
			}
		}
		if !strings.EqualFold(ref, "scratch") && !slices.Contains(out, ref) {
			out = append(out, ref)
		}
	}
	return out
}

// perSpecPath names a spec's own file after a --output dest or --log-file
// pattern: {name} becomes the environment's name; with several specs and
// no placeholder, "-NAME" goes before the extension (out.tar → out-train.tar).
// {key} is left for keyPath.
func perSpecPath(pattern, name string, many bool) string {
	switch {
	case pattern == "":
		return ""
	case strings.Contains(pattern, "{name}"):
		return strings.ReplaceAll(pattern, "{name}", name)
	case many && !strings.Contains(pattern, "{key}"):
		ext := filepath.Ext(pattern)
		return strings.TrimSuffix(pattern, ext) + "-" + name + ext
	}
	return pattern
}

// specTag is a --tag for one spec: {name} and {key} filled in.
func specTag(tag, name, key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tag, "{name}", name), "{key}", key[:16])
}

// specTags are the --tag names of one spec.
func specTags(tags []string, name, key string) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = specTag(t, name, key)
	}
	return out
}

// tagExample puts {name} in place of a tag's last repository element,
// for the usage error: myacr.azurecr.io/envs/train:1 -> …/envs/{name}:1.
func tagExample(tag string) string {
	repo, version, _ := imageref.Split(tag)
	if version != "" {
		version = ":" + version
	}
	if i := strings.LastIndex(repo, "/"); i >= 0 {
		return repo[:i+1] + "{name}" + version
	}
	return "{name}" + version
}

// keyPath fills {key} (the key's first 16 hex digits) in a spec's file name.
func keyPath(path, key string) string { return strings.ReplaceAll(path, "{key}", key[:16]) }

// lintErrorsByEnv counts the lint errors in the files each environment is
// built from: its spec, conda file, pip requirements, Dockerfile and build
// context. unowned counts errors in files none of them uses.
func lintErrorsByEnv(run *lintRun, envs []*ir.Env) (perEnv []int, unowned int) {
	abs := map[string]string{}
	for _, f := range run.prog.Files {
		abs[f.Path] = f.Abs
	}
	owns := make([]func(path string) bool, len(envs))
	for i, env := range envs {
		files := map[string]bool{env.File.Path: true}
		absFiles := map[string]bool{}
		// The references as resolved, also when the file they name did
		// not parse (and so is linked to nothing).
		for _, r := range []*ir.Ref{env.CondaRef, buildDockerfileRef(env)} {
			if r != nil && r.Path != "" {
				absFiles[r.Path] = true
			}
		}
		if c := env.Conda; c != nil {
			if c.File != nil {
				files[c.File.Path] = true
			}
			for _, r := range c.Pip {
				files[r.Loc.Path] = true
			}
		}
		ctxDir := ""
		if b := env.Build; b != nil {
			if b.Dockerfile != nil && b.Dockerfile.File != nil {
				files[b.Dockerfile.File.Path] = true
			}
			if b.ContextRef != nil && b.ContextRef.Path != "" {
				ctxDir = b.ContextRef.Path + string(filepath.Separator)
			}
		}
		owns[i] = func(path string) bool {
			return files[path] || absFiles[abs[path]] || ctxDir != "" && strings.HasPrefix(abs[path], ctxDir)
		}
	}
	perEnv = make([]int, len(envs))
	for _, d := range run.diags {
		if d.Severity < lint.Error {
			continue
		}
		owned := false
		for i := range envs {
			if owns[i](d.Loc.Path) {
				perEnv[i]++
				owned = true
			}
		}
		if !owned {
			unowned++
		}
	}
	return perEnv, unowned
}

func buildDockerfileRef(env *ir.Env) *ir.Ref {
	if env.Build == nil {
		return nil
	}
	return env.Build.DockerfileRef
}

func (a *app) printDockerfiles(targets []*buildTarget) int {
	for _, t := range targets {
		p := t.plan
		if len(targets) > 1 {
			fmt.Fprintf(a.stdout, "# ==> %s (%s, key %s)\n", p.Spec, p.Kind, t.key[:16])
		}
		switch {
		case p.ContextDir != "":
			fmt.Fprintf(a.stdout, "# context: %s, Dockerfile: %s\n", p.ContextDir, p.DockerfileName)
		case p.RemoteContext != "":
			fmt.Fprintf(a.stdout, "# context: %s (fetched by BuildKit), Dockerfile: %s, read from it at build time\n", redact.URL(p.RemoteContext, redact.MaskSecrets), p.DockerfileName)
		}
		if p.Conda != nil {
			fmt.Fprintf(a.stdout, "# %s: the conda file of %s, named after its prefix\n", builder.CondaPath, p.Spec)
		}
		if _, err := a.stdout.Write(p.Dockerfile); err != nil {
			return a.errorf("build: %v", err)
		}
	}
	return exitOK
}

// buildAll builds the targets, at most --jobs at a time, each on the
// engine its key is routed to. The exit code is the worst of them;
// an interrupt wins.
func (a *app) buildAll(ctx context.Context, cfg *buildConfig, targets []*buildTarget) int {
	pool, err := builder.NewPool(ctx, cfg.f.addrs, builder.EngineOptions{
		TLSCACert: cfg.f.tlsCA, TLSCert: cfg.f.tlsCert, TLSKey: cfg.f.tlsKey, TLSServerName: cfg.f.tlsName,
		Getenv: a.getenv,
	})
	if err != nil {
		return a.errorf("build: %v", err)
	}
	defer pool.Close()
	creds, err := builder.LoadCredentials(a.getenv)
	if err != nil {
		return a.errorf("build: %v", err)
	}
	b := &batch{a: a, cfg: cfg, pool: pool, creds: creds, parallel: len(targets) > 1 && cfg.f.jobs > 1}
	codes := make([]int, len(targets))
	sem := make(chan struct{}, cfg.f.jobs)
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			codes[i] = b.build(ctx, t)
		}()
	}
	wg.Wait()
	code := exitOK
	for _, c := range codes {
		if c == exitCanceled {
			fmt.Fprintln(a.stderr, "mlenv-lint: build: interrupted; the build was cancelled and nothing was tagged or written")
			return exitCanceled
		}
		code = max(code, c)
	}
	if b.usedImageCache {
		a.pruneImages(cfg.prune, false)
	}
	return code
}

// batch is what the builds of one command share.
type batch struct {
	a        *app
	cfg      *buildConfig
	pool     *builder.Pool
	creds    *builder.Credentials
	parallel bool

	mu             sync.Mutex
	noEngineShown  bool
	usedImageCache bool
	// bases are the base images resolved so far, by engine and reference:
	// specs on one base ask the registry once per run.
	bases map[[2]string]builder.Base
}

// resolve resolves refs on eng, each (engine, reference) once per run.
func (b *batch) resolve(ctx context.Context, eng *builder.Engine, refs []string, opts *builder.BuildOptions) []builder.Base {
	out := make([]builder.Base, len(refs))
	var todo []string
	b.mu.Lock()
	for i, r := range refs {
		if base, ok := b.bases[[2]string{eng.Addr, r}]; ok {
			out[i] = base
		} else {
			todo = append(todo, r)
		}
	}
	b.mu.Unlock()
	if len(todo) == 0 {
		return out
	}
	fresh := eng.ResolveBases(ctx, todo, *opts)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bases == nil {
		b.bases = map[[2]string]builder.Base{}
	}
	for _, base := range fresh {
		b.bases[[2]string{eng.Addr, base.Ref}] = base
	}
	for i, r := range refs {
		out[i] = b.bases[[2]string{eng.Addr, r}]
	}
	return out
}

// build builds one target, or finds it already built.
func (b *batch) build(ctx context.Context, t *buildTarget) int {
	eng, code := b.engine(ctx, t)
	if eng == nil {
		return code
	}
	opts, bases, code := b.options(ctx, eng, t)
	if opts == nil {
		return code
	}
	// --no-cache asks for a fresh build: an existing image is not reused either.
	if !opts.NoCache {
		if done, code := b.upToDate(ctx, eng, t, opts, bases); done {
			return code
		}
	}
	code = b.solve(ctx, eng, t, opts)
	if code == errEngineLost {
		// The engine went during the build: the pool now routes this key
		// to the next engine, if there is one.
		return b.build(ctx, t)
	}
	return code
}

// errEngineLost is solve's code for a build whose engine went away and
// that another engine of the pool can take; never an exit status.
const errEngineLost = -1

// engine is the engine t's key routes to; nil with the exit code when none
// answers (the error is printed once per run).
func (b *batch) engine(ctx context.Context, t *buildTarget) (*builder.Engine, int) {
	eng, skipped, err := b.pool.Engine(ctx, t.key)
	for _, s := range skipped {
		fmt.Fprintf(b.a.stderr, "mlenv-lint: build: %s: engine %s did not answer (%v); trying the next\n", t.plan.Spec, s.Addr, s.Err)
	}
	if err == nil {
		return eng, exitOK
	}
	if ctx.Err() != nil {
		return nil, exitCanceled
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.noEngineShown {
		return nil, exitUsage
	}
	b.noEngineShown = true
	return nil, b.a.errorf("build: %v", err)
}

// options are t's build options on eng: the bases resolved (and reported
// when they cannot be, or lack a --platform), the final key, the output,
// and what eng cannot do refused. nil with the exit code on an error.
func (b *batch) options(ctx context.Context, eng *builder.Engine, t *buildTarget) (*builder.BuildOptions, []builder.Base, int) {
	a, cfg, p := b.a, b.cfg, t.plan
	opts := &builder.BuildOptions{
		Push: cfg.f.push, Output: cfg.out,
		CacheFrom: cfg.cacheFrom, CacheTo: cfg.cacheTo, NoCache: cfg.f.noCache, Pull: cfg.f.pull,
		Progress: cfg.f.progress, ProgressOut: cfg.progressOut, Layouts: cfg.layouts,
		Credentials: b.creds, Secrets: cfg.secrets, SSH: cfg.ssh,
	}
	bases := b.resolve(ctx, eng, p.Bases, opts)
	for _, base := range bases {
		if base.Err != nil {
			fmt.Fprintf(a.stderr, "mlenv-lint: build: %s: base image %s could not be resolved to a digest (%v); the cache key rests on the tag\n", p.Spec, base.Ref, base.Err)
		}
		if w := builder.PlatformWarning(p.Platform, base); w != "" {
			fmt.Fprintf(a.stderr, "mlenv-lint: build: %s: WARNING: %s\n", p.Spec, w)
		}
	}
	key, err := p.KeyWith(bases)
	if err != nil {
		return nil, nil, a.errorf("build: %s: %v", p.Spec, err)
	}
	opts.Key, opts.Pins = key, eng.Pins(bases)
	opts.Tags = specTags(cfg.f.tags, p.Name, key)
	if t.dest != "" {
		opts.Output.Dest = keyPath(t.dest, key)
	}
	if opts.Output.Type == "" && !opts.Push && eng.DockerSocket == "" {
		dir, err := cacheDir("images")
		if err != nil {
			return nil, nil, a.errorf("build: %v", err)
		}
		opts.Output = builder.Output{Type: "oci", Dest: filepath.Join(dir, p.Name+"-"+key[:16]+".tar")}
		b.mu.Lock()
		b.usedImageCache = true
		b.mu.Unlock()
	}
	// What the engine cannot do is refused before anything is built.
	if err := eng.Check(p, *opts); err != nil {
		return nil, nil, a.errorf("build: %s: %v", p.Spec, err)
	}
	return opts, bases, exitOK
}

// upToDate reports whether t's image is already where it would go (and
// gives it its new names there); done is false when it must be built.
func (b *batch) upToDate(ctx context.Context, eng *builder.Engine, t *buildTarget, opts *builder.BuildOptions, bases []builder.Base) (done bool, code int) {
	a, p := b.a, t.plan
	ok, where, err := eng.Existing(ctx, p, *opts)
	switch {
	case err != nil:
		fmt.Fprintf(a.stderr, "mlenv-lint: build: %s: could not check for an existing image (%v); building\n", p.Spec, err)
		return false, exitOK
	case !ok:
		return false, exitOK
	}
	if err := eng.ApplyTags(ctx, p, *opts); err != nil {
		return true, a.errorf("build: %s: %v", p.Spec, err)
	}
	fmt.Fprintf(a.stdout, "%s: up to date: %s (cache key %s%s) already exists at %s; nothing to build\n", p.Spec, opts.KeyName(p), opts.Key[:16], baseNote(bases), where)
	return true, exitOK
}

// solve builds t on eng, writing its log, and reports the outcome; a
// failed build's log is diagnosed.
func (b *batch) solve(ctx context.Context, eng *builder.Engine, t *buildTarget, opts *builder.BuildOptions) int {
	a, p := b.a, t.plan
	logFile, lf, code := b.openLog(t, opts.Key)
	if lf == nil {
		return code
	}
	opts.Log = lf
	if b.parallel {
		// Several displays share stderr: whole lines, each naming its spec.
		prefix := "[" + p.Name + "] "
		if opts.Progress == "auto" || opts.Progress == "tty" {
			opts.Progress = "plain"
		}
		if opts.Progress == "rawjson" {
			prefix = ""
		}
		lw := &lineWriter{prefix: prefix, w: b.cfg.progressOut}
		defer lw.Flush()
		opts.ProgressOut = lw
	}
	name := opts.KeyName(p)
	fmt.Fprintf(a.stderr, "mlenv-lint: building %s (%s) as %s on %s\n", p.Spec, p.Kind, name, eng.Addr)
	err := eng.Solve(ctx, p, *opts)
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
		return exitCanceled
	case errors.Is(err, builder.ErrEngineLost):
		b.pool.Lost(eng, err)
		if len(b.pool.Addrs()) > 1 {
			fmt.Fprintf(a.stderr, "mlenv-lint: build: %s: %v; building on the next engine\n", p.Spec, err)
			return errEngineLost
		}
		return a.errorf("build: %s: %v", p.Spec, err)
	case errors.Is(err, builder.ErrPushFailed):
		fmt.Fprintf(a.stderr, "mlenv-lint: build: %s: %v\n", p.Spec, err)
		return exitFindings
	case errors.Is(err, builder.ErrBuildFailed):
		var out bytes.Buffer
		fmt.Fprintf(&out, "mlenv-lint: build: %s: %v\nfull log: %s\n\n", p.Spec, err, logFile)
		a.diagnoseLog(&out, logFile, t.prog)
		_, _ = a.stderr.Write(out.Bytes())
		return exitFindings
	default:
		return a.errorf("build: %s: %v", p.Spec, err)
	}
}

// openLog creates t's log file: its --log-file, else NAME-KEY.log in the
// user cache directory. A nil file comes with the exit code.
func (b *batch) openLog(t *buildTarget, key string) (string, *os.File, int) {
	logFile := keyPath(t.logFile, key)
	if logFile == "" {
		dir, err := cacheDir("logs")
		if err != nil {
			return "", nil, b.a.errorf("build: %v", err)
		}
		logFile = filepath.Join(dir, t.plan.Name+"-"+key[:16]+".log")
	}
	logFile = b.a.abs(logFile)
	if err := os.MkdirAll(filepath.Dir(logFile), 0o755); err != nil {
		return "", nil, b.a.errorf("build: --log-file: %v", err)
	}
	lf, err := os.Create(logFile)
	if err != nil {
		return "", nil, b.a.errorf("build: --log-file: %v", err)
	}
	return logFile, lf, exitOK
}

// baseNote names the resolved base images for the up-to-date line.
func baseNote(bases []builder.Base) string {
	var s []string
	for _, b := range bases {
		if b.Digest != "" {
			s = append(s, b.String())
		} else {
			s = append(s, b.Ref+" (by tag: unresolved)")
		}
	}
	if len(s) == 0 {
		return ""
	}
	return "; base " + strings.Join(s, ", ")
}

// diagnoseLog runs diagnose over a failed build's log and writes the result.
func (a *app) diagnoseLog(w *bytes.Buffer, path string, prog *ir.Program) {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(w, "mlenv-lint: cannot diagnose the log: %v\n", err)
		return
	}
	defer f.Close()
	res, err := diagnose.Analyze(f)
	if err != nil {
		fmt.Fprintf(w, "mlenv-lint: cannot diagnose the log: %v\n", err)
		return
	}
	if err := a.renderDiagnosis(w, res, path, prog, "text", false); err != nil {
		fmt.Fprintf(w, "mlenv-lint: %v\n", err)
	}
	for _, f := range res.Findings {
		if f.Problem.ID == diagnose.InteractiveAuth {
			// The guide's fix is the cloud's (a workspace connection); the
			// local build's is a secret.
			fmt.Fprintf(w, "mlenv-lint: for this local build, give the feed's credentials as a secret: --secret id=netrc,src=$HOME/.netrc or --secret id=pip.conf,src=FILE (mounted in the conda step; a Dockerfile of yours mounts them with RUN --mount=type=secret,id=netrc,target=/root/.netrc); see docs/build.md\n")
			break
		}
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
