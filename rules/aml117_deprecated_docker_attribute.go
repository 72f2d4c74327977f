package rules

import (
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// deprecatedDockerAttrs lists the deprecated v1 DockerSection attributes in
// report order, with the value the SDK writes by itself (which has no
// effect and is not reported) and what to do instead.
var deprecatedDockerAttrs = []struct {
	name    string
	isDflt  func(n *yaml.Node) bool
	instead string
}{
	{"enabled", dsIsBool(false), "Docker use is chosen per run: set DockerConfiguration(use_docker=True) on the run configuration and remove it"},
	{"arguments", dsIsEmptyList, "pass Docker run arguments with DockerConfiguration(arguments=[...]) on the run configuration and remove it"},
	{"sharedVolumes", dsIsBool(true), "set DockerConfiguration(shared_volumes=...) on the run configuration and remove it"},
	{"gpuSupport", dsIsBool(false), "Azure ML now detects and uses the NVIDIA Docker extension automatically; remove it"},
	{"shmSize", dsIsString("2g"), "set DockerConfiguration(shm_size=...) on the run configuration and remove it"},
}

func dsIsBool(want bool) func(n *yaml.Node) bool {
	return func(n *yaml.Node) bool {
		n = yamlnode.Resolve(n)
		if n == nil || n.Kind != yaml.ScalarNode {
			return false
		}
		var b bool
		return n.Decode(&b) == nil && b == want
	}
}

func dsIsEmptyList(n *yaml.Node) bool {
	n = yamlnode.Resolve(n)
	return n != nil && n.Kind == yaml.SequenceNode && len(n.Content) == 0
}

func dsIsString(want string) func(n *yaml.Node) bool {
	return func(n *yaml.Node) bool {
		n = yamlnode.Resolve(n)
		return n != nil && n.Kind == yaml.ScalarNode && strings.EqualFold(strings.TrimSpace(n.Value), want)
	}
}

// AML117 reports deprecated v1 DockerSection attributes.
var AML117 = &lint.Rule{
	ID:       "AML117",
	Name:     "deprecated-docker-attribute",
	Summary:  "Deprecated v1 docker attribute (enabled, arguments, sharedVolumes, gpuSupport, shmSize) set to a non-default value",
	Severity: lint.Warning,
	Guide:    "Deprecated Docker attribute",
	Tags:     []string{"deprecation"},
	Doc:      ruleDoc("AML117"),
	Bad: lint.Example{Path: "azureml_environment.json", Src: `
"docker": {
  "baseImage": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1",
  "enabled": true,
  "shmSize": "16g"
}
`},
	Good: lint.Example{Path: "azureml_environment.json", Src: `
"docker": {
  "baseImage": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1"
}
`, Note: "and in the submitting code: `run_config.docker = DockerConfiguration(use_docker=True, shm_size=\"16g\")`."},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.Format != ir.FormatV1 || e.V1 == nil {
				continue
			}
			for _, a := range deprecatedDockerAttrs {
				s := e.V1.Deprecated[a.name]
				if s == nil || s.Node == nil || a.isDflt(s.Node) {
					continue
				}
				what := "docker." + a.name
				if n := yamlnode.Resolve(s.Node); n.Kind == yaml.ScalarNode {
					what += " " + strconv.Quote(textutil.Truncate(n.Value, 40))
				}
				p.Reportf(keyOr(s), "%s is deprecated; %s", what, a.instead)
			}
		}
	},
}
