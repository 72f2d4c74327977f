package diagnose

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
	"github.com/mlenv-lint/mlenv-lint/analyzers/lint"
	"github.com/mlenv-lint/mlenv-lint/internal/textutil"
)

// Outcome is what the log says about the build as a whole.
type Outcome string

// Outcomes.
const (
	Empty     Outcome = "empty"     // no log text at all
	Succeeded Outcome = "succeeded" // the last build result in the log is a success
	Failed    Outcome = "failed"    // the last build result in the log is a failure
	Unknown   Outcome = "unknown"   // the log shows no build result (cut short, or not a build log)
)

// Limits that keep memory constant whatever the input.
const (
	// MaxLineMatch is how much of one line is examined; the rest of a
	// longer line is read and counted but not matched.
	MaxLineMatch    = 64 << 10
	maxEvidence     = 6   // evidence lines kept per finding
	maxSubjects     = 12  // subjects kept per finding
	maxEvidenceText = 300 // bytes of one evidence line kept
	tailLines       = 5   // error-looking lines kept for AML999
)

// Evidence is one log line that supports a finding.
type Evidence struct {
	Line int    `json:"line"` // 1-based line number in the log
	Text string `json:"text"` // the line without timestamps, progress prefixes and colour codes
}

// Confidence says how directly the log shows a finding.
type Confidence string

// Confidences.
const (
	// Certain: the log shows the message the problem is documented by.
	Certain Confidence = "certain"
	// Likely: the problem is inferred, e.g. from an exit code, from the
	// symptoms it leaves, or from where the log stops.
	Likely Confidence = "likely"
)

// Finding is one recognised problem.
type Finding struct {
	Problem    Problem
	Severity   lint.Severity
	Confidence Confidence
	// TiedWith names the other findings that fit the log as well as this
	// one (same tier, same confidence, evidence starting on the same line):
	// diagnose cannot tell which of them is the cause.
	TiedWith []string
	// inFence: some of the evidence is inside a markdown code fence. In a
	// post that has fences, a finding from the prose around them alone
	// ranks after those the fenced log shows.
	inFence bool
	// Subjects are what failed, as the log names it: packages, commands,
	// images, modules, hosts.
	Subjects []string
	Detail   string // extra facts, e.g. "exit code 137"
	Evidence []Evidence
}

// Result is the analysis of one log.
type Result struct {
	Outcome  Outcome
	Lines    int
	Bytes    int64
	ExitCode int    // exit code of the failed step, when the log gives one
	Command  string // the failed step's command, when the log gives one
	// Findings are ranked: the most likely root cause first.
	Findings []*Finding
}

// Problem returns whether the result holds a finding at or above sev.
func (r *Result) Problem(sev lint.Severity) bool {
	for _, f := range r.Findings {
		if f.Severity >= sev {
			return true
		}
	}
	return false
}

// Analyze reads a build log to its end, once, and diagnoses it. Memory use
// does not depend on the size of the log. The only errors are read errors.
func Analyze(r io.Reader) (*Result, error) {
	a := newAnalyzer()
	br := bufio.NewReaderSize(r, MaxLineMatch)
	var long []byte // head of a line longer than the buffer
	inLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		a.res.Bytes += int64(len(chunk))
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			if !inLong {
				long = append(long[:0], chunk...)
				inLong = true
			}
			continue
		case errors.Is(err, io.ErrUnexpectedEOF):
			err = io.EOF // a cut compressed stream: diagnose what arrived
		case err != nil && !errors.Is(err, io.EOF):
			return nil, fmt.Errorf("reading log: %w", err)
		}
		line := chunk
		if inLong {
			line, inLong = long, false
		}
		if len(line) > 0 {
			a.line(line)
		}
		if err != nil { // io.EOF
			break
		}
	}
	return a.finish(), nil
}

type followFunc func(a *analyzer, ev Evidence, text string) bool

