package rules

import (
	"fmt"
	"strings"
	"unicode"
)

// Helpers for environment names and versions (AML103, AML105).

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

// nameProblem explains why an environment name is not allowed, or returns "".
func nameProblem(name string) string {
	if name == "" {
		return ""
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
	for _, r := range v {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r > unicode.MaxASCII || strings.ContainsRune(badVersionChars, r) {
			return fmt.Sprintf("contains %q, which cannot appear in an azureml:<name>:<version> reference; use letters, digits, '.', '-' and '_'", r)
		}
	}
	return ""
}
