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
func (r *lazyRE) FindAllStringSubmatch(s string, n int) [][]string {
	return r.get().FindAllStringSubmatch(s, n)
}
func (r *lazyRE) ReplaceAllString(s, repl string) string { return r.get().ReplaceAllString(s, repl) }

// guarded is a regular expression that can only match text containing lit,
// so it is not run on text that lacks it.
type guarded struct {
	lit string
	re  *lazyRE
}

func g(lit, expr string) guarded { return guarded{lit, re(expr)} }

// firstSub returns the first non-empty group of the first expression in
// list that matches text.
func firstSub(list []guarded, text string) string {
	for _, x := range list {
		if strings.Contains(text, x.lit) {
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
	for _, p := range []string{"WARNING", "Warning:", "warning", "W: ", "npm WARN", "debconf:"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// --- build result -----------------------------------------------------

func onSuccess(a *analyzer, ev Evidence, text string) {
	if strings.Contains(text, "naming to ") && !strings.Contains(text, "done") {
		return // BuildKit prints "naming to X" then "naming to X done"
	}
	a.lastSuccess = a.n
}

var (
	failREs = []guarded{
		g("returned a non-zero code", `The command '(.*)' returned a non-zero code: (\d+)`),
		g("did not complete successfully", `process "(.*)" did not complete successfully: exit code: (\d+)`),
		g("executor failed running", `executor failed running \[(.*)\]: exit code: (\d+)`),
	}
	runFailedRE = re(`Run ID: \S+ failed after`)
)

func onFailure(a *analyzer, ev Evidence, text string) {
	var cmd, code string
	for _, r := range failREs {
		if !strings.Contains(text, r.lit) {
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
		runFailedRE.MatchString(text), strings.Contains(text, "marked as failed"):
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
		f := a.add(OutOfMemory, "", ev)
		if f.Detail == "" {
			f.Detail = "exit code 137: the step was killed (SIGKILL), usually by the out-of-memory killer"
		}
	case 127:
		word := firstWord(cmd)
		if f := a.byID[CondaCommandNotFound]; f != nil {
			f.addEvidence(ev)
		} else if shellcmd.IsConda(word) {
			a.add(CondaCommandNotFound, word, ev)
		} else if f := a.byID[MissingCommand]; f != nil {
			f.addEvidence(ev)
		} else if word != "" && !strings.ContainsAny(cmd, "&;|") {
			a.add(MissingCommand, word, ev)
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
	instr, args, ok := parseStep(strings.TrimSpace(text))
	if !ok {
		return
	}
	a.condaActive = false
	a.stepCmd = ""
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

func onCondaProgress(a *analyzer, ev Evidence, text string) {
	if strings.Contains(text, "To activate this environment") || strings.Contains(text, "Transaction finished") {
		a.condaActive = false
		return
	}
	a.condaActive, a.condaEv = true, ev
}

// --- errors nobody claimed (for AML999) ----------------------------------

var errorWords = []string{
	"error", "Error", "ERROR", "errors", "Errors", "failed", "Failed", "FAILED", "failure", "Failure",
	"fatal", "Fatal", "FATAL", "exception", "Exception", "killed", "Killed",
}

// errorLooking reports whether text holds an error word on its own
// ("libgpg-error0" and "on_error" do not count), a traceback or an exit code.
func errorLooking(text string) bool {
	if strings.Contains(text, "Traceback") || strings.Contains(text, "exit code") || strings.Contains(text, "non-zero code") {
		return true
	}
	for _, w := range errorWords {
		for off := 0; ; {
			i := strings.Index(text[off:], w)
			if i < 0 {
				break
			}
			i += off
			j := i + len(w)
			if (i == 0 || !wordByte(text[i-1])) && (j == len(text) || !wordByte(text[j])) {
				return true
			}
			off = j
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
	a.pushTail(ev)
}

// --- registries and images -------------------------------------------------

var (
	netErrors = []string{
		"no such host", "i/o timeout", "connection refused", "TLS handshake timeout",
		"network is unreachable", "connection reset by peer", "deadline exceeded",
		"Client.Timeout exceeded", "is not allowed access", "dial tcp",
	}
)

// acrHost returns the first NAME.azurecr.io host in text.
func acrHost(text string) string {
	i := strings.Index(text, ".azurecr.io")
	if i <= 0 {
		return ""
	}
	j := i
	for j > 0 {
		c := text[j-1]
		if c != '-' && (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			break
		}
		j--
	}
	if j == i {
		return ""
	}
	return text[j : i+len(".azurecr.io")]
}

func acrNetworkError(text string) bool {
	if !strings.Contains(text, "azurecr.io") {
		return false
	}
	for _, e := range netErrors {
		if strings.Contains(text, e) {
			return true
		}
	}
	return false
}

func onACR(a *analyzer, ev Evidence, text string) {
	if h := acrHost(text); h != "" {
		a.acrHost = h
	}
	switch {
	case acrNetworkError(text):
		a.add(ACRUnreachable, acrHost(text), ev)
	case strings.Contains(text, "is not allowed access") || strings.Contains(text, "aka.ms/acr/firewall"):
		a.add(ACRUnreachable, a.acrHost, ev)
	}
}

var pullSubjectREs = []guarded{
	g("pull access denied for", `pull access denied for ([^,\s]+)`),
	g("manifest for", `manifest for (\S+) not found`),
	g("failed to resolve source metadata for", `failed to resolve source metadata for (\S+?):? `),
	g("ailed to pull image", `(?i)failed to pull image "?([^"\s]+?)"?(?::? |$)`),
	g("error pulling image configuration", `error pulling image configuration.*?(\S+@sha256:[0-9a-f]+)`),
}

func onPull(a *analyzer, ev Evidence, text string) {
	if acrNetworkError(text) {
		return // the workspace registry itself is unreachable (AML902)
	}
	if strings.Contains(text, "failed to pull") && !strings.Contains(text, "image") && !strings.Contains(text, "manifest") {
		return
	}
	subject := firstSub(pullSubjectREs, text)
	if subject == "" {
		subject = a.fromImage
	}
	a.add(PullFailed, subject, ev)
}

// --- conda specs ------------------------------------------------------------

var badSpecREs = []guarded{
	g("Invalid spec", `Invalid spec '([^']*)'`),
	g("invalid package specification", `invalid package specification: (\S+)`),
	g("Invalid version", `Invalid version '([^']*)'`),
	g("Invalid requirement", `Invalid requirement: '([^']+)'`),
	g("Invalid requirement", `Invalid requirement: (\S+)`),
}

func onBadSpec(a *analyzer, ev Evidence, text string) {
	a.add(CondaBadSpec, firstSub(badSpecREs, text), ev)
}

// --- network ------------------------------------------------------------------

var commsSubjectREs = []guarded{
	g("host='", `host='([^']+)'`),
	g("for url <", `for url <(https?://[^>]+)>`),
	g("[http", `\[(https?://[^\]\s]+)\]`),
	g("Could not resolve host", `Could not resolve host:? '?([^'\s]+)`),
	g("http", `(https?://[^\s'">]+)`),
}

func onComms(a *analyzer, ev Evidence, text string) {
	if strings.Contains(text, "Retrying (Retry(") || strings.HasSuffix(text, "- skipping") ||
		strings.Contains(text, "Could not fetch URL") {
		a.retries++
		a.retryEv = ev
		return
	}
	if isWarning(text) || blobDenied(text) || strings.Contains(text, "azurecr.io") {
		return
	}
	subject := firstSub(commsSubjectREs, text)
	a.add(CommunicationsError, redactURL(hostOrURL(subject)), ev)
}

// hostOrURL shortens a URL to scheme://host/first-path-segment for display.
func hostOrURL(s string) string {
	return strings.TrimRight(s, ".,;:)")
}

// --- compiling ---------------------------------------------------------------

var (
	wheelPkgREs = []guarded{
		g("Failed building wheel for", `Failed building wheel for ([A-Za-z0-9._-]+)`),
		g("Could not build wheels for", `Could not build wheels for ([A-Za-z0-9._-]+)`),
		g("Failed to build installable wheels", `Failed to build installable wheels for some pyproject\.toml based projects \(([^)]+)\)`),
		g("Building wheel for", `Building wheel for ([A-Za-z0-9._-]+) \(.*(?:did not run successfully|finished with status 'error')`),
		g("Running setup.py install for", `Running setup\.py install for ([A-Za-z0-9._-]+).*(?:did not run successfully|finished with status 'error'|\.\.\. error)`),
	}
	compilerCmdRE  = re(`error: command '([^']+)' failed with exit (?:status|code) \d+`)
	compilerDiagRE = re(`\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|cu|cuh|pyx|f|f90|F90):\d+(?::\d+)?: (?:fatal )?error:`)
	fatalErrorRE   = re(`(?:^|\s)fatal error: `)
)

func onCompile(a *analyzer, ev Evidence, text string) {
	if strings.Contains(text, "Killed signal terminated program") {
		return // the compiler was killed for memory (AML909)
	}
	if pkg := firstSub(wheelPkgREs, text); pkg != "" {
		for _, p := range strings.Split(pkg, ",") {
			compileFailure(a, strings.TrimSpace(p), ev)
		}
		return
	}
	switch {
	case strings.Contains(text, "error: command '") && compilerCmdRE.MatchString(text),
		strings.Contains(text, ": error:") && compilerDiagRE.MatchString(text),
		strings.Contains(text, "fatal error: ") && fatalErrorRE.MatchString(text) && !strings.Contains(text, "fatal error: Killed"),
		strings.TrimSpace(text) == "compilation terminated.":
		a.add(CompileError, "", ev)
	}
}

// compileFailure routes a failed package build to the problem that names
// the package, if there is one.
func compileFailure(a *analyzer, pkg string, ev Evidence) {
	switch normalizeName(pkg) {
	case "mpi4py":
		a.add(MPI4PyBuild, pkg, ev)
	case "horovod":
		a.add(HorovodBuild, pkg, ev)
	default:
		a.add(CompileError, pkg, ev)
	}
}

func normalizeName(s string) string {
	s = strings.ToLower(s)
	return strings.NewReplacer("_", "-", ".", "-").Replace(s)
}

func onMPI(a *analyzer, ev Evidence, _ string) { a.add(MPI4PyBuild, "mpi4py", ev) }

func onHorovod(a *analyzer, ev Evidence, _ string) { a.add(HorovodBuild, "horovod", ev) }

// --- missing commands -----------------------------------------------------------

var missingCmdREs = []guarded{
	g("sh: ", `(?:^|\s|/)(?:ba|da|z)?sh: (?:\d+: )?(?:line \d+: )?(\S+): (?:not found|command not found)`),
	g("command not found", `^(\S+): command not found`),
	g("failed: No such file or directory", `error: command '([^']+)' failed: No such file or directory`),
	g("unable to execute", `unable to execute '([^']+)': No such file or directory`),
	g("executable file not found", `exec: "([^"]+)": executable file not found`),
	g("Cannot find command", `Cannot find command '([^']+)'`),
	g("FileNotFoundError", `FileNotFoundError: \[Errno 2\] No such file or directory: '([^'/]+)'$`),
}

func onMissingCommand(a *analyzer, ev Evidence, text string) {
	cmdName := ""
	switch {
	case strings.Contains(text, "can't find Rust compiler"):
		cmdName = "rustc"
	case strings.Contains(text, "CMake must be installed"):
		cmdName = "cmake"
	default:
		cmdName = firstSub(missingCmdREs, text)
	}
	if cmdName == "" {
		return
	}
	if i := strings.LastIndexByte(cmdName, '/'); i >= 0 && i < len(cmdName)-1 {
		cmdName = cmdName[i+1:]
	}
	if shellcmd.IsConda(cmdName) {
		a.add(CondaCommandNotFound, cmdName, ev)
		return
	}
	a.add(MissingCommand, cmdName, ev)
}

// --- time and memory ------------------------------------------------------------

func onTimeout(a *analyzer, ev Evidence, text string) {
	if _, _, step := parseStep(strings.TrimSpace(text)); !a.condaActive || step || strings.Contains(text, "RUN ") ||
		strings.Contains(text, "Read timed out") || strings.Contains(text, "ReadTimeout") ||
		strings.Contains(text, "ConnectTimeout") || strings.Contains(text, "Retrying") ||
		strings.Contains(text, "Connection timed out") || strings.Contains(text, "Operation timed out") ||
		strings.Contains(text, "azurecr.io") || isWarning(text) {
		return
	}
	f := a.add(CondaTimeout, "", a.condaEv)
	f.addEvidence(ev)
}

var (
	killedRE = re(`(?:^|[\s:])Killed(?:$|\s)`)
	memRE    = re(`(?:^|[\s:])MemoryError\b|std::bad_alloc|Cannot allocate memory|[Oo]ut of memory|OOMKilled`)
)

func onOOM(a *analyzer, ev Evidence, text string) {
	if isWarning(text) {
		return
	}
	if killedRE.MatchString(text) || memRE.MatchString(text) {
		a.add(OutOfMemory, "", ev)
	}
}

// --- conda packages -------------------------------------------------------------

var (
	listItemRE      = re(`^\s*-\s+(\S+(?:\s+\S+)?)\s*$`)
	mambaMissingRE  = re(`^[\s│├└─]*(\S+)(?:\s+\S+)*?\s+does not exist \(perhaps a typo or a missing channel\)`)
	nothingProvides = re(`nothing provides (?:requested )?(\S+(?: [^\s]+)?)`)
	oldNotFoundRE   = re(`Package not found: '([^']+)'`)
)

func onPackageNotFound(a *analyzer, ev Evidence, text string) {
	switch {
	case strings.Contains(text, "PackagesNotFoundError") || strings.Contains(text, "ResolvePackageNotFound"):
		f := a.add(PackageNotFound, "", ev)
		a.startFollow(func(a *analyzer, ev Evidence, text string) bool {
			t := strings.TrimSpace(text)
			switch {
			case t == "":
				return true
			case strings.HasPrefix(t, "Current channels"):
				return false
			}
			if m := listItemRE.FindStringSubmatch(text); m != nil {
				f.addSubject(m[1])
				f.addEvidence(ev)
				return true
			}
			return len(f.Subjects) == 0
		}, 30)
	case strings.Contains(text, "does not exist (perhaps a typo"):
		a.add(PackageNotFound, sub(mambaMissingRE, text), ev)
	case strings.Contains(text, "nothing provides"):
		a.add(PackageNotFound, sub(nothingProvides, text), ev)
	case strings.Contains(text, "PackageNotFoundError"):
		if s := sub(oldNotFoundRE, text); s != "" || strings.Contains(text, "PackageNotFoundError:") {
			a.add(PackageNotFound, s, ev)
		}
	}
}

// --- Python packages --------------------------------------------------------------

var moduleRE = re(`No module named '?([A-Za-z0-9_.]+)'?`)

func onMissingModule(a *analyzer, ev Evidence, text string) {
	if m := sub(moduleRE, text); m != "" && !isWarning(text) {
		a.add(MissingPythonModule, m, ev)
	}
}

var (
	satisfiesRE = re(`satisfies the requirement (\S+)(?: \(from versions: ([^)]*)\))?`)
	noMatchRE   = re(`No matching distribution found for (\S+)`)
	ignoredRE   = re(`require a different python version: (.*)$`)
	ignoredVer  = re(`(\S+) Requires-Python`)
	pinnedRE    = re(`^[A-Za-z0-9._-]+(?:\[[^\]]*\])?===?([A-Za-z0-9.+!-]+)$`)
)

func onNoMatch(a *analyzer, ev Evidence, text string) {
	if m := ignoredRE.FindStringSubmatch(text); m != nil {
		a.ignoredPy = a.ignoredPy[:0]
		for _, v := range ignoredVer.FindAllStringSubmatch(m[1], 200) {
			a.ignoredPy = append(a.ignoredPy, v[1])
		}
		a.ignoredLine, a.ignoredEv = a.n, ev
		return
	}
	req := ""
	if m := satisfiesRE.FindStringSubmatch(text); m != nil {
		req = m[1]
		a.versionsNone = m[2] == "none" || strings.TrimSpace(m[2]) == ""
	} else {
		req = sub(noMatchRE, text)
	}
	a.add(NoMatchingDistrib, req, ev)

	// Root causes pip hides behind "no matching distribution".
	if a.ignoredLine > 0 && a.n-a.ignoredLine <= 3 {
		pin := sub(pinnedRE, req)
		if a.versionsNone || (pin != "" && contains(a.ignoredPy, pin)) {
			f := a.add(IncompatiblePython, req, a.ignoredEv)
			f.addEvidence(ev)
		}
	}
	if a.versionsNone && a.retries > 0 {
		f := a.add(CommunicationsError, "", a.retryEv)
		f.Detail = "pip could not reach the package index; \"from versions: none\" follows its connection retries"
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var (
	condaPyREs        = re(`^\s*-\s+(\S+?)\s*->\s*python`)
	pipPyRE           = re(`Package '([^']+)' requires a different Python`)
	notInstallableRE  = re(`^[\s│├└─]*(\S+) .*is not installable because it requires`)
	mambaPythonNodeRE = re(`^[\s│├└─]*python(?:_abi)? `)
)

func onIncompatiblePython(a *analyzer, ev Evidence, text string) {
	switch {
	case strings.Contains(text, "requires a different Python"):
		a.add(IncompatiblePython, sub(pipPyRE, text), ev)
	case strings.Contains(text, "incompatible with the existing python installation"):
		f := a.add(IncompatiblePython, "", ev)
		a.startFollow(func(a *analyzer, ev Evidence, text string) bool {
			if m := condaPyREs.FindStringSubmatch(text); m != nil {
				f.addSubject(m[1])
				f.addEvidence(ev)
			}
			if strings.Contains(text, "Your python:") {
				f.Detail = strings.TrimSpace(text)
				f.addEvidence(ev)
				return false
			}
			return true
		}, 40)
	case strings.Contains(text, "The following packages are incompatible"):
		a.candidate = ""
		a.startFollow(func(a *analyzer, ev Evidence, text string) bool {
			t := strings.TrimSpace(text)
			if t == "" || !strings.ContainsAny(text[:1], " \t│├└─") {
				return false
			}
			if m := notInstallableRE.FindStringSubmatch(text); m != nil {
				a.candidate = m[1]
				return true
			}
			if a.candidate != "" && mambaPythonNodeRE.MatchString(text) {
				f := a.add(IncompatiblePython, a.candidate, ev)
				f.Detail = t
				a.candidate = ""
			}
			return true
		}, 40)
	}
}

// --- credentials and storage -----------------------------------------------------

var (
	userForRE = re(`User for ([A-Za-z0-9][A-Za-z0-9.-]*(?::\d+)?):`)
	gitUserRE = re(`could not read (?:Username|Password) for '([^']+)'`)
	credURLRE = re(`(https://\S+/_packaging/\S+)`)
)

func onAuth(a *analyzer, ev Evidence, text string) {
	switch {
	case strings.Contains(text, "[CredentialProvider]") && !strings.Contains(text, "devicelogin") && !strings.Contains(text, "User interaction required"):
		if u := sub(credURLRE, text); u != "" {
			a.credURL = u
		}
		return
	case strings.Contains(text, "User for "):
		h := sub(userForRE, text)
		if h == "" {
			return
		}
		a.authLine = a.n
		a.add(InteractiveAuth, h, ev)
	case strings.Contains(text, "_prompt_for_password"):
		a.authLine = a.n
	case strings.Contains(text, "EOF when reading a line"):
		if a.authLine > 0 && a.n-a.authLine <= 60 {
			a.add(InteractiveAuth, "", ev)
		}
	case strings.Contains(text, "could not read "), strings.Contains(text, "terminal prompts disabled"):
		a.add(InteractiveAuth, redactURL(sub(gitUserRE, text)), ev)
	case strings.Contains(text, "devicelogin"), strings.Contains(text, "User interaction required"):
		a.add(InteractiveAuth, redactURL(a.credURL), ev)
	}
}

var (
	blobURLRE   = re(`(https?://[A-Za-z0-9-]+\.blob\.core\.windows\.net/[^\s'">]*)`)
	blobDeniers = []string{"403", "Forbidden", "FORBIDDEN", "AuthenticationFailed", "AuthorizationPermissionMismatch",
		"not authorized", "PublicAccessNotPermitted", "AuthorizationFailure", "Server failed to authenticate"}
	storageTexts = []string{"Server failed to authenticate the request", "This request is not authorized to perform this operation",
		"AuthorizationPermissionMismatch", "AuthenticationFailed", "Signature not valid in the specified time frame", "Signed expiry time"}
)

func blobDenied(text string) bool {
	if !strings.Contains(text, "blob.core.windows.net") {
		return false
	}
	for _, d := range blobDeniers {
		if strings.Contains(text, d) {
			return true
		}
	}
	return false
}

func onBlob(a *analyzer, ev Evidence, text string) {
	denied := blobDenied(text)
	if !denied {
		for _, s := range storageTexts {
			if strings.Contains(text, s) {
				denied = true
				break
			}
		}
	}
	if denied {
		a.add(ForbiddenBlob, redactURL(sub(blobURLRE, text)), ev)
	}
}

// --- shell quoting -----------------------------------------------------------------

var cannotOpenRE = re(`sh: (?:\d+: )?cannot open ([^:]+): No such file`)

func onCannotOpen(a *analyzer, ev Evidence, text string) {
	if f := a.byID[CondaBareRedirection]; f != nil && cannotOpenRE.MatchString(text) {
		f.addEvidence(ev)
	}
}

// checkBareRedirection looks for a package install command whose argument
// carries an unquoted > or <, which the shell takes as a redirection.
func checkBareRedirection(a *analyzer, ev Evidence, cmd string) {
	if !strings.ContainsAny(cmd, "<>") {
		return
	}
	for _, c := range shellcmd.Split(cmd) {
		if tool, _ := shellcmd.Installer(c.Words); tool == "" {
			continue
		}
		for _, w := range c.Bare {
			a.add(CondaBareRedirection, w, ev)
		}
	}
}

// --- pip ------------------------------------------------------------------------

var (
	conflictRE   = re(`Cannot install (.+?) because these package versions have conflicting dependencies`)
	installReqRE = re(`Could not install requirement (\S+)`)
	setupPyRE    = re(`/pip-[^/\s]*/([A-Za-z0-9_.-]+?)(?:_[0-9a-f]{32})?/setup\.py`)
	oserrorRE    = re(`Could not install packages due to an? (\w+(?:Error)?): (.*)$`)
)

func onPipFailed(a *analyzer, ev Evidence, text string) {
	if isWarning(text) {
		return
	}
	if pkg := sub(setupPyRE, text); pkg != "" {
		switch normalizeName(pkg) {
		case "mpi4py", "horovod":
			compileFailure(a, pkg, ev)
			return
		}
	}
	f := a.add(PipInstallFailed, "", ev)
	if s := sub(conflictRE, text); s != "" {
		for _, p := range strings.Split(strings.ReplaceAll(s, " and ", ", "), ",") {
			f.addSubject(strings.TrimSpace(p))
		}
	}
	if s := strings.TrimSuffix(sub(installReqRE, text), "@"); s != "" {
		f.addSubject(s)
	}
	if m := oserrorRE.FindStringSubmatch(text); m != nil && f.Detail == "" {
		f.Detail = m[1] + ": " + truncate(m[2], 160)
	}
}

var uninstallRE = re(`Cannot uninstall '?([A-Za-z0-9._-]+)'?`)

func onUninstall(a *analyzer, ev Evidence, text string) {
	a.add(PipCannotUninstall, sub(uninstallRE, text), ev)
}

// --- helpers ------------------------------------------------------------------------

var userinfoRE = re(`://[^/@\s]+@`)

// redactURL removes credentials and query strings (SAS tokens) from a URL.
func redactURL(s string) string {
	if s == "" {
		return s
	}
	s = userinfoRE.ReplaceAllString(s, "://***@")
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i] + "?***"
	}
	return s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
