// Package shellcmd reads the shell commands of Dockerfile RUN lines and
// build logs well enough to find package installs and the version bounds
// an unquoted > or < cuts off. It is not a shell: no expansion, no
// here-documents, no subshells.
package shellcmd

import "strings"

// Command is one simple command of a command line.
type Command struct {
	Words []string // words, quotes and escapes removed
	// Bare are the words glued to an unquoted > or <, as written up to the
	// next blank: "numpy>=1.20" in `pip install numpy>=1.20`. The shell
	// reads them as a redirection. "2>&1", "> log" and quoted specs are not
	// bare.
	Bare []string
	// Spans are the byte ranges of Words in the line, as written (quotes
	// included), one per word.
	Spans []Span
}

// Span is the byte range [Start, End) of a word in the command line. Cut
// is set for a word that an unquoted > or < ends: the shell reads the rest
// ("numpy" of numpy>=1.20) as a redirection.
type Span struct {
	Start, End int
	Cut        bool
}

// Split splits a command line into simple commands at ;, &, &&, | and ||.
// Redirections (> file, 2>&1, < in, &> log) are not words.
func Split(line string) []Command {
	var cmds []Command
	var cur Command
	var word strings.Builder
	var quote byte
	inWord := false
	start, end := 0, 0 // the current word's first byte and the byte after its last
	begin := func(i int) {
		if !inWord {
			start = i
		}
		inWord = true
	}
	flush := func(cut bool) {
		if inWord {
			cur.Words = append(cur.Words, word.String())
			cur.Spans = append(cur.Spans, Span{Start: start, End: end, Cut: cut})
		}
		word.Reset()
		inWord = false
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				word.WriteByte(c)
			}
			end = i + 1
		case c == '\'' || c == '"':
			begin(i)
			quote, end = c, i+1
		case c == '\\' && i+1 < len(line):
			if line[i+1] != '\n' { // a continuation joins lines
				begin(i)
				word.WriteByte(line[i+1])
				end = i + 2
			}
			i++
		case c == ' ' || c == '\t' || c == '\n':
			flush(false)
		case c == '#' && !inWord:
			// A comment, to the end of the line: "pip install x # pin later".
			for i+1 < len(line) && line[i+1] != '\n' {
				i++
			}
		case c == '>' || c == '<' || (c == '&' && i+1 < len(line) && line[i+1] == '>'):
			w := word.String()
			switch {
			case inWord && IsDigits(w): // 2>file: a file descriptor, not a word
				word.Reset()
				inWord = false
			case inWord && w != "" && c != '&':
				j := i
				for j < len(line) && !strings.ContainsRune(" \t\n;&|'\"", rune(line[j])) {
					j++
				}
				cur.Bare = append(cur.Bare, w+line[i:j])
				flush(true)
			default:
				flush(false)
			}
			i = skipRedirection(line, i)
		case c == ';' || c == '&' || c == '|':
			flush(false)
			cmds = append(cmds, cur)
			cur = Command{}
		default:
			begin(i)
			word.WriteByte(c)
			end = i + 1
		}
	}
	flush(false)
	if len(cur.Words) > 0 || len(cur.Bare) > 0 || len(cmds) == 0 {
		cmds = append(cmds, cur)
	}
	return cmds
}

// skipRedirection returns the index of the last byte of the redirection
// that starts at i: its operator (>, >>, >&, <, <&, &>, &>>, >|) and its
// target word.
func skipRedirection(line string, i int) int {
	j := i
	for j < len(line) && strings.IndexByte("<>&|", line[j]) >= 0 {
		j++
	}
	for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
		j++
	}
	var quote byte
	for j < len(line) {
		c := line[j]
		if quote != 0 {
			if c == quote {
				quote = 0
			}
		} else if c == '\'' || c == '"' {
			quote = c
		} else if strings.IndexByte(" \t\n;&|<>", c) >= 0 {
			break
		}
		j++
	}
	return j - 1
}

// IsDigits reports whether s is a non-empty run of ASCII digits.
func IsDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// IsConda reports whether a program name is conda or one of its drop-in
// replacements.
func IsConda(name string) bool {
	switch name {
	case "conda", "mamba", "micromamba":
		return true
	}
	return false
}

// Installer returns the package manager a command runs to install
// packages ("conda", "mamba", "micromamba" or "pip") and the index of its
// subcommand word, or "" when the command installs nothing: conda/mamba
// install, create, update (also env create/update), pip/pip3/pip3.X
// install and python -m pip install.
func Installer(words []string) (tool string, sub int) {
	i := 0
	for i < len(words) && (strings.Contains(words[i], "=") || isWrapper(words[i])) {
		i++ // VAR=value, sudo, env, time, ...
	}
	if i >= len(words) {
		return "", 0
	}
	base := words[i]
	if j := strings.LastIndexByte(base, '/'); j >= 0 {
		base = base[j+1:]
	}
	switch {
	case IsConda(base):
		tool = base
	case base == "pip" || base == "pip3" || strings.HasPrefix(base, "pip3."):
		tool = "pip"
	case (base == "python" || strings.HasPrefix(base, "python3")) && i+2 < len(words) && words[i+1] == "-m" && words[i+2] == "pip":
		tool, i = "pip", i+2
	default:
		return "", 0
	}
	for k := i + 1; k < len(words); k++ {
		switch words[k] {
		case "install", "create", "update":
			return tool, k
		}
	}
	return "", 0
}

func isWrapper(w string) bool {
	switch w {
	case "sudo", "env", "time", "nice", "exec", "command":
		return true
	}
	return false
}
