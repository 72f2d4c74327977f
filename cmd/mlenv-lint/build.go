package main

import "context"

// cmdBuild is replaced by the builder implementation (issue 5).
func cmdBuild(_ context.Context, a *app, _ []string) int {
	return a.errorf("build: not built yet")
}
