package pkgspec

import (
	"strings"

	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
)

// Source is what a URL or path requirement installs from.
type Source int

// Sources of URL and path requirements.
const (
	SourceOther   Source = iota // a local directory, or a URL that names no package file
	SourceArchive               // a wheel or sdist file, by URL or path
	SourceVCS                   // a VCS repository: git+, hg+, svn+, bzr+
)

// RefKind tells what a VCS ref (or a repository archive's name) points at.
type RefKind int

// Ref kinds.
const (
	RefNone   RefKind = iota // no ref: the default branch's latest commit
	RefBranch                // a branch name (or a name that may be one): it moves
	RefTag                   // a version-like tag: v2.1, 1.0.0
	RefCommit                // a commit hash (7 to 64 hex digits) or an svn revision
)

// Origin describes where a URL or path requirement installs from.
type Origin struct {
	Source  Source
	Ref     string  // VCS ref after "@", or the ref a repository archive is named after
	RefKind RefKind // kind of Ref
	Version string  // version in a wheel or sdist file name ("" when it has none)
	Local   bool    // a path, not a URL
}

// Pinned reports whether the origin always installs the same thing: a VCS
// requirement at a commit or tag, or a wheel or sdist whose name carries
// its version.
func (o Origin) Pinned() bool {
	switch o.Source {
	case SourceVCS:
		return o.RefKind == RefTag || o.RefKind == RefCommit
	case SourceArchive:
		return o.Version != "" || o.RefKind == RefTag || o.RefKind == RefCommit
	}
	return false
}

var archiveExts = []string{".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip"}

// ParseOrigin reads a requirement's URL or path ("git+https://host/o/r@v1",
// "https://host/pkg-1.0-py3-none-any.whl", "./dist/pkg-1.0.tar.gz", ".").
func ParseOrigin(u string) Origin {
	s := strings.TrimSpace(u)
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	low := strings.ToLower(s)
	o := Origin{Local: !strings.Contains(s, "://") || strings.HasPrefix(low, "file:")}
	if strings.HasPrefix(low, "file:") {
		s = strings.TrimPrefix(s[len("file:"):], "//")
	}
	for _, p := range []string{"git+", "hg+", "svn+", "bzr+", "git://"} {
		if strings.HasPrefix(low, p) {
			o.Source, o.Local = SourceVCS, false
			o.Ref = vcsRef(s)
			o.RefKind = refKind(o.Ref)
			return o
		}
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	path := strings.TrimRight(s, "/")
	base := path[strings.LastIndexAny(path, `/\`)+1:]
	lowBase := strings.ToLower(base)
	if strings.HasSuffix(lowBase, ".whl") {
		o.Source = SourceArchive
		if f := strings.Split(base[:len(base)-4], "-"); len(f) >= 5 && startsWithDigit(f[1]) {
			o.Version = f[1]
		}
		return o
	}
	for _, ext := range archiveExts {
		if !strings.HasSuffix(lowBase, ext) {
			continue
		}
		o.Source = SourceArchive
		stem := base[:len(base)-len(ext)]
		if i := strings.Index(path, "/archive/"); i >= 0 {
			// A repository archive (GitHub, GitLab): named after a ref.
			o.Ref = strings.TrimSuffix(path[i+len("/archive/"):], ext)
			o.RefKind = refKind(o.Ref)
			return o
		}
		if j := strings.LastIndexByte(stem, '-'); j >= 0 && startsWithDigit(stem[j+1:]) {
			o.Version = stem[j+1:]
		}
		return o
	}
	return o
}

// vcsRef returns the ref after the last "@" of a VCS URL's path (the
// "@" of user information, before the host, is not a ref).
func vcsRef(s string) string {
	rest := s
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	slash := strings.IndexByte(rest, '/')
	if slash < 0 {
		return ""
	}
	path := rest[slash:]
	if i := strings.LastIndexByte(path, '@'); i >= 0 {
		return path[i+1:]
	}
	return ""
}

// refKind classifies a ref: a commit hash (7 to 64 hex digits), a tag
// (refs/tags/..., or version-like: v2.1, 1.0.0, release-1.2), else a branch.
func refKind(ref string) RefKind {
	switch {
	case ref == "":
		return RefNone
	case strings.HasPrefix(ref, "refs/tags/"):
		return RefTag
	case strings.HasPrefix(ref, "refs/heads/"):
		return RefBranch
	case len(ref) >= 7 && len(ref) <= 64 && isHex(ref):
		return RefCommit
	}
	r := ref
	for _, p := range []string{"release-", "release_", "rel-", "version-", "v", "V"} {
		if strings.HasPrefix(r, p) {
			r = r[len(p):]
			break
		}
	}
	if startsWithDigit(r) && (strings.Contains(r, ".") || r != ref || shellcmd.IsDigits(r)) {
		return RefTag
	}
	return RefBranch
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("0123456789abcdefABCDEF", s[i]) < 0 {
			return false
		}
	}
	return s != ""
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
