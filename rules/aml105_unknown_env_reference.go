package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// refForms is the reminder of the valid reference forms used in messages.
const refForms = "azureml:<name>:<version>, azureml:<name>@latest, azureml://registries/<registry>/environments/<name>/versions/<version>, or file:<path> for a local definition"

// AML105 reports job environment references that are malformed.
var AML105 = &lint.Rule{
	ID:       "AML105",
	Name:     "unknown-env-reference",
	Summary:  "A job's environment reference is malformed",
	Severity: lint.Error,
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML105"),
	Bad: lint.Example{Path: "job.yml", Src: `
command: python train.py
environment: azureml:train-env:1:2
`},
	Good: lint.Example{Path: "job.yml", Src: `
command: python train.py
environment: azureml:train-env@latest
`},
	Run: func(p *lint.Pass) {
		for _, r := range p.Facts.EnvRefs() {
			if r.Ref.Unknown() {
				continue // a template placeholder: the reference is only known once rendered
			}
			msg, bare := envRefProblem(r.Ref.Value)
			if bare && !r.AzureMLFile {
				continue // e.g. a CI workflow's "environment: production"
			}
			if msg != "" {
				p.Reportf(r.Ref.Loc, "environment reference %q %s", textutil.Truncate(redact.URL(strings.TrimSpace(r.Ref.Value), redact.MaskSecrets), 80), msg)
			}
		}
	},
}

// envRefProblem explains what is wrong with an environment reference, or
// returns "". bare is true for a value without any known prefix.
func envRefProblem(v string) (msg string, bare bool) {
	t := strings.TrimSpace(v)
	if t == "" {
		return "", false
	}
	low := strings.ToLower(t)
	switch {
	case strings.HasPrefix(low, "azureml:") && !strings.HasPrefix(t, "azureml:"):
		return fmt.Sprintf("starts with %q; the prefix must be lower-case azureml:", t[:len("azureml:")]), false
	case strings.HasPrefix(t, "azureml://"):
		return uriRefProblem(t[len("azureml://"):]), false
	case strings.HasPrefix(t, "azureml:/"), strings.HasPrefix(low, "/subscriptions/"):
		if !armEnvID(t) {
			return "is not a valid ARM id; it must end in /environments/<name>/versions/<version>", false
		}
		return "", false
	case strings.HasPrefix(t, "azureml:"):
		return shortRefProblem(t[len("azureml:"):]), false
	case strings.HasPrefix(low, "file:"):
		if strings.TrimSpace(t[len("file:"):]) == "" {
			return "names no file; write file:<path to an environment YAML>", false
		}
		return "", false
	}
	hint := "prefix a registered environment with azureml: (azureml:<name>:<version> or azureml:<name>@latest)"
	if ext := strings.ToLower(path.Ext(t)); ext == ".yml" || ext == ".yaml" {
		hint = "to load a local environment definition write file:" + t
	}
	return "is neither a registered environment nor a file reference; " + hint, true
}

// shortRefProblem checks <name>:<version>, <name>@<label> or <name>.
func shortRefProblem(rest string) string {
	if rest == "" {
		return "names no environment; write azureml:<name>:<version> or azureml:<name>@latest"
	}
	if name, label, ok := strings.Cut(rest, "@"); ok {
		if msg := refNameProblem(name); msg != "" {
			return msg
		}
		if label == "" {
			return "has no label after '@'; write azureml:<name>@latest"
		}
		for _, r := range label {
			if !isNameChar(r) {
				return fmt.Sprintf("has a label with %q; labels use letters, digits, '-', '_' and '.' (e.g. @latest)", r)
			}
		}
		return ""
	}
	parts := strings.Split(rest, ":")
	if len(parts) > 2 {
		return "has more than one ':'; write azureml:<name>:<version>"
	}
	if msg := refNameProblem(parts[0]); msg != "" {
		return msg
	}
	if len(parts) == 2 {
		if parts[1] == "" {
			return "has no version after ':'; write azureml:<name>:<version> or azureml:<name>@latest"
		}
		if msg := versionProblem(parts[1]); msg != "" {
			return "has a version that " + msg
		}
	}
	return ""
}

func refNameProblem(name string) string {
	if name == "" {
		return "has no environment name; write azureml:<name>:<version>"
	}
	if msg := nameProblem(name); msg != "" {
		return "has a name that " + msg
	}
	return ""
}

// uriRefProblem checks the part of an azureml:// URI after the scheme.
func uriRefProblem(rest string) string {
	segs := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	switch segs[0] {
	case "registries":
		if len(segs) == 6 && segs[1] != "" && segs[2] == "environments" && segs[3] != "" &&
			(segs[4] == "versions" || segs[4] == "labels") && segs[5] != "" {
			return ""
		}
		return "is not a valid registry reference; write azureml://registries/<registry>/environments/<name>/versions/<version> (or .../labels/latest)"
	case "feeds":
		return ""
	}
	for i, s := range segs {
		if s == "environments" && i+3 < len(segs) && segs[i+1] != "" && (segs[i+2] == "versions" || segs[i+2] == "labels") && segs[i+3] != "" {
			return ""
		}
	}
	return "is not a valid environment URI; use " + refForms
}

// armEnvID reports whether an ARM id names an environment version.
func armEnvID(t string) bool {
	segs := strings.Split(strings.TrimSuffix(t, "/"), "/")
	n := len(segs)
	return n >= 4 && strings.EqualFold(segs[n-4], "environments") && segs[n-3] != "" && strings.EqualFold(segs[n-2], "versions") && segs[n-1] != ""
}
