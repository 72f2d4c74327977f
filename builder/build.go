package builder

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/containerd/containerd/v2/core/content"
	"github.com/containerd/containerd/v2/plugins/content/local"
	"github.com/distribution/reference"
	"github.com/moby/buildkit/client"
	"github.com/moby/buildkit/session"
	"github.com/moby/buildkit/util/grpcerrors"
	"github.com/moby/buildkit/util/progress/progressui"
	"github.com/tonistiigi/fsutil"
	"golang.org/x/sync/errgroup"
	"google.golang.org/grpc/codes"
)

// Output is where the image goes.
type Output struct {
	Type string // "image" (the engine's store: Docker, or buildkitd with push), "oci", "docker" (tarballs), "load"
	Dest string // tarball path for oci and docker
	// DockerSocket is the Docker engine that "load" loads the image into.
	DockerSocket string
	// Push: the image output asks for a push (type=registry, push=true).
	Push bool
}

// LoadOutput loads the image into the Docker engine at sock, whichever
// engine builds it.
func LoadOutput(sock string) Output { return Output{Type: "load", DockerSocket: sock} }

// ParseOutput reads --output: "type=oci,dest=out.tar", "type=docker,dest=x.tar",
// "type=image" (or a bare path, meaning an OCI tarball).
func ParseOutput(s string) (Output, error) {
	if s == "" {
		return Output{}, nil
	}
	if !strings.Contains(s, "=") {
		return Output{Type: "oci", Dest: s}, nil
	}
	attrs, err := parseCSV(s)
	if err != nil {
		return Output{}, fmt.Errorf("--output %q: %w", s, err)
	}
	o := Output{Type: attrs["type"], Dest: attrs["dest"]}
	switch o.Type {
	case "oci", "docker":
		if o.Dest == "" {
			return Output{}, fmt.Errorf("--output %q: type=%s needs dest=FILE", s, o.Type)
		}
	case "image", "registry":
		// type=registry is type=image,push=true, as in docker buildx.
		o.Push = o.Type == "registry" || attrs["push"] == "true"
		o.Type = "image"
	default:
		return Output{}, fmt.Errorf("--output %q: type must be oci, docker or image", s)
	}
	return o, nil
}

// ParseCacheOption reads --cache-from/--cache-to: "type=registry,ref=R" or
// a bare registry reference.
func ParseCacheOption(s string) (client.CacheOptionsEntry, error) {
	if !strings.Contains(s, "=") {
		return client.CacheOptionsEntry{Type: "registry", Attrs: map[string]string{"ref": s}}, nil
	}
	attrs, err := parseCSV(s)
	if err != nil {
		return client.CacheOptionsEntry{}, fmt.Errorf("cache option %q: %w", s, err)
	}
	typ := attrs["type"]
	if typ == "" {
		return client.CacheOptionsEntry{}, fmt.Errorf("cache option %q: missing type= (registry, local, inline, gha, s3, azblob)", s)
	}
	delete(attrs, "type")
	return client.CacheOptionsEntry{Type: typ, Attrs: attrs}, nil
}

func parseCSV(s string) (map[string]string, error) {
	fields, err := csv.NewReader(strings.NewReader(s)).Read()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Errorf("%q is not key=value", f)
		}
		out[strings.ToLower(strings.TrimSpace(k))] = v
	}
	return out, nil
}

// BuildOptions control one build.
type BuildOptions struct {
	Key       string   // the plan's cache key (Plan.Key)
	Tags      []string // extra image names
	Push      bool
	Output    Output
	CacheFrom []client.CacheOptionsEntry
	CacheTo   []client.CacheOptionsEntry
	NoCache   bool
	// Pins fixes base images to the digests the key was made with, so that
	// the image built is the image keyed (see Engine.Pins).
	Pins map[string]string
	// Pull resolves and pulls base images from their registries even when
	// the engine has them (BuildKit's image-resolve-mode=pull).
	Pull bool
	// Progress is the display mode: auto, tty, plain, quiet, rawjson.
	Progress string
	// ProgressOut receives the progress display (usually stderr).
	ProgressOut io.Writer
	// Log receives the build log in plain progress form, whatever the
	// display mode; diagnose reads it on failure.
	Log io.Writer
	// Layouts maps an image reference to a local OCI image layout to use
	// instead of pulling it (air-gapped builds; tests).
	Layouts map[string]string
	// Credentials answer the registries' requests for credentials (pull,
	// push, cache import and export); nil is anonymous.
	Credentials *Credentials
	// Secrets and SSH are what RUN --mount=type=secret and type=ssh reach.
	Secrets *Secrets
	SSH     *SSH
}

