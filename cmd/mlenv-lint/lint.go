package main

import "context"

func cmdLint(_ context.Context, a *app, _ []string) int  { return a.errorf("lint: not built yet") }
func cmdRules(_ context.Context, a *app, _ []string) int { return a.errorf("rules: not built yet") }
func cmdExplain(_ context.Context, a *app, _ []string) int {
	return a.errorf("explain: not built yet")
}
func cmdVersion(_ context.Context, a *app, _ []string) int { return a.errorf("version: not built yet") }
