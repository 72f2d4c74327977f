#!/bin/sh
# The temporal experiment behind docs/diagnose.md's "Word-evidence fallback"
# section. For each fold: build the classifier as it was at COMMIT, take its
# answers on the tune logs added to labels.tsv after COMMIT, train on the
# tune logs it was written against, and score the fallback. Only the tune
# split is read. Run from the repository root: sh internal/cmd/wordexp/run.sh
set -eu
work=$(mktemp -d)
trap 'for c in 3294bc7 8186450; do git worktree remove --force "$work/wt-$c" 2>/dev/null || true; done; rm -rf "$work"' EXIT
tune_ids() { git show "$1:testdata/reallogs/labels.tsv" | awk -F'\t' '$2=="tune"{print $1}' | sort; }
fold() { # fold OLD NEW: classifier and training logs at OLD, test logs added by NEW
	old=$1 new=$2
	git worktree add -q --detach "$work/wt-$old" "$old"
	(cd "$work/wt-$old" && go build -o "$work/mlenv-$old" ./cmd/mlenv-lint)
	tune_ids "$old" >"$work/train-$old"
	tune_ids "$new" | comm -13 "$work/train-$old" - >"$work/test-$old"
	mkdir -p "$work/answers-$old"
	while read -r id; do
		"$work/mlenv-$old" diagnose --format json "testdata/reallogs/tune/$id.log" >"$work/answers-$old/$id.json" || true
	done <"$work/test-$old"
	echo "== fold: classifier and training logs at $old, test logs added up to $new"
	go run ./internal/cmd/wordexp -train "$work/train-$old" -test "$work/test-$old" -answers "$work/answers-$old"
	go run ./internal/cmd/wordexp -train "$work/train-$old" -test "$work/test-$old" -answers "$work/answers-$old" -lr -lambda 0.001
}
fold 3294bc7 HEAD   # fold 1: 403 training logs, the 301 added since (settings chosen here)
fold 8186450 3294bc7 # fold 2: 143 training logs, the 260 added up to 3294bc7 (confirmation)
