package config

import (
	"strings"
	"testing"
	"time"
)

// FuzzParse: any configuration text is a configuration or one error that
// names the file, never a panic; a parsed one gives settings.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"fail-level: error\nrules:\n  AML406: off\n  deprecated-base-image: error\nignore: [legacy/]\ndeprecated-images: [myacr.azurecr.io/old]\ntrusted-registries: mcr.microsoft.com\ntoday: 2026-01-31\n",
		"placeholders: ['\\{\\{[^}]*\\}\\}', '<[A-Z_]+>']\n", "placeholders: []\n", "placeholders: ['(']\n", "placeholders: ['x*']\n",
		"rules: {AML999: warn}\n", "fail-levl: none\n", "- a\n", "", "ignore: {a: b}\n", "today: [1]\n", "rules:\n  AML406: {severity: error}\n",
		"a: &a [*a, *a]\nrules: *a\n",
	} {
		f.Add([]byte(s))
	}
	const path = "/p/.mlenv-lint.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(path, data, testRules)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if c.Settings(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) == nil {
			t.Fatal("no settings")
		}
	})
}
