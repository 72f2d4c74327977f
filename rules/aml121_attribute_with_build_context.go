package rules

import (
	"strconv"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// dsNonEmpty reports whether n is a mapping or list with at least one entry.
func dsNonEmpty(n *yaml.Node) bool {
	n = yamlnode.Resolve(n)
	return n != nil && (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && len(n.Content) > 0
}

// AML121 reports settings that a Docker build context does not allow
// beside it.
var AML121 = &lint.Rule{
	ID:       "AML121",
	Name:     "attribute-with-build-context",
	Summary:  "Environment variables, conda settings, R or Spark beside a Docker build context",
	Severity: lint.Error,
	Guide:    "Not allowed to specify attribute with Docker build context",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML121"),
	Bad: lint.Example{Path: "environment.yml", Src: `
name: my-env
build:
  path: ./docker-context
conda_file: conda.yml
`},
	Good: lint.Example{Path: "environment.yml", Src: `
name: my-env
build:
  path: ./docker-context   # the Dockerfile copies conda.yml and creates the environment
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			b := dsBuild(e)
			if b == nil {
				continue
			}
			report := func(loc ir.Location, what, fix string) {
				p.Report(lint.Diagnostic{
					Loc:     loc,
					Message: what + " cannot be set beside a Docker build context; " + fix,
					Related: []lint.Related{related(b.Key, "%s is set here", dsBuildName(e))},
				})
			}
			if e.Format != ir.FormatV1 || e.V1 == nil {
				if k, v := yamlnode.Entry(e.Node, "conda_file"); k != nil && !yamlnode.IsNull(v) {
					what := "conda_file"
					if v.Kind == yaml.ScalarNode {
						what += " " + strconv.Quote(textutil.Truncate(v.Value, 60))
					}
					report(nodeLoc(e.File, k), what, "remove it and install the conda environment in the Dockerfile")
				}
				continue
			}
			v1 := e.V1
			if dsNonEmpty(v1.EnvironmentVariables) {
				report(v1.EnvironmentVarsKey, "environmentVariables", "remove them and set them with ENV in the Dockerfile (or on the run configuration)")
			}
			if k, v := yamlnode.Entry(v1.Python, "condaDependencies"); k != nil && dsNonEmpty(v) {
				report(nodeLoc(e.File, k), "python.condaDependencies", "remove it and install the conda environment in the Dockerfile")
			}
			if s := v1.CondaDependenciesFile; dsSet(s) {
				report(keyOr(s), "python.condaDependenciesFile", "remove it and install the conda environment in the Dockerfile")
			}
			if s := v1.BaseCondaEnvironment; dsSet(s) {
				report(keyOr(s), "python.baseCondaEnvironment", "remove it and create the conda environment in the Dockerfile")
			}
			if dsNonEmpty(v1.R) {
				report(v1.RKey, "the r section", "remove it and install R and its packages in the Dockerfile")
			}
			if v1.Spark != nil {
				_, repos := yamlnode.Entry(v1.Spark, "repositories")
				_, pkgs := yamlnode.Entry(v1.Spark, "packages")
				if dsNonEmpty(repos) || dsNonEmpty(pkgs) {
					report(v1.SparkKey, "spark packages", "remove them and install them in the Dockerfile")
				}
			}
		}
	},
}
