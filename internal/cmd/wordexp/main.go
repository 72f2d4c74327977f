// Command wordexp is the temporal experiment behind diagnose's word-evidence
// fallback (docs/diagnose.md, "A word-evidence fallback: measured, not
// shipped"). It trains a naive Bayes (nb.go) or a logistic regression
// (lr.go) on the tune logs that an older classifier was written against, and scores
// the fallback on the tune logs added after it, from that classifier's own
// answers (`mlenv-lint diagnose --format json` of the old build, one file per
// log). It reads only testdata/reallogs/tune: the eval split never enters.
//
//	go run ./internal/cmd/wordexp -train old.ids -test new.ids -answers DIR
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

const dir = "testdata/reallogs"

type row struct {
	id   string
	want []string
}

func main() {
	train := flag.String("train", "", "file of tune log ids to train on (first column)")
	test := flag.String("test", "", "file of tune log ids to score (first column)")
	answers := flag.String("answers", "", "directory of <id>.json: the old classifier's answers on the test logs")
	grid := flag.Bool("grid", false, "score a grid of training options, not only the chosen one")
	bias := flag.Float64("bias", 0, "log-odds added to the AML999 and none classes (the rules left the log unnamed)")
	lr := flag.Bool("lr", false, "score logistic regression instead of naive Bayes (a grid of L2 strengths unless -lambda)")
	lambda := flag.Float64("lambda", 0, "with -lr: only this L2 strength (unigrams)")
	perClass := flag.Int("perclass", chosen.PerClass, "naive Bayes: words kept per class")
	alpha := flag.Float64("alpha", chosen.Alpha, "naive Bayes: additive smoothing")
	dump := flag.Float64("dump", 0, "list each firing at this threshold")
	flag.Parse()
	labels, err := loadTune()
	if err != nil {
		fail(err)
	}
	trainIDs, err := readIDs(*train)
	if err != nil {
		fail(err)
	}
	testIDs, err := readIDs(*test)
	if err != nil {
		fail(err)
	}
	var docs []Doc
	for _, id := range trainIDs {
		r, ok := labels[id]
		if !ok {
			fail(fmt.Errorf("%s: not a tune log", id))
		}
		docs = append(docs, Doc{Class: r.want[0], Text: readLog(id)})
	}
	opts := []Options{{PerClass: *perClass, MinDF: 2, Alpha: *alpha}}
	if *grid {
		opts = nil
		for _, bi := range []bool{false, true} {
			for _, k := range []int{50, 150, 400} {
				for _, a := range []float64{0.1, 0.5, 1} {
					opts = append(opts, Options{Bigrams: bi, PerClass: k, MinDF: 2, Alpha: a})
				}
			}
		}
	}
	before := map[string]answer{}
	for _, id := range testIDs {
		if _, ok := labels[id]; !ok {
			fail(fmt.Errorf("%s: not a tune log", id)) // an eval id, or a typo: its label would be empty
		}
		a, err := readAnswer(filepath.Join(*answers, id+".json"))
		if err != nil {
			fail(err)
		}
		before[id] = a
	}
	fmt.Printf("train %d logs, test %d logs\n", len(docs), len(testIDs))
	base := 0
	for _, id := range testIDs {
		if judge(labels[id].want, before[id].rule, before[id].errorLevel) {
			base++
		}
	}
	fmt.Printf("rules alone: right %d/%d\n", base, len(testIDs))
	if *lr {
		bis, lams := []bool{false, true}, []float64{0.0003, 0.001, 0.003, 0.01}
		if *lambda > 0 {
			bis, lams = []bool{false}, []float64{*lambda}
		}
		for _, bi := range bis {
			for _, lam := range lams {
				m := trainSoftmax(docs, bi, 2, lam, 300)
				fmt.Printf("\nlogistic bigrams=%v lambda=%g: %d features\n", bi, lam, len(m.vocab))
				fmt.Println(header)
				for _, t := range []float64{0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9} {
					var fired, gain, loss, l999, lNone int
					for _, id := range testIDs {
						r, a := labels[id], before[id]
						if a.rule != "none" && a.rule != "AML999" {
							continue
						}
						c, p := m.classify(readLog(id), bi)
						if !documented(c) || p < t {
							continue
						}
						fired++
						if slices.Contains(r.want, c) {
							gain++
						} else {
							loss++
							switch r.want[0] {
							case "AML999":
								l999++
							case "none":
								lNone++
							}
						}
					}
					fmt.Printf(rowFormat, t, fired, gain, loss, lNone, l999, loss-l999-lNone, gain-loss, base+gain-l999, len(testIDs))
				}
			}
		}
		return
	}
	for _, o := range opts {
		m := Train(docs, o)
		for c, name := range m.Classes {
			if !documented(name) {
				m.Prior[c] += *bias
			}
		}
		fmt.Printf("\n%+v: %d words, %d weights\n", o, len(m.Words), m.Size())
		fmt.Println(header)
		for _, t := range []float64{0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999} {
			var fired, gain, loss, lossNone, loss999, lossOther int
			for _, id := range testIDs {
				r, a := labels[id], before[id]
				if a.rule == "none" || a.rule == "AML999" {
					v := m.Classify(readLog(id))
					if documented(v.Class) && v.Posterior >= t {
						fired++
						if t == *dump {
							w := []string{}
							for i := 0; i < len(v.Words) && i < 5; i++ {
								w = append(w, v.Words[i].Word)
							}
							fmt.Printf("   fire %-40s label %-14s rule %-6s -> %s %.3f %v\n", id, strings.Join(r.want, "|"), a.rule, v.Class, v.Posterior, w)
						}
						if slices.Contains(r.want, v.Class) {
							gain++
						} else {
							loss++
							switch r.want[0] {
							case "none":
								lossNone++
							case "AML999":
								loss999++
							default:
								lossOther++
							}
						}
					}
				}
			}
			fmt.Printf(rowFormat, t, fired, gain, loss, lossNone, loss999, lossOther, gain-loss, base+gain-loss999, len(testIDs))
		}
	}
}

