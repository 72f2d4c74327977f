// Package config reads .mlenv-lint.yaml: per-rule severities, ignored paths,
// the fail level and rule options.
//
//	fail-level: warning          # error | warning | info | none
//	rules:
//	  AML406: off                # by ID ...
//	  mutable-tag: warning       # ... or by name
//	ignore:                      # gitignore syntax, relative to this file
//	  - legacy/
//	deprecated-images:           # treated like the guide's deprecated images
//	  - myacr.azurecr.io/old/base
//	trusted-registries:          # when set, base images must come from these (AML205)
//	  - mcr.microsoft.com
//	today: 2026-11-24            # date for end-of-life checks (default: the real date)
//	placeholders:                # template placeholders (Go regular expressions;
//	  - '\{\{[^{}]*\}\}'           # replaces the defaults, [] turns recognition off)
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"

	"github.com/mlenv-lint/mlenv-lint/analyzers/discover"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/analyzers/placeholder"
	"github.com/mlenv-lint/mlenv-lint/analyzers/yamlnode"
	"github.com/mlenv-lint/mlenv-lint/internal/fserr"
	"github.com/mlenv-lint/mlenv-lint/internal/suggest"
)

// FileNames are the names looked for, in order, in each directory.
var FileNames = []string{".mlenv-lint.yaml", ".mlenv-lint.yml"}

// Config is a parsed configuration file.
type Config struct {
	Path string // "" for the built-in defaults

	// FailLevel is the lowest severity that makes the run fail; Off means
	// never fail. Set is false when the file does not say.
	FailLevel    lint.Severity
	FailLevelSet bool

	Severity map[string]lint.Severity // rule ID -> severity (Off disables)
	Ignore   *discover.Patterns

	DeprecatedImages  []string
	TrustedRegistries []string
	Today             time.Time // zero: use the real date

	// Placeholders recognises template placeholders; nil means the
	// defaults (placeholder.Defaults).
	Placeholders *placeholder.Set
}

// Find looks for a configuration file in dir and its parents and returns its
// path, or "" when there is none.
func Find(dir string) string {
	return discover.Upward(dir, func(dir string) string {
		for _, n := range FileNames {
			p := filepath.Join(dir, n)
			if info, err := os.Stat(p); err == nil && !info.IsDir() {
				return p
			}
		}
		return ""
	})
}

// Load reads and validates the file at path against the known rules.
func Load(path string, rules []*lint.Rule) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, fserr.Bare(err))
	}
	return Parse(path, data, rules)
}

// Parse validates config data; path names it in errors and anchors the
// ignore patterns.
func Parse(path string, data []byte, rules []*lint.Rule) (*Config, error) {
	c := &Config{Path: path, Severity: map[string]lint.Severity{}, FailLevel: lint.Warning}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil // empty file: defaults
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, errAt(path, root, "the configuration must be a mapping of settings")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	keys := []string{"fail-level", "rules", "ignore", "deprecated-images", "trusted-registries", "today", "placeholders"}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "fail-level":
			s, err := lint.ParseFailLevel(v.Value)
			if err != nil || v.Kind != yaml.ScalarNode {
				return nil, errAt(path, v, "fail-level %q: want error, warning, info or none", v.Value)
			}
			c.FailLevel, c.FailLevelSet = s, true
		case "rules":
			if err := c.parseRules(path, v, rules); err != nil {
				return nil, err
			}
		case "ignore":
			list, err := stringList(path, v, "ignore")
			if err != nil {
				return nil, err
			}
			c.Ignore = discover.NewPatterns(filepath.Dir(abs), list)
		case "deprecated-images":
			if c.DeprecatedImages, err = stringList(path, v, k.Value); err != nil {
				return nil, err
			}
		case "trusted-registries":
			if c.TrustedRegistries, err = stringList(path, v, k.Value); err != nil {
				return nil, err
			}
		case "placeholders":
			list, err := stringList(path, v, k.Value)
			if err != nil {
				return nil, err
			}
			set, err := placeholder.Compile(list)
			if err != nil {
				return nil, errAt(path, v, "%v", err)
			}
			c.Placeholders = set
		case "today":
			t, err := time.Parse(time.DateOnly, v.Value)
			if err != nil || v.Kind != yaml.ScalarNode {
				return nil, errAt(path, v, "today %q: want a date like 2026-01-31", v.Value)
			}
			c.Today = t
		default:
			msg := fmt.Sprintf("unknown setting %q", k.Value)
			if s := suggest.Closest(k.Value, keys); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			return nil, errAt(path, k, "%s (known: %s)", msg, strings.Join(keys, ", "))
		}
	}
	return c, nil
}

func (c *Config) parseRules(path string, v *yaml.Node, rules []*lint.Rule) error {
	if v.Kind != yaml.MappingNode {
		return errAt(path, v, "rules must map rule IDs or names to off, info, warning or error")
	}
	var ids []string
	byKey := map[string]string{}
	for _, r := range rules {
		ids = append(ids, r.ID)
		byKey[strings.ToUpper(r.ID)] = r.ID
		byKey[strings.ToUpper(r.Name)] = r.ID
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		id, ok := byKey[strings.ToUpper(k.Value)]
		if !ok {
			msg := fmt.Sprintf("unknown rule %q", k.Value)
			names := slices.Clone(ids)
			for _, r := range rules {
				names = append(names, r.Name)
			}
			if s := suggest.Closest(k.Value, names); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
			return errAt(path, k, "%s (run 'mlenv-lint rules' for the list)", msg)
		}
		sev, err := lint.ParseSeverity(val.Value)
		if err != nil || val.Kind != yaml.ScalarNode {
			return errAt(path, val, "%s: severity %q: want off, info, warning or error", k.Value, val.Value)
		}
		c.Severity[id] = sev
	}
	return nil
}

// parseSeverity accepts the lint severities, YAML's false for off, and
// extra as a synonym of off.
func stringList(path string, v *yaml.Node, key string) ([]string, error) {
	if yamlnode.IsString(v) {
		return []string{v.Value}, nil
	}
	if v.Kind != yaml.SequenceNode && !yamlnode.IsNull(v) {
		return nil, errAt(path, v, "%s must be a list of strings", key)
	}
	var out []string
	for _, e := range v.Content {
		if e.Kind != yaml.ScalarNode {
			return nil, errAt(path, e, "%s must be a list of strings", key)
		}
		out = append(out, e.Value)
	}
	return out, nil
}

func errAt(path string, n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s:%d:%d: %s", path, n.Line, n.Column, fmt.Sprintf(format, args...))
}

// Settings turns the configuration into runner settings for the given date.
func (c *Config) Settings(now time.Time) *lint.Settings {
	s := &lint.Settings{Severity: map[string]lint.Severity{}}
	for k, v := range c.Severity {
		s.Severity[k] = v
	}
	s.Today = now
	if !c.Today.IsZero() {
		s.Today = c.Today
	}
	s.ExtraDeprecatedImages = c.DeprecatedImages
	s.TrustedRegistries = c.TrustedRegistries
	return s
}
