#!/usr/bin/env bash
# Does `rota solve` keep its time limit? Wall time of the whole process (reading the problem,
# building travel, the search, writing the rota) against --time-limit, over every shipped week in
# datasets/ and the largest public benchmark instances, at several limits and thread counts.
#
# usage: benchmarks/scripts/time_limit.sh BENCHMARK_DIR [OUT_CSV]
#   BENCHMARK_DIR  a folder holding the Solomon, Mankowska and Italian instances, found by file
#                  name anywhere under it (.tar.xz archives in it are unpacked first)
#   OUT_CSV        where to write one line per run (default: time_limit.csv)
# environment:
#   ROTA=path      the binary (default: target/release/rota, built first with cargo)
#   LIMITS="5 10 30"  THREADS="1 2"  the settings tried
#   MODE=--full-time  how the search ends: --full-time (default: every run goes to the clock,
#                  the worst case for the limit) or "" (the default work budget)
#   COLD=1         start every run with no road-network cache, so the Isle of Wight week builds
#                  its matrices inside the limit (default: the cache is warmed once first)
#
# Prints, per limit and overall, the minimum, median and maximum of wall time / limit.
# Run it on a quiet machine and under `nice` if others share it: it takes about
# (weeks + instances) x sum(LIMITS) x count(THREADS) seconds, some 18 minutes as set.
set -euo pipefail

BENCH=${1:?usage: $0 BENCHMARK_DIR [OUT_CSV]}
OUT=${2:-time_limit.csv}
LIMITS=${LIMITS:-5 10 30}
THREADS=${THREADS:-1 2}
MODE=${MODE---full-time}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${ROTA:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p rota-cli)
  ROTA=$ROOT/target/release/rota
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The problems: each in its own folder, with whatever it reads beside it.
mkdir -p "$WORK/unpacked" "$WORK/problems"
i=0
while IFS= read -r -d '' archive; do
  i=$((i + 1)); mkdir -p "$WORK/unpacked/$i"; tar -xJf "$archive" -C "$WORK/unpacked/$i"
done < <(find "$BENCH" -name '*.tar.xz' -print0)
for week in "$ROOT"/datasets/*/problem.json; do
  name=$(basename "$(dirname "$week")")
  mkdir -p "$WORK/problems/$name"
  find "$(dirname "$week")" -maxdepth 1 -type f \( -name '*.json' -o -name '*.pbf' \) -exec cp {} "$WORK/problems/$name/" \;
done
find_one() { find "$BENCH" "$WORK/unpacked" -name "$1" -print -quit; }
import() { # family file name
  local file
  file=$(find_one "$2")
  if [ -z "$file" ]; then echo "skipping $3: no $2 under $BENCH" >&2; return; fi
  mkdir -p "$WORK/problems/$3"
  "$ROTA" import "$1" "$file" -o "$WORK/problems/$3/problem.json" >/dev/null 2>&1
}
import solomon R201.vrp solomon-R201
import solomon RC201.vrp solomon-RC201
import mankowska InstanzVNS_HCSRP_300_1.txt mankowska-G1
import mankowska InstanzVNS_HCSRP_300_2.txt mankowska-G2
import italian 'instance_028-*.json' italian-I028
import italian 'instance_018-*.json' italian-I018

echo "problem,limit,threads,wall,ratio,stopped_by" >"$OUT"
for dir in "$WORK"/problems/*/; do
  name=$(basename "$dir")
  [ -n "${COLD:-}" ] || "$ROTA" travel matrix "$dir/problem.json" -o "$WORK/matrix.json" 2>/dev/null
  for limit in $LIMITS; do
    for threads in $THREADS; do
      rm -f "$dir/rota.json"
      [ -z "${COLD:-}" ] || rm -rf "$dir/.rota-cache"
      start=$(date +%s.%N)
      # shellcheck disable=SC2086
      "$ROTA" solve "$dir/problem.json" -o "$dir/rota.json" --time-limit "$limit" --threads "$threads" $MODE --quiet
      end=$(date +%s.%N)
      stopped=$(grep -o '"stopped_by": "[a-z]*"' "$dir/rota.json" | cut -d'"' -f4 || true)
      awk -v n="$name" -v l="$limit" -v t="$threads" -v s="$start" -v e="$end" -v b="$stopped" \
        'BEGIN { w = e - s; printf "%s,%s,%s,%.3f,%.4f,%s\n", n, l, t, w, w / l, b }' | tee -a "$OUT"
    done
  done
done

# min / median / max of the ratio, per limit and overall.
summary() { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
  printf "%d runs: min %.3f, median %.3f, max %.3f\n", NR, v[1], m, v[NR] }'; }
echo
for limit in $LIMITS; do
  printf 'limit %s s: ' "$limit"
  awk -F, -v l="$limit" 'NR > 1 && $2 == l { print $5 }' "$OUT" | summary
done
printf 'all: '
awk -F, 'NR > 1 { print $5 }' "$OUT" | summary
