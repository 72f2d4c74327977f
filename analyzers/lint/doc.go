package lint

import "strings"

// Doc is the documentation of one ID, shared by lint rules and diagnose's
// build problems: what the rules and explain commands print, what the
// generated pages in docs/rules say, and what SARIF rule descriptors carry.
type Doc struct {
	ID       string
	Name     string // kebab-case
	Summary  string // one line
	Severity Severity
	// Guide is the heading of the troubleshooting-guide section, or "".
	Guide            string
	Tags             []string
	SecuritySeverity string // CVSS-like score GitHub shows for security rules, or ""
	// Body is the Markdown page body: what is found, why it matters, a bad
	// and a good example, how to fix it.
	Body string
	// Command is the command that reports the ID: "lint" or "diagnose".
	Command string
}

// Example is a small input that shows a rule at work.
type Example struct {
	// Path is the file's name, which tells its kind as the loader sees it
	// (environment.yml, conda.yml, job.yml, azureml_environment.json,
	// requirements.txt, Dockerfile); Src is its content.
	Path string
	Src  string
	// Files are other files the example needs beside it (a referenced conda
	// file, the environment that uses it), by path; they are not shown.
	Files map[string]string
	// Note is Markdown shown after the example.
	Note string
}

// Text is the example's file content (Src without the newlines that open
// and close it in Go source).
func (e Example) Text() string { return strings.Trim(e.Src, "\n") + "\n" }

// Lang is the Markdown code-fence language of the example.
func (e Example) Lang() string {
	base := e.Path[strings.LastIndexByte(e.Path, '/')+1:]
	switch {
	case strings.HasPrefix(base, "Dockerfile") || strings.HasSuffix(base, ".dockerfile"):
		return "dockerfile"
	case strings.HasSuffix(base, ".json"):
		return "json"
	case strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml"):
		return "yaml"
	}
	return "text"
}

// markdown renders the example under a heading.
func (e Example) markdown(heading string) string {
	if e.Src == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n\n## " + heading + "\n\n```" + e.Lang() + "\n" + strings.TrimSuffix(e.Text(), "\n") + "\n```")
	if note := strings.TrimSpace(e.Note); note != "" {
		b.WriteString("\n\n" + note)
	}
	return b.String()
}

// Documentation returns the rule's documentation; the page body is the
// rule's Doc followed by its Bad and Good examples.
func (r *Rule) Documentation() Doc {
	return Doc{
		ID: r.ID, Name: r.Name, Summary: r.Summary, Severity: r.Severity,
		Guide: r.Guide, Tags: r.Tags, SecuritySeverity: r.SecuritySeverity,
		Body:    strings.TrimSpace(r.Doc) + r.Bad.markdown("Bad") + r.Good.markdown("Good"),
		Command: "lint",
	}
}

// DocsOf returns the documentation of rules, in their order.
func DocsOf(rules []*Rule) []Doc {
	out := make([]Doc, 0, len(rules))
	for _, r := range rules {
		out = append(out, r.Documentation())
	}
	return out
}

// FindDoc returns the documentation in list with the given ID or name (any
// case).
func FindDoc(list []Doc, idOrName string) (Doc, bool) {
	for _, d := range list {
		if names(d.ID, d.Name, idOrName) {
			return d, true
		}
	}
	return Doc{}, false
}

// names reports whether q is id or name, in any case.
func names(id, name, q string) bool {
	return strings.EqualFold(id, q) || strings.EqualFold(name, q)
}
