package rules

import "embed"

// docFiles holds the prose of every rule page, doc/AMLnnn.md, so that long
// Markdown is written as Markdown rather than as Go strings.
//
//go:embed doc/*.md
var docFiles embed.FS

// ruleDoc returns the prose of rule id's page ("" when the file is missing,
// which TestRegistry reports).
func ruleDoc(id string) string {
	b, err := docFiles.ReadFile("doc/" + id + ".md")
	if err != nil {
		return ""
	}
	return string(b)
}
