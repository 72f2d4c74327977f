package diagnose

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/mlenv-lint/mlenv-lint/internal/shellcmd"
)

// lazyRE compiles its expression on first use, so that programs that link
// diagnose but do not run it (a lint run) do not pay for the compilation.
type lazyRE struct {
	expr string
	get  func() *regexp.Regexp
}

func re(expr string) *lazyRE {
	return &lazyRE{expr: expr, get: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
}

func (r *lazyRE) FindStringSubmatch(s string) []string { return r.get().FindStringSubmatch(s) }
func (r *lazyRE) MatchString(s string) bool            { return r.get().MatchString(s) }
func (r *lazyRE) FindStringIndex(s string) []int       { return r.get().FindStringIndex(s) }
func (r *lazyRE) FindStringSubmatchIndex(s string) []int {
	return r.get().FindStringSubmatchIndex(s)
}
func (r *lazyRE) FindAllStringSubmatch(s string, n int) [][]string {
	return r.get().FindAllStringSubmatch(s, n)
}
func (r *lazyRE) ReplaceAllString(s, repl string) string { return r.get().ReplaceAllString(s, repl) }

// guarded is a regular expression that can only match text containing lit
// (and, when also is set, one of also), so it is not run on text that
// lacks it. The lit of a case-insensitive ((?i)) expression is looked for
// in any case.
type guarded struct {
	lit  string
	re   *lazyRE
	also []string
	fold []string // for a (?i) expression: lit in lower case, for mayMatchFold
}

func g(lit, expr string, also ...string) guarded {
	x := guarded{lit: lit, re: re(expr), also: also}
	if strings.HasPrefix(expr, "(?i)") {
		x.fold = []string{strings.ToLower(lit)}
	}
	return x
}

// may reports whether x.re can match text: text holds x.lit (and one of
// x.also).
func (x *guarded) may(text string) bool {
	if x.fold != nil {
		if !mayMatchFold(text, x.fold) {
			return false
		}
	} else if !strings.Contains(text, x.lit) {
		return false
	}
	return x.also == nil || containsAny(text, x.also)
}

// firstSub returns the first non-empty group of the first expression in
// list that matches text.
func firstSub(list []guarded, text string) string {
	for i := range list {
		if x := &list[i]; x.may(text) {
			if s := sub(x.re, text); s != "" {
				return s
			}
		}
	}
	return ""
}

func sub(r *lazyRE, s string) string {
	if m := r.FindStringSubmatch(s); m != nil {
		for _, g := range m[1:] {
			if g != "" {
				return g
			}
		}
	}
	return ""
}

func isWarning(text string) bool {
	t := strings.TrimLeft(text, " \t")
	return hasAnyPrefix(t, []string{"WARNING", "Warning:", "warning", "W: ", "npm WARN", "debconf:"})
}

// --- build result -----------------------------------------------------

func onSuccess(a *analyzer, ev Evidence, text string) {
	if strings.Contains(text, "naming to ") && !strings.Contains(text, "done") {
		return // BuildKit prints "naming to X" then "naming to X done"
	}
	if _, id, ok := strings.Cut(text, "Successfully built "); ok && !imageID(strings.TrimSpace(id)) {
		return // pip's "Successfully built numpy pandas": wheels, not the image
	}
	a.lastSuccess = a.n
}

// imageID reports whether s is what docker build prints as the image it
// built: 12 or more hex digits.
func imageID(s string) bool {
	if len(s) < 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

var (
	failREs = []guarded{
		g("returned a non-zero code", `The command '(.*)' returned a non-zero code: (\d+)`),
		g("did not complete successfully", `process "(.*)" did not complete successfully: exit code: (\d+)`),
		g("executor failed running", `executor failed running \[(.*)\]: exit code: (\d+)`),
	}
	runFailedRE = re(`Run ID: \S+ failed after`)
)

// markedPassive reports whether "marked as failed" is told in prose ("the
// unit was marked as failed", "the new subtest is immediately marked as
// failed": systemd's changelog, Node's test manual), not ACR's "Step ID:
// build marked as failed".
func markedPassive(text string) bool {
	i := strings.Index(text, "marked as failed")
	w := strings.Fields(text[:i])
	if len(w) == 0 {
		return false
	}
	switch w[len(w)-1] {
	case "is", "are", "was", "were", "be", "been", "being", "gets", "get", "got", "immediately", "also", "then":
		return true
	}
	return false
}

func onFailure(a *analyzer, ev Evidence, text string) {
	var cmd, code string
	for i := range failREs {
		r := &failREs[i]
		if !r.may(text) {
			continue
		}
		if m := r.re.FindStringSubmatch(text); m != nil {
			cmd, code = m[1], m[2]
			break
		}
	}
	switch {
	case code != "":
	case strings.Contains(text, "failed to solve"), strings.Contains(text, "##[error]"),
		strings.HasPrefix(strings.TrimSpace(text), "Error response from daemon:"),
		runFailedRE.MatchString(text), strings.Contains(text, "marked as failed") && !markedPassive(text):
	default:
		return
	}
	a.lastFailure = a.n
	a.failEv = ev
	if cmd != "" {
		cmd = strings.ReplaceAll(cmd, `\"`, `"`)
		cmd = strings.TrimPrefix(strings.TrimPrefix(cmd, "/bin/sh -c "), "/bin/bash -c ")
		a.res.Command = cmd
		checkBareRedirection(a, ev, cmd)
	}
	if code == "" {
		return
	}
	n, _ := strconv.Atoi(code)
	a.res.ExitCode = n
	switch n {
	case 137:
		a.infer(OutOfMemory, "", ev).explain("exit code 137: the step was killed (SIGKILL), usually by the out-of-memory killer")
	case 127:
		word := firstWord(cmd)
		if f := a.byID[CondaCommandNotFound]; f != nil {
			f.addEvidence(ev)
		} else if shellcmd.IsConda(word) {
			a.infer(CondaCommandNotFound, word, ev)
		} else if f := a.byID[MissingCommand]; f != nil {
			f.addEvidence(ev)
		} else if word != "" && !strings.ContainsAny(cmd, "&;|") && !a.noCommand {
			a.infer(MissingCommand, word, ev)
		}
	}
}

func firstWord(cmd string) string {
	f := strings.Fields(cmd)
	for len(f) > 0 && strings.Contains(f[0], "=") { // VAR=value cmd
		f = f[1:]
	}
	if len(f) == 0 {
		return ""
	}
	w := f[0]
	if i := strings.LastIndexByte(w, '/'); i >= 0 {
		w = w[i+1:]
	}
	return w
}

// --- build steps ----------------------------------------------------------

// parseStep splits a build step line, "Step 3/6 : RUN cmd" (docker) or
// "[stage 3/6] RUN cmd" (BuildKit), into instruction and arguments.
func parseStep(t string) (instr, args string, ok bool) {
	switch {
	case strings.HasPrefix(t, "Step "):
		rest := t[len("Step "):]
		i := strings.Index(rest, " : ")
		if i < 0 || !isStepCount(rest[:i]) {
			return "", "", false
		}
		t = rest[i+3:]
	case strings.HasPrefix(t, "["):
		i := strings.IndexByte(t, ']')
		if i < 0 || i+1 >= len(t) || t[i+1] != ' ' {
			return "", "", false
		}
		t = t[i+2:]
	default:
		return "", "", false
	}
	instr, args, ok = strings.Cut(t, " ")
	if !ok || instr == "" {
		return "", "", false
	}
	for i := 0; i < len(instr); i++ {
		if c := instr[i] | 0x20; c < 'a' || c > 'z' {
			return "", "", false
		}
	}
	return strings.ToUpper(instr), args, true
}

func isStepCount(s string) bool {
	n, m, ok := strings.Cut(s, "/")
	return ok && shellcmd.IsDigits(n) && shellcmd.IsDigits(m)
}

func onStep(a *analyzer, ev Evidence, text string) {
	t := strings.TrimSpace(text)
	if rest, ok := strings.CutPrefix(t, "=> ERROR "); ok {
		ttyStepFailed(a, ev, rest)
		return
	}
	instr, args, ok := parseStep(t)
	if !ok {
		return
	}
	a.condaActive = false
	a.stepCmd = ""
	a.solving = Evidence{}
	a.steps++
	a.fromStep = instr == "FROM"
	switch instr {
	case "FROM":
		if f := strings.Fields(args); len(f) > 0 {
			img := f[0]
			if strings.HasPrefix(img, "--platform") && len(f) > 1 {
				img = f[1]
			}
			a.fromImage = strings.TrimSuffix(img, ":")
		}
	case "RUN":
		a.stepCmd = args
		if strings.Contains(args, "conda ") || strings.Contains(args, "mamba ") {
			a.condaActive, a.condaEv = true, ev
		}
		checkBareRedirection(a, ev, args)
	}
}

// ttyDurationRE: the time BuildKit's tty progress prints after a step.
var ttyDurationRE = re(`\s+\d+(?:\.\d+)?s$`)

// ttyStepFailed reads BuildKit's tty progress line for the step that
// failed ("=> ERROR [7/8] RUN pip install -r requirements.txt   12.3s"): a
// paste cut before BuildKit's error summary still shows which command
// failed.
func ttyStepFailed(a *analyzer, ev Evidence, rest string) {
	instr, args, ok := parseStep(rest)
	if !ok || instr != "RUN" {
		return
	}
	cmd := ttyDurationRE.ReplaceAllString(args, "")
	a.lastFailure, a.failEv = a.n, ev
	a.stepCmd = cmd
	if a.res.Command == "" {
		a.res.Command = cmd
	}
	checkBareRedirection(a, ev, cmd)
}

func onCondaProgress(a *analyzer, ev Evidence, text string) {
	switch {
	case strings.Contains(text, "To activate this environment") || strings.Contains(text, "Transaction finished"):
		a.condaActive = false
		a.solving = Evidence{}
		a.lastStepOK = a.n
		return
	case strings.Contains(text, "Solving environment"):
		// "Solving environment: ...working... done" ends the solve; a line
		// without a result (or conda retrying with a flexible solve)
		// leaves it running. Words after it with no colon are a sentence
		// about a solve ("Solving environment took 20 minutes but it
		// finished"), not conda's progress.
		if _, rest, _ := strings.Cut(text, "Solving environment"); solveProse(rest) {
			return
		}
		a.solving = Evidence{}
		if t := strings.TrimRight(text, " .|/-\\"); !strings.HasSuffix(t, "done") && !strings.HasSuffix(t, "failed") {
			a.solving = ev
		}
	case strings.Contains(text, "Looking for: ["):
		a.solving = ev // mamba, before its solve
	case strings.Contains(text, "Pinned packages:"):
		// libmamba's install (api/install.cpp) prints its pins right before
		// solver.try_solve(); micromamba prints no "Looking for" line
		a.solving = ev
	case strings.Contains(text, "Solving package specifications"):
		// conda 3.x-4.3 ("Solving package specifications: ........."):
		// the plan ("Package plan for installation in environment …")
		// or an error ends it, also on the same line, after the dots
		// ("Solving package specifications: An unexpected error has
		// occurred.", conda 4.3)
		a.solving = Evidence{}
		rest := text[strings.Index(text, "Solving package specifications")+len("Solving package specifications"):]
		if strings.Trim(rest, " .:|/-\\") == "" {
			a.solving = ev
		}
	case strings.Contains(text, "Found conflicts! Looking for incompatible packages"):
		// conda 4.6-4.x after a failed solve, before its UnsatisfiableError
		// report: a search that can run for hours
		a.solving = ev
	case strings.Contains(text, "Examining conflict for"):
		// that search's progress bars
		if a.solving.Line == 0 {
			a.solving = ev
		}
	case strings.Contains(text, "Collecting package metadata"):
	default:
		a.solving = Evidence{} // the solve is over
	}
	a.condaActive, a.condaEv = true, ev
}

// solveProse: what follows "Solving environment" is a sentence's words, not
// conda's colon, spinner or result.
func solveProse(rest string) bool {
	r := strings.TrimLeft(rest, " ")
	return len(r) > 0 && r[0] >= 'a' && r[0] <= 'z' && len(r) != len(rest)
}

// --- errors nobody claimed (for AML999) ----------------------------------

// errorWords are the words that make a line error-looking, by first
// letter (lower-cased), in the spellings that count.
var errorWords = [...][]string{
	'e': {"error", "Error", "ERROR", "errors", "Errors", "exception", "Exception"},
	'f': {"failed", "Failed", "FAILED", "failure", "Failure", "fatal", "Fatal", "FATAL"},
	'k': {"killed", "Killed"},
}

// errorLooking reports whether text holds an error word on its own
// ("libgpg-error0" and "on_error" do not count), a traceback, an exit code,
// or an exception name glued to its message ("UnsatisfiableError: …"). It
// reads text once: this runs on every line a trigger like "error" is in.
func errorLooking(text string) bool {
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case 'T':
			if strings.HasPrefix(text[i:], "Traceback") {
				return true
			}
		case 'x':
			if i > 0 && strings.HasPrefix(text[i-1:], "exit code") {
				return true
			}
		case 'n':
			if strings.HasPrefix(text[i:], "non-zero code") ||
				i >= 8 && text[i-8:i] == "Exceptio" && strings.HasPrefix(text[i:], "n: ") {
				return true
			}
		case 'r':
			// "…Error: ", glued to a class name
			if i >= 4 && text[i-4:i] == "Erro" && strings.HasPrefix(text[i:], "r: ") {
				return true
			}
		}
		l := c | 0x20
		if l != 'e' && l != 'f' && l != 'k' || i > 0 && wordByte(text[i-1]) {
			continue
		}
		for _, w := range errorWords[l] {
			if strings.HasPrefix(text[i:], w) && (i+len(w) == len(text) || !wordByte(text[i+len(w)])) {
				return true
			}
		}
	}
	return false
}

func wordByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func onErrorLooking(a *analyzer, ev Evidence, text string) {
	if isWarning(text) || !errorLooking(text) {
		return
	}
	if strings.Contains(text, "pip's dependency resolver does not currently take into account") {
		return // pip prints this as ERROR but installs anyway
	}
	if condaRetry(text) {
		return
	}
	a.pushTail(ev)
	if a.buildLines == 0 && !a.prose() && !serviceText(text) {
		a.buildLines++ // only whether there is one matters
	}
}

// condaRetry: conda 4.7+'s solver spinner ending in "failed" when it
// only moves on to its next attempt (conda/cli/install.py: "failed with
// initial frozen solve. Retrying with flexible solve.", "failed with
// repodata from current_repodata.json, will retry with next repodata
// source."). Nothing has failed yet: the solve goes on.
func condaRetry(text string) bool {
	return strings.Contains(text, "Retrying with flexible solve") || strings.Contains(text, "will retry with next repodata source")
}

// serviceText reports whether an error-looking line is part of what the
// Azure ML SDK or service prints around a failed build (a Python
// traceback, the error JSON) rather than the build's own output.
func serviceText(text string) bool {
	if t := strings.TrimSpace(text); t == "Error:" || t == "Failed" || strings.TrimLeft(t, "❌✖✗ ") == "Failed" {
		// the SDK's WebserviceException: "Error:" and then the error JSON;
		// azureml-core's polling printing the state it reached; the
		// studio's status with its icon ("❌ Failed")
		return true
	}
	for _, s := range []string{"Traceback", "File \"", "Exception", "raise ", "\"code\"", "\"message\"",
		"UserError", "mage build failed", "Activity Failed", "azureml", "Error Code", "ErrorResponse", "HttpResponseError",
		"\"error\"", "mage creation", "StatusCode", "Message:", "operation \"Failed\"",
		"ERROR 40", "Public access is not permitted", "Failed to fetch build details", "NotFoundError",
		"Error response from server", "polling reached non-successful terminal state",
		// online endpoints' error codes for a failed image build (the
		// service's words, not the build's)
		"ImageBuildFailure", "EnvironmentBuildFailed",
		// azureml-core's image build status lines
		"Image Build Status", "More information about this error is available here", "aka.ms/debugimage",
		// the studio's environment page
		"Environment image build status"} {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}