type analyzer struct {
	res      *Result
	byID     map[string]*Finding
	n        int  // current line number
	nonSpace bool // the log has some text
	buildkit bool // BuildKit progress prefixes seen

	follow     followFunc
	followLeft int

	stepCmd     string // command of the current build step
	fromImage   string // image of the last FROM step
	fromStep    bool   // the current step is a FROM (its output is the base image's pull)
	condaActive bool   // a conda or mamba step is running
	envFileLine int    // the last conda/mamba command given an environment file (env create/update, create --file)
	condaEv     Evidence

	lastSuccess, lastFailure int
	failEv                   Evidence

	tail  [tailLines]Evidence
	ntail int

	retries         int      // pip/conda connection retries seen
	pipCrashLine    int      // line of pip's own "ERROR: Exception:"
	pipSeenLine     int      // last line showing pip or conda at work (a command, Collecting, a frame of their code)
	pipFrameLine    int      // last traceback frame in pip's own code or in get-pip.py
	crashed         bool     // a process died of a signal ("Segmentation fault", "Illegal instruction")
	noSpace         bool     // the disk filled up ("No space left on device")
	proxyEv         Evidence // a post saying the build runs behind a proxy or firewall
	retryEv         Evidence
	versionsNone    bool     // the last "Could not find a version" listed no versions
	ignoredPy       []string // versions pip ignored for Requires-Python
	ignoredLine     int
	ignoredEv       Evidence
	authLine        int  // last line that shows a credential prompt or pip's auth code
	deviceLogin     int  // last line of a device-code login prompt (…/devicelogin)
	deviceLoginOK   bool // a login succeeded after it
	credURL         string
	acrHost         string
	steps           int      // build steps seen
	buildLines      int      // error-looking lines of the build itself (not of the SDK around it)
	fenced          bool     // the input has markdown code fences: a post, with prose around the log
	inFence         bool     // the current line is inside a fence
	shellRefused    bool     // PowerShell refused an unquoted < ("The '<' operator is reserved for future use.")
	noCommand       bool     // "not found" named no program: CRLF line ends ($\'\r\': command not found), bash syntax run by sh ([[: not found)
	nextflowLine    int      // line of nextflow\'s "Failed to create Conda environment"
	slowWordsEv     Evidence // last line saying something takes too long or timed out (words, not a tool's timeout)
	condaTalkLine   int      // last line talking about a conda environment being built
	blobURL         string   // last storage blob URL seen
	blobEv          Evidence // the line that named it
	solving         Evidence // conda or mamba started solving and has not finished
	lastStepOK      int      // last line where an install finished
	downloaded      int      // last line where pip began installing what it downloaded
	pipWheels       bool     // pip built or prepared a package (Building wheel for X, Running setup.py …)
	building        string   // the package pip is building (Building wheel for X)
	horovodEv       Evidence // a line installing or building horovod (a pip install of it, "building horovod")
	nativeBuildLine int      // last line of a native build at work (running build_ext, CMake's compiler probes)
	cmakeFailed     bool     // CMake reported an error (CMake Error at, a required package it could not find)
	buildingEv      Evidence
	mpiProbe        Evidence // last line of mpi4py's build configuration
	mpiDone         bool     // mpi4py was built or installed after it
	serviceEv       Evidence // the Azure ML service reported the build failed
	serviceLogLine  int      // line where the service gave the build log's URL
	proseBuildFail  Evidence // a poster saying the environment's build fails
	prosePipFail    Evidence // a poster saying pip (its install) fails
	acrPush         int      // line where docker began pushing to an ACR
	acrNamed        bool     // the input names an Azure Container Registry
	acrLogin        int      // line of an `az acr login` or a `docker login` to an ACR
	taskLogin       string   // the registry an ACR task last logged in to ("Logging in to registry: X")
	pushSaid        bool     // a line speaks of pushing an image, or of a registry login
	pullSaid        bool     // a line speaks of pulling (an image, or anything)
	pullCmd         int      // line of a pull command (docker pull IMAGE)
	pullImage       string   // its image
	credStore       bool     // docker's credential helper failed
	registryProseEv Evidence // a poster saying the registry cannot be reached
	acrHosts        []string // the distinct ACR hosts named (a few)
	stalledEv       Evidence // a poster saying a registry login or push never finishes
	storageProseEv  Evidence // a poster saying storage refused a request
	loginOK         int      // last line of docker's "Login Succeeded"
	mountFailEv     Evidence // blobfuse refused by the storage container
	badKey          bool     // a line speaks of base64 (a malformed key)
	otherPush       int      // line of a push to a registry that is no ACR
	acrDNSHost      string   // the first ACR host a lookup failed for
	refusalEv       Evidence // first registry refusal in any wording ("unauthorized: authentication required")
	prosePullFail   Evidence // a poster saying an image cannot be pulled
	mask            uint64
	m               *prefilter
	raw             []byte // the line being scanned
}

