package rules

import (
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/linttest"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
)

// foreignProject holds YAML and JSON files that are not Azure ML specs, as
// the pre-commit hook passes them: every staged .yml and .json by name.
var foreignProject = map[string]string{
	"psi/context/vcpkg.json":          `{"dependencies": [{"name": "seal", "features": ["no-throw-tran"]}, "kuku"], "overrides": [{"name": "seal", "version": "4.1.1"}], "builtin-baseline": "3a7f"}`,
	"manifest/vcpkg-like.json":        `{"$schema": "https://raw.githubusercontent.com/microsoft/vcpkg-tool/main/docs/vcpkg.schema.json", "dependencies": ["fmt"]}`,
	"assets/sklearn/environment.yaml": "image:\n  name: azureml/curated/sklearn-1.5\n  os: linux\n  context:\n    dir: context\n    dockerfile: Dockerfile\n  publish:\n    location: mcr\n    visibility: public\n",
	"model/python_env.yaml":           "python: 3.8.10\nbuild_dependencies:\n  - pip\n  - setuptools\ndependencies:\n  - -r requirements.txt\n",
	"flow/flow.dag.yaml":              "inputs: {question: {type: string}}\nnodes:\n- name: chat\n  type: llm\n  inputs: {question: ${inputs.question}}\nenvironment:\n  python_requirements_txt: requirements.txt\n",
	".vscode/settings.json":           "{\n  // editor settings\n  \"python.defaultInterpreterPath\": \"/opt/conda/bin/python\",\n  /* block */ \"editor.tabSize\": 4,\n}\n",
	"tsconfig.json":                   "{\"compilerOptions\": {\"target\": \"ES2022\", /* c */ \"module\": \"commonjs\",},}\n",
	"package.json":                    "{\"name\": \"x\", \"dependencies\": {\"left-pad\": \"*\"}}\n",
	".github/workflows/deploy.yml":    "on: [push]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment:\n      name: production\n      url: https://example.org\n    steps:\n      - run: az ml online-deployment create -f deployment.yml\n",
	"azure-pipelines.yml":             "trigger: [main]\npool: {vmImage: ubuntu-latest}\njobs:\n  - deployment: deploy\n    environment: {name: prod, resourceType: VirtualMachine}\n    strategy: {runOnce: {deploy: {steps: [{script: echo}]}}}\n",
	"docker-compose.yml":              "services:\n  scorer:\n    image: python\n    environment:\n      AZUREML_MODEL_DIR: /var/azureml-app\n",
	"k8s/deployment.yaml":             "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: python}]\n",
	"chart/templates/job.yaml":        "environment:\n  image: {{ .Values.image }}\n{{- if .Values.conda }}\n  conda_file: {{ .Values.conda }}\n{{- end }}\n",
	"broken-tool.json":                "{\"editor.tabSize\": 4,, \"x\"\n",
}

// TestForeignFilesSilent: no rule reports on a file that is not an Azure ML
// spec, also when it is named explicitly (issue 12, noise 2).
func TestForeignFilesSilent(t *testing.T) {
	dir := testfs.Temp(t, foreignProject)
	var in []load.Input
	for name := range foreignProject {
		in = append(in, load.Input{Path: name, Explicit: true})
	}
	prog, err := load.Load(in, load.Options{Root: dir, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range lint.Run(prog, All(), &lint.Settings{Options: lint.Options{Today: linttest.Today}}) {
		t.Errorf("%s:%d:%d %s %s", d.Loc.Path, d.Loc.Range.Start.Line, d.Loc.Range.Start.Col, d.RuleID, d.Message)
	}
}
