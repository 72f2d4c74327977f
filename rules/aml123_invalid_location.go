package rules

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/redact"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

var (
	storageAccountRE   = regexp.MustCompile(`^[a-z0-9]{3,24}$`)
	storageContainerRE = regexp.MustCompile(`^(\$root|[a-z0-9](?:[a-z0-9]|-[a-z0-9]){2,62})$`)
	// blob endpoints of the public and sovereign clouds.
	blobSuffixes = []string{".blob.core.windows.net", ".blob.core.chinacloudapi.cn", ".blob.core.usgovcloudapi.net", ".blob.core.cloudapi.de"}
)

// blobHost reports whether host is an Azure blob storage endpoint and
// returns the account name.
func blobHost(host string) (string, bool) {
	host = strings.ToLower(host)
	for _, s := range blobSuffixes {
		if strings.HasSuffix(host, s) {
			return strings.TrimSuffix(host, s), true
		}
	}
	return "", false
}

// storageLocationProblem checks a storage build context location against
// https://<account>.blob.core.windows.net/<container>/<path>/ and says what
// is wrong ("" when it is fine).
func storageLocationProblem(loc string) string {
	v := strings.TrimSpace(loc)
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || !strings.Contains(v, "://") {
		return "it is not a URL"
	}
	account, ok := blobHost(u.Hostname())
	switch {
	case !ok:
		return "the host is not a blob storage endpoint (<account>.blob.core.windows.net)"
	case !strings.EqualFold(u.Scheme, "https"):
		return "the scheme must be https"
	case !storageAccountRE.MatchString(account):
		return "the storage account name must be 3-24 lower-case letters and digits"
	}
	segs := strings.Split(strings.TrimPrefix(u.Path, "/"), "/")
	switch {
	case u.Path == "" || u.Path == "/":
		return "it names no container and path"
	case !storageContainerRE.MatchString(segs[0]):
		return "the container name must be 3-63 lower-case letters, digits and single hyphens"
	case len(segs) < 2 || (len(segs) == 2 && segs[1] == ""):
		return "it names a container but no path inside it"
	case !strings.HasSuffix(u.Path, "/"):
		return "it must end with a slash, as the context is a directory"
	}
	for _, s := range segs[1 : len(segs)-1] {
		if s == "" {
			return "the path has an empty segment (//)"
		}
	}
	return ""
}

// isGitURL reports whether v looks like a git repository URL.
func isGitURL(v string) bool {
	low := strings.ToLower(strings.TrimSpace(v))
	for _, p := range []string{"https://", "http://", "git://", "ssh://", "git+", "git@"} {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return false
}

// AML123 reports build context locations that are not a valid storage
// (or git) URL.
var AML123 = &lint.Rule{
	ID:       "AML123",
	Name:     "invalid-location",
	Summary:  "Build context location that is not https://<account>.blob.core.windows.net/<container>/<path>/ (storage) or a git URL (git)",
	Severity: lint.Error,
	Guide:    "Invalid location",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML123"),
	Bad: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "my-env",
  "docker": {
    "buildContext": {
      "locationType": "storageAccount",
      "location": "https://mystorage.blob.core.windows.net/azureml-environments",
      "dockerfilePath": "Dockerfile"
    }
  }
}
`},
	Good: lint.Example{Path: "azureml_environment.json", Src: `
{
  "name": "my-env",
  "docker": {
    "buildContext": {
      "locationType": "storageAccount",
      "location": "https://mystorage.blob.core.windows.net/azureml-environments/train-ctx/",
      "dockerfilePath": "Dockerfile"
    }
  }
}
`},
	Run: func(p *lint.Pass) {
		for _, e := range p.Prog.Envs {
			b := dsBuild(e)
			if b == nil || !dsSet(b.Path) {
				continue
			}
			v := strings.TrimSpace(b.Path.Value)
			shown := textutil.Truncate(redact.URL(v, redact.MaskSecrets), 100)
			where := dsBuildName(e) + ".location"
			if e.Format != ir.FormatV1 {
				where = "build.path"
			}
			kind := ""
			if e.Format == ir.FormatV1 && b.LocationType != nil {
				kind = strings.TrimSpace(b.LocationType.Value)
			}
			onBlob := false
			if u, err := url.Parse(v); err == nil {
				_, onBlob = blobHost(u.Hostname())
			}
			switch {
			case e.Format == ir.FormatV1 && kind == locationGit:
				if !isGitURL(v) {
					p.Reportf(b.Path.Loc, "%s %q is not a git URL, as locationType \"git\" requires (e.g. https://github.com/<org>/<repo>.git)", where, shown)
				}
			case (e.Format == ir.FormatV1 && kind == locationStorage) || onBlob:
				if why := storageLocationProblem(v); why != "" {
					p.Reportf(b.Path.Loc, "%s %q is not a valid storage location (%s); use https://<account>.blob.core.windows.net/<container>/<path>/", where, shown, why)
				}
			}
		}
	},
}
