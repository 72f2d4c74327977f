// Package suggest finds the closest candidate to a misspelt word, for
// "did you mean" hints.
package suggest

import "strings"

// Closest returns the candidate nearest to word by optimal string alignment
// distance (case-insensitive), or "" when none is close enough: at most one
// edit for short words, and at most a third of the word's length otherwise.
func Closest(word string, candidates []string) string {
	w := strings.ToLower(word)
	best, bestDist := "", -1
	for _, c := range candidates {
		d := Distance(w, strings.ToLower(c))
		if bestDist < 0 || d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	limit := max(1, len([]rune(w))/3)
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// Distance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and transpositions of adjacent
// characters each cost one.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rolling rows: two back (for transpositions), previous, current.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
