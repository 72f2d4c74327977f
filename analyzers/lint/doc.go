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

// Documentation returns the rule's documentation.
func (r *Rule) Documentation() Doc {
	return Doc{
		ID: r.ID, Name: r.Name, Summary: r.Summary, Severity: r.Severity,
		Guide: r.Guide, Tags: r.Tags, SecuritySeverity: r.SecuritySeverity,
		Body: r.Doc, Command: "lint",
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
