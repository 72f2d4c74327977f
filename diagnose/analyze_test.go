package diagnose

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
)

// TestFixtures runs every log under testdata: a log in directory AMLnnn must
// rank problem AMLnnn first (and name the subject in NAME.subject, when that
// file exists); a log in testdata/negative must give no finding at all.
func TestFixtures(t *testing.T) {
	dirs, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	perProblem := map[string]int{}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		logs, _ := filepath.Glob(filepath.Join("testdata", d.Name(), "*.log"))
		for _, path := range logs {
			want := d.Name()
			t.Run(want+"/"+filepath.Base(path), func(t *testing.T) {
				res := analyzeFile(t, path)
				if want == "negative" {
					if len(res.Findings) > 0 {
						t.Errorf("negative log: got %s", describe(res))
					}
					if res.Outcome != Succeeded {
						t.Errorf("outcome = %s, want succeeded", res.Outcome)
					}
					return
				}
				perProblem[want]++
				if len(res.Findings) == 0 || res.Findings[0].Problem.ID != want {
					t.Fatalf("want %s first, got %s", want, describe(res))
				}
				for _, g := range res.Findings[1:] {
					if g.Problem.ID == UnrecognisedFailure {
						t.Errorf("AML999 next to a recognised problem: %s", describe(res))
					}
				}
				if res.Outcome != Failed && want != BuildLogUnavailable {
					t.Errorf("outcome = %s, want failed", res.Outcome)
				}
				f := res.Findings[0]
				if len(f.Evidence) == 0 && want != BuildLogUnavailable {
					t.Errorf("%s has no evidence", want)
				}
				if subj, err := os.ReadFile(strings.TrimSuffix(path, ".log") + ".subject"); err == nil {
					s := strings.ToLower(strings.TrimSpace(string(subj)))
					found := false
					for _, got := range f.Subjects {
						if strings.Contains(strings.ToLower(got), s) {
							found = true
						}
					}
					if !found {
						t.Errorf("subjects %q do not name %q", f.Subjects, s)
					}
				}
			})
		}
	}
	for _, p := range Problems() {
		if p.ID == UnrecognisedFailure {
			continue // by definition it has no recognisable fixture; see TestCases
		}
		if perProblem[p.ID] < 3 {
			t.Errorf("%s (%s) has %d fixtures, want at least 3", p.ID, p.Name, perProblem[p.ID])
		}
	}
}

