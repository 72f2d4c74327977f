package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mlenv-lint/mlenv-lint/diagnose"
)

// TestDiagnosisConfidence: every finding's confidence reaches text, JSON
// and SARIF (as a result property and rank).
func TestDiagnosisConfidence(t *testing.T) {
	log := "ERROR: No matching distribution found for nosuch==1.0\nThe command '/bin/sh -c x' returned a non-zero code: 137\n"
	res, err := diagnose.Analyze(strings.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	d := Diagnosis{Log: "build.log", Result: res}
	render := func(format string) string {
		var buf bytes.Buffer
		if err := WriteDiagnosis(&buf, d, Options{Format: format, Rules: diagnose.Docs()}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}

	text := render("text")
	for _, want := range []string{"1. error (likely): the build ran out of memory", "2. error (certain): pip found no distribution"} {
		if !strings.Contains(text, want) {
			t.Errorf("text: missing %q in\n%s", want, text)
		}
	}

	var doc DiagnosisJSON
	if err := json.Unmarshal([]byte(render("json")), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range doc.Findings {
		got = append(got, f.Rule+"="+f.Confidence)
	}
	if strings.Join(got, " ") != "AML909=likely AML912=certain" {
		t.Errorf("json confidences %v", got)
	}

	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID     string                `json:"ruleId"`
				Rank       float64               `json:"rank"`
				Properties map[string]string     `json:"properties"`
				Message    struct{ Text string } `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(render("sarif")), &sarif); err != nil {
		t.Fatal(err)
	}
	rs := sarif.Runs[0].Results
	if len(rs) != 2 || rs[0].Properties["confidence"] != "likely" || rs[0].Rank != 50 ||
		rs[1].Properties["confidence"] != "certain" || rs[1].Rank != 90 {
		t.Errorf("sarif results %+v", rs)
	}
	if !strings.HasPrefix(rs[0].Message.Text, "most likely cause, inferred: ") {
		t.Errorf("sarif message %q", rs[0].Message.Text)
	}
}

// TestDiagnosisTie: findings that fit equally are said to.
func TestDiagnosisTie(t *testing.T) {
	res, err := diagnose.Analyze(strings.NewReader("(UserError) Missing Docker option; Python section missing\n"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDiagnosis(&buf, Diagnosis{Log: "svc.log", Result: res}, Options{Format: "text"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"of which the first 2 fit the log equally well", "fits as well as: AML301"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("missing %q in\n%s", want, buf.String())
		}
	}
}
