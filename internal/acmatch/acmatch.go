// Package acmatch finds many literal strings in one pass over the input.
//
// It compiles the literals into an Aho-Corasick automaton, expanded into a
// deterministic transition table over byte classes, so that scanning costs
// one table lookup per byte whatever the number of literals. States that
// report a match are numbered last, so the hot loop tests a single integer
// comparison per byte.
package acmatch

import "fmt"

// Matcher is an immutable, compiled set of literals. It is safe for
// concurrent use.
type Matcher struct {
	class    [256]uint8 // byte -> class
	nclass   int
	trans    []int32 // state + class -> next state; states are premultiplied by nclass
	accept   int32   // states >= accept report matches (premultiplied)
	outputs  [][]int // (state-accept) -> literal indexes ending here
	literals []string
	maxLen   int // the longest literal's length
}

// New compiles literals. Empty literals are rejected; duplicates are allowed
// and reported under each of their indexes.
func New(literals []string) (*Matcher, error) {
	m := &Matcher{literals: append([]string(nil), literals...)}
	// Byte classes: every byte used in a literal gets its own class; all
	// other bytes share class 0.
	for _, lit := range literals {
		if lit == "" {
			return nil, fmt.Errorf("acmatch: empty literal")
		}
		m.maxLen = max(m.maxLen, len(lit))
		for i := 0; i < len(lit); i++ {
			if m.class[lit[i]] == 0 {
				m.nclass++
				if m.nclass > 255 {
					return nil, fmt.Errorf("acmatch: too many distinct bytes")
				}
				m.class[lit[i]] = uint8(m.nclass)
			}
		}
	}
	m.nclass++
	nc := m.nclass

	// Trie.
	type node struct {
		next []int32
		fail int32
		out  []int
	}
	newNode := func() node {
		n := node{next: make([]int32, nc)}
		for i := range n.next {
			n.next[i] = -1
		}
		return n
	}
	nodes := []node{newNode()}
	for li, lit := range literals {
		s := int32(0)
		for i := 0; i < len(lit); i++ {
			c := m.class[lit[i]]
			if nodes[s].next[c] < 0 {
				nodes = append(nodes, newNode())
				nodes[s].next[c] = int32(len(nodes) - 1)
			}
			s = nodes[s].next[c]
		}
		nodes[s].out = append(nodes[s].out, li)
	}

	// Breadth-first: failure links and the full transition function. bfs
	// keeps the visiting order for the renumbering below.
	queue := make([]int32, 0, len(nodes))
	bfs := make([]int32, 1, len(nodes)) // the root first
	for c := 0; c < nc; c++ {
		if t := nodes[0].next[c]; t >= 0 {
			nodes[t].fail = 0
			queue = append(queue, t)
		} else {
			nodes[0].next[c] = 0
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		bfs = append(bfs, s)
		f := nodes[s].fail
		nodes[s].out = append(nodes[s].out, nodes[f].out...)
		for c := 0; c < nc; c++ {
			if t := nodes[s].next[c]; t >= 0 {
				nodes[t].fail = nodes[f].next[c]
				queue = append(queue, t)
			} else {
				nodes[s].next[c] = nodes[f].next[c]
			}
		}
	}

	// Renumber: non-accepting states first, the root stays 0, and within
	// each group in breadth-first order, so that the shallow states that
	// ordinary text keeps visiting sit together in memory (a large table
	// is then still cache-friendly where it is hot).
	order := make([]int32, len(nodes)) // old -> new
	n := int32(0)
	for _, i := range bfs {
		if len(nodes[i].out) == 0 {
			order[i] = n
			n++
		}
	}
	m.accept = n * int32(nc)
	for _, i := range bfs {
		if len(nodes[i].out) > 0 {
			order[i] = n
			n++
			m.outputs = append(m.outputs, nodes[i].out)
		}
	}
	m.trans = make([]int32, len(nodes)*nc)
	for i := range nodes {
		base := int(order[i]) * nc
		for c := 0; c < nc; c++ {
			m.trans[base+c] = order[nodes[i].next[c]] * int32(nc)
		}
	}
	return m, nil
}

// MustNew is New for literal sets fixed at compile time.
func MustNew(literals []string) *Matcher {
	m, err := New(literals)
	if err != nil {
		panic(err)
	}
	return m
}

// Literals returns the number of literals.
func (m *Matcher) Literals() int { return len(m.literals) }

// Literal returns literal i.
func (m *Matcher) Literal(i int) string { return m.literals[i] }

// Scan calls found with the index of every literal that occurs in b, once
// per occurrence, in order of the occurrence's end.
func (m *Matcher) Scan(b []byte, found func(lit int)) {
	s := int32(0)
	nc := int32(m.nclass)
	trans, class, accept := m.trans, &m.class, m.accept
	for _, c := range b {
		s = trans[s+int32(class[c])]
		if s >= accept {
			for _, li := range m.outputs[(s-accept)/nc] {
				found(li)
			}
		}
	}
}

// ScanUnordered calls found once per occurrence of a literal in b, like
// Scan, but in no particular order. It runs two automata at once, over the
// two halves of b (the second starting early enough to see every literal
// that ends in it), so that the two chains of dependent table lookups
// overlap in the processor: on lines of ordinary length it is about half
// again as fast as Scan, whose speed is bound by one lookup's latency.
func (m *Matcher) ScanUnordered(b []byte, found func(lit int)) {
	overlap := m.maxLen - 1
	if len(b) < 2*m.maxLen+16 {
		m.Scan(b, found)
		return
	}
	mid := len(b) / 2
	first, second := b[:mid], b[mid-overlap:]
	nc := int32(m.nclass)
	trans, class, accept := m.trans, &m.class, m.accept
	s1, s2 := int32(0), int32(0)
	// Both halves advance together for len(first) bytes; the second is
	// longer by overlap plus at most one byte, finished alone below. The
	// second reports only matches that end at or after mid, i.e. from its
	// overlap-th byte on: the first has seen every match that ends before.
	second0 := second[:len(first)]
	for i, c := range first {
		s1 = trans[s1+int32(class[c])]
		s2 = trans[s2+int32(class[second0[i]])]
		if s1 >= accept {
			for _, li := range m.outputs[(s1-accept)/nc] {
				found(li)
			}
		}
		if s2 >= accept && i >= overlap {
			for _, li := range m.outputs[(s2-accept)/nc] {
				found(li)
			}
		}
	}
	for _, c := range second[len(first):] {
		s2 = trans[s2+int32(class[c])]
		if s2 >= accept {
			for _, li := range m.outputs[(s2-accept)/nc] {
				found(li)
			}
		}
	}
}

// Any reports whether any literal occurs in b.
func (m *Matcher) Any(b []byte) bool {
	s := int32(0)
	trans, class, accept := m.trans, &m.class, m.accept
	for _, c := range b {
		s = trans[s+int32(class[c])]
		if s >= accept {
			return true
		}
	}
	return false
}
