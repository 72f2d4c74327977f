package diagnose

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// foldLines are the lines the fold tests run over: the fixtures, the tune
// split of the real logs, hand-made lines with odd cases and the two
// non-ASCII runes that fold to ASCII letters, and random case mutations
// of all of them.
func foldLines(t *testing.T) []string {
	t.Helper()
	var paths []string
	for _, glob := range []string{"testdata/*/*.log", "../testdata/reallogs/tune/*.log"} {
		p, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p...)
	}
	lines := []string{
		"", "conda", "CONDA", "Miniconda3", "miniconda", "MiniConda", "micromamba", "MicroMamba", "xmamba", "mamba_", "mamba-1",
		"anaconda", "conda_env", "condarc", "ENV creation", "the env Generation fails", "myenv creation", "env  creation",
		"it gets sTuck", "ſtuck forever", "STUCK", "ſtuck", "it timed out", "TIMED OUT", "TiMeD oUt", "failed due to a TIMEOUT",
		"bumped into the time limit", "exceeds the time limit", "Increased the timeout", "increaſed the timeout",
		"\u212aconda", "cond\u212a", "taKes forever", "FOREVER to build", "hit the timeouts",
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(data), "\n")...)
	}
	r := rand.New(rand.NewPCG(1, 2))
	n := len(lines)
	for i := 0; i < n; i++ {
		b := []byte(lines[i])
		for j := range b {
			if r.IntN(3) == 0 {
				switch c := b[j]; {
				case 'a' <= c && c <= 'z':
					b[j] = c - 'a' + 'A'
				case 'A' <= c && c <= 'Z':
					b[j] = c - 'A' + 'a'
				}
			}
		}
		m := string(b)
		if r.IntN(8) == 0 {
			m = strings.ReplaceAll(strings.ReplaceAll(m, "k", kelvinSign), "s", longS)
		}
		lines = append(lines, m)
	}
	return lines
}

// TestFoldPreconditions: the hand-written tests agree with the expressions
// they stand for or guard, on every line.
func TestFoldPreconditions(t *testing.T) {
	// what condaTalk replaced
	condaTalkRE := regexp.MustCompile(`(?i)\b(?:conda|mamba|micromamba|miniconda)\b|\benv (?:generation|creation)`)
	for _, line := range foldLines(t) {
		if got, want := condaTalk(line), condaTalkRE.MatchString(line); got != want {
			t.Errorf("condaTalk(%q) = %v, the expression says %v", line, got, want)
		}
		if slowWordsRE.MatchString(line) && !slowWordsMay(line) {
			t.Errorf("slowWordsMay(%q) rejects a line slowWordsRE matches", line)
		}
		if redirectWordsRE.MatchString(line) && !mayMatchFold(line, redirectWordsLits) {
			t.Errorf("redirectWordsLits reject %q, which redirectWordsRE matches", line)
		}
		if redirectProseRE.MatchString(line) && !mayMatchFold(line, redirectProseLits) {
			t.Errorf("redirectProseLits reject %q, which redirectProseRE matches", line)
		}
	}
}

func TestMayMatchFold(t *testing.T) {
	tests := []struct {
		text string
		lits []string
		want bool
	}{
		{"it got STUCK", []string{"stuck"}, true},
		{"it got sTuCk", []string{"stuck"}, true},
		{"it got stuc", []string{"stuck"}, false},
		{"it got ſtuck", []string{"stuck"}, true},        // long s folds to s
		{"it got stuc\u212a", []string{"stuck"}, true},   // Kelvin sign folds to k
		{"forever ſ", []string{"time"}, false},           // no k or s in the literal: ASCII folding is exact
		{"é time", []string{"time"}, true},               // other non-ASCII text is no reason to pass
		{"ü only", []string{"time", "due to"}, false},    //
		{"Due To the", []string{"time", "due to"}, true}, //
		{"", []string{"x"}, false},
		{"x", []string{"xy"}, false},
		{"aXy", []string{"xy"}, true},
	}
	for _, tt := range tests {
		if got := mayMatchFold(tt.text, tt.lits); got != tt.want {
			t.Errorf("mayMatchFold(%q, %q) = %v, want %v", tt.text, tt.lits, got, tt.want)
		}
	}
}
