package placeholder

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDefaults(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"{{ACR_NAME}}.azurecr.io/x:1", []string{"{{ACR_NAME}}"}},
		{"mcr.microsoft.com/azureml/curated/{{asset.name}}:{{latest-image-tag}}", []string{"{{asset.name}}", "{{latest-image-tag}}"}},
		{"{{ image.context.path }}", []string{"{{ image.context.path }}"}},
		{"azureml://registries/<registry_name>/environments/x/versions/1", []string{"<registry_name>"}},
		{"1-<VERSION>", []string{"<VERSION>"}},
		{"< your environment name >", []string{"< your environment name >"}},
		{"<Enter the name of your compute here>", []string{"<Enter the name of your compute here>"}},
		{"azureml:${ENV_NAME}@latest", []string{"${ENV_NAME}"}},
		// Azure ML binding expressions are values, not placeholders.
		{"${{inputs.learning_rate}}", nil},
		{"${{parent.outputs.model}}/x", nil},
		{"--lr ${{inputs.lr}} --name {{NAME}}", []string{"{{NAME}}"}},
		// Version constraints, markers and shell text are not placeholders.
		{"python>=3.8,<3.11", nil},
		{`requests; python_version < "3.8"`, nil},
		{"numpy<2,>=1.2", nil},
		{"$HOME/x ${1}", nil},
		{"<\n NAME>", nil},
	}
	s := Default()
	for _, tt := range tests {
		var got []string
		for _, sp := range s.Find(tt.text) {
			got = append(got, tt.text[sp.Start:sp.End])
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Find(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestCompile(t *testing.T) {
	s, err := Compile([]string{`#\{[A-Za-z_]+\}#`})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.First("image: #{ACR}#.azurecr.io/x {{NOT}}"); got != "#{ACR}#" {
		t.Errorf("custom pattern: First = %q", got)
	}
	none, err := Compile(nil)
	if err != nil || none.First("{{ACR_NAME}}") != "" {
		t.Errorf("an empty set must recognise nothing (err %v)", err)
	}
	var nilSet *Set
	if nilSet.First("{{x}}") != "" {
		t.Error("a nil set must recognise nothing")
	}
	for _, bad := range []string{"(", "", "x*"} {
		if _, err := Compile([]string{bad}); err == nil {
			t.Errorf("Compile(%q) accepted", bad)
		}
	}
}

func TestOverlapsMerge(t *testing.T) {
	s, err := Compile([]string{`\{\{[A-Z]+\}\}`, `[A-Z]+\}\}x`})
	if err != nil {
		t.Fatal(err)
	}
	got := s.Find("a {{AB}}x b")
	if want := []Span{{2, 9}}; !cmp.Equal(want, got) {
		t.Errorf("Find = %v, want %v", got, want)
	}
}
