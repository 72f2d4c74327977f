package main

import "context"

// cmdDiagnose is replaced by the diagnose implementation (issue 4).
func cmdDiagnose(_ context.Context, a *app, _ []string) int {
	return a.errorf("diagnose: not built yet")
}