func newAnalyzer() *analyzer {
	return &analyzer{res: &Result{}, byID: map[string]*Finding{}, m: matcher()}
}

// line handles one raw line (with its newline, if any).
func (a *analyzer) line(raw []byte) {
	a.n++
	a.res.Lines = a.n
	if !a.nonSpace && len(bytes.TrimSpace(raw)) > 0 {
		a.nonSpace = true
	}
	if isFence(raw) {
		a.fenced, a.inFence = true, !a.inFence
	}
	if a.solving.Line > 0 && solveResult(raw) && !bytes.Contains(raw, []byte("Collecting package metadata")) {
		// BuildKit printed conda's "done" on a line of its own. (After
		// "Retrying with flexible solve." conda collects repodata.json
		// again: that step's "done" is not the solve's, which comes next.)
		a.solving = Evidence{}
	}
	a.mask = 0
	a.raw = raw
	a.m.m.ScanUnordered(raw, a.hit) // hit only sets bits: order does not matter
	if a.mask == 0 && a.followLeft == 0 {
		return
	}
	text := a.normalize(raw)
	ev := Evidence{Line: a.n, Text: text} // shortened when kept
	if a.followLeft > 0 {
		a.followLeft--
		if !a.follow(a, ev, text) {
			a.followLeft = 0
		}
	}
	for m := a.mask; m != 0; m &= m - 1 {
		h := bitIndex(m)
		handlers[h](a, ev, text)
	}
}

// solveResult reports whether a raw line ends in conda's verdict on its
// solve ("done", "failed"), as BuildKit prints it when conda paused
// mid-line: "#8 95.2 done".
func solveResult(raw []byte) bool {
	t := bytes.TrimRight(raw, " \t\r\n")
	return bytes.HasSuffix(t, []byte(" done")) || bytes.HasSuffix(t, []byte(" failed")) ||
		bytes.Equal(t, []byte("done")) || bytes.Equal(t, []byte("failed"))
}

// isFence reports whether a raw line opens or closes a markdown code block:
// "```", "```bash", "> ```", also with text glued after the fence.
func isFence(raw []byte) bool {
	i := 0
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '>' || raw[i] == '\t') {
		i++
	}
	return bytes.HasPrefix(raw[i:], []byte("```")) || bytes.HasPrefix(raw[i:], []byte("~~~"))
}

// prose reports whether the current line is the poster's own text: outside
// the code fences of a post that has them.
func (a *analyzer) prose() bool { return a.fenced && !a.inFence }

// hit marks the handlers of the triggers whose head the automaton found:
// a trigger longer than its head only when the line holds all of it.
func (a *analyzer) hit(head int) {
	for _, i := range a.m.heads[head] {
		t := &triggers[i]
		if len(t.lit) <= keyLen || bytes.Contains(a.raw, []byte(t.lit)) {
			a.mask |= 1 << t.h
		}
	}
}

func bitIndex(m uint64) int {
	n := 0
	for m&1 == 0 {
		m >>= 1
		n++
	}
	return n
}

func (a *analyzer) startFollow(f followFunc, lines int) {
	a.follow, a.followLeft = f, lines
}

// add records evidence that shows problem id directly, with an optional
// subject. A finding that was only inferred so far becomes certain.
func (a *analyzer) add(id, subject string, ev Evidence) *Finding {
	f := a.infer(id, subject, ev)
	f.Confidence = Certain
	return f
}

// infer records evidence from which problem id is inferred: a new finding
// is likely; one already certain stays so.
func (a *analyzer) infer(id, subject string, ev Evidence) *Finding {
	if id != CondaTimeout {
		a.solving = Evidence{} // something else happened after the solve started
	}
	f := a.byID[id]
	if f == nil {
		p := problem(id)
		f = &Finding{Problem: *p, Severity: p.Severity, Confidence: Likely}
		a.byID[id] = f
	}
	if a.inFence {
		f.inFence = true
	}
	f.addSubject(subject)
	f.addEvidence(ev)
	return f
}

