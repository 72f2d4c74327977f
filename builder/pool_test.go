package builder

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		addr string
		want string // "" for accepted
	}{
		{"unix:///run/buildkit/buildkitd.sock", ""},
		{"tcp://buildkitd:1234", ""},
		{"docker-container://buildkitd", ""},
		{"kube-pod://buildkitd-0?namespace=ci", ""},
		{"kube-pod://?selector=app=buildkitd", ""},
		{"ssh://me@host", ""},
		{"bogus://x", `unknown scheme "bogus"`},
		{"buildkitd:1234", "want SCHEME://"},
		{"tcp://", "nothing after tcp://"},
	}
	for _, tc := range tests {
		err := CheckAddr(tc.addr)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("CheckAddr(%q): %v", tc.addr, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("CheckAddr(%q) = %v, want %q", tc.addr, err, tc.want)
		}
	}
}

// Rendezvous hashing: a key's order does not depend on the order the
// engines are given in, keys spread over the engines, and removing an
// engine moves only the keys it won.
func TestRank(t *testing.T) {
	addrs := []string{"tcp://a:1234", "tcp://b:1234", "tcp://c:1234"}
	won := map[string]int{}
	moved := 0
	for i := range 300 {
		key := fmt.Sprintf("%064x", i)
		r := Rank(addrs, key)
		rev := Rank([]string{addrs[2], addrs[0], addrs[1]}, key)
		if !slices.Equal(r, rev) {
			t.Fatalf("order depends on the input order: %v vs %v", r, rev)
		}
		won[r[0]]++
		without := Rank(addrs[:2], key)
		if r[0] != addrs[2] && without[0] != r[0] {
			moved++
		}
	}
	for _, a := range addrs {
		if won[a] < 60 {
			t.Errorf("%s won %d of 300 keys: %v", a, won[a], won)
		}
	}
	if moved != 0 {
		t.Errorf("removing an engine moved %d keys it did not own", moved)
	}
}

func TestExpandSelector(t *testing.T) {
	dir := t.TempDir()
	kubectl := filepath.Join(dir, "kubectl")
	// A stand-in kubectl that prints its arguments to a file and two pods.
	script := "#!/bin/sh\necho \"$@\" > " + filepath.Join(dir, "args") + "\necho 'buildkitd-1 buildkitd-0'\n"
	if err := os.WriteFile(kubectl, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	got, err := expandSelector(ctx, "kube-pod://?selector=app=buildkitd&namespace=ci", kubectl)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"kube-pod://buildkitd-0?namespace=ci", "kube-pod://buildkitd-1?namespace=ci"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	if !strings.Contains(string(args), "--selector app=buildkitd") || !strings.Contains(string(args), "--namespace ci") {
		t.Errorf("kubectl was run with %s", args)
	}
	if got, _ := expandSelector(ctx, "kube-pod://buildkitd-0", kubectl); !slices.Equal(got, []string{"kube-pod://buildkitd-0"}) {
		t.Errorf("a plain pod address was expanded: %v", got)
	}
	if _, err := expandSelector(ctx, "kube-pod://?selector=app=none", filepath.Join(dir, "missing-kubectl")); err == nil {
		t.Error("a kubectl that cannot run gave no error")
	}
}
