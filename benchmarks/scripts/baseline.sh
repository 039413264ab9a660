#!/usr/bin/env bash
# Benchmark runs CI can trust (issue 19; BENCHMARKS.md): quality on a fixed iteration budget
# and callgrind instruction counts, against the committed baseline benchmarks/baseline.json.
#
#   bash benchmarks/scripts/baseline.sh compare   # what CI runs: exit 4 on a regression
#   bash benchmarks/scripts/baseline.sh write     # refresh benchmarks/baseline.json after an intended change
#
# Needs valgrind and `cargo install --locked gungraun-runner --version 0.20.0` (.ci/run installs
# both). ROTA_BASELINE overrides the baseline file. The subset and budget are here, once, so that
# the comparison and the baseline always run the same instances the same way.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-}
case "$mode" in compare | write) ;; *) echo "usage: $0 compare|write" >&2; exit 2 ;; esac
baseline=${ROTA_BASELINE:-benchmarks/baseline.json}
command -v valgrind >/dev/null 2>&1 || { echo "$0: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
command -v gungraun-runner >/dev/null 2>&1 || {
  echo "$0: needs gungraun-runner: cargo install --locked gungraun-runner --version <gungraun's in Cargo.lock>" >&2
  exit 2
}
# Every instance runs this many iterations on one thread from seed 1: the same rota on every
# machine for the same build. The time limit only guards against a hung run; an instance it
# cuts short fails the comparison, as its result would not repeat.
budget=(--iterations 5000 --threads 1 --seed 1 --jobs 1 --time-limit 600)
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p rota-cli
rota=$target/release/rota
# Instruction counts: every bench of benches/benches/instructions.rs under callgrind, each
# writing its summary.json under target/gungraun.
rm -rf "$target/gungraun/rota-benches/instructions"
cargo bench -q -p rota-benches --bench instructions -- --save-summary=json
counts=$target/gungraun/rota-benches/instructions
# The records name the commit they ran (at run time, so the build above does not depend on it).
ROTA_GIT_COMMIT=${ROTA_GIT_COMMIT:-$(git rev-parse HEAD 2>/dev/null || true)}
export ROTA_GIT_COMMIT

if [ "$mode" = write ]; then
  new=$(mktemp)
  rm -f "$new"
  $rota bench solomon --only C101,R101,RC201 "${budget[@]}" --write-baseline "$new" --instructions "$counts"
  $rota bench mankowska --only A1,C1,E1 "${budget[@]}" --write-baseline "$new"
  $rota bench italian --only I010 "${budget[@]}" --write-baseline "$new"
  mv "$new" "$baseline"
  echo "wrote $baseline: commit it"
  exit 0
fi

status=0
run() {
  local code=0
  "$@" --compare "$baseline" || code=$?
  if [ "$code" -ne 0 ]; then
    [ "$status" -eq 4 ] || status=$code
  fi
}
run $rota bench solomon --only C101,R101,RC201 "${budget[@]}" --instructions "$counts"
run $rota bench mankowska --only A1,C1,E1 "${budget[@]}"
run $rota bench italian --only I010 "${budget[@]}"
if [ "$status" -ne 0 ]; then
  echo "the benchmark comparison failed (exit $status; 4: a regression beyond the thresholds)." >&2
  echo "If the change is intended, refresh the baseline with 'bash benchmarks/scripts/baseline.sh write' and commit benchmarks/baseline.json." >&2
fi
exit "$status"
