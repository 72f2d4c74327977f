package diagnose

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// TestNoDeadTriggers: a trigger whose literal contains another literal
// that dispatches the same handler never changes dispatch: every line that
// holds it holds the shorter one too. The pre-filter matches raw bytes as
// they are (acmatch does not fold case), so containment is byte-exact.
func TestNoDeadTriggers(t *testing.T) {
	for i, long := range triggers {
		for j, short := range triggers {
			if i != j && long.h == short.h && strings.Contains(long.lit, short.lit) {
				t.Errorf("trigger %q of %s is dead: it holds %q, which dispatches the same handler",
					long.lit, handlerName(long.h), short.lit)
			}
		}
	}
}

func handlerName(h int) string {
	name := runtime.FuncForPC(reflect.ValueOf(handlers[h]).Pointer()).Name()
	return name[strings.LastIndexByte(name, '.')+1:]
}
