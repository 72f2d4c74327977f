package shellcmd

import (
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		line  string
		words []string // words of every command, joined with |
		bare  []string
	}{
		{`conda install -y numpy>=1.20 scipy`, []string{"conda install -y numpy scipy"}, []string{"numpy>=1.20"}},
		{`pip install "torch==2.0" transformers<4.30`, []string{"pip install torch==2.0 transformers"}, []string{"transformers<4.30"}},
		{`pip install x > /dev/null 2>&1`, []string{"pip install x"}, nil},
		{`pip install x &> log.txt && echo ok`, []string{"pip install x", "", "echo ok"}, nil},
		{`conda install "numpy>=1.20" >> log 2>> err.log | tee x`, []string{"conda install numpy>=1.20", "tee x"}, nil},
		{`pip install 'x>1' "y<2" z\>3`, []string{"pip install x>1 y<2 z>3"}, nil},
		{"apt-get update && \\\n    pip install a==1; echo done", []string{"apt-get update", "", "pip install a==1", "echo done"}, nil},
		{``, []string{""}, nil},
		{`pip install pandas # caf\xe9 && x`, []string{"pip install pandas"}, nil},
		{"pip install a#b c # d\npip install e", []string{"pip install a#b c pip install e"}, nil},
		{`pip install "#x"`, []string{"pip install #x"}, nil},
	}
	for _, tc := range tests {
		var words, bare []string
		for _, c := range Split(tc.line) {
			words = append(words, strings.Join(c.Words, " "))
			bare = append(bare, c.Bare...)
		}
		if strings.Join(words, "|") != strings.Join(tc.words, "|") || strings.Join(bare, "|") != strings.Join(tc.bare, "|") {
			t.Errorf("Split(%q) = words %q bare %q; want %q %q", tc.line, words, bare, tc.words, tc.bare)
		}
	}
}

func TestInstaller(t *testing.T) {
	tests := map[string]string{
		"conda install -y numpy":                 "conda",
		"/opt/conda/bin/mamba env create -f x":   "mamba",
		"micromamba create -n e":                 "micromamba",
		"pip install numpy":                      "pip",
		"pip3.11 install numpy":                  "pip",
		"python -m pip install numpy":            "pip",
		"python3 -m pip install --upgrade numpy": "pip",
		"pip list":                               "",
		"echo pip install":                       "",
		"conda clean -aqy":                       "",
	}
	for line, want := range tests {
		got, _ := Installer(Split(line)[0].Words)
		if got != want {
			t.Errorf("Installer(%q) = %q, want %q", line, got, want)
		}
	}
}

func TestSpans(t *testing.T) {
	line := "pip install -U 'numpy>=1.2' x\\\n  y>=2 \"a b\" 2>&1 && conda install z"
	var got []string
	for _, c := range Split(line) {
		if len(c.Spans) != len(c.Words) {
			t.Fatalf("%d spans for %d words", len(c.Spans), len(c.Words))
		}
		for i, s := range c.Spans {
			cut := ""
			if s.Cut {
				cut = "!"
			}
			got = append(got, c.Words[i]+"="+line[s.Start:s.End]+cut)
		}
	}
	want := []string{"pip=pip", "install=install", "-U=-U", "numpy>=1.2='numpy>=1.2'", "x=x", "y=y!", "a b=\"a b\"", "conda=conda", "install=install", "z=z"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("spans:\n got %q\nwant %q", got, want)
	}
}

func TestSpansOnHostileInput(t *testing.T) {
	for _, line := range []string{"'unterminated", `\`, `a\`, `"`, "x>", ">", "&>", "a;b|c&&d", "pip install 'a'\"b\"c", "x\\\n", "2>", "a>b<c", "é 'ü' \"ß\""} {
		for _, c := range Split(line) {
			if len(c.Spans) != len(c.Words) {
				t.Errorf("Split(%q): %d spans for %d words", line, len(c.Spans), len(c.Words))
			}
			prev := 0
			for _, s := range c.Spans {
				if s.Start < prev || s.End < s.Start || s.End > len(line) {
					t.Errorf("Split(%q): span %+v out of order or bounds", line, s)
				}
				prev = s.End
			}
		}
	}
}

func TestPipValueOption(t *testing.T) {
	tests := []struct {
		name, long string
		ok         bool
	}{
		{"-r", "--requirement", true},
		{"--requirement", "--requirement", true},
		{"-c", "--constraint", true},
		{"-e", "--editable", true},
		{"-i", "--index-url", true},
		{"--extra-index-url", "--extra-index-url", true},
		{"-f", "--find-links", true},
		{"--trusted-host", "--trusted-host", true},
		{"--no-binary", "--no-binary", true},
		{"--only-binary", "--only-binary", true},
		{"--use-feature", "--use-feature", true}, // only the requirements-file copy had it
		{"-t", "--target", true},                 // only the command-line copy had these
		{"--prefix", "--prefix", true},
		{"--root", "--root", true},
		{"-C", "--config-settings", true},
		{"-U", "", false},
		{"--no-cache-dir", "", false},
		{"--pre", "", false},
		{"--index-url=https://x", "", false}, // the name alone, not name=value
	}
	for _, tt := range tests {
		long, ok := PipValueOption(tt.name)
		if long != tt.long || ok != tt.ok {
			t.Errorf("PipValueOption(%q) = %q, %v, want %q, %v", tt.name, long, ok, tt.long, tt.ok)
		}
	}
	// PipInstallArgs reads the same table: --use-feature takes its value.
	pkgs, opts := PipInstallArgs([]string{"--use-feature", "truststore", "numpy"})
	if len(pkgs) != 1 || pkgs[0] != 2 || len(opts) != 1 || opts[0].Name != "--use-feature" || opts[0].Value != "truststore" {
		t.Errorf("PipInstallArgs: pkgs %v, opts %+v", pkgs, opts)
	}
}
