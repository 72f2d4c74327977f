package ir

import (
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	yaml "go.yaml.in/yaml/v3"
)

// EnvFormat tells which dialect an environment was written in.
type EnvFormat int

// Environment dialects.
const (
	FormatV2     EnvFormat = iota // CLI v2 environment YAML
	FormatV1                      // SDK v1 azureml_environment.json
	FormatInline                  // v2 environment written inline in a job/deployment/component
	// An SDK v1 environment inside another v1 document (an inference or run
	// configuration) is FormatV1 with Job set.
)

func (f EnvFormat) String() string {
	switch f {
	case FormatV1:
		return "v1"
	case FormatInline:
		return "inline"
	default:
		return "v2"
	}
}

// Env is one environment definition, in any dialect. Fields that a dialect
// does not have stay nil.
type Env struct {
	File   *File
	Node   *yaml.Node // the environment's mapping node
	Format EnvFormat
	Job    *Job // owner of an inline environment
	// Key is the key that holds an environment written inside another
	// document (a job's environment:); zero for a file of its own.
	Key Location

	Name        *Scalar
	Version     *Scalar
	Description *Scalar
	OSType      *Scalar

	// Image is v2 "image" or v1 "docker.baseImage".
	Image *Scalar
	// Build is v2 "build" or v1 "docker.buildContext".
	Build *Build
	// BaseDockerfile is v1 "docker.baseDockerfile": the Dockerfile text
	// itself. Dockerfile is its parsed form, with every range pointing at the
	// JSON string; in the directory layout of SDK v1's save_to_directory both
	// come from the sibling BaseDockerfile file (then Dockerfile is that
	// file's, also in Program.Dockerfiles).
	BaseDockerfile *Scalar
	Dockerfile     *Dockerfile

	// CondaFile is the v2 conda_file value when it is a path (CondaRef
	// resolves it); Conda is the linked spec, inline or loaded.
	CondaFile *Scalar
	CondaRef  *Ref
	Conda     *Conda

	Inference *Inference

	V1 *V1Env // v1-only sections; nil for v2
}

// Build is a Docker build context.
type Build struct {
	Node *yaml.Node
	Key  Location // the "build"/"buildContext" key

	Path           *Scalar // v2 build.path, v1 location
	DockerfilePath *Scalar // nil means the default, "Dockerfile"
	LocationType   *Scalar // v1 locationType

	ContextRef    *Ref        // resolved Path (nil when remote or absent)
	DockerfileRef *Ref        // resolved Dockerfile inside the context
	Dockerfile    *Dockerfile // linked Dockerfile, when found
}

// DefaultDockerfile is the Dockerfile name used when dockerfile_path is absent.
const DefaultDockerfile = "Dockerfile"

// Inference is a v2 inference_config section.
type Inference struct {
	Node   *yaml.Node
	Key    Location
	Routes map[string]*Route // keyed by liveness_route, readiness_route, scoring_route
}

// Route is one inference route.
type Route struct {
	Node *yaml.Node
	Key  Location
	Port *Scalar
	Path *Scalar
}

// V1Env holds the sections only the v1 JSON has.
type V1Env struct {
	Python *yaml.Node // "python" section (nil when absent)
	Docker *yaml.Node // "docker" section (nil when absent)

	PythonKey, DockerKey Location

	UserManagedDependencies *Scalar
	InterpreterPath         *Scalar
	BaseCondaEnvironment    *Scalar
	CondaDependenciesFile   *Scalar

	EnvironmentVariables *yaml.Node
	EnvironmentVarsKey   Location
	R                    *yaml.Node
	RKey                 Location
	Spark                *yaml.Node
	SparkKey             Location

	Registry *Registry

	// Deprecated maps the deprecated docker attributes that are present
	// (enabled, arguments, sharedVolumes, gpuSupport, shmSize) to their keys.
	Deprecated map[string]*Scalar
}

// Registry is v1 docker.baseImageRegistry.
type Registry struct {
	Node     *yaml.Node
	Key      Location
	Address  *Scalar
	Username *Scalar
	Password *Scalar
	// Identity is registryIdentity; ClientID and ResourceID are its fields.
	Identity    *yaml.Node
	IdentityKey Location
	ClientID    *Scalar
	ResourceID  *Scalar
}

// RefKind tells what a reference points at.
type RefKind int

// Reference kinds.
const (
	RefConda        RefKind = iota // conda_file
	RefContext                     // build.path
	RefDockerfile                  // dockerfile inside a build context
	RefRequirements                // -r / -c include in a requirements file
)

func (k RefKind) String() string {
	switch k {
	case RefConda:
		return "conda file"
	case RefContext:
		return "build context"
	case RefDockerfile:
		return "Dockerfile"
	default:
		return "requirements file"
	}
}

// Ref is a path written in a spec, resolved against the file system by the
// loader so that rules need no I/O.
type Ref struct {
	Kind RefKind
	From *Scalar // the value as written
	Path string  // absolute, cleaned path it resolves to ("" when Remote)

	Remote bool // a URL: not checked
	// Template is true when the path holds a template placeholder: it is
	// not resolved, and nothing is reported about it.
	Template bool
	Exists   bool
	IsDir    bool
	Escapes  bool // resolves outside Program.Root; never read
	// Unprefixed is the value without its "file:" prefix when the path
	// does not exist as written but exists without the prefix (so that
	// dropping the prefix fixes the reference).
	Unprefixed string
	// InContext is set on a RefDockerfile that names no Dockerfile: From is
	// the build context and Path its default Dockerfile.
	InContext bool
}

