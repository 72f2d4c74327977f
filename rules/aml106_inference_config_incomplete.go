package rules

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// inferenceRoutes are the routes inference_config must define.
var inferenceRoutes = []string{"liveness_route", "readiness_route", "scoring_route"}

// AML106 reports inference_config sections without all three routes, or
// routes without port and path.
var AML106 = &lint.Rule{
	ID:       "AML106",
	Name:     "inference-config-incomplete",
	Summary:  "inference_config without all three routes, or a route without port and path",
	Severity: lint.Error,
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML106"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: tfserving-env
image: docker.io/tensorflow/serving:2.16.1
inference_config:
  liveness_route:
    port: 8501
    path: /v1/models/half_plus_two
  scoring_route:
    path: /v1/models/half_plus_two:predict
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: tfserving-env
image: docker.io/tensorflow/serving:2.16.1
inference_config:
  liveness_route:
    port: 8501
    path: /v1/models/half_plus_two
  readiness_route:
    port: 8501
    path: /v1/models/half_plus_two
  scoring_route:
    port: 8501
    path: /v1/models/half_plus_two:predict
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			inf := e.Inference
			if inf == nil || inf.Node == nil || inf.Node.Kind != yaml.MappingNode {
				continue // absent, null, or the wrong type (AML003)
			}
			var missing []string
			for _, name := range inferenceRoutes {
				if inf.Routes[name] == nil {
					missing = append(missing, name)
				}
			}
			if len(missing) > 0 {
				p.Reportf(inf.Key, "inference_config lacks %s; all three of liveness_route, readiness_route and scoring_route are required, each with port and path",
					strings.Join(missing, ", "))
			}
			for _, name := range inferenceRoutes {
				r := inf.Routes[name]
				if r == nil {
					continue
				}
				if r.Node != nil && r.Node.Kind != yaml.MappingNode && !yamlnode.IsNull(r.Node) {
					continue // wrong type: AML003
				}
				var lack []string
				if r.Port == nil || strings.TrimSpace(r.Port.Value) == "" && isScalarNode(r.Port) {
					lack = append(lack, "port")
				}
				if r.Path == nil || strings.TrimSpace(r.Path.Value) == "" && isScalarNode(r.Path) {
					lack = append(lack, "path")
				}
				if len(lack) > 0 {
					loc := r.Key
					if len(lack) == 1 {
						if k, _ := yamlnode.Entry(r.Node, lack[0]); k != nil {
							loc = nodeLoc(e.File, k) // "path:" with no value
						}
					}
					p.Reportf(loc, "%s has no %s; add the port the server listens on and the route's path", name, strings.Join(lack, " or "))
				}
			}
		}
	},
}