// KeyName is the name that carries the cache key: mlenv/NAME:KEY16, or,
// when pushing, the first --tag's repository with the KEY16 tag, so that
// the registry itself says whether the image was built.
func (o *BuildOptions) KeyName(p *Plan) string {
	if o.Push && len(o.Tags) > 0 {
		if n, err := reference.ParseNormalizedNamed(o.Tags[0]); err == nil {
			return n.Name() + ":" + o.Key[:16]
		}
	}
	return p.ImageName(o.Key)
}

// names returns every name the image is given: the key name and the tags.
func (o *BuildOptions) names(p *Plan) []string {
	return append([]string{o.KeyName(p)}, o.Tags...)
}

// Solve builds the plan. It returns when the image is exported, the build
// fails (the error wraps ErrBuildFailed; the log says why) or ctx is
// cancelled (the solve is cancelled and nothing is exported).
func (e *Engine) Solve(ctx context.Context, p *Plan, opts BuildOptions) (err error) {
	solve, cleanup, err := solveOpt(p, opts)
	if err != nil {
		return err
	}
	defer cleanup()
	var finish func(ok bool) error
	solve.Exports, finish, err = e.exports(ctx, p, opts)
	if err != nil {
		return err
	}
	if p.SourceDateEpoch != "" {
		for _, x := range solve.Exports {
			x.Attrs["rewrite-timestamp"] = "true"
		}
	}
	defer func() {
		if ferr := finish(err == nil); err == nil {
			err = ferr
		}
	}()
	return explainScanner(e.run(ctx, solve, opts), p)
}

// DefaultSBOMScanner is the scanner image BuildKit runs for --sbom without
// generator=.
const DefaultSBOMScanner = "docker/buildkit-syft-scanner"

// explainScanner says so when a build failed because the SBOM scanner
// image could not be pulled, which the log shows as a failed pull of
// what looks like a base image.
func explainScanner(err error, p *Plan) error {
	sbom, ok := p.Attest["sbom"]
	if err == nil || !ok || !errors.Is(err, ErrBuildFailed) {
		return err
	}
	scanner := DefaultSBOMScanner
	if g, found := strings.CutPrefix(sbom, "generator="); found {
		scanner = g
	}
	if !strings.Contains(err.Error(), scanner) {
		return err
	}
	return fmt.Errorf("%w\nthe SBOM scanner image %s could not be pulled: --sbom runs it on the image; mirror it into a registry the engine reaches and give --sbom generator=REGISTRY/IMAGE, or leave --sbom out", err, scanner)
}

// solveOpt is everything BuildKit is asked to do, but the exports: the
// frontend and its attributes, the local directories, the OCI layouts
// standing in for base images and the session's attachables. cleanup
// removes the temporary directory of a generated Dockerfile.
func solveOpt(p *Plan, opts BuildOptions) (client.SolveOpt, func(), error) {
	solve := client.SolveOpt{
		Frontend:      "dockerfile.v0",
		FrontendAttrs: frontendAttrs(p, opts),
		CacheImports:  opts.CacheFrom,
		CacheExports:  opts.CacheTo,
		Session:       []session.Attachable{opts.Credentials.attachable()},
	}
	if opts.Secrets != nil {
		solve.Session = append(solve.Session, opts.Secrets.attachable())
	}
	if opts.SSH != nil {
		solve.Session = append(solve.Session, opts.SSH.attachable)
	}
	cleanup := func() {}
	if p.RemoteContext == "" {
		mounts, done, err := localMounts(p)
		if err != nil {
			return client.SolveOpt{}, nil, err
		}
		solve.LocalMounts, cleanup = mounts, done
	}
	if err := addLayouts(&solve, opts.Layouts); err != nil {
		cleanup()
		return client.SolveOpt{}, nil, err
	}
	return solve, cleanup, nil
}

// frontendAttrs are the dockerfile.v0 frontend's options for the plan.
func frontendAttrs(p *Plan, opts BuildOptions) map[string]string {
	attrs := map[string]string{"filename": p.dockerfileInDir()}
	if p.RemoteContext != "" {
		// BuildKit fetches the repository and reads the Dockerfile from it.
		attrs["context"] = p.RemoteContext
		attrs["filename"] = p.DockerfileName
	}
	if p.Platform != "" {
		attrs["platform"] = p.Platform
	}
	if opts.NoCache {
		attrs["no-cache"] = ""
	}
	if opts.Pull {
		attrs["image-resolve-mode"] = "pull"
	}
	for k, v := range p.BuildArgs {
		attrs["build-arg:"+k] = v
	}
	if p.SourceDateEpoch != "" {
		// The frontend stamps the image config and history with it; the
		// exporter's rewrite-timestamp (see Solve) does the files.
		attrs["build-arg:SOURCE_DATE_EPOCH"] = p.SourceDateEpoch
	}
	for k, v := range p.Attest {
		attrs["attest:"+k] = v
	}
	for ref, dgst := range opts.Pins {
		if _, layout := opts.Layouts[ref]; !layout {
			attrs["context:"+ref] = "docker-image://" + ref + "@" + dgst
		}
	}
	return attrs
}

