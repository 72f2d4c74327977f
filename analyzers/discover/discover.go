// Package discover turns command-line paths into the list of files to lint:
// files are taken as given, directories are walked, skipping version-control
// and vendored directories and whatever .gitignore ignores.
package discover

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mlenv-lint/mlenv-lint/internal/fserr"
)

// File is one file to lint.
type File struct {
	Path     string // as given, or joined from the walked directory
	Explicit bool   // named on the command line
}

// Options control a walk.
type Options struct {
	// Candidate reports whether a walked file may be a spec, by name.
	Candidate func(name string) bool
	// Ignore reports whether an absolute path is excluded by configuration.
	Ignore func(abs string, isDir bool) bool
}

// skipDirs are never descended into.
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "node_modules": true, "vendor": true,
	"__pycache__": true, ".venv": true, "venv": true, "site-packages": true,
	".tox": true, ".mypy_cache": true, ".pytest_cache": true, ".ipynb_checkpoints": true,
}

// Walk expands paths into files. A path that does not exist or cannot be
// read is an error; problems deeper in a walked tree are skipped.
func Walk(paths []string, opts Options) ([]File, error) {
	var out []File
	seen := map[string]bool{}
	add := func(p string, explicit bool) {
		abs, err := filepath.Abs(p)
		if err != nil {
			abs = p
		}
		if seen[abs] {
			return
		}
		seen[abs] = true
		out = append(out, File{Path: p, Explicit: explicit})
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, fserr.Bare(err))
		}
		if !info.IsDir() {
			f, err := os.Open(p)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p, fserr.Bare(err))
			}
			f.Close()
			add(p, true)
			continue
		}
		files, err := walkDir(p, opts)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			add(f, false)
		}
	}
	return out, nil
}

func walkDir(root string, opts Options) ([]string, error) {
	if _, err := os.ReadDir(root); err != nil {
		return nil, fmt.Errorf("%s: %w", root, fserr.Bare(err))
	}
	ign := &ignoreSet{}
	if top := gitTop(root); top != "" {
		// Rules from .gitignore files above the walked directory still apply.
		ign.rules = append(ign.rules, parentIgnores(top, root)...)
	}
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if p != root && (skipDirs[d.Name()] || ign.ignored(rel, true) || opts.ignore(p, true)) {
				return fs.SkipDir
			}
			if data, err := os.ReadFile(filepath.Join(p, ".gitignore")); err == nil {
				base := rel
				if base == "." {
					base = ""
				}
				ign.rules = append(ign.rules, parseGitignore(base, data)...)
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if ign.ignored(rel, false) || opts.ignore(p, false) {
			return nil
		}
		if opts.Candidate != nil && !opts.Candidate(d.Name()) {
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, fserr.Bare(err))
	}
	slices.Sort(files)
	return files, nil
}

func (o Options) ignore(p string, isDir bool) bool {
	if o.Ignore == nil {
		return false
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	return o.Ignore(abs, isDir)
}

// parentIgnores collects .gitignore rules from top down to (not including)
// dir, rebased so that they apply to paths relative to dir.
func parentIgnores(top, dir string) []ignoreRule {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	rel, err := filepath.Rel(top, absDir)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return nil
	}
	segs := strings.Split(filepath.ToSlash(rel), "/")
	var out []ignoreRule
	cur := top
	for i := range segs {
		data, err := os.ReadFile(filepath.Join(cur, ".gitignore"))
		if err == nil {
			// Paths below dir, seen from cur, start with the remaining segments.
			prefix := strings.Join(segs[i:], "/")
			for _, r := range parseGitignore("", data) {
				if r.anchored {
					if !strings.HasPrefix(r.pattern, prefix+"/") && !strings.HasPrefix(r.pattern, "**/") {
						continue
					}
					if !strings.HasPrefix(r.pattern, "**/") {
						r.pattern = strings.TrimPrefix(r.pattern, prefix+"/")
					}
				}
				out = append(out, r)
			}
		}
		cur = filepath.Join(cur, segs[i])
	}
	return out
}

// GitTop returns the enclosing git work tree of path (a directory holding
// ".git"), or "" when there is none.
func GitTop(path string) string { return gitTop(path) }

func gitTop(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		abs = filepath.Dir(abs)
	}
	return Upward(abs, func(dir string) string {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		return ""
	})
}

// Upward calls try with dir (made absolute) and then each of its parents up
// to the file system's root, and returns the first result that is not "",
// or "" when every call returned "" or dir cannot be made absolute. It is
// the one upward search (the enclosing git work tree, the configuration
// file).
func Upward(dir string, try func(dir string) string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if found := try(dir); found != "" {
			return found
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Root picks the project root: explicit when given, else the enclosing git
// work tree of the first path, else the deepest directory holding every
// path (a file counts as its directory), else cwd. With several files named
// outside a git work tree (as a hook passes them), the root is their common
// directory, not the first file's: a reference from the second file to its
// own directory is inside the project.
func Root(explicit string, paths []string, cwd string) (string, error) {
	if explicit != "" {
		abs, err := filepath.Abs(explicit)
		if err != nil {
			return "", fmt.Errorf("--root %s: %w", explicit, err)
		}
		info, err := os.Stat(abs)
		if err != nil {
			return "", fmt.Errorf("--root %s: %w", explicit, fserr.Bare(err))
		}
		if !info.IsDir() {
			return "", fmt.Errorf("--root %s: not a directory", explicit)
		}
		return abs, nil
	}
	first := cwd
	if len(paths) > 0 && paths[0] != "-" {
		first = paths[0]
		if !filepath.IsAbs(first) {
			first = filepath.Join(cwd, first)
		}
	}
	if top := gitTop(first); top != "" {
		return top, nil
	}
	root := dirOf(first)
	for _, p := range paths[min(1, len(paths)):] {
		if p == "-" {
			continue
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(cwd, p)
		}
		root = commonDir(root, dirOf(p))
	}
	return root, nil
}

// dirOf is p cleaned, or its directory when p is a file.
func dirOf(p string) string {
	if info, err := os.Stat(p); err == nil && !info.IsDir() {
		return filepath.Dir(p)
	}
	return filepath.Clean(p)
}

// commonDir is the deepest directory that holds both a and b (absolute).
func commonDir(a, b string) string {
	for {
		if rel, err := filepath.Rel(a, b); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return a
		}
		parent := filepath.Dir(a)
		if parent == a {
			return a
		}
		a = parent
	}
}
