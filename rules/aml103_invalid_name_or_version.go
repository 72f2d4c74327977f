package rules

import (
	"fmt"
	"strings"
	"unicode"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// isNameChar reports whether r may appear in an asset name: azure-ai-ml's
// VALID_NAME_CHARS, letters, digits, '.', '_' and '-'.
func isNameChar(r rune) bool {
	return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-')
}

func isAlnum(r rune) bool {
	return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// badVersionChars cannot appear in a version: they break the
// azureml:<name>:<version> reference or the .../versions/<version> URL.
const badVersionChars = `/\:@#?%&<>{}[]|"'*^` + "`"

// placeholderIn returns the first unrendered template placeholder in s
// ("<ENV_NAME>", "{{env}}", "${ENV}"), or "". Pipeline bindings ("${{...}}")
// are returned only when bindings is true.
func placeholderIn(s string, bindings bool) string {
	if i := strings.Index(s, "<"); i >= 0 {
		if j := strings.Index(s[i:], ">"); j > 1 {
			return s[i : i+j+1]
		}
	}
	if i := strings.Index(s, "{{"); i >= 0 {
		if j := strings.Index(s[i:], "}}"); j > 0 {
			if i > 0 && s[i-1] == '$' {
				if bindings {
					return s[i-1 : i+j+2]
				}
			} else {
				return s[i : i+j+2]
			}
		}
	}
	for off := 0; ; {
		i := strings.Index(s[off:], "${")
		if i < 0 {
			break
		}
		i += off
		if strings.HasPrefix(s[i:], "${{") {
			off = i + 3
			continue
		}
		if j := strings.Index(s[i:], "}"); j > 2 {
			return s[i : i+j+1]
		}
		break
	}
	return ""
}

// nameProblem explains why an environment name is not allowed, or returns "".
func nameProblem(name string) string {
	if name == "" {
		return ""
	}
	if ph := placeholderIn(name, true); ph != "" {
		return fmt.Sprintf("contains the template placeholder %s; render the template or write the real name", ph)
	}
	for _, r := range name {
		if !isNameChar(r) {
			return fmt.Sprintf("contains %q; names may only use letters, digits, '-', '_' and '.'", r)
		}
	}
	if r := []rune(name)[0]; !isAlnum(r) {
		return fmt.Sprintf("starts with %q; names must start with a letter or a digit", r)
	}
	return ""
}

// versionProblem explains why an environment version is not allowed, or "".
func versionProblem(v string) string {
	if ph := placeholderIn(v, true); ph != "" {
		return fmt.Sprintf("contains the template placeholder %s; render the template or write the real version", ph)
	}
	for _, r := range v {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r > unicode.MaxASCII || strings.ContainsRune(badVersionChars, r) {
			return fmt.Sprintf("contains %q, which cannot appear in an azureml:<name>:<version> reference; use letters, digits, '.', '-' and '_'", r)
		}
	}
	return ""
}

// AML103 reports environment names and versions with characters the
// service does not allow.
var AML103 = &lint.Rule{
	ID:       "AML103",
	Name:     "invalid-name-or-version",
	Summary:  "Environment name or version with characters the service does not allow",
	Severity: lint.Error,
	Tags:     []string{"correctness"},
	Doc: `
Environment names may only contain letters, digits, ` + "`-`, `_` and `.`" + ` (the SDK's set of valid
asset-name characters) and must start with a letter or a digit; the service answers other names with
"Resource name can only contain alphanumeric characters, dashes, and underscores". The version
becomes part of every reference to the environment (` + "`azureml:<name>:<version>`" + `) and of its URL
(` + "`.../environments/<name>/versions/<version>`" + `), so it must not contain spaces, ` + "`/`, `:`, `@`" + ` or
similar characters. Unrendered template placeholders (` + "`<VERSION>`, `{{name}}`, `${ENV}`" + `) are reported
too: the file cannot be registered until the template is filled in.

Only environment definitions (v2 YAML and v1 JSON) are checked; inline environments in jobs take no
name or version (AML104).

## Bad

` + "```yaml" + `
name: my env/gpu
version: 1:2
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
` + "```" + `

## Good

` + "```yaml" + `
name: my-env-gpu
version: "1.2"
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240415.v1
` + "```",
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			if e.Format == ir.FormatInline {
				continue
			}
			if e.Name != nil && isScalarNode(e.Name) {
				if msg := nameProblem(e.Name.Value); msg != "" {
					p.Reportf(e.Name.Loc, "environment name %q %s", textutil.Truncate(e.Name.Value, 60), msg)
				}
			}
			if e.Version != nil && isScalarNode(e.Version) {
				if msg := versionProblem(e.Version.Value); msg != "" {
					p.Reportf(e.Version.Loc, "environment version %q %s", textutil.Truncate(e.Version.Value, 40), msg)
				}
			}
		}
	},
}

// isScalarNode reports whether s came from a YAML/JSON scalar (not a
// mapping or list, which AML003 reports).
func isScalarNode(s *ir.Scalar) bool {
	return s.Node == nil || s.Node.Kind == yaml.ScalarNode
}