// localMounts are the build context and the Dockerfile's directory.
func localMounts(p *Plan) (map[string]fsutil.FS, func(), error) {
	ctxDir, dfDir, cleanup, err := p.localDirs()
	if err != nil {
		return nil, nil, err
	}
	ctxFS, err := fsutil.NewFS(ctxDir)
	if err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("build context: %w", err)
	}
	dfFS, err := fsutil.NewFS(dfDir)
	if err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("dockerfile: %w", err)
	}
	return map[string]fsutil.FS{"context": ctxFS, "dockerfile": dfFS}, cleanup, nil
}

// addLayouts makes each OCI layout a content store of the session and
// points the frontend's named context for its image at it.
func addLayouts(solve *client.SolveOpt, layouts map[string]string) error {
	if len(layouts) == 0 {
		return nil
	}
	solve.OCIStores = map[string]content.Store{}
	i := 0
	for image, dir := range layouts {
		store, err := local.NewStore(dir)
		if err != nil {
			return fmt.Errorf("OCI layout %s: %w", dir, err)
		}
		dgst, err := layoutDigest(dir)
		if err != nil {
			return err
		}
		id := fmt.Sprintf("mlenvlayout%d", i)
		i++
		solve.OCIStores[id] = store
		solve.FrontendAttrs["context:"+image] = "oci-layout://" + id + "@" + dgst
	}
	return nil
}

// run solves, showing progress on opts.ProgressOut and writing the plain
// log to opts.Log, and turns the outcome into Solve's error.
func (e *Engine) run(ctx context.Context, solve client.SolveOpt, opts BuildOptions) error {
	mode := progressui.DisplayMode(opts.Progress)
	if mode == "" {
		mode = progressui.AutoMode
	}
	display, err := progressui.NewDisplay(orDiscard(opts.ProgressOut), mode)
	if err != nil {
		return fmt.Errorf("--progress %s: %w", mode, err)
	}
	logOut := orDiscard(opts.Log)
	logDisplay, err := progressui.NewDisplay(logOut, progressui.PlainMode)
	if err != nil {
		return err
	}

	ch := make(chan *client.SolveStatus)
	displayCh := make(chan *client.SolveStatus)
	logCh := make(chan *client.SolveStatus)
	eg, ectx := errgroup.WithContext(ctx)
	var solveErr error
	eg.Go(func() error {
		_, solveErr = e.Client.Solve(ectx, nil, solve, ch)
		return nil
	})
	eg.Go(func() error { // fan the status out to the display and the log
		defer close(displayCh)
		defer close(logCh)
		for s := range ch {
			displayCh <- s
			logCh <- s
		}
		return nil
	})
	eg.Go(func() error {
		_, err := display.UpdateFrom(context.WithoutCancel(ectx), displayCh)
		return err
	})
	eg.Go(func() error {
		_, err := logDisplay.UpdateFrom(context.WithoutCancel(ectx), logCh)
		return err
	})
	if err := eg.Wait(); err != nil && solveErr == nil {
		solveErr = err
	}
	if solveErr != nil && ctx.Err() == nil {
		// The progress stream ends before the solve's own error, which
		// names the failed step; the log gets it too, as buildx prints it.
		fmt.Fprintf(logOut, "ERROR: %v\n", solveErr)
	}
	switch {
	case solveErr == nil:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("build cancelled: %w", ctx.Err())
	case grpcerrors.Code(solveErr) == codes.Unavailable:
		// The connection went, not the build: another engine can do it.
		return fmt.Errorf("%w: %w", ErrEngineLost, shortErr(solveErr))
	default:
		return fmt.Errorf("%w: %w", ErrBuildFailed, explain(shortErr(solveErr)))
	}
}

// ErrEngineLost is wrapped by Solve's error when the connection to the
// engine was lost during the build.
var ErrEngineLost = errors.New("the engine went away during the build")

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

// ErrBuildFailed is wrapped by Solve's error when the build itself failed.
var ErrBuildFailed = errors.New("build failed")

// ErrPushFailed is wrapped by Solve's error when the image was built but
// the Docker engine could not push it.
var ErrPushFailed = errors.New("built, but the push failed")

