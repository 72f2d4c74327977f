package facts

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// EnvRef is a job's string-valued environment: reference (azureml:name:version,
// file:path ...).
type EnvRef struct {
	Job *ir.Job
	Ref *ir.Scalar
	// AzureMLFile is set when the job file is clearly an Azure ML job,
	// deployment or component (not, say, a CI workflow that also has an
	// "environment:" key).
	AzureMLFile bool
}

// EnvRefs lists the environment references of every job. An "environment"
// key inside user data (inputs, outputs, tags, variables, ...) is not an
// environment reference and is left out.
func (f *Facts) EnvRefs() []EnvRef { return f.envRefs() }

func envRefs(p *ir.Program) []EnvRef {
	var out []EnvRef
	for _, j := range p.Jobs {
		skip := dataEnvironmentValues(j.File)
		aml := isAzureMLFile(j.File)
		for _, ref := range j.EnvRefs {
			if ref.Node != nil && skip[ref.Node] {
				continue
			}
			out = append(out, EnvRef{Job: j, Ref: ref, AzureMLFile: aml})
		}
	}
	return out
}

// dataKeys are the keys whose children are user data.
var dataKeys = map[string]bool{
	"inputs": true, "outputs": true, "tags": true, "properties": true, "environment_variables": true,
	"variables": true, "parameters": true, "search_space": true, "metadata": true, "args": true,
}

// dataEnvironmentValues returns the value nodes of "environment" keys that
// sit inside user data.
func dataEnvironmentValues(f *ir.File) map[*yaml.Node]bool {
	out := map[*yaml.Node]bool{}
	if f == nil || f.Root == nil {
		return out
	}
	yamlnode.WalkKeysWith(f.Root, false, func(_, k, v *yaml.Node, inData bool) (bool, bool) {
		if inData && k.Value == "environment" {
			out[v] = true
		}
		return inData || dataKeys[k.Value], true
	})
	return out
}

func isAzureMLFile(f *ir.File) bool {
	if f == nil || f.Root == nil || len(f.Root.Content) == 0 {
		return false
	}
	if strings.Contains("/"+f.Rel, "/.github/") {
		return false
	}
	root := f.Root.Content[0]
	if root.Kind != yaml.MappingNode {
		return false
	}
	has := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		has[root.Content[i].Value] = root.Content[i+1]
	}
	if _, ok := has["runs-on"]; ok {
		return false
	}
	if s, ok := has["$schema"]; ok && strings.Contains(strings.ToLower(s.Value), "azureml") {
		return true
	}
	if t, ok := has["type"]; ok {
		switch strings.ToLower(t.Value) {
		case "command", "sweep", "pipeline", "parallel", "spark", "automl":
			return true
		}
	}
	for _, k := range []string{"endpoint_name", "command", "compute"} {
		if _, ok := has[k]; ok {
			return true
		}
	}
	return false
}
