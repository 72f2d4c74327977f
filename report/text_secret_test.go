package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// TestSnippetNeverEchoesSecrets: the context snippet masks URL credentials
// in place (the caret still fits) and leaves out the line of a finding that
// sits on a secret.
func TestSnippetNeverEchoesSecrets(t *testing.T) {
	src := "--extra-index-url https://build:s3cr3tPassw0rd@pkgs.dev.azure.com/c/_packaging/f/pypi/simple/\n" +
		"blob @ https://a.blob.core.windows.net/w/b-1.0-py3-none-any.whl?sv=2022-11-02&se=2027-01-01&sig=c2VjcmV0\n" +
		"password: hunter2-is-long\n"
	f := &ir.File{Path: "requirements.txt", Abs: "/p/requirements.txt", Src: []byte(src)}
	diags := []lint.Diagnostic{
		{RuleID: "AML506", Severity: lint.Error, Message: "URL has a password", Loc: f.Loc(rng(1, 19, 1, 95))},
		{RuleID: "AML506", Severity: lint.Error, Message: "URL has a SAS token", Loc: f.Loc(rng(2, 8, 2, 104))},
		{RuleID: "AML116", Severity: lint.Error, Message: "password in plain text", Loc: f.Loc(rng(3, 1, 3, 9)), HideSource: true},
	}
	var buf bytes.Buffer
	if err := Write(&buf, diags, Options{Format: "text", Context: true, Files: map[string]*ir.File{f.Path: f}, Root: "/p", Cwd: "/p"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, secret := range []string{"s3cr3tPassw0rd", "c2VjcmV0", "sv=2022", "se=2027", "hunter2"} {
		if strings.Contains(out, secret) {
			t.Errorf("output shows %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "https://********************@pkgs.dev.azure.com") {
		t.Errorf("masked URL line missing:\n%s", out)
	}
}
