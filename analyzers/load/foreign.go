package load

import (
	"path/filepath"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// Files that are YAML or JSON but not Azure ML specs are recognised by
// content (and a few by name) and left alone, also when named on the
// command line: the pre-commit hook passes every staged .yml and .json.

// foreignName names what a file is when its name alone says it is not a
// spec, or returns "".
func foreignName(path string) string {
	switch strings.ToLower(filepath.Base(path)) {
	case "vcpkg.json", "vcpkg-configuration.json":
		return "vcpkg manifest"
	case "python_env.yaml", "python_env.yml":
		return "MLflow python_env"
	case "chart.yaml", "values.yaml", "package.json", "package-lock.json", "tsconfig.json", "jsconfig.json",
		"devcontainer.json", ".devcontainer.json", "composer.json", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml",
		"mkdocs.yml", ".readthedocs.yaml", ".readthedocs.yml", "codecov.yml", ".codecov.yml", "dependabot.yml":
		return "tool configuration"
	}
	return ""
}

// foreignKind names what a non-spec document is, or returns "".
func foreignKind(path string, root *yaml.Node) string {
	if !yamlnode.IsMap(root) {
		return ""
	}
	if _, s := yamlnode.Entry(root, "$schema"); yamlnode.IsString(s) {
		v := strings.ToLower(s.Value)
		switch {
		case strings.Contains(v, "vcpkg"):
			return "vcpkg manifest"
		case strings.Contains(v, "/promptflow/"):
			return "prompt flow"
		}
	}
	switch {
	case yamlnode.Has(root, "builtin-baseline") || yamlnode.Has(root, "overrides") && yamlnode.Has(root, "dependencies") && !yamlnode.Has(root, "channels"):
		return "vcpkg manifest"
	case isPromptFlow(path, root):
		return "prompt flow"
	case isAssetBuildConfig(root):
		return "asset build configuration"
	case isMLflowPythonEnv(root):
		return "MLflow python_env"
	case yamlnode.Has(root, "apiVersion") && yamlnode.Has(root, "kind"):
		return "Kubernetes manifest"
	case isWorkflow(root):
		return "CI workflow"
	case isCompose(root):
		return "Docker Compose file"
	}
	return ""
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	_, v := yamlnode.Entry(m, key)
	return yamlnode.Resolve(v)
}

// isCompose recognises a Docker Compose file: services that name an image
// or a build (an Azure ML job's services: are jupyter_lab, ssh, ... and come
// with an environment).
func isCompose(root *yaml.Node) bool {
	svcs := mapValue(root, "services")
	if !yamlnode.IsMap(svcs) || yamlnode.Has(root, "environment") || yamlnode.Has(root, "command") {
		return false
	}
	for i := 1; i < len(svcs.Content); i += 2 {
		s := yamlnode.Resolve(svcs.Content[i])
		if yamlnode.Has(s, "image") || yamlnode.Has(s, "build") || yamlnode.Has(s, "ports") {
			return true
		}
	}
	return false
}

// isPromptFlow recognises a prompt flow definition (flow.dag.yaml): nodes
// with an environment that names a python_requirements_txt.
func isPromptFlow(path string, root *yaml.Node) bool {
	base := strings.ToLower(filepath.Base(path))
	if strings.HasPrefix(base, "flow.dag.") || strings.HasPrefix(base, "flow.flex.") {
		return true
	}
	env := mapValue(root, "environment")
	return yamlnode.Has(root, "nodes") && yamlnode.IsMap(env) && yamlnode.Has(env, "python_requirements_txt")
}

// isAssetBuildConfig recognises an azureml-assets environment build
// configuration: image is a mapping of name, os, context and publish.
func isAssetBuildConfig(root *yaml.Node) bool {
	img := mapValue(root, "image")
	if !yamlnode.IsMap(img) {
		return false
	}
	n := 0
	for _, k := range []string{"name", "os", "context", "publish"} {
		if yamlnode.Has(img, k) {
			n++
		}
	}
	return n >= 2
}

// isMLflowPythonEnv recognises MLflow's python_env.yaml: a python version
// with build_dependencies and pip dependencies, no conda channels.
func isMLflowPythonEnv(root *yaml.Node) bool {
	_, py := yamlnode.Entry(root, "python")
	return yamlnode.IsString(py) && yamlnode.Has(root, "build_dependencies") && !yamlnode.Has(root, "channels")
}

// isWorkflow recognises GitHub Actions workflows and Azure Pipelines, whose
// jobs and deployments have an environment: that is a deployment target.
func isWorkflow(root *yaml.Node) bool {
	if yamlnode.Has(root, "on") && yamlnode.Has(root, "jobs") {
		if jobs := mapValue(root, "jobs"); yamlnode.IsMap(jobs) {
			for i := 1; i < len(jobs.Content); i += 2 {
				j := yamlnode.Resolve(jobs.Content[i])
				if yamlnode.Has(j, "runs-on") || yamlnode.Has(j, "steps") || yamlnode.Has(j, "uses") {
					return true
				}
			}
		}
	}
	for _, k := range []string{"trigger", "pr", "pool", "stages", "steps"} {
		if yamlnode.Has(root, k) && !yamlnode.Has(root, "command") && !yamlnode.Has(root, "$schema") {
			return k != "steps" || yamlnode.IsSeq(mapValue(root, "steps"))
		}
	}
	return false
}

// promptFlow lints the requirements file a prompt flow names: the flow
// itself is not an Azure ML environment, but its requirements are installed
// into the image the flow runs in. A missing file is prompt flow's own
// validation to report (its runtime resolves the path), not a finding here.
func (l *loader) promptFlow(f *ir.File, root *yaml.Node) {
	env := mapValue(root, "environment")
	_, req := yamlnode.Entry(env, "python_requirements_txt")
	if !yamlnode.IsString(req) || strings.TrimSpace(req.Value) == "" {
		return
	}
	s := scalar(f, nil, req)
	if s.Unknown() || isRemote(s.Value) || f.Abs == "" {
		return
	}
	p := filepath.Clean(filepath.Join(filepath.Dir(f.Abs), filepath.FromSlash(strings.TrimSpace(s.Value))))
	r := l.resolve(ir.RefRequirements, s, p)
	if inc := l.follow(r, ir.KindRequirements); inc != nil && inc.Kind == ir.KindUnknown {
		inc.Kind = ir.KindRequirements
	}
}

// mentionsSpec reports whether a file that cannot be parsed still looks
// like it was meant to be a spec, so that a broken one named on the command
// line is reported while a broken foreign file is left alone.
func mentionsSpec(src []byte) bool {
	s := strings.ToLower(string(src[:min(len(src), 64<<10)]))
	for _, w := range []string{"azureml", "conda", "dependencies", "image", "environment", "channels", "docker", "build", "$schema"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// parseJSONC parses a .json file with // and /* */ comments blanked out
// (one space per character, so positions stay exact). It returns the
// problem to report if the file turns out to be a spec: JSON has no
// comments, and the SDKs' JSON readers reject them.
func (l *loader) parseJSONC(f *ir.File, doc *yaml.Node) (ir.Problem, bool) {
	if !strings.EqualFold(filepath.Ext(f.Abs), ".json") {
		return ir.Problem{}, false
	}
	clean, first, ok := blankJSONComments(string(f.Src))
	if !ok {
		return ir.Problem{}, false
	}
	if err := safeUnmarshal([]byte(clean), doc); err != nil {
		return ir.Problem{}, false
	}
	pos := newLineCols(string(f.Src)).pos(first)
	return ir.Problem{
		Range:   ir.Range{Start: pos, End: ir.Pos{Line: pos.Line, Col: pos.Col + 2}},
		Message: "invalid JSON: comments are not allowed in JSON; remove the comment",
	}, true
}

// blankJSONComments replaces the comments of a JSON text by spaces (line
// breaks kept). It returns the byte offset of the first comment, and false
// when there is none.
func blankJSONComments(s string) (string, int, bool) {
	var b strings.Builder
	b.Grow(len(s))
	first := -1
	inStr := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case inStr:
			if c == '\\' && i+1 < len(s) {
				b.WriteString(s[i : i+2])
				i += 2
				continue
			}
			if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '/' && i+1 < len(s) && (s[i+1] == '/' || s[i+1] == '*'):
			if first < 0 {
				first = i
			}
			end := len(s)
			if s[i+1] == '/' {
				if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
					end = i + j
				}
			} else if j := strings.Index(s[i+2:], "*/"); j >= 0 {
				end = i + 2 + j + 2
			}
			for _, r := range s[i:end] {
				if r == '\n' || r == '\r' {
					b.WriteRune(r)
				} else {
					b.WriteByte(' ')
				}
			}
			i = end
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String(), first, first >= 0
}
