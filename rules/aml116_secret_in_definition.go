package rules

import (
	"fmt"
	"strings"
	"unicode"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
)

// AML116 reports passwords, tokens and keys written as literal values in
// environment definitions, conda files and workspace connection YAMLs. The
// value is never printed.
var AML116 = &lint.Rule{
	ID:               "AML116",
	Name:             "secret-in-definition",
	Summary:          "A password, token or key written in plain text in an environment, conda or connection file",
	Severity:         lint.Error,
	Guide:            "Secrets in base image registry",
	Tags:             []string{"security"},
	SecuritySeverity: "7.5",
	Secrets:          true,
	Doc:              ruleDoc("AML116"),
	Bad: lint.Example{Path: "connection.yml", Src: `
name: my-acr
type: container_registry
target: myregistry.azurecr.io
credentials:
  type: username_password
  username: myregistry
  password: s3cr3t-Pa55word
`},
	Good: lint.Example{Path: "connection.yml", Src: `
name: my-acr
type: container_registry
target: myregistry.azurecr.io
`, Note: "```sh\naz ml connection create --file my-acr.yml --set credentials.username=myregistry credentials.password=\"$ACR_PASSWORD\"\n```"},
	Run: func(p *lint.Pass) {
		seen := map[*yaml.Node]bool{}
		for _, e := range p.Prog.Envs {
			scanSecrets(p, e.File, e.Node, seen)
		}
		for _, c := range p.Prog.Condas {
			if !c.Inline {
				scanSecrets(p, c.File, c.Node, seen)
			}
		}
		for _, c := range p.Prog.Connections {
			scanSecrets(p, c.File, c.Node, seen)
		}
	},
}

// varMaps hold environment variables: their keys are variable names.
var varMaps = map[string]bool{"environmentVariables": true, "environment_variables": true, "variables": true}

// scanSecrets walks n and reports every secret-named key with a literal value.
func scanSecrets(p *lint.Pass, f *ir.File, n *yaml.Node, seen map[*yaml.Node]bool) {
	budget := 100000
	var walk func(n *yaml.Node, path string, inVars, inCreds bool, depth int)
	walk = func(n *yaml.Node, path string, inVars, inCreds bool, depth int) {
		if n == nil || budget <= 0 || depth > 100 {
			return
		}
		budget--
		switch n.Kind {
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", path, i), false, inCreds, depth+1)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				kp := k.Value
				if path != "" {
					kp = path + "." + k.Value
				}
				if v.Kind != yaml.ScalarNode {
					walk(v, kp, varMaps[k.Value], inCreds || k.Value == "credentials", depth+1)
					continue
				}
				if seen[k] || !secretKey(k.Value, inCreds) || !literalSecret(f, v) {
					continue
				}
				seen[k] = true
				switch {
				case inVars:
					p.Reportf(nodeLoc(f, k), "environment variable %s (%s) holds a secret in plain text (value not shown); remove it and supply the credential at run time from a key vault or a workspace connection", k.Value, kp)
				case inCreds:
					p.Reportf(nodeLoc(f, k), "%s holds a secret in plain text (value not shown); remove it from the file and pass it when creating the connection: --set %s=<value>", kp, kp)
				default:
					p.Reportf(nodeLoc(f, k), "%s holds a secret in plain text (value not shown); remove it and give Azure ML access through a workspace connection or a managed identity", kp)
				}
			}
		}
	}
	walk(n, "", false, false, 0)
}

// secretWords name secrets on their own.
var secretWords = map[string]bool{
	"password": true, "passwd": true, "pwd": true, "passphrase": true, "secret": true,
	"token": true, "pat": true, "sas": true, "apikey": true, "accesskey": true,
}

// keyQualifiers turn a following "key" into a secret ("api key", "account key").
var keyQualifiers = map[string]bool{
	"api": true, "access": true, "account": true, "storage": true, "private": true, "secret": true,
	"subscription": true, "shared": true, "primary": true, "secondary": true, "master": true,
	"encryption": true, "signing": true, "auth": true,
}

// notSecretTails end names that describe a secret rather than hold one.
var notSecretTails = map[string]bool{
	"file": true, "path": true, "dir": true, "url": true, "uri": true, "name": true, "id": true,
	"endpoint": true, "type": true, "length": true, "size": true, "mode": true, "enabled": true,
	"required": true, "env": true, "var": true, "variable": true, "ref": true, "reference": true,
	"source": true, "location": true, "expiry": true, "expires": true, "user": true, "username": true,
	"limit": true, "count": true, "max": true, "min": true, "timeout": true, "ttl": true,
	"lifetime": true, "header": true, "scope": true, "audience": true, "version": true,
}

// secretKey reports whether a key (or variable name) names a secret.
func secretKey(name string, inCreds bool) bool {
	words := splitWords(name)
	if len(words) == 0 || notSecretTails[words[len(words)-1]] {
		return false
	}
	if inCreds && (name == "key" || name == "account_key") {
		return true
	}
	for i, w := range words {
		if secretWords[w] {
			return true
		}
		if w == "key" && i > 0 && keyQualifiers[words[i-1]] {
			return true
		}
	}
	return false
}

// splitWords splits snake_case, kebab-case, dotted and camelCase names into
// lower-case words.
func splitWords(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && unicode.IsLower(rs[i-1]):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return words
}

// literalSecret reports whether v holds a real-looking secret value rather
// than nothing, a placeholder, a reference, a flag or a URL (URLs with
// credentials are another rule's business).
func literalSecret(f *ir.File, v *yaml.Node) bool {
	if yamlnode.IsNull(v) || v.Tag == "!!bool" || v.Tag == "!!int" || v.Tag == "!!float" {
		return false
	}
	s := strings.TrimSpace(v.Value)
	if len([]rune(s)) < 4 || f.PlaceholderIn(nodeLoc(f, v).Range) != "" || strings.Contains(s, "://") {
		return false
	}
	low := strings.ToLower(s)
	for _, pre := range []string{"$", "@microsoft.keyvault", "keyvault:", "akv:", "secret:", "env:"} {
		if strings.HasPrefix(low, pre) {
			return false
		}
	}
	if strings.Trim(low, "*x.-_# ") == "" || strings.Trim(low, "0123456789.") == "" {
		return false // masked ("****") or numeric
	}
	for _, dummy := range []string{"your", "example", "placeholder", "redacted", "changeme", "replace", "dummy"} {
		if strings.Contains(low, dummy) {
			return false
		}
	}
	return true
}
