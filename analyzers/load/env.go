package load

import (
	"os"
	"path/filepath"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/pkgspec"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// field returns the scalar at key in mapping m, or nil when absent or null.
func field(f *ir.File, m *yaml.Node, key string) *ir.Scalar {
	k, v := yamlnode.Entry(m, key)
	if k == nil || yamlnode.IsNull(v) {
		return nil // absent, or null: the SDK treats both as unset
	}
	return scalar(f, k, v)
}

// envV2 builds a v2 (or inline) environment from its mapping node.
func (l *loader) envV2(f *ir.File, m *yaml.Node, format ir.EnvFormat, job *ir.Job) *ir.Env {
	e := &ir.Env{File: f, Node: m, Format: format, Job: job}
	e.Name = field(f, m, "name")
	e.Version = field(f, m, "version")
	e.Description = field(f, m, "description")
	e.OSType = field(f, m, "os_type")
	e.Image = field(f, m, "image")
	if _, d := yamlnode.Entry(m, "docker"); e.Image == nil && yamlnode.IsMap(d) {
		// The early-preview CLI v2 format: docker: {image: ...}. Today's
		// schema rejects the section (AML002); its image is still checked.
		e.Image = field(f, d, "image")
	}
	if k, b := yamlnode.Entry(m, "build"); k != nil {
		e.Build = &ir.Build{Node: b, Key: f.Loc(nodeRange(f, k))}
		if yamlnode.IsMap(b) {
			e.Build.Path = field(f, b, "path")
			e.Build.DockerfilePath = field(f, b, "dockerfile_path")
		}
		l.linkBuild(f, e.Build)
	}
	if k, c := yamlnode.Entry(m, "conda_file"); k != nil {
		if yamlnode.IsMap(c) {
			e.Conda = l.conda(f, c, true)
			e.Conda.Env = e
			l.prog.Condas = append(l.prog.Condas, e.Conda)
		} else {
			e.CondaFile = scalar(f, k, c)
			if yamlnode.IsString(c) && c.Value != "" {
				// "file:" marks a local path (the early-preview format wrote it).
				e.CondaRef = l.ref(f, ir.RefConda, e.CondaFile, trimFilePrefix(c.Value))
				if cf := l.follow(e.CondaRef, ir.KindConda); cf != nil {
					e.Conda = l.condaOf(cf)
					if e.Conda != nil && e.Conda.Env == nil {
						e.Conda.Env = e
					}
				}
			}
		}
	}
	if k, ic := yamlnode.Entry(m, "inference_config"); k != nil {
		e.Inference = &ir.Inference{Node: ic, Key: f.Loc(nodeRange(f, k)), Routes: map[string]*ir.Route{}}
		for _, name := range []string{"liveness_route", "readiness_route", "scoring_route"} {
			rk, rv := yamlnode.Entry(ic, name)
			if rk == nil {
				continue
			}
			e.Inference.Routes[name] = &ir.Route{
				Node: rv, Key: f.Loc(nodeRange(f, rk)),
				Port: field(f, rv, "port"), Path: field(f, rv, "path"),
			}
		}
	}
	return e
}

// linkBuild resolves a local build context and the Dockerfile inside it.
func (l *loader) linkBuild(f *ir.File, b *ir.Build) {
	if b.Path == nil || !yamlnode.IsString(b.Path.Node) || b.Path.Value == "" {
		return
	}
	b.ContextRef = l.ref(f, ir.RefContext, b.Path, b.Path.Value)
	if b.ContextRef.Remote || !b.ContextRef.Exists || b.ContextRef.Escapes || !b.ContextRef.IsDir {
		return
	}
	if dp := b.DockerfilePath; dp != nil && dp.Node != nil && dp.Node.Kind != yaml.ScalarNode {
		return // a list or mapping (AML003's finding): no Dockerfile is named
	}
	name := ir.DefaultDockerfile
	from := b.Path
	if b.DockerfilePath != nil && b.DockerfilePath.Value != "" {
		name, from = b.DockerfilePath.Value, b.DockerfilePath
	}
	p := filepath.Join(b.ContextRef.Path, filepath.FromSlash(name))
	if filepath.Base(p) == ir.DefaultDockerfile {
		// BuildKit reads a lower-case "dockerfile" when "Dockerfile" is absent.
		if _, err := os.Stat(p); err != nil {
			if lower := filepath.Join(filepath.Dir(p), strings.ToLower(ir.DefaultDockerfile)); exists(lower) {
				p = lower
			}
		}
	}
	b.DockerfileRef = l.resolved(ir.RefDockerfile, from, p)
	b.DockerfileRef.InContext = from == b.Path
	if df := l.follow(b.DockerfileRef, ir.KindDockerfile); df != nil {
		b.Dockerfile = l.dockerfileOf(df)
	}
}

// ref resolves value, written in file f, against f's directory.
func (l *loader) ref(f *ir.File, kind ir.RefKind, from *ir.Scalar, value string) *ir.Ref {
	v := strings.TrimSpace(value)
	if from.Unknown() {
		r := &ir.Ref{Kind: kind, From: from, Template: true}
		l.prog.Refs = append(l.prog.Refs, r)
		return r
	}
	if isRemote(v) {
		r := &ir.Ref{Kind: kind, From: from, Remote: true}
		l.prog.Refs = append(l.prog.Refs, r)
		return r
	}
	base := l.opts.Cwd
	if f.Abs != "" {
		base = filepath.Dir(f.Abs)
	}
	abs := func(v string) string {
		p := filepath.FromSlash(v)
		if !filepath.IsAbs(p) {
			p = filepath.Join(base, p)
		}
		return filepath.Clean(p)
	}
	r := l.resolved(kind, from, abs(v))
	if rest, ok := strings.CutPrefix(v, "file:"); ok && !r.Exists && !r.Escapes && rest != "" {
		rest = strings.TrimPrefix(rest, "//")
		if p := abs(rest); within(l.opts.Root, p) {
			if _, err := os.Stat(p); err == nil {
				r.Unprefixed = rest
			}
		}
	}
	return r
}

func isRemote(v string) bool {
	low := strings.ToLower(v)
	for _, p := range []string{"http://", "https://", "git://", "git+", "ssh://", "azureml:", "wasbs://", "abfss://", "git@"} {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return false
}

// resolved records a reference to the absolute path p.
func (l *loader) resolved(kind ir.RefKind, from *ir.Scalar, p string) *ir.Ref {
	r := l.resolve(kind, from, p)
	l.prog.Refs = append(l.prog.Refs, r)
	return r
}

// resolve resolves a reference to the absolute path p without recording it.
func (l *loader) resolve(kind ir.RefKind, from *ir.Scalar, p string) *ir.Ref {
	r := &ir.Ref{Kind: kind, From: from, Path: p}
	if from.Unknown() {
		r.Template, r.Path = true, ""
		return r
	}
	if !within(l.opts.Root, p) {
		r.Escapes = true
		return r
	}
	info, err := os.Stat(p)
	if err != nil {
		return r
	}
	if real, err := filepath.EvalSymlinks(p); err == nil {
		if realRoot, err := filepath.EvalSymlinks(l.opts.Root); err == nil && !within(realRoot, real) {
			r.Escapes = true
			return r
		}
	}
	r.Exists, r.IsDir = true, info.IsDir()
	return r
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// follow loads the file a reference points at (once) and returns it.
func (l *loader) follow(r *ir.Ref, kind ir.Kind) *ir.File {
	if r == nil || !r.Exists || r.IsDir || r.Escapes {
		return nil
	}
	if f, ok := l.files[r.Path]; ok {
		f.Explicit = true
		return f
	}
	data, size, err := readCapped(r.Path)
	if err != nil {
		return nil
	}
	f := l.newFile(r.Path, data, true)
	if size > 0 {
		f.Kind = kind
		f.Syntax = append(f.Syntax, ir.Problem{Range: lineOne(), Message: "file too large to lint"})
		l.register(f)
		if kind == ir.KindDockerfile {
			l.prog.Dockerfiles = append(l.prog.Dockerfiles, &ir.Dockerfile{File: f, Size: int(size)})
		}
		return f
	}
	if kind == ir.KindConda {
		l.parseAs(f, ir.KindConda)
	} else {
		l.parse(f, kind)
	}
	return f
}

// parseAs parses a referenced YAML file as the given kind, whatever its
// content looks like (a conda_file is a conda spec by definition).
func (l *loader) parseAs(f *ir.File, kind ir.Kind) {
	if p, bad := textProblem(f, kind); bad {
		f.Kind = kind
		f.Syntax = append(f.Syntax, p)
		l.register(f)
		return
	}
	if len(strings.TrimSpace(string(f.Src))) == 0 {
		f.Kind = kind
		f.Syntax = append(f.Syntax, ir.Problem{Range: lineOne(), Message: "file is empty: expected a conda environment spec"})
		l.register(f)
		return
	}
	var doc yaml.Node
	f.Kind = kind
	l.register(f)
	if err := l.parseYAML(f, &doc); err != nil {
		f.Syntax = append(f.Syntax, yamlProblem(f, err))
		return
	}
	f.Root = &doc
	f.Directives = yamlDirectives(f)
	root := yamlnode.DocRoot(&doc)
	l.prog.Condas = append(l.prog.Condas, l.conda(f, root, false))
}

func (l *loader) condaOf(f *ir.File) *ir.Conda {
	for _, c := range l.prog.Condas {
		if c.File == f && !c.Inline {
			return c
		}
	}
	return nil
}

func (l *loader) dockerfileOf(f *ir.File) *ir.Dockerfile {
	for _, d := range l.prog.Dockerfiles {
		if d.File == f {
			return d
		}
	}
	return nil
}

// job collects environment references and inline environments.
func (l *loader) job(f *ir.File, root *yaml.Node) {
	j := &ir.Job{File: f}
	yamlnode.WalkKeys(root, func(_, k, v *yaml.Node) bool {
		if k.Value != "environment" {
			return true
		}
		switch {
		case yamlnode.IsString(v):
			j.EnvRefs = append(j.EnvRefs, scalar(f, k, v))
		case yamlnode.IsMap(v) && isV1EnvNode(v):
			// An SDK v1 environment inside a v1 document: an inference
			// configuration (entryScript + environment) or a run
			// configuration. It is checked as v1, as azureml_environment.json.
			e := l.envV1(f, v)
			e.Job, e.Key = j, f.Loc(nodeRange(f, k))
			j.Inline = append(j.Inline, e)
			l.prog.Envs = append(l.prog.Envs, e)
		case yamlnode.IsMap(v):
			e := l.envV2(f, v, ir.FormatInline, j)
			e.Key = f.Loc(nodeRange(f, k))
			j.Inline = append(j.Inline, e)
			l.prog.Envs = append(l.prog.Envs, e)
		}
		return false
	})
	l.prog.Jobs = append(l.prog.Jobs, j)
}

// isV1EnvNode recognises an SDK v1 environment mapping (camelCase sections:
// python, docker with baseImage, environmentVariables, ...) written where a
// v2 document would have an inline environment. A v2 key (image, build,
// conda_file) or the early-preview docker: {image} keeps it v2.
func isV1EnvNode(m *yaml.Node) bool {
	if yamlnode.Has(m, "image") || yamlnode.Has(m, "build") || yamlnode.Has(m, "conda_file") {
		return false
	}
	if _, py := yamlnode.Entry(m, "python"); yamlnode.IsMap(py) {
		return true
	}
	if _, d := yamlnode.Entry(m, "docker"); yamlnode.IsMap(d) && !yamlnode.Has(d, "image") {
		return true
	}
	for _, k := range []string{"environmentVariables", "inferencingStackVersion", "databricks"} {
		if yamlnode.Has(m, k) {
			return true
		}
	}
	return false
}

// conda builds a conda spec from its mapping node and follows the -r and
// -c includes of its pip: list, relative to the file that holds it (conda
// runs pip from the environment file's directory). A remote include
// (-r https://...) is recorded as a remote reference and not fetched.
func (l *loader) conda(f *ir.File, m *yaml.Node, inline bool) *ir.Conda {
	c := condaFromNode(f, m, inline)
	for _, r := range c.Pip {
		if (r.Kind != ir.ReqInclude && r.Kind != ir.ReqConstraint) || r.Value == "" || r.Placeholder != "" {
			continue
		}
		from := &ir.Scalar{Value: r.Value, Loc: valueLoc(f, r.Loc, r.Option, r.Value), Placeholder: r.Placeholder}
		ref := l.ref(f, ir.RefRequirements, from, r.Value)
		c.PipIncludes = append(c.PipIncludes, ref)
		if inc := l.follow(ref, ir.KindRequirements); inc != nil && inc.Kind == ir.KindUnknown {
			inc.Kind = ir.KindRequirements
		}
	}
	return c
}

// itemScalar is the scalar of a list item: the value of item (orig
// resolved), positioned on orig, so that an item written as an alias
// (- *numpy) is reported where it is used, not at its anchor.
func itemScalar(f *ir.File, orig, item *yaml.Node) *ir.Scalar {
	s := scalar(f, nil, item)
	if orig != item {
		s.Loc = f.Loc(nodeRange(f, orig))
	}
	return s
}

// condaFromNode builds a conda spec from its mapping node.
func condaFromNode(f *ir.File, m *yaml.Node, inline bool) *ir.Conda {
	c := &ir.Conda{File: f, Node: m, Inline: inline}
	if !yamlnode.IsMap(m) {
		return c
	}
	c.Name = field(f, m, "name")
	if k, ch := yamlnode.Entry(m, "channels"); k != nil {
		c.ChannelsKey = keyScalar(f, k)
		if yamlnode.IsSeq(ch) {
			for _, item := range ch.Content {
				c.Channels = append(c.Channels, scalar(f, nil, item))
			}
		}
	}
	k, deps := yamlnode.Entry(m, "dependencies")
	if k == nil {
		return c
	}
	c.DepsKey = keyScalar(f, k)
	if !yamlnode.IsSeq(deps) {
		return c
	}
	for _, orig := range deps.Content {
		item := yamlnode.Resolve(orig)
		switch {
		case item.Kind == yaml.ScalarNode && (item.Tag == "!!int" || item.Tag == "!!float" || item.Tag == "!!bool"):
			c.Dependencies = append(c.Dependencies, &ir.CondaDep{
				Spec: itemScalar(f, orig, item),
				Err:  "a bare " + strings.TrimPrefix(item.Tag, "!!") + " is not a package name; conda expects a match spec string such as \"numpy=1.26.4\"",
			})
		case yamlnode.IsString(item):
			d := pkgspec.ParseCondaSpec(item.Value)
			d.Spec = itemScalar(f, orig, item)
			if d.Spec.Unknown() {
				d.Err = "" // a template: its final text is unknown, not invalid
			}
			c.Dependencies = append(c.Dependencies, &d)
		case yamlnode.IsMap(item) && yamlnode.Has(item, "pip"):
			pk, pv := yamlnode.Entry(item, "pip")
			c.PipKeys = append(c.PipKeys, keyScalar(f, pk))
			if pv != nil && !yamlnode.IsSeq(pv) && !yamlnode.IsNull(pv) {
				c.PipNotList = append(c.PipNotList, scalar(f, pk, yamlnode.Resolve(pv)))
			}
			if yamlnode.IsSeq(pv) {
				for _, porig := range pv.Content {
					p := yamlnode.Resolve(porig)
					if !yamlnode.IsString(p) {
						c.Pip = append(c.Pip, &ir.PipReq{Loc: f.Loc(nodeRange(f, porig)), Err: "a pip requirement must be a string"})
						continue
					}
					r := pkgspec.ParseRequirement(stripComment(p.Value))
					r.Loc = f.Loc(nodeRange(f, porig)) // the item, also when it is an alias
					if ph := f.PlaceholderIn(nodeRange(f, p)); ph != "" {
						r.Placeholder, r.Err = ph, "" // a template: its final text is unknown, not invalid
					}
					c.Pip = append(c.Pip, &r)
				}
			}
		default:
			c.Dependencies = append(c.Dependencies, &ir.CondaDep{
				Spec: itemScalar(f, orig, item),
				Err:  "conda expects a match spec string such as \"numpy=1.26.4\", or a {pip: [...]} mapping for pip packages",
			})
		}
	}
	return c
}

// connection reads a workspace connection's credentials.
func connection(f *ir.File, m *yaml.Node) *ir.Connection {
	c := &ir.Connection{File: f, Node: m, Type: field(f, m, "type"), Target: field(f, m, "target"), Credentials: map[string]*ir.Scalar{}}
	if _, cr := yamlnode.Entry(m, "credentials"); yamlnode.IsMap(cr) {
		for i := 0; i+1 < len(cr.Content); i += 2 {
			c.Credentials[cr.Content[i].Value] = scalar(f, cr.Content[i], yamlnode.Resolve(cr.Content[i+1]))
		}
	}
	return c
}

// envV1 builds an environment from v1 azureml_environment.json.
func (l *loader) envV1(f *ir.File, m *yaml.Node) *ir.Env {
	e := &ir.Env{File: f, Node: m, Format: ir.FormatV1, V1: &ir.V1Env{Deprecated: map[string]*ir.Scalar{}}}
	v := e.V1
	e.Name = field(f, m, "name")
	e.Version = field(f, m, "version")
	if k, ev := yamlnode.Entry(m, "environmentVariables"); k != nil {
		v.EnvironmentVariables, v.EnvironmentVarsKey = ev, f.Loc(nodeRange(f, k))
	}
	if k, r := yamlnode.Entry(m, "r"); k != nil {
		v.R, v.RKey = r, f.Loc(nodeRange(f, k))
	}
	if k, s := yamlnode.Entry(m, "spark"); k != nil {
		v.Spark, v.SparkKey = s, f.Loc(nodeRange(f, k))
	}
	if k, py := yamlnode.Entry(m, "python"); k != nil {
		v.Python, v.PythonKey = py, f.Loc(nodeRange(f, k))
		v.UserManagedDependencies = field(f, py, "userManagedDependencies")
		v.InterpreterPath = field(f, py, "interpreterPath")
		v.BaseCondaEnvironment = field(f, py, "baseCondaEnvironment")
		v.CondaDependenciesFile = field(f, py, "condaDependenciesFile")
		if _, cd := yamlnode.Entry(py, "condaDependencies"); yamlnode.IsMap(cd) {
			e.Conda = l.conda(f, cd, true)
			e.Conda.Env = e
			l.prog.Condas = append(l.prog.Condas, e.Conda)
		}
	}
	k, d := yamlnode.Entry(m, "docker")
	if k == nil {
		return e
	}
	v.Docker, v.DockerKey = d, f.Loc(nodeRange(f, k))
	e.Image = field(f, d, "baseImage")
	e.BaseDockerfile = field(f, d, "baseDockerfile")
	if e.BaseDockerfile != nil && yamlnode.IsString(e.BaseDockerfile.Node) {
		e.Dockerfile = virtualDockerfile(f, e.BaseDockerfile)
	}
	if bk, bc := yamlnode.Entry(d, "buildContext"); bk != nil && !yamlnode.IsNull(bc) {
		e.Build = &ir.Build{Node: bc, Key: f.Loc(nodeRange(f, bk))}
		if yamlnode.IsMap(bc) {
			e.Build.Path = field(f, bc, "location")
			e.Build.DockerfilePath = field(f, bc, "dockerfilePath")
			e.Build.LocationType = field(f, bc, "locationType")
		}
	}
	for _, name := range []string{"enabled", "arguments", "sharedVolumes", "gpuSupport", "shmSize"} {
		if s := field(f, d, name); s != nil {
			v.Deprecated[name] = s
		}
	}
	if rk, reg := yamlnode.Entry(d, "baseImageRegistry"); rk != nil && yamlnode.IsMap(reg) {
		r := &ir.Registry{Node: reg, Key: f.Loc(nodeRange(f, rk))}
		r.Address = field(f, reg, "address")
		r.Username = field(f, reg, "username")
		r.Password = field(f, reg, "password")
		if ik, id := yamlnode.Entry(reg, "registryIdentity"); ik != nil && !yamlnode.IsNull(id) {
			r.Identity, r.IdentityKey = id, f.Loc(nodeRange(f, ik))
			r.ClientID = field(f, id, "clientId")
			r.ResourceID = field(f, id, "resourceId")
		}
		v.Registry = r
	}
	return e
}

// trimFilePrefix drops a leading "file:" from a local path.
func trimFilePrefix(v string) string {
	t := strings.TrimSpace(v)
	if len(t) > len("file:") && strings.EqualFold(t[:len("file:")], "file:") {
		return strings.TrimSpace(t[len("file:"):])
	}
	return v
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