func analyzeFile(t *testing.T, path string) *Result {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := Analyze(f)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func describe(res *Result) string {
	var b strings.Builder
	b.WriteString(string(res.Outcome))
	for _, f := range res.Findings {
		b.WriteString("\n  " + f.Problem.ID + " " + strings.Join(f.Subjects, ",") + " " + f.Detail)
		for _, e := range f.Evidence {
			b.WriteString("\n     " + e.Text)
		}
	}
	return b.String()
}

func analyze(t *testing.T, log string) *Result {
	t.Helper()
	res, err := Analyze(strings.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCases(t *testing.T) {
	tests := []struct {
		name    string
		log     string
		want    []string // problem IDs in rank order
		outcome Outcome
		subject string // a subject of the first finding
	}{
		{
			name:    "empty log",
			log:     " \n\n",
			want:    []string{BuildLogUnavailable},
			outcome: Empty,
		},
		{
			name: "missing command ranks before the compile error it causes",
			log: `Step 3/4 : RUN pip install pycocotools
Building wheel for pycocotools (setup.py): started
  unable to execute 'gcc': No such file or directory
  error: command 'gcc' failed with exit status 1
  ERROR: Failed building wheel for pycocotools
The command '/bin/sh -c pip install pycocotools' returned a non-zero code: 1
`,
			want:    []string{MissingCommand, CompileError},
			outcome: Failed,
			subject: "gcc",
		},
		{
			name: "pip failed caused by no matching distribution",
			log: `Pip subprocess error:
ERROR: Could not find a version that satisfies the requirement azureml-core==9.9.9 (from versions: 1.0.2, 1.48.0)
ERROR: No matching distribution found for azureml-core==9.9.9

CondaEnvException: Pip failed
The command '/bin/sh -c conda env create -f conda.yml' returned a non-zero code: 1
`,
			want:    []string{NoMatchingDistrib, PipInstallFailed},
			outcome: Failed,
			subject: "azureml-core==9.9.9",
		},
		{
			name: "no versions after connection retries is a network problem",
			log: `#7 3.1 WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/numpy/
#7 9.2 ERROR: Could not find a version that satisfies the requirement numpy==1.26.4 (from versions: none)
#7 9.2 ERROR: No matching distribution found for numpy==1.26.4
#7 ERROR: process "/bin/sh -c pip install numpy==1.26.4" did not complete successfully: exit code: 1
`,
			want:    []string{CommunicationsError, NoMatchingDistrib},
			outcome: Failed,
		},
		{
			name: "ignored versions for Requires-Python make it a Python version problem",
			log: `ERROR: Ignored the following versions that require a different python version: 1.25.0 Requires-Python >=3.9; 1.25.1 Requires-Python >=3.9
ERROR: Could not find a version that satisfies the requirement numpy==1.25.0 (from versions: 1.19.5, 1.24.4)
ERROR: No matching distribution found for numpy==1.25.0
The command '/bin/sh -c pip install numpy==1.25.0' returned a non-zero code: 1
`,
			want:    []string{IncompatiblePython, NoMatchingDistrib},
			outcome: Failed,
			subject: "numpy==1.25.0",
		},
		{
			name: "ignored versions unrelated to the pin leave no matching distribution",
			log: `ERROR: Ignored the following versions that require a different python version: 1.25.0 Requires-Python >=3.9
ERROR: Could not find a version that satisfies the requirement numpy==9.9 (from versions: 1.19.5, 1.24.4)
ERROR: No matching distribution found for numpy==9.9
The command '/bin/sh -c pip install numpy==9.9' returned a non-zero code: 1
`,
			want:    []string{NoMatchingDistrib},
			outcome: Failed,
		},
		{
			name: "exit 137 is out of memory",
			log: `#9 [4/5] RUN conda env create -f conda.yml
#9 41.0 Solving environment: ...working...
#9 ERROR: process "/bin/sh -c conda env create -f conda.yml" did not complete successfully: exit code: 137
ERROR: failed to solve: process "/bin/sh -c conda env create -f conda.yml" did not complete successfully: exit code: 137
`,
			want:    []string{OutOfMemory},
			outcome: Failed,
		},
		{
			name: "exit 127 from conda",
			log: `Step 4/5 : RUN conda env create -f conda.yml
 ---> Running in 0a1b2c3d4e5f
The command '/bin/sh -c conda env create -f conda.yml' returned a non-zero code: 127
`,
			want:    []string{CondaCommandNotFound},
			outcome: Failed,
			subject: "conda",
		},
		{
			name: "unquoted bound in a successful build is a warning",
			log: `Step 2/3 : RUN pip install numpy>=1.20 2>&1
Successfully installed numpy-2.1.0
Successfully built 0123456789ab
`,
			want:    []string{CondaBareRedirection},
			outcome: Succeeded,
			subject: "numpy>=1.20",
		},
		{
			name: "quoted bounds and fd redirections are fine",
			log: `Step 2/3 : RUN pip install "numpy>=1.20" 'pandas<2' > /tmp/log 2>&1 && conda install -y "scipy<2"
Successfully built 0123456789ab
`,
			want:    nil,
			outcome: Succeeded,
		},
		{
			name: "unknown failure keeps the last error lines",
			log: `#5 [2/3] COPY conda.yml /tmp/
#5 ERROR: failed to calculate checksum of ref 1b2c::x: "/conda.yml": not found
ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref 1b2c::x: "/conda.yml": not found
`,
			want:    []string{UnrecognisedFailure},
			outcome: Failed,
		},
		{
			name:    "a log without a result and without errors says nothing",
			log:     "Step 1/3 : FROM ubuntu:22.04\nCollecting numpy\n",
			want:    nil,
			outcome: Unknown,
		},
		{
			name:    "errors without a result are an unrecognised warning",
			log:     "Step 1/3 : FROM ubuntu:22.04\nsomething: error: the flux capacitor broke\n",
			want:    []string{UnrecognisedFailure},
			outcome: Unknown,
		},
		{
			name: "a recovered failure in a successful build is dropped",
			log: `Step 3/4 : RUN pip install pkg || pip install pkg==1.0
ERROR: No matching distribution found for pkg
Successfully installed pkg-1.0
Successfully built 0123456789ab
Successfully tagged env:latest
`,
			want:    nil,
			outcome: Succeeded,
		},
		{
			// onService: a "Build log:" line is the service's failure when
			// it says so in any case (the Azure CLI prints "ERROR: ")
			name:    "an upper-case ERROR before the service's build log address",
			log:     "ERROR: Build log: https://acc.blob.core.windows.net/x/logs/cb1/rawtext.log\n",
			want:    []string{UnrecognisedFailure},
			outcome: Failed,
		},
		{
			name:    "a build log in a mirror directory is no failure",
			log:     "Build log: /srv/mirror/build.log\n",
			want:    nil,
			outcome: Unknown,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := analyze(t, tc.log)
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.Problem.ID)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") || res.Outcome != tc.outcome {
				t.Fatalf("got %s, want %v %s", describe(res), tc.want, tc.outcome)
			}
			if tc.subject != "" && !slices.Contains(res.Findings[0].Subjects, tc.subject) {
				t.Errorf("subjects %q, want %q", res.Findings[0].Subjects, tc.subject)
			}
		})
	}
}

