package rules

import (
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/linttest"
	"github.com/mlenv-lint/mlenv-lint/analyzers/load"
	"github.com/mlenv-lint/mlenv-lint/internal/testfs"
)

// templatedProject holds a template placeholder in every value a rule
// reads: names, versions, images, paths, routes, credentials, conda and pip
// specs, includes, index URLs, a Dockerfile's FROM. Rendered, it would be a
// clean project; as committed, every templated value is unknown.
var templatedProject = map[string]string{
	"azureml_environment.json": `{
  "name": "{{name}}",
  "version": "<VERSION>",
  "python": {"userManagedDependencies": true, "interpreterPath": "{{python}}"},
  "docker": {"baseImage": "{{acr}}.azurecr.io/base:{{tag}}",
             "baseImageRegistry": {"address": "{{acr}}.azurecr.io", "username": "{{user}}", "password": "{{password}}"}}
}
`,
	"build-env.yml": `name: built
build:
  path: "{{image.context.path}}"
  dockerfile_path: <DOCKERFILE>
`,
	"conda.yml": `name: "{{env_name}}"
channels:
  - "{{CHANNEL}}"
dependencies:
  - python=3.12.7
  - pip=24.2
  - "{{extra_conda_package}}"
  - numpy=<NUMPY_VERSION>
  - pip:
      - "{{pip_package}}"
      - azureml-core==${AZUREML_VERSION}
      - -r <requirements>
      - --extra-index-url https://{{FEED_TOKEN}}@pkgs.dev.azure.com/org/_packaging/feed/pypi/simple/
`,
	"ctx/Dockerfile": `FROM {{BASE_IMAGE}}:{{TAG}}
RUN echo hi
RUN pip install azureml-core=={{latest-pypi-version}} "torch=={{torch}}" https://{{host}}/pkg.whl \
    && pip install -e "git+https://{{host}}/x.git@{{ref}}#egg=x"
`,
	"conda-pip.yml": `channels: [conda-forge]
dependencies:
  - python=3.12.7
  - pip={{pip}}
  - pip:
      - azureml-core==1.57.0
`,
	"deployment.yml": `name: blue
endpoint_name: {{ENDPOINT_NAME}}
environment:
  image: {{ACR_NAME}}.azurecr.io/app:{{TAG}}
  conda_file: ${CONDA}
environment_variables:
  PASSWORD: "{{PASSWORD}}"
`,
	"environment.yml": `$schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json
name: "{{asset.name}}"
version: "{{asset.version}}"
description: <DESCRIPTION>
os_type: ${OS_TYPE}
image: "{{registry}}/azureml/{{image_name}}:{{latest-image-tag}}"
conda_file: "{{conda_path}}"
inference_config:
  liveness_route: {port: {{PORT}}, path: "{{LIVENESS}}"}
  readiness_route: {port: <PORT>, path: /ready}
  scoring_route: {port: 5001, path: ${SCORE_PATH}}
`,
	"job.yml": `$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
command: python train.py --lr ${{inputs.lr}}
inputs:
  lr: 0.1
environment: azureml:{{ENV_NAME}}:{{ENV_VERSION}}
compute: azureml:<your-compute-name>
`,
	"requirements.txt": `${TORCH_REQUIREMENT}
scikit-learn=={{SKLEARN_VERSION}}
-r {{more}}.txt
--index-url https://<user>:<token>@example.com/simple
`,
}

// TestPlaceholdersSilent: no rule reports a finding caused by a template
// placeholder (issue 12, noise 1).
func TestPlaceholdersSilent(t *testing.T) {
	dir := testfs.Temp(t, templatedProject)
	var in []load.Input
	for name := range templatedProject {
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
