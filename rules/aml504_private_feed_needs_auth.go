package rules

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// azureArtifacts reports whether a URL is an Azure Artifacts feed, and
// returns the feed's organisation (for matching connections) and its
// project ("" for an organisation-scoped feed).
func azureArtifacts(u urlParts) (org, project string, ok bool) {
	host := strings.ToLower(u.host)
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	segs := strings.Split(strings.Trim(u.path, "/"), "/")
	switch {
	case host == "pkgs.dev.azure.com":
		org, segs = strings.ToLower(segs[0]), segs[1:]
	case strings.HasSuffix(host, ".pkgs.visualstudio.com"):
		org = strings.TrimSuffix(host, ".pkgs.visualstudio.com")
	default:
		return "", "", false
	}
	if len(segs) > 0 && !strings.EqualFold(segs[0], "_packaging") {
		project = segs[0]
	}
	return org, project, true
}

// publicFeeds are Azure Artifacts projects known to host public feeds,
// as organisation/project (lower case): ONNX Runtime's nightly and
// pre-release feeds (ORT-Nightly, ort-cuda-12-nightly, onnxruntime-genai),
// documented on onnxruntime.ai's install pages.
var publicFeeds = map[string]bool{
	"aiinfra/publicpackages": true,
}

// publicFeed reports whether a feed is publicly readable, so that pip never
// asks for credentials: a known public project, or a project-scoped feed
// whose project is named public. Azure DevOps makes only project-scoped
// feeds of public projects public; an organisation-scoped feed always
// needs credentials.
func publicFeed(org, project string) bool {
	if project == "" {
		return false
	}
	p := strings.ToLower(project)
	return publicFeeds[org+"/"+p] || strings.Contains(p, "public")
}

// feedConnected reports whether a workspace connection in the project
// targets the same Azure Artifacts organisation.
func feedConnected(p *ir.Program, org string) bool {
	for _, c := range p.Connections {
		if c.Target == nil {
			continue
		}
		u, ok := splitURL(strings.TrimSpace(c.Target.Value))
		if !ok {
			continue
		}
		if o, _, ok := azureArtifacts(u); ok && o == org {
			return true
		}
	}
	return false
}

// dockerfileAuth reports whether a Dockerfile hands pip credentials some
// other way: a build secret, a .netrc, a pip configuration file, or the
// artifacts-keyring endpoint variable.
func dockerfileAuth(d *ir.Dockerfile, in *ir.Instruction) bool {
	for _, f := range in.Flags {
		if strings.Contains(f, "type=secret") {
			return true
		}
	}
	var b strings.Builder
	for _, i := range d.Instructions {
		b.WriteString(strings.ToLower(i.Text))
		b.WriteByte('\n')
	}
	text := b.String()
	for _, w := range []string{"netrc", "vss_nuget_external_feed_endpoints", "type=secret", "pip.conf", "pip.ini"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// AML504 reports Azure Artifacts feeds without credentials.
var AML504 = &lint.Rule{
	ID:       "AML504",
	Name:     "private-feed-needs-auth",
	Summary:  "A pip index on an Azure Artifacts feed without credentials: pip will ask for them and the build fails",
	Severity: lint.Warning,
	Guide:    "Interactive auth was attempted",
	Tags:     []string{"correctness"},
	Doc:      ruleDoc("AML504"),
	Bad: lint.Example{Path: "requirements.txt", Src: `
--extra-index-url https://pkgs.dev.azure.com/contoso/_packaging/ml-feed/pypi/simple/
contoso-features==2.4.1
`},
	Good: lint.Example{Path: "connection.yml", Src: `
# connection.yml, created with: az ml connection create --file connection.yml
name: contoso-ml-feed
type: python_feed
target: https://pkgs.dev.azure.com/contoso/_packaging/ml-feed/pypi/simple/
credentials:
  type: pat
  pat: ${{ secrets.FEED_PAT }}
`},
	Run: func(p *lint.Pass) {
		for _, su := range p.Facts.URLs() {
			if !su.Index {
				continue
			}
			u, ok := splitURL(su.Raw)
			if !ok || u.hasUser || hasVariable(u.host) {
				continue
			}
			org, project, ok := azureArtifacts(u)
			if !ok || publicFeed(org, project) {
				continue
			}
			if su.Dockerfile != nil {
				if dockerfileAuth(su.Dockerfile, su.Instruction) {
					continue
				}
				p.Reportf(su.Loc, "pip index %s is an Azure Artifacts feed without credentials: pip will prompt for them and the build fails; pass a token with a build secret (RUN --mount=type=secret) or a workspace connection", u.safe())
				continue
			}
			if feedConnected(p.Prog, org) {
				continue
			}
			p.Reportf(su.Loc, "pip index %s is an Azure Artifacts feed without credentials: pip will prompt for them and the build fails; create a python_feed workspace connection for it", u.safe())
		}
	},
}
