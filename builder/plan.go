// Package builder turns a valid environment spec into an image the way
// Azure Machine Learning builds it, with BuildKit: a build plan (the
// Dockerfile and context the service would use), a content-addressed cache
// key, and a solve on a local or remote BuildKit engine.
package builder

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
)

// Kind is how an environment's image is made.
type Kind int

// Plan kinds.
const (
	ImageOnly        Kind = iota // an image with nothing to build: pull (or verify) it
	CondaOnImage                 // image + conda file: a generated Dockerfile creates the conda env on the image
	Context                      // a build context with the user's Dockerfile
	InlineDockerfile             // v1 baseDockerfile text (with the conda step appended when conda is managed)
)

func (k Kind) String() string {
	switch k {
	case ImageOnly:
		return "image"
	case CondaOnImage:
		return "image+conda"
	case Context:
		return "build-context"
	case InlineDockerfile:
		return "dockerfile"
	}
	return "unknown"
}

// CondaPath is where the service puts the (mutated) conda file inside the
// image: azureml-environment-setup/mutated_conda_dependencies.yml,
// relative to the working directory /.
const CondaPath = "/azureml-environment-setup/mutated_conda_dependencies.yml"

// condaFileName is the conda file's name in the build context.
const condaFileName = "azureml-environment-setup/mutated_conda_dependencies.yml"

// Plan is everything needed to build one environment's image.
type Plan struct {
	Kind Kind
	Name string // environment name, for image names and messages
	Spec string // display path of the spec

	// BaseImage is the image the build starts from (ImageOnly, CondaOnImage).
	BaseImage string
	// Dockerfile is the Dockerfile to build: generated, the v1 text, or the
	// user's file read from the context.
	Dockerfile []byte
	// DockerfileName is the Dockerfile's path inside ContextDir (Context).
	DockerfileName string
	// ContextDir is the local build context (Context); empty otherwise.
	ContextDir string
	// RemoteContext is a Git or HTTP(S) build context (Context).
	RemoteContext string
	// Conda is the conda file's bytes (CondaOnImage, InlineDockerfile), and
	// CondaEnvPath the prefix the environment is created at.
	Conda        []byte
	CondaEnvPath string

	BuildArgs map[string]string
	Platform  string
	// Bases are the base images the build starts from (the image, or the
	// FROM images of the Dockerfile), to resolve to digests for the key.
	Bases []string
	// SourceDateEpoch (seconds since 1970, as SOURCE_DATE_EPOCH) makes the
	// image reproducible: every timestamp in it, files included, is that.
	SourceDateEpoch string
	// Attest are the attestations to attach, as BuildKit's frontend takes
	// them: "provenance" -> "mode=max", "sbom" -> "generator=IMAGE".
	Attest map[string]string
}

// Options add what the spec does not say.
type Options struct {
	BuildArgs map[string]string
	Platform  string // e.g. linux/amd64; "" for the engine's default
	// Bases are the external images the Dockerfile's stages start from
	// (analyzers/facts works them out); the plan adds its own base image.
	Bases []string
	// Secrets are the --secret ids; the generated conda step mounts the
	// ones in SecretTargets.
	Secrets []string
	// SourceDateEpoch and Attest: see Plan.
	SourceDateEpoch string
	Attest          map[string]string
}

// SecretTargets are the --secret ids the generated conda step mounts, and
// where: the files pip and conda read a private index's credentials from
// (what a workspace connection provides in the cloud).
var SecretTargets = []struct{ ID, Target string }{
	{"pip.conf", "/etc/pip.conf"},
	{"netrc", "/root/.netrc"},
}

