package builder

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// keyVersion changes when the key's recipe changes, so that old images
// are not mistaken for new ones.
const keyVersion = "mlenv-build-key/v1"

// Key is the content hash of everything that enters the image: the plan
// kind, base image reference, Dockerfile, conda file, build arguments,
// platform and every build-context file that .dockerignore lets in (its
// path, mode and bytes). Two plans with the same key build the same image.
// Key is the content key: the base images count by reference only (see
// KeyWith).
func (p *Plan) Key() (string, error) { return p.KeyWith(nil) }

// KeyWith is the key with the base images' content: each resolved base
// adds its digest, so that a moved tag, a retagged local image or a new
// --base-layout gives a new key. An unresolved base counts by its
// reference, as in Key.
func (p *Plan) KeyWith(bases []Base) (string, error) {
	h := sha256.New()
	field := func(name string, b []byte) {
		fmt.Fprintf(h, "%s %d\n", name, len(b))
		h.Write(b)
		h.Write([]byte{'\n'})
	}
	field("version", []byte(keyVersion))
	field("kind", []byte(p.Kind.String()))
	field("base", []byte(p.BaseImage))
	field("dockerfile", p.Dockerfile)
	field("dockerfile-name", []byte(p.DockerfileName))
	field("conda", p.Conda)
	field("platform", []byte(p.Platform))
	field("remote-context", []byte(p.RemoteContext))
	for _, b := range bases {
		if b.Digest != "" {
			field("base-digest", []byte(b.Ref+"@"+b.Digest))
		}
	}
	args := make([]string, 0, len(p.BuildArgs))
	for k := range p.BuildArgs {
		args = append(args, k)
	}
	slices.Sort(args)
	for _, k := range args {
		field("arg", []byte(k+"="+p.BuildArgs[k]))
	}
	if p.SourceDateEpoch != "" {
		field("source-date-epoch", []byte(p.SourceDateEpoch))
	}
	attest := make([]string, 0, len(p.Attest))
	for k := range p.Attest {
		attest = append(attest, k)
	}
	slices.Sort(attest)
	for _, k := range attest {
		field("attest", []byte(k+"="+p.Attest[k]))
	}
	if p.ContextDir != "" {
		if err := hashContext(h, p.ContextDir, p.DockerfileName); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ContextFiles lists the files of a build context that the ignore file
// lets in, as slash paths relative to dir, sorted. dockerfile is the
// Dockerfile's path in the context ("" for Dockerfile): BuildKit prefers
// DOCKERFILE.dockerignore next to it over the context's .dockerignore.
func ContextFiles(dir, dockerfile string) ([]string, error) {
	var out []string
	err := walkContext(dir, dockerfile, func(rel string, _ fs.DirEntry) error {
		out = append(out, rel)
		return nil
	})
	return out, err
}

func hashContext(h io.Writer, dir, dockerfile string) error {
	return walkContext(dir, dockerfile, func(rel string, d fs.DirEntry) error {
		info, err := d.Info()
		if err != nil {
			return fmt.Errorf("build context: %w", err)
		}
		full := filepath.Join(dir, filepath.FromSlash(rel))
		fmt.Fprintf(h, "file %q %o\n", rel, info.Mode()&(fs.ModeType|fs.ModePerm))
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(full)
			if err != nil {
				return fmt.Errorf("build context: %w", err)
			}
			fmt.Fprintf(h, "link %q\n", target)
		case info.Mode().IsRegular():
			f, err := os.Open(full)
			if err != nil {
				return fmt.Errorf("build context: %w", err)
			}
			fmt.Fprintf(h, "size %d\n", info.Size())
			_, err = io.Copy(h, f)
			f.Close()
			if err != nil {
				return fmt.Errorf("build context: %w", err)
			}
		}
		return nil
	})
}

// walkContext calls fn for every entry of the context that the ignore file
// does not exclude, in lexical order; directories are reported too (an
// empty directory enters the image).
func walkContext(dir, dockerfile string, fn func(rel string, d fs.DirEntry) error) error {
	var patterns []string
	if f, err := os.Open(ignoreFile(dir, dockerfile)); err == nil {
		patterns, err = ignorefile.ReadAll(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("reading .dockerignore: %w", err)
		}
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return fmt.Errorf(".dockerignore: %w", err)
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("build context: %w", err)
		}
		if path == dir {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		skip, err := pm.MatchesOrParentMatches(rel)
		if err != nil {
			return fmt.Errorf(".dockerignore: %w", err)
		}
		if skip {
			if d.IsDir() && !pm.Exclusions() {
				return filepath.SkipDir
			}
			return nil
		}
		return fn(rel, d)
	})
}

// ignoreFile is the ignore file BuildKit uses for a context: the
// Dockerfile's own NAME.dockerignore when it exists, else .dockerignore.
func ignoreFile(dir, dockerfile string) string {
	if dockerfile == "" {
		dockerfile = "Dockerfile"
	}
	own := filepath.Join(dir, filepath.FromSlash(dockerfile)+".dockerignore")
	if _, err := os.Stat(own); err == nil {
		return own
	}
	return filepath.Join(dir, ".dockerignore")
}