// The table: per threshold, how often the fallback fired (rules' answer
// none or AML999, a documented class at or above the threshold), the logs it
// turned right, those it answered wrongly (by label: none, AML999, another
// documented problem), the net change, and the right answers after (a
// warning-level hint on a none log is no false alarm for the scorer, so those
// stay right; at error level each "on none" would be a false alarm).
const (
	header    = "threshold  fired  right+  wrong+ (on none / on AML999 / on other)  net  right after"
	rowFormat = "%9.3f  %5d  %6d  %6d (%d / %d / %d)  %+4d  %d/%d\n"
)

// chosen is the configuration picked on fold 1 (docs/diagnose.md).
var chosen = Options{Bigrams: false, PerClass: 400, MinDF: 2, Alpha: 1}

func documented(id string) bool { return strings.HasPrefix(id, "AML9") && id != "AML999" }

// judge: README's scoring on the first finding (no ties in the answers used).
func judge(want []string, pred string, errorLevel bool) bool {
	switch want[0] {
	case "none":
		return !errorLevel
	case "AML999":
		return pred == "none" || pred == "AML999"
	}
	return slices.Contains(want, pred)
}

type answer struct {
	rule       string
	errorLevel bool
}

func readAnswer(path string) (answer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return answer{}, fmt.Errorf("reading answer: %w", err)
	}
	var doc struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return answer{}, fmt.Errorf("%s: %w", path, err)
	}
	a := answer{rule: "none"}
	if len(doc.Findings) > 0 {
		a.rule = doc.Findings[0].Rule
	}
	for _, f := range doc.Findings {
		if f.Severity == "error" {
			a.errorLevel = true
		}
	}
	return a, nil
}

func loadTune() (map[string]row, error) {
	f, err := os.Open(filepath.Join(dir, "labels.tsv"))
	if err != nil {
		return nil, fmt.Errorf("opening labels: %w", err)
	}
	defer f.Close()
	out := map[string]row{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		c := strings.Split(sc.Text(), "\t")
		if n == 1 || len(c) < 3 || c[1] != "tune" {
			continue // the header, and every eval row: never read
		}
		out[c[0]] = row{id: c[0], want: strings.Split(c[2], "|")}
	}
	return out, sc.Err()
}

func readIDs(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading ids: %w", err)
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		out = append(out, strings.Split(l, "\t")[0])
	}
	return out, nil
}

func readLog(id string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, "tune", filepath.Base(id)+".log"))
	if err != nil {
		fail(err)
	}
	return b
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "wordexp:", err)
	os.Exit(2)
}