// NewPlan makes the build plan for env. The environment must have passed
// lint: NewPlan reports what it cannot build, it does not re-validate.
func NewPlan(env *ir.Env, opts Options) (*Plan, error) {
	p := &Plan{Name: envName(env), Spec: env.File.Path, BuildArgs: opts.BuildArgs, Platform: opts.Platform,
		SourceDateEpoch: opts.SourceDateEpoch, Attest: opts.Attest}
	defer func() {
		if p.BaseImage != "" && !slices.Contains(opts.Bases, p.BaseImage) {
			p.Bases = append(p.Bases, p.BaseImage)
		}
		for _, b := range opts.Bases {
			if !slices.Contains(p.Bases, b) {
				p.Bases = append(p.Bases, b)
			}
		}
	}()
	if what, ph := templated(env); ph != "" {
		return nil, fmt.Errorf("%s: %s holds the template placeholder %s; render the template, then build the rendered file", p.Spec, what, ph)
	}
	conda, err := condaBytes(env)
	if err != nil {
		return nil, err
	}
	switch {
	case env.Build != nil:
		p.Kind = Context
		if env.Build.Path == nil || env.Build.Path.Value == "" {
			return nil, fmt.Errorf("%s: build has no path", p.Spec)
		}
		p.DockerfileName = ir.DefaultDockerfile
		if env.Build.DockerfilePath != nil && env.Build.DockerfilePath.Value != "" {
			p.DockerfileName = filepath.ToSlash(filepath.Clean(env.Build.DockerfilePath.Value))
		}
		ref := env.Build.ContextRef
		switch {
		case ref == nil || ref.Remote:
			if !isGitURL(env.Build.Path.Value) {
				return nil, fmt.Errorf("%s: build context %q is not a local directory or a Git repository; download it and point build.path at the directory", p.Spec, redact.URL(env.Build.Path.Value, redact.DropQuery))
			}
			p.RemoteContext = env.Build.Path.Value
		case ref.Escapes:
			return nil, fmt.Errorf("%s: build context %q is outside the project root", p.Spec, env.Build.Path.Value)
		case !ref.Exists || !ref.IsDir:
			return nil, fmt.Errorf("%s: build context %q is not a directory", p.Spec, env.Build.Path.Value)
		default:
			p.ContextDir = ref.Path
			if d := env.Build.Dockerfile; d != nil && d.File != nil && !d.Virtual && len(d.File.Syntax) == 0 {
				p.Dockerfile = d.File.Src // already read by the loader
				break
			}
			df, err := os.ReadFile(filepath.Join(ref.Path, filepath.FromSlash(p.DockerfileName)))
			if err != nil {
				return nil, fmt.Errorf("%s: reading the Dockerfile: %w", p.Spec, err)
			}
			p.Dockerfile = df
		}
	case env.BaseDockerfile != nil && env.BaseDockerfile.Value != "":
		p.Kind = InlineDockerfile
		p.Dockerfile = []byte(env.BaseDockerfile.Value)
		if conda != nil {
			p.CondaEnvPath = condaEnvPath(conda)
			if p.Conda, err = mutateConda(conda, p.CondaEnvPath); err != nil {
				return nil, fmt.Errorf("%s: %w", p.Spec, err)
			}
			p.Dockerfile = append(append(p.Dockerfile, '\n'), condaSteps(p.CondaEnvPath, opts.Secrets)...)
		}
	case env.Image != nil && env.Image.Value != "":
		p.BaseImage = env.Image.Value
		if conda == nil {
			p.Kind = ImageOnly
			p.Dockerfile = []byte(fmt.Sprintf("FROM %s\n", p.BaseImage))
			break
		}
		p.Kind = CondaOnImage
		p.CondaEnvPath = condaEnvPath(conda)
		if p.Conda, err = mutateConda(conda, p.CondaEnvPath); err != nil {
			return nil, fmt.Errorf("%s: %w", p.Spec, err)
		}
		p.Dockerfile = generatedDockerfile(p, opts.Secrets)
	default:
		return nil, fmt.Errorf("%s: the environment names no image, Dockerfile or build context", p.Spec)
	}
	return p, nil
}

// condaBytes returns the conda specification the service would use, or
// nil when conda is not managed (no conda file, or v1 user-managed
// dependencies).
func condaBytes(env *ir.Env) ([]byte, error) {
	if env.V1 != nil && env.V1.UserManagedDependencies != nil && env.V1.UserManagedDependencies.Value == "true" {
		return nil, nil
	}
	c := env.Conda
	if c == nil {
		return nil, nil
	}
	if !c.Inline && c.File != nil {
		return c.File.Src, nil
	}
	if c.Node == nil {
		return nil, nil
	}
	out, err := yaml.Marshal(c.Node)
	if err != nil {
		return nil, fmt.Errorf("writing the inline conda specification: %w", err)
	}
	return out, nil
}

// condaEnvPath names the conda prefix after the conda file's content, as
// the service does (/azureml-envs/azureml_<hash>).
func condaEnvPath(conda []byte) string {
	sum := sha256.Sum256(conda)
	return "/azureml-envs/azureml_" + hex.EncodeToString(sum[:16])
}

