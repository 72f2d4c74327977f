package acmatch

import (
	"bytes"
	"math/rand"
	"slices"
	"testing"
)

// naive returns, for every literal, how often it occurs in text (overlaps
// counted), the reference the automaton must agree with.
func naive(lits []string, text []byte) []int {
	out := make([]int, len(lits))
	for i, l := range lits {
		for j := 0; j+len(l) <= len(text); j++ {
			if bytes.HasPrefix(text[j:], []byte(l)) {
				out[i]++
			}
		}
	}
	return out
}

func count(m *Matcher, text []byte) []int {
	out := make([]int, m.Literals())
	m.Scan(text, func(i int) { out[i]++ })
	return out
}

func TestScan(t *testing.T) {
	tests := []struct {
		lits []string
		text string
	}{
		{[]string{"he", "she", "his", "hers"}, "ushers and his shell"},
		{[]string{"error", "Error", "ERROR", "rror"}, "ERROR: error Error terror"},
		{[]string{"aa", "aaa", "a"}, "aaaa"},
		{[]string{"Killed", "Kill"}, "Killed\nKill"},
		{[]string{"x"}, ""},
		{[]string{"abc", "abc"}, "abcabc"},
	}
	for _, tc := range tests {
		m, err := New(tc.lits)
		if err != nil {
			t.Fatal(err)
		}
		got := count(m, []byte(tc.text))
		want := naive(tc.lits, []byte(tc.text))
		if !slices.Equal(got, want) {
			t.Errorf("%q in %q: got %v, want %v", tc.lits, tc.text, got, want)
		}
		if m.Any([]byte(tc.text)) != slices.ContainsFunc(want, func(n int) bool { return n > 0 }) {
			t.Errorf("Any(%q) disagrees with Scan", tc.text)
		}
	}
}

func TestRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	word := func(n int) []byte { return randomWord(r, "abc\xff\n", n) }
	for range 300 {
		var lits []string
		for range 1 + r.Intn(6) {
			lits = append(lits, string(word(1+r.Intn(4))))
		}
		text := word(r.Intn(60))
		m := MustNew(lits)
		if got, want := count(m, text), naive(lits, text); !slices.Equal(got, want) {
			t.Fatalf("%q in %q: got %v, want %v", lits, text, got, want)
		}
	}
}

// TestScanUnordered checks that the two-chain scan finds every occurrence
// exactly once, matches across the halves' boundary included, on lines
// short enough to fall back to Scan and long ones.
func TestScanUnordered(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	word := func(n int) []byte { return randomWord(r, "abcd \xff\n", n) }
	for range 2000 {
		var lits []string
		for range 1 + r.Intn(8) {
			lits = append(lits, string(word(1+r.Intn(12))))
		}
		text := word(r.Intn(200))
		m := MustNew(lits)
		got := make([]int, len(lits))
		m.ScanUnordered(text, func(i int) { got[i]++ })
		if want := naive(lits, text); !slices.Equal(got, want) {
			t.Fatalf("%q in %q: got %v, want %v", lits, text, got, want)
		}
	}
	// A literal straddling the middle of a long line, at every offset.
	m := MustNew([]string{"needle-in-a-haystack"})
	for n := 40; n < 120; n++ {
		for at := 0; at+20 <= n; at++ {
			text := bytes.Repeat([]byte("."), n)
			copy(text[at:], "needle-in-a-haystack")
			hits := 0
			m.ScanUnordered(text, func(int) { hits++ })
			if hits != 1 {
				t.Fatalf("line of %d with the literal at %d: %d hits, want 1", n, at, hits)
			}
		}
	}
}

func TestEmptyLiteral(t *testing.T) {
	if _, err := New([]string{"a", ""}); err == nil {
		t.Fatal("empty literal accepted")
	}
}

func BenchmarkScan(b *testing.B) {
	m := MustNew([]string{"error", "Error", "ERROR", "Killed", "not found", "PackagesNotFoundError", "No matching distribution"})
	line := []byte("Collecting numpy==1.26.4 (from -r requirements.txt (line 3))\n")
	b.SetBytes(int64(len(line)))
	for _, bc := range []struct {
		name string
		scan func([]byte, func(int))
	}{{"ordered", m.Scan}, {"unordered", m.ScanUnordered}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(line)))
			for b.Loop() {
				bc.scan(line, func(int) {})
			}
		})
	}
}

// randomWord is n bytes drawn from alpha.
func randomWord(r *rand.Rand, alpha string, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = alpha[r.Intn(len(alpha))]
	}
	return b
}
