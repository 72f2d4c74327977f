package main

import "testing"

func TestUnifiedDiff(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"same", "a\nb\n", "a\nb\n", "--- f (reviewed)\n+++ f (now)\n"},
		{"from empty", "", "a\nb\n", "--- f (reviewed)\n+++ f (now)\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"to empty", "a\n", "", "--- f (reviewed)\n+++ f (now)\n@@ -1,1 +0,0 @@\n-a\n"},
		{"changed in the middle", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
			"--- f (reviewed)\n+++ f (now)\n@@ -3,5 +3,5 @@\n 3\n 4\n-5\n+five\n 6\n 7\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "x\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\ny\n",
			"--- f (reviewed)\n+++ f (now)\n@@ -1,3 +1,3 @@\n-1\n+x\n 2\n 3\n@@ -11,2 +11,3 @@\n 11\n 12\n+y\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unifiedDiff("f", tt.a, tt.b, 2); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestChangeSummary(t *testing.T) {
	want := "# header\na:1:1: warning: x [AML406]\na:2:1: warning: y [AML406]\nb:1:1: error: z [AML001]\n"
	got := "# header changed\na:1:1: warning: x [AML406]\na:3:1: warning: y [AML406]\nc:1:1: warning: w [AML202]\n"
	if s, w := changeSummary(want, got), "+2 -2 findings; AML001 -1, AML202 +1, AML406 +1 -1"; s != w {
		t.Errorf("changeSummary = %q, want %q", s, w)
	}
}
