package builder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSecrets(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"pip.conf": "[global]\n", "TOKEN": "from-file"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	for _, c := range []struct {
		name  string
		flags []string
		env   map[string]string
		want  map[string]string
		err   string
	}{
		{"file", []string{"id=pip.conf,src=pip.conf"}, nil, map[string]string{"pip.conf": "[global]\n"}, ""},
		{"source= and type=file", []string{"type=file,id=p,source=pip.conf"}, nil, map[string]string{"p": "[global]\n"}, ""},
		{"env", []string{"id=tok,env=FEED"}, map[string]string{"FEED": "v"}, map[string]string{"tok": "v"}, ""},
		{"bare id: the variable when set", []string{"id=TOKEN"}, map[string]string{"TOKEN": "from-env"}, map[string]string{"TOKEN": "from-env"}, ""},
		{"bare id: else the file", []string{"id=TOKEN"}, nil, map[string]string{"TOKEN": "from-file"}, ""},
		{"bare id, type=env, unset", []string{"type=env,id=TOKEN"}, nil, nil, "environment variable TOKEN is not set"},
		{"twice", []string{"id=a,src=pip.conf", "id=a,src=TOKEN"}, nil, nil, `id "a" given twice`},
		{"both", []string{"id=a,src=pip.conf,env=X"}, nil, nil, "not both"},
		{"bad type", []string{"id=a,type=ssh"}, nil, nil, "want file or env"},
		{"missing file", []string{"id=a,src=nope"}, nil, nil, "no such file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := ParseSecrets(c.flags, func(k string) string { return c.env[k] }, abs)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for id, v := range s.values {
				got[id] = string(v)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSSHErrors(t *testing.T) {
	none := func(string) string { return "" }
	id := func(p string) string { return p }
	for _, c := range []struct {
		flags []string
		err   string
	}{
		{[]string{"default"}, "SSH_AUTH_SOCK is not set"},
		{[]string{"=x"}, "want default, default=PATH or ID=PATH"},
		{[]string{"a=/x", "a=/y"}, `id "a" given twice`},
		{[]string{"default=/nonexistent/key"}, "--ssh"},
	} {
		if _, err := ParseSSH(c.flags, none, id); err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%v: err = %v, want %q", c.flags, err, c.err)
		}
	}
}
