package discover

import (
	"bufio"
	"bytes"
	"path"
	"strings"
)

// ignoreRule is one line of a .gitignore file.
type ignoreRule struct {
	base     string // directory of the .gitignore, relative to the walk root, "" for the root
	pattern  string // without leading "!" and trailing "/"
	negate   bool
	dirOnly  bool
	anchored bool // contains a slash before the end: matches relative to base only
}

// ignoreSet holds the rules in order of precedence (later wins).
type ignoreSet struct {
	rules []ignoreRule
}

// parseGitignore parses a .gitignore file located in directory base
// (slash-separated, relative to the walk root).
func parseGitignore(base string, data []byte) []ignoreRule {
	var out []ignoreRule
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		// Trailing spaces are ignored unless escaped.
		for strings.HasSuffix(line, " ") && !strings.HasSuffix(line, `\ `) {
			line = line[:len(line)-1]
		}
		r := ignoreRule{base: base}
		if strings.HasPrefix(line, "!") {
			r.negate = true
			line = line[1:]
		} else if strings.HasPrefix(line, `\!`) || strings.HasPrefix(line, `\#`) {
			line = line[1:]
		}
		if strings.HasSuffix(line, "/") {
			r.dirOnly = true
			line = strings.TrimRight(line, "/")
		}
		if line == "" {
			continue
		}
		if strings.Contains(line, "/") {
			r.anchored = true
			line = strings.TrimPrefix(line, "/")
		}
		r.pattern = line
		out = append(out, r)
	}
	return out
}

// ignored reports whether rel (slash-separated, relative to the walk root)
// is ignored. The last matching rule decides, as in git.
func (s *ignoreSet) ignored(rel string, isDir bool) bool {
	res := false
	for _, r := range s.rules {
		if r.dirOnly && !isDir {
			continue
		}
		p := rel
		if r.base != "" {
			if !strings.HasPrefix(rel, r.base+"/") {
				continue
			}
			p = rel[len(r.base)+1:]
		}
		var ok bool
		if r.anchored {
			ok = globMatch(r.pattern, p)
		} else {
			ok = globMatch(r.pattern, path.Base(p))
		}
		if ok {
			res = !r.negate
		}
	}
	return res
}

// globMatch matches a gitignore glob against a slash-separated path: "*" and
// "?" never cross "/", "**" matches any number of path segments, and
// bracket expressions follow path.Match.
func globMatch(pattern, name string) bool {
	if !strings.Contains(pattern, "**") {
		ok, err := path.Match(pattern, name)
		return err == nil && ok
	}
	pSegs := strings.Split(pattern, "/")
	nSegs := strings.Split(name, "/")
	return matchSegs(pSegs, nSegs, 0)
}

// matchSegs matches pattern segments against name segments; depth bounds
// the recursion on pathological patterns.
func matchSegs(p, n []string, depth int) bool {
	if depth > 64 {
		return false
	}
	for len(p) > 0 {
		if p[0] == "**" {
			rest := p[1:]
			if len(rest) == 0 {
				return true
			}
			for i := 0; i <= len(n); i++ {
				if matchSegs(rest, n[i:], depth+1) {
					return true
				}
			}
			return false
		}
		if len(n) == 0 {
			return false
		}
		ok, err := path.Match(p[0], n[0])
		if err != nil || !ok {
			return false
		}
		p, n = p[1:], n[1:]
	}
	return len(n) == 0
}

// Patterns is a list of gitignore-style patterns anchored at a directory,
// as used by the configuration's ignore list.
type Patterns struct {
	dir string
	set ignoreSet
}

// NewPatterns compiles gitignore-syntax patterns relative to the absolute
// directory dir.
func NewPatterns(dir string, patterns []string) *Patterns {
	return &Patterns{dir: dir, set: ignoreSet{rules: parseGitignore("", []byte(strings.Join(patterns, "\n")))}}
}

// Match reports whether the absolute path abs is matched. Paths outside the
// directory never match.
func (p *Patterns) Match(abs string, isDir bool) bool {
	if p == nil || len(p.set.rules) == 0 {
		return false
	}
	rel, ok := relSlash(p.dir, abs)
	if !ok {
		return false
	}
	if p.set.ignored(rel, isDir) {
		return true
	}
	// A file inside an ignored directory is ignored too.
	for d := path.Dir(rel); d != "." && d != "/"; d = path.Dir(d) {
		if p.set.ignored(d, true) {
			return true
		}
	}
	return false
}

func relSlash(dir, abs string) (string, bool) {
	dir = strings.TrimSuffix(filepathToSlash(dir), "/")
	abs = filepathToSlash(abs)
	if !strings.HasPrefix(abs, dir+"/") {
		return "", false
	}
	return abs[len(dir)+1:], true
}