// condaSteps are the steps the service's generated Dockerfile runs to make
// the conda environment, and the environment variables a job then sees (see
// docs/build.md for the public build logs they are taken from). One
// deviation: the first ldconfig (for CUDA stubs) may fail without stopping
// the build, so that an image without conda is diagnosed by conda's own
// "not found" rather than ldconfig's.
func condaSteps(prefix string, secrets []string) string {
	return fmt.Sprintf(`USER root
RUN mkdir -p $HOME/.cache
WORKDIR /
COPY %[1]s %[1]s
RUN %[4]sldconfig /usr/local/cuda/lib64/stubs 2>/dev/null; conda env create -p %[2]s -f %[1]s && rm -rf "$HOME/.cache/pip" && conda clean -aqy && CONDA_ROOT_DIR=$(conda info --root) && rm -rf "$CONDA_ROOT_DIR/pkgs" && find "$CONDA_ROOT_DIR" -type d -name __pycache__ -exec rm -rf {} + && ldconfig
# AzureML Conda environment name: %[3]s
ENV PATH=%[2]s/bin:$PATH
ENV AZUREML_CONDA_ENVIRONMENT_PATH=%[2]s
ENV LD_LIBRARY_PATH=%[2]s/lib:$LD_LIBRARY_PATH
ENV AZUREML_ENVIRONMENT_IMAGE=True
CMD ["bash"]
`, condaFileName, prefix, path.Base(prefix), secretMounts(secrets))
}

// secretMounts are the RUN flags that mount the given secrets the conda
// step knows (SecretTargets).
func secretMounts(secrets []string) string {
	var b strings.Builder
	for _, t := range SecretTargets {
		if slices.Contains(secrets, t.ID) {
			fmt.Fprintf(&b, "--mount=type=secret,id=%s,target=%s \\\n    ", t.ID, t.Target)
		}
	}
	return b.String()
}

// generatedDockerfile is the Dockerfile of an image + conda_file
// environment. It depends on the spec's content only (not on where the
// spec is), so that the cache key does too.
func generatedDockerfile(p *Plan, secrets []string) []byte {
	return []byte(fmt.Sprintf("# Generated by mlenv-lint: the conda environment built on the image, as Azure\n# Machine Learning builds image + conda_file environments.\nFROM %s\n%s",
		p.BaseImage, condaSteps(p.CondaEnvPath, secrets)))
}

// mutateConda is the conda file as the service writes it into the image:
// the user's file with its name set to the environment's prefix name
// (azureml_<hash>), so that conda reports the environment by that name.
func mutateConda(conda []byte, prefix string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(conda, &doc); err != nil {
		return nil, fmt.Errorf("reading the conda file: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("the conda file is not a YAML mapping")
	}
	m := doc.Content[0]
	name := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: path.Base(prefix)}
	replaced := false
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "name" {
			m.Content[i+1] = name
			replaced = true
		}
	}
	if !replaced {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "name"}, name)
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("writing the conda file: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("writing the conda file: %w", err)
	}
	return out.Bytes(), nil
}

var nameUnsafe = regexp.MustCompile(`[^a-z0-9._-]+`)

func envName(env *ir.Env) string {
	name := ""
	if env.Name != nil {
		name = env.Name.Value
	}
	if name == "" {
		base := filepath.Base(env.File.Path)
		name = strings.TrimSuffix(base, filepath.Ext(base))
	}
	name = strings.Trim(nameUnsafe.ReplaceAllString(strings.ToLower(name), "-"), "-._")
	if name == "" {
		name = "environment"
	}
	return name
}

// ImageName is the name the image is tagged with: mlenv/NAME:KEY[:16].
func (p *Plan) ImageName(key string) string {
	return "mlenv/" + p.Name + ":" + key[:16]
}

// isGitURL reports whether a build context is a Git repository BuildKit
// can fetch itself (git://, git@host:, *.git, or a GitHub/Azure Repos URL).
func isGitURL(s string) bool {
	ls := strings.ToLower(s)
	base, _, _ := strings.Cut(ls, "#")
	return strings.HasPrefix(ls, "git://") || strings.HasPrefix(ls, "git@") ||
		strings.HasSuffix(base, ".git") || strings.HasPrefix(ls, "https://github.com/") ||
		strings.Contains(ls, "dev.azure.com/") && strings.Contains(ls, "/_git/")
}

// templated names the first value the build needs that is still a
// template placeholder, and the placeholder.
func templated(env *ir.Env) (string, string) {
	type field struct {
		what string
		s    *ir.Scalar
	}
	fields := []field{{"image", env.Image}, {"conda_file", env.CondaFile}}
	if env.Build != nil {
		fields = append(fields, field{"build.path", env.Build.Path}, field{"build.dockerfile_path", env.Build.DockerfilePath})
	}
	for _, f := range fields {
		if f.s.Unknown() {
			return f.what, f.s.Placeholder
		}
	}
	return "", ""
}