// explain gives the finding its detail, why, unless an earlier line has
// already explained it: the first explanation stands.
func (f *Finding) explain(why string) *Finding {
	if f.Detail == "" {
		f.Detail = why
	}
	return f
}

func (f *Finding) addSubject(s string) {
	s = strings.TrimSpace(s)
	if s == "" || len(f.Subjects) >= maxSubjects {
		return
	}
	for _, x := range f.Subjects {
		if strings.EqualFold(x, s) {
			return
		}
	}
	f.Subjects = append(f.Subjects, s)
}

func (f *Finding) addEvidence(ev Evidence) {
	if ev.Line == 0 || len(f.Evidence) >= maxEvidence {
		return
	}
	ev.Text = evidenceText(ev.Text)
	for _, e := range f.Evidence {
		if e.Line == ev.Line || e.Text == ev.Text {
			return // BuildKit repeats the failing step's output in its summary
		}
	}
	f.Evidence = append(f.Evidence, ev)
}

func (f *Finding) first() int {
	if len(f.Evidence) == 0 {
		return 0
	}
	m := f.Evidence[0].Line
	for _, e := range f.Evidence[1:] {
		m = min(m, e.Line)
	}
	return m
}

func (a *analyzer) pushTail(ev Evidence) {
	if a.ntail > 0 && a.tail[(a.ntail-1)%tailLines].Text == ev.Text {
		return
	}
	a.tail[a.ntail%tailLines] = ev
	a.ntail++
}

func (a *analyzer) tailEvidence() []Evidence {
	var out []Evidence
	start := max(0, a.ntail-tailLines)
	for i := start; i < a.ntail; i++ {
		ev := a.tail[i%tailLines]
		ev.Text = evidenceText(ev.Text)
		out = append(out, ev)
	}
	return out
}

// finish decides the outcome and ranks the findings.
func (a *analyzer) finish() *Result {
	res := a.res
	switch {
	case !a.nonSpace:
		res.Outcome = Empty
		f := &Finding{Problem: *problem(BuildLogUnavailable), Severity: lint.Info, Confidence: Certain}
		res.Findings = []*Finding{f}
		return res
	case a.lastFailure > a.lastSuccess:
		res.Outcome = Failed
	case a.lastSuccess > 0:
		res.Outcome = Succeeded
	default:
		res.Outcome = Unknown
	}
	if res.Outcome != Succeeded {
		a.inferFromEnd()
	}
	var list []*Finding
	for _, f := range a.byID {
		if res.Outcome == Succeeded && f.Problem.ID != CondaBareRedirection && lastLine(f) < a.lastSuccess {
			continue // the build recovered: a retry, a fallback, an optional extension
		}
		if (f.Problem.Tier == TierCompile || f.Problem.Tier == TierPackageBuild || pipBuildNotesOnly(f)) && lastLine(f) < a.lastStepOK {
			continue // an install finished after it: pip fell back to a legacy install
		}
		if f.Problem.ID == CondaBareRedirection && !a.shellRefused && (res.Outcome == Succeeded || res.Outcome == Unknown && a.ntail == 0 && f.Confidence == Certain) {
			// Nothing failed in view (a build that went on, a Dockerfile or
			// a command quoted with no output): the unquoted bound is a
			// defect to fix, not the cause of a failure. (Words saying what
			// the shell did with it, "a file named '=0.37.0'", report the
			// failure itself: those stay errors.)
			f.Severity = lint.Warning
			if res.Outcome == Unknown {
				// and with no output of the command in view, nobody saw
				// the shell run it: the defect is inferred from the
				// command line alone
				f.Confidence = Likely
			}
		}
		list = append(list, f)
	}
	hasError := slices.ContainsFunc(list, func(f *Finding) bool { return f.Severity >= lint.Error })
	errorsLeft := a.ntail > 0 && a.tail[(a.ntail-1)%tailLines].Line > a.lastStepOK
	if !hasError && res.Outcome != Succeeded && (res.Outcome == Failed || errorsLeft) {
		f := &Finding{Problem: *problem(UnrecognisedFailure), Severity: lint.Error, Confidence: Certain}
		for _, ev := range a.tailEvidence() {
			f.addEvidence(ev)
		}
		if res.Outcome == Failed {
			f.addEvidence(a.failEv)
		} else {
			f.Severity = lint.Warning
			f.Detail = "the log shows errors but no build result; it may be cut short"
		}
		list = append(list, f)
	}
	for _, f := range list {
		slices.SortFunc(f.Evidence, func(x, y Evidence) int { return cmp.Compare(x.Line, y.Line) })
	}
	slices.SortFunc(list, func(x, y *Finding) int {
		return cmp.Or(
			cmp.Compare(a.rankTier(x), a.rankTier(y)),
			cmp.Compare(x.first(), y.first()),
			cmp.Compare(x.Problem.ID, y.Problem.ID),
		)
	})
	markTies(list)
	res.Findings = list
	return res
}