func TestSeverities(t *testing.T) {
	res := analyze(t, "Step 2/3 : RUN pip install numpy>=1.20\nSuccessfully built 0123456789ab\n")
	if res.Problem(lint.Error) || !res.Problem(lint.Warning) {
		t.Errorf("bare redirection in a successful build should be a warning only: %s", describe(res))
	}
}

// TestHostileInput: logs cut mid-line, CRLF, invalid UTF-8, one 10 MB line,
// NUL bytes and lone escapes are all read without error.
func TestHostileInput(t *testing.T) {
	base := "Step 3/4 : RUN pip install nosuch==1.0\nERROR: No matching distribution found for nosuch==1.0\nThe command '/bin/sh -c pip install nosuch==1.0' returned a non-zero code: 1\n"
	huge := strings.Repeat("x", 10<<20)
	tests := []struct {
		name, log string
		want      string
		lines     int
	}{
		{"truncated mid-line", base + "ERROR: No matching distrib", NoMatchingDistrib, 4},
		{"crlf", strings.ReplaceAll(base, "\n", "\r\n"), NoMatchingDistrib, 3},
		{"invalid utf-8", "\xff\xfe" + base + "\xc3\x28 error \xa0\xa1\n", NoMatchingDistrib, 4},
		{"10 MB line", huge + "\n" + base, NoMatchingDistrib, 4},
		{"10 MB last line", base + huge, NoMatchingDistrib, 4},
		{"10 MB line with a match inside its head", "ERROR: No matching distribution found for bigpkg " + huge + "\n", NoMatchingDistrib, 1},
		{"nul and escapes", "\x00\x1b\x1b[\x1b]" + base + "\x1b", NoMatchingDistrib, 4},
		{"colour codes", "\x1b[1;31mERROR: No matching distribution found for colorpkg\x1b[0m\n\x1b[91mThe command 'x' returned a non-zero code: 1\x1b[0m\n", NoMatchingDistrib, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := analyze(t, tc.log)
			if len(res.Findings) == 0 || res.Findings[0].Problem.ID != tc.want {
				t.Fatalf("got %s", describe(res))
			}
			if res.Lines != tc.lines {
				t.Errorf("lines = %d, want %d", res.Lines, tc.lines)
			}
			if res.Bytes != int64(len(tc.log)) {
				t.Errorf("bytes = %d, want %d", res.Bytes, len(tc.log))
			}
			for _, f := range res.Findings {
				for _, e := range f.Evidence {
					if !utf8.ValidString(e.Text) || len(e.Text) > maxEvidenceText+4 {
						t.Errorf("evidence not cleaned: %q", e.Text)
					}
				}
			}
		})
	}
}

func TestBareRedirectionOnlyInInstalls(t *testing.T) {
	res := analyze(t, "Step 1/2 : RUN echo a>b && pip install c\nSuccessfully built 1\n")
	if len(res.Findings) != 0 {
		t.Errorf("redirection outside an install command: %s", describe(res))
	}
}

func FuzzAnalyze(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.log")
	for _, s := range seeds[:min(len(seeds), 20)] {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("PackagesNotFoundError: x\n  - a\n"))
	f.Add([]byte("The following packages are incompatible\n└─ a 1 is not installable because it requires\n  └─ python 3\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := Analyze(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if res.Bytes != int64(len(b)) {
			t.Fatalf("bytes = %d, want %d", res.Bytes, len(b))
		}
		for _, f := range res.Findings {
			for _, e := range f.Evidence {
				if e.Line < 1 || e.Line > res.Lines || !utf8.ValidString(e.Text) {
					t.Fatalf("bad evidence %+v (lines %d)", e, res.Lines)
				}
			}
		}
	})
}

// TestErrorLooking pins which lines count as error lines for AML999's
// evidence.
func TestErrorLooking(t *testing.T) {
	for text, want := range map[string]bool{
		"Unpacking libgpg-error0 (1.43)":     false,
		"on_error handler installed":         false,
		"Traceback (most recent call last):": true,
		"exit code: 2":                       true,
		"build failed.":                      true,
		"ERROR: something":                   true,
		"an error occurred":                  true,
		"Errors were found":                  true,
		"Build FAILED.":                      true,
		"the step failed":                    true,
		"fatal: not a git repository":        true,
		"Killed":                             true,
		"Traceback (most recent call last)":  true,
		"exit code: 1":                       true,
		"returned a non-zero code: 2":        true,
		"UnsatisfiableError: conflicts":      true,
		"CondaHTTPException: HTTP 000":       true,
		"Get:1 libgpg-error0 amd64":          false,
		"-Werror=format-security":            false,
		"on_error callback":                  false,
		"errorless":                          false,
		"Setting up liberror-perl":           false,
		"no problem here":                    false,
		"ErrorDocument":                      false,
		"":                                   false,
	} {
		if got := errorLooking(text); got != want {
			t.Errorf("errorLooking(%q) = %v, want %v", text, got, want)
		}
	}
}
