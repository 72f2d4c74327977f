package diagnose

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
	"unicode"
)

// reSamples returns texts that expr matches, generated from its syntax
// tree: every alternative, optional and repeated parts both left out and
// taken, character classes by their first letter (and, for a case-folded
// class, its other case), case-folded literals in lower, upper and title
// case. Texts are drawn at random when the tree has more than n, and
// only those the expression really matches are kept (anchors, \b).
func reSamples(t *testing.T, expr string, n int) []string {
	t.Helper()
	tree, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		t.Fatalf("parse %s: %v", expr, err)
	}
	tree = tree.Simplify()
	r := rand.New(rand.NewPCG(3, uint64(len(expr))))
	re := regexp.MustCompile(expr)
	seen := map[string]bool{}
	var out []string
	for i := 0; i < 40*n && len(out) < n; i++ {
		var b strings.Builder
		gen(&b, tree, r, i)
		for _, s := range []string{b.String(), " " + b.String() + " ", "x " + b.String()} {
			if !seen[s] && re.MatchString(s) {
				seen[s] = true
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// gen writes one text of tree: the first draws (i < 8) take the simplest
// choices with a case style each, later ones random ones.
func gen(b *strings.Builder, tree *syntax.Regexp, r *rand.Rand, i int) {
	pick := func(n int) int {
		if i < 2 {
			return 0
		}
		return r.IntN(n)
	}
	switch tree.Op {
	case syntax.OpLiteral:
		s := string(tree.Rune)
		if tree.Flags&syntax.FoldCase != 0 {
			switch (i + r.IntN(3)) % 3 {
			case 0:
				s = strings.ToLower(s)
			case 1:
				s = strings.ToUpper(s)
			default:
				s = strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
			}
		}
		b.WriteString(s)
	case syntax.OpCharClass:
		if len(tree.Rune) == 0 {
			return
		}
		k := 2 * pick(len(tree.Rune)/2)
		lo, hi := tree.Rune[k], tree.Rune[k+1]
		c := lo
		if hi > lo && i >= 2 {
			c = lo + rune(r.IntN(int(min(hi-lo, 200))+1))
		}
		// prefer a printable ASCII letter when the class holds one
		if i%2 == 1 {
			for j := 0; j < len(tree.Rune); j += 2 {
				if tree.Rune[j] <= 'a' && tree.Rune[j+1] >= 'a' {
					c = 'a'
					break
				}
				if tree.Rune[j] <= 'A' && tree.Rune[j+1] >= 'A' {
					c = 'A'
					break
				}
			}
		}
		if !unicode.IsPrint(c) {
			c = ' '
		}
		b.WriteRune(c)
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteByte('x')
	case syntax.OpCapture:
		gen(b, tree.Sub[0], r, i)
	case syntax.OpStar, syntax.OpQuest:
		if pick(2) == 1 {
			gen(b, tree.Sub[0], r, i)
		}
	case syntax.OpPlus:
		gen(b, tree.Sub[0], r, i)
		if pick(3) == 2 {
			gen(b, tree.Sub[0], r, i)
		}
	case syntax.OpRepeat:
		for range tree.Min {
			gen(b, tree.Sub[0], r, i)
		}
	case syntax.OpConcat:
		for _, s := range tree.Sub {
			gen(b, s, r, i)
		}
	case syntax.OpAlternate:
		k := r.IntN(len(tree.Sub))
		if i < len(tree.Sub) {
			k = i % len(tree.Sub) // every alternative at least once
		}
		gen(b, tree.Sub[k], r, i)
	}
}

// precondPair is a cheap literal test and the expression it guards: every
// text the expression matches must pass the test, or the expression can
// never match some texts it was written for.
type precondPair struct {
	name string
	re   *lazyRE
	pre  func(string) bool
}

func guardedPairs(name string, list []guarded) []precondPair {
	var out []precondPair
	for i := range list {
		x := &list[i]
		out = append(out, precondPair{name + " " + x.lit, x.re, x.may})
	}
	return out
}

func TestPreconditionsAdmitTheirExpressions(t *testing.T) {
	var pairs []precondPair
	for name, list := range map[string][]guarded{
		"failREs": failREs, "wheelPkgREs": wheelPkgREs, "nativeBuildREs": nativeBuildREs, "missingCmdREs": missingCmdREs,
		"pullSubjectREs": pullSubjectREs, "commsSubjectREs": commsSubjectREs, "badSpecREs": badSpecREs, "pipNetREs": pipNetREs,
	} {
		pairs = append(pairs, guardedPairs(name, list)...)
	}
	pairs = append(pairs, precondTable...)
	for _, m := range pullNeedsMatch {
		// pullMatch runs an expression on a line that holds one of its
		// literals (daemonV2RE has two: "from daemon: Get ", "… Head ")
		pairs = append(pairs, precondPair{"pullNeedsMatch " + m.lit, m.re, func(s string) bool {
			for _, n := range pullNeedsMatch {
				if n.re == m.re && strings.Contains(s, n.lit) {
					return true
				}
			}
			return false
		}})
	}
	for _, p := range pairs {
		samples := reSamples(t, p.re.expr, 300)
		if len(samples) == 0 {
			t.Errorf("%s: no sample generated from %s", p.name, p.re.expr)
			continue
		}
		bad := 0
		for _, s := range samples {
			if !p.pre(s) {
				if bad < 3 {
					t.Errorf("%s: the precondition rejects %q, which %s matches", p.name, s, p.re.expr)
				}
				bad++
			}
		}
	}
}

// precondTable: the preconditions written as code in front of one
// expression each.
var precondTable = []precondPair{
	{"stalledLoginOrPush", stalledRE, stalledLoginOrPush},
	{"registryProse", registryProseRE, registryProse},
	{"notFinishingWords", unfinishedRE, notFinishingWords},
	{"storageProse", storageProseRE, storageProse},
	{"slowWordsMay", slowWordsRE, slowWordsMay},
	{"redirectWordsLits", redirectWordsRE, func(s string) bool { return mayMatchFold(s, redirectWordsLits) }},
	{"redirectProseLits", redirectProseRE, func(s string) bool { return mayMatchFold(s, redirectProseLits) }},
	{"mpiProseMay", mpiProseRE, func(s string) bool { return mpiProseWords(s) && mpiProseMay(s) }},
	{"horovodNamedMay", horovodNamedRE, horovodNamedMay},
	{"compilerDiagMay", compilerDiagRE, compilerDiagMay},
	{"keyringMay", keyringWaitRE, func(s string) bool { return hasFold(s, "keyring") }},
	{"condaAbsentMay", condaAbsentRE, func(s string) bool { return mayMatchFold(s, condaAbsentNames) && mayMatchFold(s, condaAbsentLits) }},
	{"proxyWords", proxyRE, func(s string) bool { return mayMatchFold(s, proxyWords) }},
	{"pipProse", pipProseRE, func(s string) bool { return hasFold(s, "pip") }},
	{"pyCheck", pyCheckRE, func(s string) bool { return hasFold(s, "python") }},
	{"memWords", memRE, memWords},
	{"oomWords", oomWordsRE, func(s string) bool { return strings.Contains(s, "OOM") }},
	{"noLogMay", noLogRE, func(s string) bool { return mayMatchFold(s, []string{"log"}) }},
	{"emptyLogMay", emptyLogRE, func(s string) bool { return mayMatchFold(s, []string{"log"}) }},
	{"prosePullMay", prosePullRE, func(s string) bool { return mayMatchFold(s, []string{"pull", "download"}) }},
	{"makeFailedMay", makeFailedRE, func(s string) bool { return strings.Contains(s, "*** ") }},
	{"compilerCmdMay", compilerCmdRE, func(s string) bool { return strings.Contains(s, "rror: command ") }},
	{"npCompilerCmdMay", npCompilerCmdRE, func(s string) bool { return strings.Contains(s, "rror: Command \"") }},
	{"fatalErrorMay", fatalErrorRE, func(s string) bool { return strings.Contains(s, "fatal error: ") }},
	{"horovodSourceMay", horovodSourceRE, func(s string) bool { return strings.Contains(s, "horovod") }},
	{"horovodWithMay", horovodWithRE, func(s string) bool { return strings.Contains(s, "HOROVOD_WITH_") }},
	{"horovodEnvMay", horovodEnvRE, func(s string) bool { return strings.Contains(s, "HOROVOD_") }},
	{"msvcMay", msvcRE, func(s string) bool { return strings.Contains(s, "Microsoft Visual C++") }},
	{"killedMay", killedRE, func(s string) bool { return strings.Contains(s, "Killed") }},
	{"quotedKilledMay", quotedKilledRE, func(s string) bool { return strings.Contains(s, "illed") }},
	{"compileProseMay", compileProseRE, func(s string) bool { return mayMatchFold(s, compileProseLits) }},
	{"compileWordsMay", compileWordsRE, func(s string) bool { return mayMatchFold(s, compileProseLits) }},
	// the literal tests in front of onHorovod's, onMissingCommand's and
	// onPull's expressions (handlers_build.go, handlers_registry.go)
	{"horovodRequiresMay", horovodRequiresRE, func(s string) bool { return strings.Contains(s, "Horovod requires ") }},
	{"horovodExcludedMay", horovodExcludedRE, func(s string) bool { return strings.Contains(s, "plugins were excluded from build") }},
	{"horovodCMakeMay", horovodCMakeRE, func(s string) bool { return strings.Contains(s, "HOROVOD_") }},
	{"called127May", called127RE, func(s string) bool { return strings.Contains(s, "non-zero exit status 127") }},
	{"cmakeNoCompilerMay", cmakeNoCompilerRE, func(s string) bool { return strings.Contains(s, "_COMPILER could be found") }},
	{"cmakeEnvCompilerMay", cmakeEnvCompilerRE, func(s string) bool { return strings.Contains(s, "find compiler set in environment variable") }},
	{"cmakeBuildProgramMay", cmakeBuildProgramRE, func(s string) bool { return strings.Contains(s, "CMAKE_MAKE_PROGRAM is not set") }},
	{"rustLinkerMay", rustLinkerRE, func(s string) bool { return strings.Contains(s, "error: linker `") }},
	{"uvNoMatchMay", uvNoMatchRE, func(s string) bool {
		return containsAny(s, []string{"was not found in the package registry", "there is no version of", "there are no versions of", "has no wheels with a matching", "is available and you require"})
	}},
	{"bareOperatorTriggers", bareOperatorRE, func(s string) bool { return mayMatchFold(s, bareOperatorLits) && dispatches(s, hRedirectTalk) }},
}

// dispatches reports whether a line holding s reaches handler h: whether s
// holds one of h's triggers (byte for byte, as the automaton sees it).
func dispatches(s string, h int) bool {
	for _, t := range triggers {
		if t.h == h && strings.Contains(s, t.lit) {
			return true
		}
	}
	return false
}

// Texts that the expressions were written for and that their
// preconditions used to turn away, with silent neighbours.
func TestPreconditionShapes(t *testing.T) {
	runShapes(t, []shapeCase{
		{
			name: "a push to the ACR timing out",
			log:  "Pushing the image to our ACR keeps timing out. The registry is myreg.azurecr.io\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "a capitalised Docker Push hanging",
			log:  "Docker Push to myreg.azurecr.io hangs forever.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "a push to the ACR that took a while",
			log:  "Pushing the image to our ACR took 3 minutes. The registry is myreg.azurecr.io\n",
		},
		{
			name: "a capitalised Registry out of reach",
			log:  "Our builds cannot reach the Registry at myreg.azurecr.io from the VNet.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			// registryProseRE's "acr" in lower case reached no trigger of
			// onRegistryWords (".azurecr.io" is onACR's)
			name: "a poster failing to log in to acr in lower case",
			log:  "Our build failed to log in to acr myreg.azurecr.io from the VNet.\n",
			want: ACRUnreachable, conf: Likely,
		},
		{
			name: "a capitalised Registry logged in to",
			log:  "Logged in to the Registry myreg.azurecr.io and pushed the image.\n",
		},
		{
			name: "a sentence opening with Mpi4py",
			log:  "Mpi4py fails to build in my Azure ML environment.\n",
			want: MPI4PyBuild, conf: Likely,
		},
		{
			name: "a shouted MPI4PY failing",
			log:  "MPI4PY FAILS TO INSTALL ON THE AZURE ML CLUSTER\n",
			want: MPI4PyBuild, conf: Likely,
		},
		{
			name: "Mpi4py installed",
			log:  "Successfully installed Mpi4py-3.1.4\n",
		},
		{
			// GNU make's job output: "make[1]: gcc: Command not found"
			name: "a sub-make's missing compiler",
			log:  "make[1]: gcc: Command not found\nmake[1]: *** [Makefile:3: foo.o] Error 127\n",
			want: MissingCommand, conf: Certain, subject: "gcc",
		},
		{
			name: "a sub-make leaving its directory",
			log:  "make[1]: Leaving directory '/tmp/pip-build/foo'\n",
		},
		{
			// bareOperatorRE's "containing", its article and a capital
			// reached no trigger of onRedirectTalk ("using >", "with >")
			name: "pip specs containing a bare > fail",
			log:  "pip commands containing > or >= fail silently.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "pip install with the >= operator fails",
			log:  "Running pip install with the >= operator fails.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "a capitalised Using < in a conda spec breaks",
			log:  "Using < in a conda install spec broke the build.\n",
			want: CondaBareRedirection, conf: Likely,
		},
		{
			name: "silent: a spec containing the >= operator, quoted, that works",
			log:  "pip install \"numpy>=1.20\" works: the spec containing the >= operator is quoted.\n",
		},
		{
			name: "pip waiting for a KEYRING",
			log:  "Pip hangs waiting for the KEYRING to unlock during pip install\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			// caseTriggers: the capitalised "Keyring prompt" (only
			// "keyring prompt" reached onAuthProse)
			name: "a sentence opening with Keyring prompt",
			log:  "Keyring prompt blocks pip install in the docker build.\n",
			want: InteractiveAuth, conf: Likely,
		},
		{
			// the reviewer's: "locate conda" was condaAbsentRE's only
			// "locate" trigger
			name: "Unable to locate micromamba in the image",
			log:  "Unable to locate micromamba in the image after the base stage.\n",
			want: CondaCommandNotFound, conf: Likely, subject: "micromamba",
		},
		{
			name: "a shouted UNABLE TO LOCATE MICROMAMBA",
			log:  "UNABLE TO LOCATE MICROMAMBA IN THE IMAGE AFTER THE BASE STAGE\n",
			want: CondaCommandNotFound, conf: Likely, subject: "micromamba",
		},
		{
			name: "silent: a shouted title naming micromamba's changelog",
			log:  "UNABLE TO LOCATE MICROMAMBA'S CHANGELOG ON THE WEBSITE\n",
		},
		{
			name: "silent: unable to locate micromamba's changelog",
			log:  "I was unable to locate micromamba's changelog on the website.\n",
		},
		{
			name: "a keyring package installed",
			log:  "Successfully installed KEYRING-24.0 pip-23.3\n",
		},
	})
}