// pipBuildNotesOnly reports whether f is pip's catch-all shown only by
// the lines pip prints around a failed build subprocess (its
// "subprocess-exited-with-error" reference and notes): a wheel build that
// failed before pip fell back to a legacy install.
func pipBuildNotesOnly(f *Finding) bool {
	return f.Problem.ID == PipInstallFailed && len(f.Evidence) > 0 && everyEvidenceHolds(f, pipBuildNotes)
}

// pipBuildNotes: pip's error reference and notes around a failed build
// subprocess.
var pipBuildNotes = append([]string{"subprocess-exited-with-error"}, pipSubprocessNotes...)

// everyEvidenceHolds reports whether each evidence line of f holds one of
// words.
func everyEvidenceHolds(f *Finding, words []string) bool {
	for _, ev := range f.Evidence {
		if !containsAny(ev.Text, words) {
			return false
		}
	}
	return true
}

// markTies notes when the first findings fit the log equally well: the same
// tier and confidence, and evidence that starts on the same line, so that
// the ranking has nothing to choose by.
// rankTier is the tier a finding is ranked by: its problem's, except that
// a finding only the prose of a post shows comes after all that the log
// shows.
func (a *analyzer) rankTier(f *Finding) int {
	switch {
	case a.fenced && !f.inFence && f.Problem.ID == MissingCommand && slices.ContainsFunc(f.Subjects, buildTool):
		// A compiler or build tool the prose says is missing ("the
		// reason is: unable to execute 'gcc'") is still the cause of the
		// compile error the fenced log shows (rule 1 of the real-log
		// labels), though not of a named package's build (rule 2).
		return 2*int(TierCompile) - 1
	case a.fenced && !f.inFence && f.Problem.Tier < TierUnknown:
		// After every cause the fenced log shows, but before the
		// installer giving up (pip's catch-all, "Pip failed"): that names
		// no cause, and the poster's words may.
		return 2*int(TierInstaller) - 1
	case f.Problem.ID == CondaCommandNotFound:
		// Without conda nothing else in the step matters, also when the
		// reason is a Miniconda download that failed earlier.
		return -1
	}
	return 2 * int(f.Problem.Tier)
}

// buildTool reports whether the command name is a compiler or a build
// tool: what a native build runs, so that its absence causes the compile
// error that follows. A target triplet or a version is allowed around the
// name ("x86_64-linux-gnu-gcc", "g++-11", "clang-14").
func buildTool(name string) bool {
	name = strings.TrimSuffix(strings.ToLower(name), ".exe")
	if i := strings.LastIndexByte(name, '-'); i > 0 && strings.Trim(name[i+1:], "0123456789.") == "" {
		name = name[:i] // a version: "gcc-9", "clang-14"
	}
	if slices.Contains(buildTools, name) {
		return true
	}
	i := strings.LastIndexByte(name, '-')
	return i > 0 && slices.Contains(tripletTools, name[i+1:])
}

// buildTools: compilers, their drivers' helpers and the build programs
// of native builds.
var buildTools = []string{
	"gcc", "g++", "cc", "c++", "cc1", "cc1plus", "clang", "clang++", "cl", "icc", "icpc", "icx",
	"gfortran", "f77", "f95", "nvcc", "hipcc", "mpicc", "mpicxx", "mpic++", "mpif90",
	"ld", "as", "ar", "make", "gmake", "nmake", "mingw32-make", "cmake", "ninja", "meson",
	"rustc", "cargo", "maturin", "swig", "pkg-config", "pkgconf", "autoconf", "automake", "autoreconf",
	"libtool", "m4", "bison", "flex", "yacc", "cython",
}

