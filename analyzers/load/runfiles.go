package load

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
)

// copied is one COPY/ADD from the build context: its sources (relative to
// the context) and its destination in the image (absolute).
type copied struct {
	srcs    []string
	dest    string
	destDir bool // a directory: "dir/", ".", or several sources
}

// linkRunFiles links the files that RUN installs read (pip -r/-c, conda
// env create/update -f) to the build-context files that COPY and ADD put
// at those image paths, and loads them, so that they are linted like any
// requirements or conda file. The build context is the one of the
// environments that build the Dockerfile, else its own directory. Paths
// with variables, COPY --from and files the context does not hold are
// left alone.
func (l *loader) linkRunFiles() {
	for _, d := range append([]*ir.Dockerfile(nil), l.prog.Dockerfiles...) {
		if d.Virtual || d.File == nil || d.File.Abs == "" || d.AST == nil {
			continue
		}
		for _, ctx := range l.contextsOf(d) {
			l.linkDockerfile(d, ctx)
		}
	}
}

func (l *loader) contextsOf(d *ir.Dockerfile) []string {
	var out []string
	for _, e := range l.prog.Envs {
		if e.Build != nil && e.Build.Dockerfile == d && e.Build.ContextRef != nil && e.Build.ContextRef.Path != "" {
			out = append(out, e.Build.ContextRef.Path)
		}
	}
	if len(out) == 0 {
		out = append(out, filepath.Dir(d.File.Abs))
	}
	return out
}

func (l *loader) linkDockerfile(d *ir.Dockerfile, ctx string) {
	workdir := "/"
	var copies []copied
	for _, in := range d.Instructions {
		switch in.Cmd {
		case "from":
			workdir, copies = "/", nil
		case "workdir":
			if len(in.Args) == 0 || workdir == "" || strings.Contains(in.Args[0], "$") {
				workdir = ""
				continue
			}
			workdir = imagePath(workdir, strings.Trim(in.Args[0], `"'`))
		case "copy", "add":
			if c, ok := copyOf(in, workdir); ok {
				copies = append(copies, c)
			}
		case "run":
			for _, v := range runFileArgs(in) {
				if workdir == "" || strings.Contains(v.value, "$") {
					continue
				}
				src := contextSource(copies, imagePath(workdir, v.value), ctx)
				if src == "" || !within(l.opts.Root, src) {
					continue
				}
				if info, err := os.Stat(src); err != nil || info.IsDir() {
					continue
				}
				if f := l.follow(&ir.Ref{Kind: ir.RefRequirements, Path: src, Exists: true}, v.kind); f != nil {
					if f.Kind == ir.KindUnknown {
						f.Kind = v.kind
					}
					in.Files = append(in.Files, f)
				}
			}
		}
	}
}

// imagePath resolves p against the working directory dir of the image.
func imagePath(dir, p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	return path.Join(dir, p)
}

func copyOf(in *ir.Instruction, workdir string) (copied, bool) {
	for _, f := range in.Flags {
		if strings.HasPrefix(f, "--from") {
			return copied{}, false
		}
	}
	args := in.Args
	if len(args) < 2 || workdir == "" {
		return copied{}, false
	}
	for _, a := range args {
		if strings.Contains(a, "$") || strings.Contains(a, "://") {
			return copied{}, false
		}
	}
	dest := args[len(args)-1]
	c := copied{srcs: args[:len(args)-1], destDir: strings.HasSuffix(dest, "/") || dest == "." || len(args) > 2}
	c.dest = imagePath(workdir, dest)
	return c, true
}

// contextSource returns the build-context file that the copies put at the
// image path p (the last copy wins), or "".
func contextSource(copies []copied, p, ctx string) string {
	for i := len(copies) - 1; i >= 0; i-- {
		c := copies[i]
		for _, src := range c.srcs {
			local := filepath.Join(ctx, filepath.FromSlash(path.Clean("/" + src))[1:])
			isDir := false
			if info, err := os.Stat(local); err == nil && info.IsDir() {
				isDir = true
			}
			switch {
			case isDir && (p == c.dest || strings.HasPrefix(p, c.dest+"/")):
				// A directory's contents go to dest.
				if rel := strings.TrimPrefix(strings.TrimPrefix(p, c.dest), "/"); rel != "" {
					return filepath.Join(local, filepath.FromSlash(rel))
				}
			case strings.ContainsAny(src, "*?["):
				if c.destDir && path.Dir(p) == c.dest {
					if ok, _ := path.Match(path.Base(src), path.Base(p)); ok {
						return filepath.Join(filepath.Dir(local), path.Base(p))
					}
				}
			case c.destDir && p == path.Join(c.dest, path.Base(src)):
				return local
			case !c.destDir && p == c.dest:
				return local
			}
		}
	}
	return ""
}

// runFile is a file a RUN install reads, as written, and what it is.
type runFile struct {
	value string
	kind  ir.Kind
}

// runFileArgs lists the pip -r/-c values, conda env create/update -f
// values and micromamba install/create -f environment YAML files of a
// shell-form RUN.
func runFileArgs(in *ir.Instruction) []runFile {
	if in.Node == nil || in.Node.Attributes["json"] || len(in.Node.Heredocs) > 0 || len(in.Args) == 0 {
		return nil
	}
	var out []runFile
	for _, c := range shellcmd.Split(strings.Join(in.Args, " ")) {
		tool, sub := shellcmd.Installer(c.Words)
		if tool == "" {
			continue
		}
		args := c.Words[sub+1:]
		switch {
		case tool == "pip":
			_, opts := shellcmd.PipInstallArgs(args)
			for _, o := range opts {
				if o.Name == "--requirement" || o.Name == "--constraint" {
					out = append(out, runFile{o.Value, ir.KindRequirements})
				}
			}
		case sub > 0 && c.Words[sub-1] == "env":
			_, opts := shellcmd.CondaInstallArgs(args)
			for _, o := range opts {
				if o.Name == "--file" {
					out = append(out, runFile{o.Value, ir.KindConda})
				}
			}
		case tool == "micromamba":
			// micromamba install/create -f reads an environment YAML too.
			_, opts := shellcmd.CondaInstallArgs(args)
			for _, o := range opts {
				if low := strings.ToLower(o.Value); o.Name == "--file" && (strings.HasSuffix(low, ".yml") || strings.HasSuffix(low, ".yaml")) {
					out = append(out, runFile{o.Value, ir.KindConda})
				}
			}
		}
	}
	return out
}
