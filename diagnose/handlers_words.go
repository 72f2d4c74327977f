package diagnose

import "strings"

// Posters' words for conda missing from the image (AML917): what they
// write when the shell's "conda: command not found" (bash, dash, zsh),
// Windows' "'conda' is not recognized …" or Ubuntu's command-not-found
// ("Command 'conda' not found, did you mean:") stopped their build, told
// in a sentence rather than pasted at the start of a line: "I get conda:
// command not found after installing miniconda", "conda is not found in
// the next RUN step", "the conda command isn't recognized", "the build
// can't find conda".
//
// condaAbsentRE: the tool, optionally called a command, executable or
// binary, then what it is not (found, recognised, on the PATH, available),
// or a verb that failed to find it, or what has none of it ("the image has
// no conda", with a failure told), or the shell's words quoted before it
// ("\"command not found\" for conda"). Every match holds one of
// condaAbsentLits. conda's own "Could not find conda environment: X"
// (EnvironmentLocationNotFound) names an environment, not the command:
// notConda drops it. A quote after the name ends it only before a
// non-letter: "unable to locate conda's changelog" names no command.
var (
	condaAbsentRE = re("(?i)(?:^|[\\s`'\"(])(conda|mamba|micromamba)(?:\\.exe)?[`'\"]?(?: (?:command|executable|binary|cli))?[`'\"]?(?::? (?:command )?not found|:? (?:is|was) not (?:being )?(?:found|recogni[sz]ed|available|on (?:the |my |our )?path|in (?:the |my |our )?path)|:? (?:isn't|wasn't|is no longer|can ?not be|can't be|could not be|couldn't be) (?:found|recogni[sz]ed|available|on (?:the |my |our )?path|in (?:the |my |our )?path)|:? not recogni[sz]ed)" +
		"|(?i)\\b(?:can't|cannot|can not|could not|couldn't|unable to|fails? to|failed to|does not|doesn't|did not|didn't) (?:find|locate|detect|see|recogni[sz]e) (?:the )?[`'\"]?(conda|mamba|micromamba)[`'\"]?(?: (?:command|executable|binary))?(?:[\\s.,;:!?)]|[`'\"](?:[^a-z]|$)|$)" +
		"|(?i)\\b(?:(?:has|have|had|there is|there's|there was) no|(?:doesn't|does not|didn't|did not|don't|do not) (?:have|include|contain|come with|ship with)) [`'\"]?(conda|mamba|micromamba)[`'\"]?(?:[\\s.,;:!?)]|[`'\"](?:[^a-z]|$)|$)" +
		"|(?i)\\bcommand not found[`'\"]? (?:for|on|when running|running|with) [`'\"]?(conda|mamba|micromamba)\\b")
	condaAbsentNames = []string{"conda", "mamba"}
	condaAbsentLits  = []string{"not found", "not recogni", "not be", "t be", "isn't", "wasn't", "not on", "not in", "not available", "no longer", "find", "locate", "detect", "see", "recogni", " no ",
		"t have", "t include", "t contain", "t come with", "t ship with"}
)

// imageWords: what "has no conda" must be about ("the image has no conda",
// "there is no conda in the container", "no conda on the PATH", "the
// base image doesn't have conda installed", "the PATH doesn't include
// conda in the image").
var imageWords = []string{"image", "container", "PATH", "Docker", "docker"}

// absentFailed: the words of a failure for "the image has no conda".
var absentFailed = []string{"fail", "error", "broke", "break", "not work", "n't work", "stops", "dies", "crash"}

// notConda: what follows a "can't find conda" names something of conda's,
// not the command ("Could not find conda environment: env", "cannot find
// conda package", "can't find conda-forge").
func notConda(rest string) bool {
	rest = strings.ToLower(strings.TrimLeft(rest, " `'\""))
	if rest == "." || strings.HasPrefix(rest, ". ") || strings.HasPrefix(rest, "installed") {
		return false // the sentence ends with the tool ("the build can't find conda."), or it is the tool installed
	}
	return hasAnyPrefix(rest, []string{"env", "package", "channel", "install", "prefix", "forge", "-", "."})
}

