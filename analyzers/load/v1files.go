package load

import (
	"os"
	"path/filepath"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// SDK v1 keeps environments in two more places than azureml_environment.json
// alone, and the walk finds them here:
//
//   - a run configuration (PROJECT/.azureml/NAME.runconfig, or aml_config/
//     in older projects) is YAML whose "environment" section is a v1
//     environment; its python.condaDependenciesFile is relative to the
//     project directory, not to the runconfig;
//   - Environment.save_to_directory writes azureml_environment.json with the
//     conda specification in a sibling conda_dependencies.yml and the base
//     Dockerfile in a sibling BaseDockerfile, which load_from_directory
//     reads back in place of the JSON's (null) condaDependencies and
//     baseDockerfile.

const (
	v1CondaFile      = "conda_dependencies.yml"
	v1BaseDockerfile = "BaseDockerfile"
)

// isRunConfigName reports whether a file is named like a run configuration.
func isRunConfigName(p string) bool {
	return strings.EqualFold(filepath.Ext(p), ".runconfig")
}

// runConfigEnv returns the v1 environment section of a run configuration:
// an "environment" mapping with a python or docker section.
func runConfigEnv(root *yaml.Node) *yaml.Node {
	_, env := yamlnode.Entry(root, "environment")
	if !yamlnode.IsMap(env) {
		return nil
	}
	if _, py := yamlnode.Entry(env, "python"); yamlnode.IsMap(py) {
		return env
	}
	if _, d := yamlnode.Entry(env, "docker"); yamlnode.IsMap(d) {
		return env
	}
	return nil
}

// runConfig loads the environment of a run configuration as a v1
// environment. It reports false when the file has none (a Workbench-era
// runconfig names only a conda file, which the walk finds on its own).
func (l *loader) runConfig(f *ir.File, root *yaml.Node) bool {
	env := runConfigEnv(root)
	if env == nil {
		return false
	}
	f.Kind = ir.KindEnvV1
	l.register(f)
	f.Directives = yamlDirectives(f)
	e := l.envV1(f, env)
	if s := e.V1.CondaDependenciesFile; s != nil && yamlnode.IsString(s.Node) && strings.TrimSpace(s.Value) != "" && e.Conda == nil {
		p := filepath.FromSlash(strings.TrimSpace(s.Value))
		if !filepath.IsAbs(p) {
			p = filepath.Join(projectDir(f.Abs), p)
		}
		e.CondaRef = l.resolved(ir.RefConda, s, filepath.Clean(p))
		l.linkConda(e, l.follow(e.CondaRef, ir.KindConda))
	}
	l.prog.Envs = append(l.prog.Envs, e)
	return true
}

// projectDir is the project directory of a run configuration: the parent
// of the .azureml or aml_config folder that holds it.
func projectDir(runconfig string) string {
	dir := filepath.Dir(runconfig)
	switch strings.ToLower(filepath.Base(dir)) {
	case ".azureml", "aml_config":
		return filepath.Dir(dir)
	}
	return dir
}

// v1Directory links the files that Environment.save_to_directory writes
// next to azureml_environment.json, when the JSON leaves them out.
func (l *loader) v1Directory(f *ir.File, e *ir.Env) {
	if f.Abs == "" || !strings.EqualFold(filepath.Base(f.Abs), "azureml_environment.json") {
		return
	}
	dir := filepath.Dir(f.Abs)
	if e.Conda == nil && e.V1.CondaDependenciesFile == nil {
		l.linkConda(e, l.sibling(filepath.Join(dir, v1CondaFile), ir.KindConda))
	}
	if e.BaseDockerfile == nil && e.V1.Docker != nil {
		if df := l.sibling(filepath.Join(dir, v1BaseDockerfile), ir.KindDockerfile); df != nil {
			if d := l.dockerfileOf(df); d != nil {
				e.Dockerfile = d
				e.BaseDockerfile = &ir.Scalar{Value: string(df.Src), Loc: df.Loc(df.LineRange(1))}
			}
		}
	}
}

// sibling loads a file next to a spec that the spec does not name: nil
// when it is absent or outside the root.
func (l *loader) sibling(p string, kind ir.Kind) *ir.File {
	if !within(l.opts.Root, p) {
		return nil
	}
	if info, err := os.Stat(p); err != nil || info.IsDir() {
		return nil
	}
	return l.follow(&ir.Ref{Kind: ir.RefConda, Path: p, Exists: true}, kind)
}

// linkConda makes cf's conda spec the environment's.
func (l *loader) linkConda(e *ir.Env, cf *ir.File) {
	if cf == nil {
		return
	}
	if e.Conda = l.condaOf(cf); e.Conda != nil && e.Conda.Env == nil {
		e.Conda.Env = e
	}
}
