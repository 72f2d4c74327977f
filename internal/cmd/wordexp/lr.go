package main

import (
	"math"
	"slices"
)

// softmax is an L2-regularised multinomial logistic regression over the
// same binary word features as the naive Bayes (Features): the discriminative alternative the
// experiment compares naive Bayes with.
type softmax struct {
	classes []string
	vocab   map[string]int
	w       [][]float64 // class x (feature + bias)
}

func trainSoftmax(docs []Doc, bigrams bool, minDF int, lambda float64, iters int) *softmax {
	df := map[string]int{}
	feats := make([][]string, len(docs))
	var classes []string
	for i, d := range docs {
		feats[i] = Features(d.Text, bigrams)
		for _, f := range feats[i] {
			df[f]++
		}
		if !slices.Contains(classes, d.Class) {
			classes = append(classes, d.Class)
		}
	}
	slices.Sort(classes)
	var names []string
	for f, n := range df {
		if n >= minDF {
			names = append(names, f)
		}
	}
	slices.Sort(names)
	m := &softmax{classes: classes, vocab: map[string]int{}}
	for i, f := range names {
		m.vocab[f] = i
	}
	nf := len(names) + 1
	x := make([][]int, len(docs))
	y := make([]int, len(docs))
	for i, d := range docs {
		for _, f := range feats[i] {
			if j, ok := m.vocab[f]; ok {
				x[i] = append(x[i], j)
			}
		}
		x[i] = append(x[i], nf-1) // bias
		y[i] = slices.Index(classes, d.Class)
	}
	m.w = make([][]float64, len(classes))
	g2 := make([][]float64, len(classes))
	for c := range classes {
		m.w[c] = make([]float64, nf)
		g2[c] = make([]float64, nf)
	}
	grad := make([][]float64, len(classes))
	for c := range grad {
		grad[c] = make([]float64, nf)
	}
	p := make([]float64, len(classes))
	for it := 0; it < iters; it++ {
		for c := range grad {
			for j := range grad[c] {
				grad[c][j] = lambda * m.w[c][j]
			}
		}
		for i := range docs {
			m.probs(x[i], p)
			for c := range classes {
				e := p[c]
				if c == y[i] {
					e--
				}
				e /= float64(len(docs))
				for _, j := range x[i] {
					grad[c][j] += e
				}
			}
		}
		for c := range classes { // AdaGrad
			for j := range grad[c] {
				g2[c][j] += grad[c][j] * grad[c][j]
				m.w[c][j] -= 0.5 * grad[c][j] / (math.Sqrt(g2[c][j]) + 1e-9)
			}
		}
	}
	return m
}

func (m *softmax) probs(x []int, p []float64) {
	best := math.Inf(-1)
	for c := range m.w {
		s := 0.0
		for _, j := range x {
			s += m.w[c][j]
		}
		p[c] = s
		best = max(best, s)
	}
	sum := 0.0
	for c := range p {
		p[c] = math.Exp(p[c] - best)
		sum += p[c]
	}
	for c := range p {
		p[c] /= sum
	}
}

func (m *softmax) classify(text []byte, bigrams bool) (string, float64) {
	var x []int
	for _, f := range Features(text, bigrams) {
		if j, ok := m.vocab[f]; ok {
			x = append(x, j)
		}
	}
	x = append(x, len(m.w[0])-1)
	p := make([]float64, len(m.classes))
	m.probs(x, p)
	b := 0
	for c := range p {
		if p[c] > p[b] {
			b = c
		}
	}
	return m.classes[b], p[b]
}
