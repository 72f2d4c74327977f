package diagnose

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// foldReach: a case-insensitive ((?i)) expression and the handler that
// runs it on the line that dispatched it. The pre-filter matches raw bytes
// (acmatch does not fold case), so the handler's triggers must admit the
// expression's texts in every case a poster writes them in.
type foldReach struct {
	name string
	re   *lazyRE
	h    int
}

var foldReaches = []foldReach{
	{"authProseRE", authProseRE, hAuthProse},
	{"keyringWaitRE", keyringWaitRE, hAuthProse},
	{"condaAbsentRE", condaAbsentRE, hCondaAbsent},
	{"slowWordsRE", slowWordsRE, hSlowWords},
	{"pipProseRE", pipProseRE, hPipProse},
	{"horovodNamedRE", horovodNamedRE, hHorovodNamed},
	{"horovodFailsRE", horovodFailsRE, hHorovodNamed},
	{"registryProseRE", registryProseRE, hRegistryWords},
	{"stalledRE", stalledRE, hRegistryWords},
	{"storageProseRE", storageProseRE, hRegistryWords},
	{"badSpecTalkRE", badSpecTalkRE, hBadSpecTalk},
	{"redirectWordsRE", redirectWordsRE, hRedirectTalk},
	{"redirectProseRE", redirectProseRE, hRedirectTalk},
	{"bareOperatorRE", bareOperatorRE, hRedirectTalk},
	{"compileProseRE", compileProseRE, hBuildProse},
	{"compileWordsRE", compileWordsRE, hBuildProse},
	{"missingHeadersRE", missingHeadersRE, hBuildProse},
	{"mpiProseRE", mpiProseRE, hMPIProbe},
	{"noLogRE", noLogRE, hService},
	{"emptyLogRE", emptyLogRE, hService},
	{"prosePullRE", prosePullRE, hService},
	{"buildFailProseRE", buildFailProseRE, hService},
	{"proxyRE", proxyRE, hPipNetwork},
	{"readTimeoutRE", readTimeoutRE, hPipNetwork},
	// (stuckRE and longRunRE: reSamples draws no text they match, their
	// ".{0,40}" between two words; onStuck's cases test them)
	{"unfinishedRE", unfinishedRE, hStuck},
	{"registryAccessRE", registryAccessRE, hACR},
	{"registryMissingRE", registryMissingRE, hACR},
	{"distutilsUninstallRE", distutilsUninstallRE, hUninstall},
	{"pyCheckRE", pyCheckRE, hIncompatiblePython},
	{"nextflowTimeoutRE", nextflowTimeoutRE, hNextflow},
	{"code137RE", code137RE, hOOM},
}

// caseVariants: s in lower case, in lower case with its first letter a
// capital (a sentence opening with it), and in capitals.
func caseVariants(s string) []string {
	low := strings.ToLower(s)
	capd := []rune(low)
	for i, r := range capd {
		if unicode.IsLetter(r) {
			capd[i] = unicode.ToUpper(r)
			break
		}
	}
	return []string{low, string(capd), strings.ToUpper(s)}
}

// TestFoldedExpressionsReachTheirHandlers: a text that a (?i) expression
// matches and that reaches its handler in one case reaches it in lower
// case and with its first letter a capital too, and in capitals when a
// literal that brought it is shoutable. Out of scope: the text in capitals
// through another literal (tools print short words in capitals of their
// own: "FAILS", "STUCK", "TIMEOUT"), and a line
// opening with a lower-case "acr" (registryWordLits' " acr" wants the
// space before it: a bare "acr" is in too many words), and a line opening
// with "Image pull": Azure App Service's own warning, "Image pull failed.
// Defaulting to local copy if present.", not a poster's words.
func TestFoldedExpressionsReachTheirHandlers(t *testing.T) {
	gaps := map[string]bool{}
	for _, f := range foldReaches {
		samples := reSamples(t, f.re.expr, 300)
		if len(samples) == 0 {
			t.Errorf("%s: no sample generated", f.name)
			continue
		}
		n := 0
		for _, s := range samples {
			vs := append([]string{s}, caseVariants(s)...)
			reached := ""
			for _, v := range vs {
				if f.re.MatchString(v) && dispatches(v, f.h) {
					reached = v
					break
				}
			}
			if reached == "" || strings.ContainsAny(s, longS+kelvinSign) {
				continue // a text the triggers turn away in every case: not a case gap; ſ and K are no poster's letters
			}
			for k, v := range vs[1:] {
				if k == 2 && !shoutable(reached, f.h) ||
					k == 0 && f.h == hRegistryWords && strings.HasPrefix(v, "acr") ||
					k == 1 && f.h == hService && strings.HasPrefix(strings.TrimLeft(v, " x"), "Image pull") {
					continue // (out of scope, above)
				}
				if !f.re.MatchString(v) || dispatches(v, f.h) {
					continue // (?-i) parts: not a text it was written for
				}
				if !gaps[f.name+v] {
					gaps[f.name+v] = true
					if n < 8 {
						t.Errorf("%s: %q reaches no trigger of %s, %q does", f.name, v, handlerName(f.h), reached)
					}
					n++
				}
			}
		}
		if n > 0 {
			t.Logf("%s: %d texts reach no trigger", f.name, n)
		}
	}
}

// unshouted: literals of two words and ten bytes that caseTriggers leaves
// in their own case (see there why).
var unshouted = []string{"ontainer registry", "ontainer Registry", "image pull fail", "image pull is failing", "image pulls fail", "time limit", "read timeout", "read timed out"}

// shoutable reports whether text reaches h through a literal of two words
// or more, ten bytes or longer, that is not in unshouted: one a shouted
// sentence must reach h by too.
func shoutable(text string, h int) bool {
	for _, t := range triggers {
		lit := strings.TrimSpace(t.lit)
		if t.h == h && len(lit) >= 10 && strings.Contains(lit, " ") && lit != strings.ToUpper(lit) &&
			strings.Contains(text, t.lit) && !slices.Contains(unshouted, t.lit) {
			return true
		}
	}
	return false
}
