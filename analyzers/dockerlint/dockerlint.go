// Package dockerlint runs BuildKit's own Dockerfile checks
// (frontend/dockerfile/linter, the rules `docker build --check` reports)
// offline: base images are never resolved over the network.
package dockerlint

import (
	"context"
	"fmt"
	"time"

	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	digest "github.com/opencontainers/go-digest"
)

// Finding is one BuildKit check result.
type Finding struct {
	Rule        string // BuildKit's rule name, e.g. "JSONArgsRecommended"
	Message     string // the specific message
	Description string // the rule's one-line description
	URL         string // BuildKit's documentation page for the rule
	// Ranges are 1-based lines; columns are 0-based characters as BuildKit
	// gives them (0 and 0 on both ends mean the whole line).
	Ranges []parser.Range
}

// Check runs BuildKit's checks over a Dockerfile. The Dockerfile's own
// `# check=skip=...` / `# check=experimental=...` directive applies, as
// in a build. A Dockerfile the converter rejects still yields the
// findings found before the error.
func Check(ctx context.Context, src []byte) (out []Finding, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("buildkit checks: %v", r)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	opt := dockerfile2llb.ConvertOpt{
		MetaResolver: offlineResolver{},
		AllStages:    true,
		Warn: func(rule, description, url, msg string, loc []parser.Range) {
			out = append(out, Finding{Rule: rule, Message: msg, Description: description, URL: url, Ranges: loc})
		},
	}
	_, _ = dockerfile2llb.Dockerfile2LLB(ctx, src, opt)
	return out, nil
}

// offlineResolver answers every image lookup with a minimal linux/amd64
// config, so that no check reaches a registry.
type offlineResolver struct{}

var minimalConfig = []byte(`{"architecture":"amd64","os":"linux","config":{}}`)

func (offlineResolver) ResolveImageConfig(_ context.Context, ref string, _ sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	return ref, digest.FromBytes(minimalConfig), minimalConfig, nil
}
