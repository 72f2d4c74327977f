package main

import (
	"bytes"
	"errors"
	"io"
	"sync"
	"syscall"
)

// safeWriter serialises writes from parallel builds and drops output
// once its reader has gone (EPIPE: "mlenv-lint build … | head"), so that a
// closed pipe never fails or kills a build.
type safeWriter struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (s *safeWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return len(p), nil
	}
	n, err := s.w.Write(p)
	if errors.Is(err, syscall.EPIPE) {
		s.closed = true
		return len(p), nil
	}
	return n, err
}

// withBuildStreams returns the app the build runs with, and the stream the
// progress display goes to. Both streams become safeWriters. With
// --progress rawjson stderr carries nothing but BuildKit's JSON: the
// human-readable messages go to stdout.
func (a *app) withBuildStreams(progress string) (*app, io.Writer) {
	b := *a
	b.stdout = &safeWriter{w: a.stdout}
	errOut := &safeWriter{w: a.stderr}
	b.stderr = errOut
	if progress == "rawjson" {
		b.stderr = b.stdout
	}
	return &b, errOut
}

// lineWriter writes whole lines, each with a prefix, to a shared writer:
// the progress of parallel builds stays readable, line by line.
type lineWriter struct {
	prefix string
	w      io.Writer
	buf    []byte
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := make([]byte, 0, len(l.prefix)+i+1)
		line = append(append(line, l.prefix...), l.buf[:i+1]...)
		l.buf = l.buf[i+1:]
		if _, err := l.w.Write(line); err != nil {
			return len(p), err
		}
	}
}

// Flush writes what is left of an unfinished last line.
func (l *lineWriter) Flush() {
	if len(l.buf) > 0 {
		_, _ = l.w.Write(append(append([]byte(l.prefix), l.buf...), '\n'))
		l.buf = nil
	}
}
