package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The image cache's default limits: what a laptop can spare.
const (
	defaultCacheMaxAge  = 30 * 24 * time.Hour
	defaultCacheMaxSize = "10GB"
)

// pruneLimits say what the image tarball cache keeps.
type pruneLimits struct {
	maxAge  time.Duration
	maxSize int64
}

func parsePruneLimits(age time.Duration, size string) (pruneLimits, error) {
	if age <= 0 {
		return pruneLimits{}, fmt.Errorf("--cache-max-age %v: want a positive duration, e.g. 720h", age)
	}
	n, err := parseSize(size)
	if err != nil {
		return pruneLimits{}, fmt.Errorf("--cache-max-size %q: %w", size, err)
	}
	return pruneLimits{maxAge: age, maxSize: n}, nil
}

// parseSize reads 500MB, 10GB, 1.5GiB, 1T or a number of bytes.
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	units := []struct {
		suffix string
		mult   float64
	}{{"TIB", 1 << 40}, {"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10},
		{"TB", 1e12}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3},
		{"T", 1e12}, {"G", 1e9}, {"M", 1e6}, {"K", 1e3}, {"B", 1}}
	mult := 1.0
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 {
		return 0, errors.New("want a size such as 500MB or 10GB")
	}
	return int64(v * mult), nil
}

// pruneImages applies the cache policy to ~/.cache/mlenv-lint/images (the
// OCI tarballs of builds without --output) and logs: tarballs unused (not
// built or found up to date) for longer than maxAge go, then the least
// recently used until the rest fit in maxSize; a tarball's record file
// goes with it; leftover .partial files of builds that died go after a
// day. Logs older than maxAge go too. Every removal is printed; with
// verbose, a summary too.
func (a *app) pruneImages(l pruneLimits, verbose bool) int {
	dir, err := cacheDir("images")
	if err != nil {
		return a.errorf("build: --prune: %v", err)
	}
	p := &pruner{a: a, now: time.Now()}
	kept, total, err := p.tarballs(dir, l)
	if err != nil {
		return a.errorf("build: --prune: %v", err)
	}
	if logs, err := cacheDir("logs"); err == nil {
		p.logs(logs, l.maxAge)
	}
	if verbose {
		fmt.Fprintf(a.stdout, "%s: removed %d file(s), freed %s; %d image tarball(s), %s, kept\n", dir, p.removed, humanSize(p.freed), kept, humanSize(total))
	}
	return exitOK
}

// pruner removes cache files and counts what it removed.
type pruner struct {
	a              *app
	now            time.Time
	removed, freed int64
}

func (p *pruner) remove(path string, size int64, why string) {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(p.a.stderr, "mlenv-lint: build: prune: %v\n", err)
		return
	}
	os.Remove(path + ".mlenv-key")
	p.removed++
	p.freed += size
	fmt.Fprintf(p.a.stderr, "mlenv-lint: build: pruned %s (%s, %s)\n", path, humanSize(size), why)
}

// tarballs prunes the image directory; it returns how many tarballs are
// kept and their size.
func (p *pruner) tarballs(dir string, l pruneLimits) (kept int, total int64, err error) {
	type tarball struct {
		path string
		size int64
		used time.Time
	}
	var tars []tarball
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, 0, err
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		switch {
		case strings.HasSuffix(e.Name(), ".partial"):
			if p.now.Sub(info.ModTime()) > 24*time.Hour {
				p.remove(path, info.Size(), "left over by a build that did not finish")
			}
		case strings.HasSuffix(e.Name(), ".tar"):
			tars = append(tars, tarball{path, info.Size(), info.ModTime()})
			total += info.Size()
		}
	}
	slices.SortFunc(tars, func(x, y tarball) int { return x.used.Compare(y.used) })
	for _, t := range tars {
		switch {
		case p.now.Sub(t.used) > l.maxAge:
			p.remove(t.path, t.size, "unused for "+p.now.Sub(t.used).Round(time.Hour).String())
		case total > l.maxSize:
			p.remove(t.path, t.size, "the cache is over "+humanSize(l.maxSize))
		default:
			kept++
			continue
		}
		total -= t.size
	}
	return kept, total, nil
}

// logs removes build logs older than maxAge.
func (p *pruner) logs(dir string, maxAge time.Duration) {
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil && p.now.Sub(info.ModTime()) > maxAge {
			os.Remove(path)
		}
		return nil
	})
}

func humanSize(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1fGB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1fMB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1fkB", float64(n)/1e3)
	}
	return fmt.Sprintf("%dB", n)
}