// scriptWords: the sentence is a script's own check or message, not a
// report ("command -v conda || echo 'conda not found'", "print('conda not
// found')"), or documentation of what to do in that case ("If conda is not
// found, install Miniconda", "In case conda is not on your PATH").
func scriptWords(head string) bool {
	t := strings.TrimRight(head, " `'\"(")
	if strings.HasSuffix(t, " when") || strings.HasSuffix(t, "When") || t == "when" {
		return true // "when conda is not found, the script downloads it"
	}
	return containsAny(head, []string{"echo ", "printf", "print(", "raise ", "throw ", "||", "warn(", "log(", "If ", "if ", "unless", "Unless", "whether", "in case", "In case", "otherwise", "fallback", "fall back"})
}

// onCondaAbsentTalk: a post saying in words that conda is not on the
// image's PATH (likely: the shell's own line is not in view; when it is,
// onMissingCommand has made the finding certain already).
func onCondaAbsentTalk(a *analyzer, ev Evidence, text string) {
	if !mayMatchFold(text, condaAbsentNames) {
		return // most lines with "not found" name something else
	}
	if a.byID[CondaCommandNotFound] != nil || !mayMatchFold(text, condaAbsentLits) {
		return
	}
	loc := condaAbsentRE.FindStringSubmatchIndex(text)
	if loc == nil {
		return
	}
	group := 1
	for group < 4 && loc[2*group] < 0 {
		group++
	}
	start, end := loc[2*group], loc[2*group+1]
	if (group == 2 || group == 3) && notConda(text[end:]) {
		return
	}
	if group == 3 && (!containsAny(text, imageWords) || !mayMatchFold(text, absentFailed)) {
		// "there is no conda" about the image, not someone's experience, and
		// what failed for it ("… has no mamba, so we use conda" is no failure)
		return
	}
	tool := strings.ToLower(text[start:end])
	if group >= 2 {
		start = loc[0] // the denial words ("can't find", "no", "not found") are the match's own
	}
	head := sentenceBefore(text, start, start)
	if scriptWords(head) || containsAny(head, fixWords) || deniedBefore(text, start) || ownedBefore(head) {
		return
	}
	a.infer(CondaCommandNotFound, tool, ev).explain("the text says the " + tool + " command is not found in the image")
}

// ownedBefore: the word before the tool makes it a thing of another kind
// ("package conda not found in channel", "module conda not found").
func ownedBefore(head string) bool {
	f := strings.Fields(strings.ToLower(head))
	if len(f) == 0 {
		return false
	}
	switch strings.Trim(f[len(f)-1], "`'\"(:") {
	case "package", "packages", "module", "named", "channel", "spec", "env", "environment", "the package":
		return true
	}
	return false
}

// Posters' words for conda refusing a spec (AML904): "conda says my
// environment.yml has an invalid spec", "mamba complains about an invalid
// version spec", "conda fails with a malformed version spec" — the words
// of conda's own InvalidSpec, InvalidVersionSpec and InvalidMatchSpec
// ("Invalid spec: …", "Invalid version spec: …", conda/exceptions.py),
// told in a sentence. "spec" ends there: pip's "Invalid specifier" (a
// requirement, packaging's InvalidSpecifier) is not conda's.
var badSpecTalkRE = re(`(?i)\b(?:invalid|malformed|bad|wrong(?:ly formatted)?) (?:version |package |match ?)?spec(?:ification)?s?\b`)

// condaSpecWords: the sentence is about conda's specs (conda, mamba, an
// environment file, a channel).
var condaSpecWords = []string{"conda", "Conda", "mamba", "Mamba", "environment.y", "env.y", "conda.y", "channel"}

func onBadSpecTalk(a *analyzer, ev Evidence, text string) {
	if a.byID[CondaBadSpec] != nil || containsAny(text, []string{"InvalidSpec", "InvalidVersionSpec", "InvalidMatchSpec", "CondaValueError", "Invalid spec:", "Invalid version spec:"}) {
		return // conda's own words: onBadSpec
	}
	if !containsAny(text, condaSpecWords) {
		return
	}
	loc := badSpecTalkRE.FindStringIndex(text)
	if loc == nil {
		return
	}
	head := sentenceHead(text, loc[0])
	if scriptWords(head) || containsAny(head, fixWords) || deniedBefore(text, loc[0]) {
		return
	}
	a.infer(CondaBadSpec, "", ev).explain("the text says conda rejected a spec as invalid: " + strings.TrimSpace(text[loc[0]:loc[1]]))
}
