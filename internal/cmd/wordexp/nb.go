package main

// Naive Bayes side of the experiment: a multinomial naive Bayes over the
// words of a text.
//
// Features are the distinct words of the text (binarised counts: a word
// repeated by a tool's progress output counts once), lowercased, with every
// token that holds a digit dropped (versions, sizes, hashes, line numbers,
// BuildKit's step prefixes) and long hex-looking tokens dropped as well.
// Only a per-class selection of the words is kept (chi-squared, positively
// associated with the class), so the model stays a few thousand weights.

import (
	"cmp"
	"math"
	"slices"
)

// Token limits: shorter or longer tokens are not words.
const (
	minWord = 2
	maxWord = 24
)

// Words calls fn once for each word token of text in order (repeats
// included), with the token's 1-based line number. The token passed to fn
// is only valid during the call.
func Words(text []byte, fn func(word []byte, line int)) {
	var buf [maxWord]byte
	line := 1
	i := 0
	for i < len(text) {
		c := text[i]
		if !isWordByte(c) {
			if c == '\n' {
				line++
			}
			i++
			continue
		}
		j := i
		digit := false
		for j < len(text) && isWordByte(text[j]) {
			if text[j] >= '0' && text[j] <= '9' {
				digit = true
			}
			j++
		}
		if n := j - i; !digit && n >= minWord && n <= maxWord {
			w := buf[:n]
			for k := range n {
				b := text[i+k]
				if b >= 'A' && b <= 'Z' {
					b += 'a' - 'A'
				}
				w[k] = b
			}
			if !hexLike(w) {
				fn(w, line)
			}
		}
		i = j
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// hexLike: eight or more hex letters only (a digest that happens to have no
// digit in it).
func hexLike(w []byte) bool {
	if len(w) < 8 {
		return false
	}
	for _, b := range w {
		if b < 'a' || b > 'f' {
			return false
		}
	}
	return true
}

// Features returns the distinct features of text (sorted): its words and,
// when bigrams is set, pairs of words adjacent on one line ("not found").
func Features(text []byte, bigrams bool) []string {
	seen := map[string]bool{}
	prev, prevLine := "", 0
	Words(text, func(w []byte, line int) {
		s := string(w)
		seen[s] = true
		if bigrams && prevLine == line && prev != "" {
			seen[prev+" "+s] = true
		}
		prev, prevLine = s, line
	})
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// Doc is one training text with its class.
type Doc struct {
	Class string
	Text  []byte
}

// Options are the training choices.
type Options struct {
	Bigrams  bool    // pairs of adjacent words are features too
	PerClass int     // words kept per class (by chi-squared, positively associated)
	MinDF    int     // a kept word is in at least this many texts of its class
	Alpha    float64 // additive smoothing
}

// Weight is log P(feature | class) for one class.
type Weight struct {
	Class int
	LogP  float64
}

// Model is a trained classifier. A feature in Words with no Weight for a
// class has that class's Unseen log probability; a feature not in Words is
// ignored.
type Model struct {
	Bigrams bool
	Classes []string
	Prior   []float64 // log P(class)
	Unseen  []float64 // log P(feature | class) of a kept feature the class never had
	Words   map[string][]Weight
}

// Train fits a model on docs. It is deterministic: the same docs (in any
// order) give the same model.
func Train(docs []Doc, o Options) *Model {
	docs = slices.Clone(docs)
	slices.SortStableFunc(docs, func(x, y Doc) int {
		return cmp.Or(cmp.Compare(x.Class, y.Class), slices.Compare(x.Text, y.Text))
	})
	var classes []string
	for _, d := range docs {
		if !slices.Contains(classes, d.Class) {
			classes = append(classes, d.Class)
		}
	}
	slices.Sort(classes)
	ci := map[string]int{}
	for i, c := range classes {
		ci[c] = i
	}
	nc := make([]int, len(classes))
	df := map[string][]int{} // feature -> texts per class holding it
	for _, d := range docs {
		c := ci[d.Class]
		nc[c]++
		for _, f := range Features(d.Text, o.Bigrams) {
			if df[f] == nil {
				df[f] = make([]int, len(classes))
			}
			df[f][c]++
		}
	}
	n := len(docs)
	// Feature selection: per class, the features most associated with it.
	keep := map[string]bool{}
	feats := make([]string, 0, len(df))
	for f := range df {
		feats = append(feats, f)
	}
	slices.Sort(feats)
	for c := range classes {
		type scored struct {
			f string
			s float64
		}
		var list []scored
		for _, f := range feats {
			a := float64(df[f][c]) // in class, has f
			if int(a) < o.MinDF {
				continue
			}
			tot := 0
			for _, x := range df[f] {
				tot += x
			}
			b := float64(tot) - a     // other class, has f
			cc := float64(nc[c]) - a  // in class, lacks f
			d := float64(n-nc[c]) - b // other class, lacks f
			if a*d <= b*cc {
				continue // not positively associated
			}
			num := float64(n) * (a*d - b*cc) * (a*d - b*cc)
			den := (a + b) * (cc + d) * (a + cc) * (b + d)
			if den == 0 {
				continue
			}
			list = append(list, scored{f, num / den})
		}
		slices.SortStableFunc(list, func(x, y scored) int {
			return cmp.Or(cmp.Compare(y.s, x.s), cmp.Compare(x.f, y.f))
		})
		for i := 0; i < len(list) && i < o.PerClass; i++ {
			keep[list[i].f] = true
		}
	}
	v := float64(len(keep))
	m := &Model{Bigrams: o.Bigrams, Classes: classes, Words: map[string][]Weight{}}
	total := make([]float64, len(classes))
	for f := range keep {
		for c, x := range df[f] {
			total[c] += float64(x)
		}
	}
	for c := range classes {
		m.Prior = append(m.Prior, math.Log(float64(nc[c])/float64(n)))
		m.Unseen = append(m.Unseen, math.Log(o.Alpha/(total[c]+o.Alpha*v)))
	}
	for f := range keep {
		var ws []Weight
		for c, x := range df[f] {
			if x > 0 {
				ws = append(ws, Weight{Class: c, LogP: math.Log((float64(x) + o.Alpha) / (total[c] + o.Alpha*v))})
			}
		}
		m.Words[f] = ws
	}
	return m
}

// Size is the number of stored weights.
func (m *Model) Size() int {
	n := 0
	for _, ws := range m.Words {
		n += len(ws)
	}
	return n
}

// Contribution is how much one word of the text weighs for the winning
// class against the runner-up.
type Contribution struct {
	Word   string
	Line   int // first line of the text that holds it
	Weight float64
}

// Verdict is the classifier's answer on one text.
type Verdict struct {
	Class     string
	Posterior float64
	// Words that weigh most for Class against the runner-up class, most first
	// (only those with a positive weight).
	Words []Contribution
}

func (m *Model) logP(f string, c int) float64 {
	for _, w := range m.Words[f] {
		if w.Class == c {
			return w.LogP
		}
	}
	return m.Unseen[c]
}

// Classify scores text and returns the most probable class.
func (m *Model) Classify(text []byte) Verdict {
	type feat struct {
		f    string
		line int
	}
	var fs []feat
	seen := map[string]bool{}
	add := func(f string, line int) {
		if _, ok := m.Words[f]; ok && !seen[f] {
			seen[f] = true
			fs = append(fs, feat{f, line})
		}
	}
	prev, prevLine := "", 0
	Words(text, func(w []byte, line int) {
		s := string(w)
		add(s, line)
		if m.Bigrams && prevLine == line && prev != "" {
			add(prev+" "+s, line)
		}
		prev, prevLine = s, line
	})
	score := slices.Clone(m.Prior)
	for _, x := range fs {
		for c := range score {
			score[c] += m.logP(x.f, c)
		}
	}
	best, second := 0, -1
	for c := range score {
		if score[c] > score[best] {
			best = c
		}
	}
	for c := range score {
		if c != best && (second < 0 || score[c] > score[second]) {
			second = c
		}
	}
	sum := 0.0
	for _, s := range score {
		sum += math.Exp(s - score[best])
	}
	v := Verdict{Class: m.Classes[best], Posterior: 1 / sum}
	if second < 0 {
		return v
	}
	for _, x := range fs {
		if w := m.logP(x.f, best) - m.logP(x.f, second); w > 0 {
			v.Words = append(v.Words, Contribution{Word: x.f, Line: x.line, Weight: w})
		}
	}
	slices.SortStableFunc(v.Words, func(x, y Contribution) int {
		return cmp.Or(cmp.Compare(y.Weight, x.Weight), cmp.Compare(x.Line, y.Line), cmp.Compare(x.Word, y.Word))
	})
	return v
}