// exports turns the output options into BuildKit exports. finish completes
// a tarball (renames it into place) on success and removes it on failure,
// so a cancelled or failed build leaves nothing half-written.
func (e *Engine) exports(ctx context.Context, p *Plan, opts BuildOptions) ([]client.ExportEntry, func(bool) error, error) {
	names := strings.Join(opts.names(p), ",")
	switch {
	case opts.Output.Type == "load" && opts.Output.DockerSocket != e.DockerSocket:
		return dockerLoadExport(opts.Output.DockerSocket, names)
	case opts.Output.Type == "oci" || opts.Output.Type == "docker":
		return tarballExport(p, opts, names)
	case e.DockerSocket != "":
		// Docker's store, also for --load on the Docker engine itself.
		return e.dockerExport(ctx, p, opts, names)
	}
	attrs := map[string]string{"name": names}
	if opts.Push {
		attrs["push"] = "true"
	}
	return []client.ExportEntry{{Type: client.ExporterImage, Attrs: attrs}}, func(bool) error { return nil }, nil
}

// tarballExport writes an OCI or docker tarball to a temporary name of its
// own next to the destination (two builds writing the same destination
// never write the same file; the last to finish wins) and renames it
// into place, with its record, on success.
func tarballExport(p *Plan, opts BuildOptions, names string) ([]client.ExportEntry, func(bool) error, error) {
	dest := opts.Output.Dest
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, nil, fmt.Errorf("--output: %w", err)
	}
	var f *os.File
	entry := client.ExportEntry{
		Type:  opts.Output.Type,
		Attrs: map[string]string{"name": names},
		Output: func(map[string]string) (io.WriteCloser, error) {
			var err error
			f, err = os.CreateTemp(filepath.Dir(dest), filepath.Base(dest)+".*.partial")
			return f, err
		},
	}
	finish := func(ok bool) error {
		if f == nil {
			return nil
		}
		if !ok {
			os.Remove(f.Name())
			return nil
		}
		if err := os.Chmod(f.Name(), 0o644); err != nil {
			os.Remove(f.Name())
			return fmt.Errorf("--output: %w", err)
		}
		if err := os.Rename(f.Name(), dest); err != nil {
			os.Remove(f.Name())
			return fmt.Errorf("--output: %w", err)
		}
		return writeRecord(dest, record(opts.Key, opts.Output.Type, opts.names(p)))
	}
	return []client.ExportEntry{entry}, finish, nil
}

// dockerExport is the Docker daemon's exporter: the image lands in
// Docker's store. It does not push (it takes push=true and ignores it), so
// a push is Docker's own, after the export.
func (e *Engine) dockerExport(ctx context.Context, p *Plan, opts BuildOptions, names string) ([]client.ExportEntry, func(bool) error, error) {
	entry := client.ExportEntry{Type: "moby", Attrs: map[string]string{"name": names}}
	push := func(ok bool) error {
		if !ok || !opts.Push {
			return nil
		}
		for _, n := range opts.names(p) {
			if _, err := dockerPush(ctx, e.DockerSocket, n, opts.Credentials, opts.Log); err != nil {
				err = explain(err)
				fmt.Fprintf(orDiscard(opts.Log), "ERROR: %v\n", err)
				return fmt.Errorf("%w: %w", ErrPushFailed, err)
			}
		}
		return nil
	}
	return []client.ExportEntry{entry}, push, nil
}

// localDirs returns the context and Dockerfile directories for the solve.
// Generated Dockerfiles and conda files go to a temporary directory that
// cleanup removes.
func (p *Plan) localDirs() (ctxDir, dfDir string, cleanup func(), err error) {
	cleanup = func() {}
	if p.ContextDir != "" {
		dir := filepath.Dir(filepath.Join(p.ContextDir, filepath.FromSlash(p.DockerfileName)))
		return p.ContextDir, dir, cleanup, nil
	}
	tmp, err := os.MkdirTemp("", "mlenv-build-")
	if err != nil {
		return "", "", nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	if err := os.WriteFile(filepath.Join(tmp, "Dockerfile"), p.Dockerfile, 0o644); err != nil {
		cleanup()
		return "", "", nil, err
	}
	if p.Conda != nil {
		dst := filepath.Join(tmp, filepath.FromSlash(condaFileName))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			cleanup()
			return "", "", nil, err
		}
		if err := os.WriteFile(dst, p.Conda, 0o644); err != nil {
			cleanup()
			return "", "", nil, err
		}
	}
	return tmp, tmp, cleanup, nil
}

func (p *Plan) dockerfileInDir() string {
	if p.ContextDir != "" {
		return filepath.Base(filepath.FromSlash(p.DockerfileName))
	}
	return "Dockerfile"
}
