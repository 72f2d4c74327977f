package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type token struct {
	word string
	line int
}

func words(text string) []token {
	var out []token
	Words([]byte(text), func(w []byte, line int) { out = append(out, token{string(w), line}) })
	return out
}

// TestWordsMasks: the tokenizer keeps lower-cased words of 2 to 24 word
// bytes and drops what varies from log to log: tokens with a digit
// (versions, sizes, step prefixes) and digests written in hex letters only.
func TestWordsMasks(t *testing.T) {
	tests := []struct {
		name, text string
		want       []token
	}{
		{"lower-cased, punctuation splits", "ERROR: Conda-Env failed.", []token{{"error", 1}, {"conda", 1}, {"env", 1}, {"failed", 1}}},
		{"a token holding a digit is dropped whole", "numpy 1.26 py311 cp39 torch", []token{{"numpy", 1}, {"torch", 1}}},
		{"BuildKit's step prefix is dropped", "#8 12.34 Killed", []token{{"killed", 1}}},
		{"a hex-letter digest is dropped, a short hex word kept", "deadbeefcafe added face", []token{{"added", 1}, {"face", 1}}},
		{"one letter is no word", "a b x y ok", []token{{"ok", 1}}},
		{"longer than 24 bytes is no word", strings.Repeat("w", 25) + " " + strings.Repeat("v", 24), []token{{strings.Repeat("v", 24), 1}}},
		{"underscores join a word", "no_such_file", []token{{"no_such_file", 1}}},
		{"lines are counted", "one\n\nthree four", []token{{"one", 1}, {"three", 3}, {"four", 3}}},
		{"non-ASCII bytes split words", "caf\u00e9 na\u00efve", []token{{"caf", 1}, {"na", 1}, {"ve", 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := words(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("Words(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestFeatures(t *testing.T) {
	tests := []struct {
		text    string
		bigrams bool
		want    []string
	}{
		{"not found\nnot found again", false, []string{"again", "found", "not"}},
		// pairs only of words adjacent on one line, not across a line end
		{"conda not\nfound", true, []string{"conda", "conda not", "found", "not"}},
		{"command not found", true, []string{"command", "command not", "found", "not", "not found"}},
		// a dropped token does not break a pair: the words around it are adjacent
		{"pip 23 failed", true, []string{"failed", "pip", "pip failed"}},
	}
	for _, tc := range tests {
		if got := Features([]byte(tc.text), tc.bigrams); !slices.Equal(got, tc.want) {
			t.Errorf("Features(%q, %v) = %q, want %q", tc.text, tc.bigrams, got, tc.want)
		}
	}
}

// toy is a corpus whose classes have words of their own and share some
// ("error", "the"), so either model must tell them apart by the words they
// do not share.
var toy = []Doc{
	{"AML909", []byte("error: process killed, out of memory")},
	{"AML909", []byte("the kernel killed cc1plus: memory exhausted error")},
	{"AML909", []byte("killed signal 9 memory")},
	{"AML908", []byte("error: solving environment timed out")},
	{"AML908", []byte("conda solving environment never finishes, timed out")},
	{"AML908", []byte("solving environment: timed out after hours")},
	{"none", []byte("successfully installed numpy, image pushed")},
	{"none", []byte("build succeeded, image pushed to the registry")},
	{"none", []byte("successfully built and pushed the image")},
}

var toyQueries = []struct{ text, want string }{
	{"ERROR: the build was killed: out of memory", "AML909"},
	{"Solving environment: ... timed out", "AML908"},
	{"image pushed, build succeeded", "none"},
}

func TestNaiveBayesPredictsTheObviousClass(t *testing.T) {
	for _, o := range []Options{chosen, {Bigrams: true, PerClass: 50, MinDF: 2, Alpha: 0.5}} {
		m := Train(toy, o)
		if !slices.Equal(m.Classes, []string{"AML908", "AML909", "none"}) {
			t.Fatalf("%+v: classes %q", o, m.Classes)
		}
		if _, ok := m.Words["cc1plus"]; ok {
			t.Errorf("%+v: kept %q, a word of one text (MinDF 2)", o, "cc1plus")
		}
		for _, q := range toyQueries {
			v := m.Classify([]byte(q.text))
			if v.Class != q.want || v.Posterior <= 0.5 || v.Posterior > 1 {
				t.Errorf("%+v: Classify(%q) = %s %.3f, want %s above 0.5", o, q.text, v.Class, v.Posterior, q.want)
			}
			if len(v.Words) == 0 || v.Words[0].Weight <= 0 {
				t.Errorf("%+v: Classify(%q) gives no word for its class: %v", o, q.text, v.Words)
			}
		}
	}
}

// TestNaiveBayesKeepsOnlyAssociatedWords: a word in every text tells no
// class from another and is not kept.
func TestNaiveBayesKeepsOnlyAssociatedWords(t *testing.T) {
	var docs []Doc
	for _, d := range toy {
		docs = append(docs, Doc{d.Class, append(slices.Clone(d.Text), " log"...)})
	}
	m := Train(docs, chosen)
	if _, ok := m.Words["log"]; ok {
		t.Errorf("kept %q, a word of every text", "log")
	}
	for _, w := range []string{"killed", "solving", "pushed"} {
		if _, ok := m.Words[w]; !ok {
			t.Errorf("did not keep %q, a word of one class", w)
		}
	}
}

func TestNaiveBayesIgnoresOrderAndUnknownWords(t *testing.T) {
	m := Train(toy, chosen)
	rev := slices.Clone(toy)
	slices.Reverse(rev)
	m2 := Train(rev, chosen)
	for _, q := range toyQueries {
		v, v2 := m.Classify([]byte(q.text)), m2.Classify([]byte(q.text))
		if v.Class != v2.Class || v.Posterior != v2.Posterior {
			t.Errorf("Classify(%q): %s %v trained in order, %s %v reversed", q.text, v.Class, v.Posterior, v2.Class, v2.Posterior)
		}
	}
	// a text of words the model never kept has the priors' answer
	v := m.Classify([]byte("zebra quantum lattice"))
	if v.Class != "AML908" || len(v.Words) != 0 {
		t.Errorf("unknown words: %s %v, want the first of the equal priors and no words", v.Class, v.Words)
	}
}

func TestLogisticRegressionPredictsTheObviousClass(t *testing.T) {
	m := trainSoftmax(toy, false, 2, 0.001, 300)
	for _, q := range toyQueries {
		c, p := m.classify([]byte(q.text), false)
		if c != q.want || p <= 0.5 || p > 1 {
			t.Errorf("classify(%q) = %s %.3f, want %s above 0.5", q.text, c, p, q.want)
		}
	}
	if _, ok := m.vocab["cc1plus"]; ok {
		t.Errorf("vocabulary holds %q, a word of one text (minDF 2)", "cc1plus")
	}
}

func TestJudge(t *testing.T) {
	tests := []struct {
		want       []string
		pred       string
		errorLevel bool
		right      bool
	}{
		{[]string{"none"}, "AML909", false, true}, // a warning on a log with no failure is no false alarm
		{[]string{"none"}, "AML909", true, false},
		{[]string{"AML999"}, "none", false, true},
		{[]string{"AML999"}, "AML999", true, true},
		{[]string{"AML999"}, "AML905", true, false},
		{[]string{"AML905", "AML912"}, "AML912", true, true},
		{[]string{"AML905"}, "AML999", true, false},
	}
	for _, tc := range tests {
		if got := judge(tc.want, tc.pred, tc.errorLevel); got != tc.right {
			t.Errorf("judge(%q, %s, %v) = %v, want %v", tc.want, tc.pred, tc.errorLevel, got, tc.right)
		}
	}
}

// TestReadsOnlyTheTuneSplit: loadTune keeps no eval row, and readLog reads
// under tune/ whatever the id says.
func TestReadsOnlyTheTuneSplit(t *testing.T) {
	root := t.TempDir()
	for name, text := range map[string]string{
		"labels.tsv":   "id\tsplit\tlabel\nt1\ttune\tAML909\nt2\ttune\tAML905|AML912\ne1\teval\tAML908\n",
		"tune/t1.log":  "tune log\n",
		"tune/e1.log":  "a tune log named like an eval one\n",
		"eval/e1.log":  "EVAL LOG\n",
		"eval/t1.log":  "EVAL LOG\n",
		"tune/t2.log":  "tune log two\n",
		"other/x.log":  "not a log of the oracle\n",
		"tune/../x.md": "",
	} {
		p := filepath.Join(root, dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(root)
	labels, err := loadTune()
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) != 2 || labels["e1"].id != "" {
		t.Errorf("loadTune = %v, want t1 and t2 only", labels)
	}
	if got := labels["t2"].want; !slices.Equal(got, []string{"AML905", "AML912"}) {
		t.Errorf("t2's labels %q", got)
	}
	for _, id := range []string{"e1", "../eval/e1", "../eval/t1"} {
		if got := string(readLog(id)); strings.Contains(got, "EVAL") {
			t.Errorf("readLog(%q) read an eval log", id)
		}
	}
}
