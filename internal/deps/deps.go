//go:build deps

// Package deps pins the modules that the packages under construction will
// import, so that concurrent work never needs to edit go.mod. It is never
// built (the deps tag is never set) and goes away once every import is real.
package deps

import (
	_ "github.com/distribution/reference"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/moby/buildkit/client"
	_ "github.com/moby/buildkit/client/connhelper/dockercontainer"
	_ "github.com/moby/buildkit/client/connhelper/kubepod"
	_ "github.com/moby/buildkit/client/llb"
	_ "github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	_ "github.com/moby/buildkit/frontend/dockerfile/dockerignore"
	_ "github.com/moby/buildkit/frontend/dockerfile/instructions"
	_ "github.com/moby/buildkit/frontend/dockerfile/linter"
	_ "github.com/moby/buildkit/frontend/dockerfile/parser"
	_ "github.com/moby/buildkit/session"
	_ "github.com/moby/buildkit/session/auth/authprovider"
	_ "github.com/moby/buildkit/session/filesync"
	_ "github.com/moby/buildkit/util/progress/progressui"
	_ "github.com/moby/patternmatcher"
	_ "github.com/owenrumney/go-sarif/v2/sarif"
	_ "github.com/tonistiigi/fsutil"
)
