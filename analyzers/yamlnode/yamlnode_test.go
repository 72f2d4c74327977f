package yamlnode

import (
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

func parse(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	return &doc
}

func TestLookupsFollowAliases(t *testing.T) {
	doc := parse(t, "base: &b {image: python:3.11, n: null, list: [1]}\nenv: *b\n")
	root := DocRoot(parse(t, "a: &x {k: v}\nb: *x\n"))
	if _, v := Entry(root, "b"); !IsMap(v) || !Has(v, "k") {
		t.Errorf("alias to a mapping not followed: %v", v)
	}
	_, env := Entry(DocRoot(doc), "env")
	tests := []struct {
		key              string
		null, str, isSeq bool
	}{
		{"image", false, true, false},
		{"n", true, false, false},
		{"list", false, false, true},
	}
	for _, tt := range tests {
		_, v := Entry(env, tt.key)
		if IsNull(v) != tt.null || IsString(v) != tt.str || IsSeq(v) != tt.isSeq {
			t.Errorf("%s: null %v string %v seq %v", tt.key, IsNull(v), IsString(v), IsSeq(v))
		}
	}
	if k, v := Entry(env, "missing"); k != nil || v != nil || Has(nil, "x") || IsNull(nil) || IsString(nil) {
		t.Error("missing keys and nil nodes must be absent")
	}
}

func TestNullForms(t *testing.T) {
	top := DocRoot(parse(t, "a: null\nb: ~\nc:\nd: \"null\"\ne: 0\n"))
	for key, want := range map[string]bool{"a": true, "b": true, "c": true, "d": false, "e": false} {
		if _, v := Entry(top, key); IsNull(v) != want {
			t.Errorf("%s: IsNull = %v, want %v", key, !want, want)
		}
	}
}

func TestWalkKeysWithState(t *testing.T) {
	doc := parse(t, "inputs:\n  x:\n    environment: a\njobs:\n  - environment: b\n")
	var got []string
	WalkKeysWith(doc, false, func(_, k, v *yaml.Node, inInputs bool) (bool, bool) {
		if k.Value == "environment" {
			got = append(got, v.Value+map[bool]string{true: "(data)", false: ""}[inInputs])
		}
		return inInputs || k.Value == "inputs", true
	})
	if len(got) != 2 || got[0] != "a(data)" || got[1] != "b" {
		t.Errorf("got %v", got)
	}
	n := 0
	WalkKeys(doc, func(_, k, _ *yaml.Node) bool { n++; return k.Value != "inputs" })
	if n != 3 { // inputs, jobs, and the environment under jobs
		t.Errorf("visited %d pairs, want 3", n)
	}
}
