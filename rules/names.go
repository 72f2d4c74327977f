package rules

import (
	"fmt"
	"strings"
	"unicode"
)

// Helpers for environment names, versions and template placeholders
// (AML103, AML105, AML116).

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
