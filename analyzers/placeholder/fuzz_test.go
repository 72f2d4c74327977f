package placeholder

import (
	"testing"
)

// FuzzFind: any pattern the configuration may hold either compiles or is
// refused, and the placeholders found are ordered, disjoint spans inside
// the text that never overlap a binding expression.
func FuzzFind(f *testing.F) {
	f.Add(Defaults[0], "image: {{ACR}}.azurecr.io/x:<tag>\nname: ${{inputs.n}}\n")
	f.Add(Defaults[1], "< your environment name >")
	f.Add(`\$[A-Z]+`, "${{parent.jobs.x}} $HOME")
	f.Add(`x|`, "x")
	f.Add(`(?i)TODO`, "todo: ${{ todo }}")
	f.Fuzz(func(t *testing.T, pattern, text string) {
		set, err := Compile([]string{pattern, Defaults[2]})
		if err != nil {
			return
		}
		bindings := bindingRE.FindAllStringIndex(text, -1)
		prev := 0
		for _, sp := range set.Find(text) {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(text) {
				t.Fatalf("bad span %+v after %d in %q", sp, prev, text)
			}
			if overlapsAny(sp.Start, sp.End, bindings) {
				t.Fatalf("span %+v overlaps a binding in %q", sp, text)
			}
			prev = sp.End
		}
	})
}