// Job is a job, deployment or component YAML that uses environments.
type Job struct {
	File *File
	// EnvRefs are string-valued environment: keys (azureml:name:version ...).
	EnvRefs []*Scalar
	// Inline are environments written inline.
	Inline []*Env
}

// Conda is a conda environment specification.
type Conda struct {
	File   *File
	Node   *yaml.Node // the mapping node
	Inline bool       // written inline in an environment (conda_file: {...} or v1 condaDependencies)
	Env    *Env       // the environment that uses it, when linked

	Name         *Scalar
	ChannelsKey  *Scalar // the "channels" key; nil when absent
	Channels     []*Scalar
	DepsKey      *Scalar // the "dependencies" key; nil when absent
	Dependencies []*CondaDep
	// PipKeys are the "pip" keys of "- pip:" list items.
	PipKeys []*Scalar
	Pip     []*PipReq
	// PipNotList are the "pip:" values that are a string or a mapping
	// instead of a list (null, an empty pip:, is not one of them).
	PipNotList []*Scalar
	// PipIncludes are the -r / -c files of the pip: list.
	PipIncludes []*Ref
}

// CondaDep is one conda match spec from the dependencies list.
type CondaDep struct {
	Spec    *Scalar
	Channel string // "conda-forge" in conda-forge::numpy
	Name    string // lower-cased package name
	// Version is the version part as written ("=1.21", ">=1.2,<2", "1.2.3"),
	// Build the build string; both empty when absent.
	Version string
	Build   string
	// Err is set when the spec cannot be parsed as a conda match spec.
	Err string
}

// ReqKind classifies a pip requirement line.
type ReqKind int

// Requirement kinds.
const (
	ReqPackage    ReqKind = iota // name[extras] specifier ; marker
	ReqURL                       // name @ url, or a bare URL / VCS URL
	ReqPath                      // a local file or directory
	ReqEditable                  // -e / --editable
	ReqInclude                   // -r / --requirement
	ReqConstraint                // -c / --constraint
	ReqOption                    // another option line (--index-url, --extra-index-url, ...)
)

// PipReq is one pip requirement, from a requirements file, a conda "pip:"
// list, or a Dockerfile pip install.
type PipReq struct {
	Loc  Location
	Raw  string // the requirement as written, without comment
	Kind ReqKind

	Name string // normalised (PEP 503) name; "" when unknown
	// WrittenName is the name as the requirement spells it (apache_beam,
	// Flask), for messages that suggest an edit of the user's line.
	WrittenName string
	Extras      []string
	Specifier   string // e.g. "==1.2.3" or ">=1,<2"
	Marker      string // environment marker after ';'
	URL         string // for ReqURL, ReqPath, ReqEditable
	Hashes      []string
	// Placeholder is the first part of the requirement whose value is only
	// known later ("" when none): a template placeholder ({{torch}}, as
	// analyzers/placeholder recognises them), a variable that pip or the
	// shell expands (${NAME} in a requirements file, $NAME in a RUN), or a
	// RUN word cut by an unquoted redirection. The requirement's final
	// text is unknown, so rules neither judge its pin nor report it invalid.
	Placeholder string

	Option string // for option kinds: the option as written, e.g. "--index-url"
	Value  string // and its argument
	// Err is set when the line cannot be parsed.
	Err string
}

// Requirements is a pip requirements file.
type Requirements struct {
	File     *File
	Reqs     []*PipReq
	Includes []*Ref // -r and -c files
}

// Dockerfile is a parsed Dockerfile.
type Dockerfile struct {
	File *File
	// Virtual is true for a v1 baseDockerfile string: ranges then point at the
	// JSON value rather than at lines of the Dockerfile.
	Virtual bool
	Size    int // bytes
	AST     *parser.Node
	Stages  []*Stage
	// Instructions lists every instruction in order, across stages.
	Instructions []*Instruction
	Warnings     []Problem // parser warnings (e.g. empty continuation lines)
	// Checks are the findings of BuildKit's own Dockerfile checks.
	Checks []Check
}

// Check is one finding of BuildKit's Dockerfile checks.
type Check struct {
	Rule    string // BuildKit's rule name, e.g. "JSONArgsRecommended"
	Message string
	URL     string // BuildKit's page for the rule
	Range   Range
}

// Stage is one FROM and the instructions after it.
type Stage struct {
	Index int
	From  *Instruction
	// Image is the base image as written ("python:3.11", "$BASE", "scratch",
	// or the name of an earlier stage), positioned on its token.
	Image    *Scalar
	Name     *Scalar // "AS name", nil when absent
	Platform *Scalar // --platform value, nil when absent
	// FromStage is true when Image names an earlier stage.
	FromStage bool
}

// Instruction is one Dockerfile instruction.
type Instruction struct {
	Cmd   string // lower-cased instruction keyword
	Args  []string
	Flags []string
	Text  string // the original text, continuations joined
	Loc   Location
	Stage int // index of the stage it belongs to; -1 before the first FROM
	Node  *parser.Node
	// Files are the build-context files a RUN installs from (pip -r/-c,
	// conda env create/update -f), linked by the loader through the
	// COPY/ADD instructions that put them where the RUN reads them.
	Files []*File
}

// Connection is a workspace connection YAML (only secrets matter here).
type Connection struct {
	File        *File
	Node        *yaml.Node
	Type        *Scalar
	Target      *Scalar
	Credentials map[string]*Scalar // credential field name -> value
}
