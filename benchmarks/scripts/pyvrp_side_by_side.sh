#!/usr/bin/env bash
# Rota against PyVRP on the 56 Solomon instances, side by side in one run on this machine: for
# each instance, `rota bench` (one thread) and PyVRP (one thread; DIMACS rounding, the convention
# of bks.csv's dist_only_bks) solve at the same moment for the same time, one per core.
# Usage: bash benchmarks/scripts/pyvrp_side_by_side.sh [SECONDS] [OUT.csv] [INSTANCE,...]
# Needs python3 with venv; PyVRP 0.14.1 is installed from PyPI into target/pyvrp-venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}; out=${2:-pyvrp-side-by-side.csv}; only=${3:-}
venv=target/pyvrp-venv
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q pyvrp==0.14.1; }
cargo build --release -q -p rota-cli
dir=benchmarks/solomon1987
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "instance,bks,rota,rota_gap_pct,rota_feasible,pyvrp,pyvrp_gap_pct,pyvrp_feasible" > "$out"
tail -n +2 "$dir/bks.csv" | while IFS=, read -r name _ bks _; do
  if [ -n "$only" ] && ! [[ ",$only," == *",$name,"* ]]; then continue; fi
  ./target/release/rota bench solomon "$dir" --only "$name" --time-limit "$secs" --threads 1 --seed 1 \
    --csv "$tmp/rota.csv" >/dev/null 2>"$tmp/rota.err" &
  rp=$!
  "$venv/bin/python" benchmarks/scripts/pyvrp_solomon.py "$dir/instances/$name.vrp" "$secs" 1 > "$tmp/py.csv" &
  pp=$!
  wait $rp || true; wait $pp
  IFS=, read -r _ pc pf _ < "$tmp/py.csv"
  rc=$(python3 -c "import csv,sys; r=next(csv.DictReader(open('$tmp/rota.csv'))); print(r['ours']+','+r['feasible'])")
  IFS=, read -r rcost rfeas <<< "$rc"
  python3 - "$name" "$bks" "$rcost" "$rfeas" "$pc" "$pf" >> "$out" <<'PY'
import sys
n, b, rc, rf, pc, pf = sys.argv[1:]
b = float(b); g = lambda c: 100 * (float(c) - b) / b
print(f"{n},{b},{rc},{g(rc):.3f},{rf},{pc},{g(pc):.3f},{pf}")
PY
  tail -1 "$out"
done
python3 - "$out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for who in ("rota", "pyvrp"):
    gaps = [float(r[f"{who}_gap_pct"]) for r in rows]
    print(f"{who}: mean gap {sum(gaps)/len(gaps):.3f}% over {len(gaps)} instances")
PY