// tripletTools: the tools a cross toolchain names after its target
// triplet ("x86_64-linux-gnu-gcc", "aarch64-linux-gnu-ld").
var tripletTools = []string{"gcc", "g++", "cc", "c++", "gfortran", "ld", "as", "ar", "clang", "clang++"}

func markTies(list []*Finding) {
	k := 1
	for k < len(list) && tie(list[0], list[k]) {
		k++
	}
	if k < 2 {
		return
	}
	for i := range k {
		for j := range k {
			if i != j {
				list[i].TiedWith = append(list[i].TiedWith, list[j].Problem.ID)
			}
		}
	}
}

func tie(x, y *Finding) bool {
	return x.Problem.Tier == y.Problem.Tier && x.Confidence == y.Confidence && x.first() == y.first() &&
		x.Problem.ID != UnrecognisedFailure && y.Problem.ID != UnrecognisedFailure && x.Severity == y.Severity
}

func lastLine(f *Finding) int {
	m := 0
	for _, e := range f.Evidence {
		m = max(m, e.Line)
	}
	return m
}

// evidenceText shortens a line for display and makes it valid UTF-8.
func evidenceText(s string) string {
	return strings.ToValidUTF8(textutil.TruncateBytes(strings.TrimSpace(s), maxEvidenceText), "\uFFFD")
}

// Message is the one-line description of a finding used in diagnostics:
// the summary, what failed, and the detail.
func (f *Finding) Message() string {
	var b strings.Builder
	b.WriteString(f.Problem.Summary)
	if len(f.Subjects) > 0 {
		quoted := make([]string, len(f.Subjects))
		for i, s := range f.Subjects {
			quoted[i] = fmt.Sprintf("%q", s)
		}
		b.WriteString(": ")
		b.WriteString(strings.Join(quoted, ", "))
	}
	if f.Detail != "" {
		b.WriteString(" (")
		b.WriteString(f.Detail)
		b.WriteString(")")
	}
	return b.String()
}

// Diagnostics turns the findings into diagnostics located in the log at
// logPath: the first evidence line is the location, the other evidence
// lines and the spec locations from related (which may be nil) are related
// locations. The guide's fix ends the message.
func (r *Result) Diagnostics(logPath string, related func(*Finding) []lint.Related) []lint.Diagnostic {
	out := make([]lint.Diagnostic, 0, len(r.Findings))
	for i, f := range r.Findings {
		d := lint.Diagnostic{
			RuleID: f.Problem.ID, RuleName: f.Problem.Name, Severity: f.Severity,
			Message:    fmt.Sprintf("%s. Fix: %s", f.Message(), firstSentence(f.Problem.Fix)),
			Loc:        logLocation(logPath, Evidence{Line: 1}),
			Confidence: string(f.Confidence),
		}
		var lead []string
		switch {
		case len(f.TiedWith) > 0:
			lead = append(lead, "fits as well as "+strings.Join(f.TiedWith, ", "))
		case i == 0 && len(r.Findings) > 1:
			lead = append(lead, "most likely cause")
		}
		if f.Confidence == Likely {
			lead = append(lead, "inferred")
		}
		if len(lead) > 0 {
			d.Message = strings.Join(lead, ", ") + ": " + d.Message
		}
		for j, ev := range f.Evidence {
			if j == 0 {
				d.Loc = logLocation(logPath, ev)
				continue
			}
			d.Related = append(d.Related, lint.Related{Loc: logLocation(logPath, ev), Message: ev.Text})
		}
		if related != nil {
			d.Related = append(d.Related, related(f)...)
		}
		out = append(out, d)
	}
	return out
}

func logLocation(path string, ev Evidence) ir.Location {
	return ir.Location{Path: path, Range: ir.Range{
		Start: ir.Pos{Line: ev.Line, Col: 1},
		End:   ir.Pos{Line: ev.Line, Col: 1 + utf8.RuneCountInString(ev.Text)},
	}}
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
