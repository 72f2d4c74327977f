package rules

import "testing"

// TestMovingTagNotMilderThanNoTag: writing ":latest" (or another moving
// tag) must not lower a base image finding's severity below that of no tag
// at all, or adding it would make a failing check pass (issue 12, miss 9).
func TestMovingTagNotMilderThanNoTag(t *testing.T) {
	if AML203.Severity < AML202.Severity {
		t.Errorf("AML203 (moving tag) is %v, AML202 (no tag) is %v", AML203.Severity, AML202.Severity)
	}
}
