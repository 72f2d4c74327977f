// Package yamlnode holds the yaml.Node helpers that the loader, the rules
// and the configuration share: mapping lookups, kind tests and bounded
// walks, all with one alias policy.
//
// Alias policy: every lookup and kind test follows aliases to the node they
// name (a bounded number of hops, so a malformed tree cannot loop); walks do
// not follow aliases, so that an alias bomb costs nothing.
package yamlnode

import yaml "go.yaml.in/yaml/v3"

// MaxNodes bounds how many nodes any walk visits, so that hostile documents
// (huge trees) cost bounded time; MaxDepth bounds the nesting it descends.
const (
	MaxNodes = 200000
	MaxDepth = 200
)

// maxAliasHops bounds how many aliases Resolve follows.
const maxAliasHops = 16

// NullTag is the tag yaml.v3 gives an explicit null (null, ~ or nothing).
const NullTag = "!!null"

// Resolve follows aliases to the node they name.
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < maxAliasHops; i++ {
		n = n.Alias
	}
	return n
}

// Entry returns the key and value nodes of key in mapping m (nil, nil when
// m is not a mapping or has no such key).
func Entry(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = Resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], Resolve(m.Content[i+1])
		}
	}
	return nil, nil
}

// Has reports whether mapping m has key.
func Has(m *yaml.Node, key string) bool {
	k, _ := Entry(m, key)
	return k != nil
}

// IsMap reports whether n is a mapping.
func IsMap(n *yaml.Node) bool { n = Resolve(n); return n != nil && n.Kind == yaml.MappingNode }

// IsSeq reports whether n is a sequence.
func IsSeq(n *yaml.Node) bool { n = Resolve(n); return n != nil && n.Kind == yaml.SequenceNode }

// IsNull reports whether n is an explicit null.
func IsNull(n *yaml.Node) bool {
	n = Resolve(n)
	return n != nil && n.Kind == yaml.ScalarNode && n.Tag == NullTag
}

// IsString reports whether n is a scalar other than null (strings, but also
// numbers and booleans, which YAML writers often mean as strings).
func IsString(n *yaml.Node) bool {
	n = Resolve(n)
	return n != nil && n.Kind == yaml.ScalarNode && n.Tag != NullTag
}

// DocRoot returns the top node of a document (nil for an empty document).
func DocRoot(doc *yaml.Node) *yaml.Node {
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	return Resolve(doc.Content[0])
}

// WalkKeys calls fn for every mapping key/value pair in the tree under n,
// depth first. fn returns false to skip the value's subtree.
func WalkKeys(n *yaml.Node, fn func(parent, k, v *yaml.Node) bool) {
	WalkKeysWith(n, struct{}{}, func(parent, k, v *yaml.Node, _ struct{}) (struct{}, bool) {
		return struct{}{}, fn(parent, k, v)
	})
}

// WalkKeysWith is WalkKeys with a state that flows from a pair to the pairs
// nested in its value: fn gets the state of the enclosing pair (st at the
// top) and returns the state for the value's subtree and whether to enter it.
// Aliases are not followed; at most MaxNodes nodes and MaxDepth levels are
// visited.
func WalkKeysWith[T any](n *yaml.Node, st T, fn func(parent, k, v *yaml.Node, st T) (T, bool)) {
	budget := MaxNodes
	var walk func(n *yaml.Node, st T, depth int)
	walk = func(n *yaml.Node, st T, depth int) {
		if n == nil || budget <= 0 || depth > MaxDepth {
			return
		}
		budget--
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, st, depth+1)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if inner, ok := fn(n, n.Content[i], n.Content[i+1], st); ok {
					walk(n.Content[i+1], inner, depth+1)
				}
			}
		}
	}
	walk(n, st, 0)
}
