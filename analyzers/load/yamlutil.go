package load

import (
	yaml "go.yaml.in/yaml/v3"
)

// maxNodes bounds how many nodes any walk visits, so that hostile documents
// (alias bombs, huge trees) cost bounded time.
const maxNodes = 200000

// resolve follows an alias to its target, once.
func resolve(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// lookup returns the key and value nodes of key in mapping m.
func lookup(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], resolve(m.Content[i+1])
		}
	}
	return nil, nil
}

// hasKey reports whether mapping m has key.
func hasKey(m *yaml.Node, key string) bool {
	k, _ := lookup(m, key)
	return k != nil
}

// isMap and isSeq test node kinds after alias resolution.
func isMap(n *yaml.Node) bool { n = resolve(n); return n != nil && n.Kind == yaml.MappingNode }
func isSeq(n *yaml.Node) bool { n = resolve(n); return n != nil && n.Kind == yaml.SequenceNode }
func isStr(n *yaml.Node) bool {
	n = resolve(n)
	return n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null"
}

// docRoot returns the top node of a document (nil for an empty document).
func docRoot(doc *yaml.Node) *yaml.Node {
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	return resolve(doc.Content[0])
}

// walkKeys calls fn for every mapping key/value pair in the tree under n,
// without following aliases, visiting at most maxNodes nodes. fn returns
// false to skip the value's subtree.
func walkKeys(n *yaml.Node, fn func(parent, k, v *yaml.Node) bool) {
	budget := maxNodes
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || budget <= 0 || depth > 200 {
			return
		}
		budget--
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, depth+1)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if fn(n, n.Content[i], n.Content[i+1]) {
					walk(n.Content[i+1], depth+1)
				}
			}
		}
	}
	walk(n, 0)
}
