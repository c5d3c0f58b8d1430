#!/usr/bin/env bash
# reputable build against the tools an analyst would pick instead (polars,
# DuckDB, pandas), on the same data, computing the same SPEC §4.3 figures.
#
#   scripts/bench-peers.sh [N] [RUNS]      (default: 1000000 reviews, 5 runs)
#
# Generates the project once with ../shared/bench/benchdata.py (N reviews as
# generic JSON Lines, about 0.85 N log rows as CSV; kept in
# target/bench-peers/N), builds the release binary, then runs `reputable
# build` and each peer in turn, RUNS times, alternating (each run starting
# with the next tool) so that a noisy machine slows all of them alike.
# Prints each one's median wall time, median CPU time (user + system) and
# peak memory (/usr/bin/time), the ratio of the fastest peer's median to
# reputable's, and whether every figure agrees (scripts/bench_agree.py
# compares data/metrics.json with each peer's output).
#
# Needs: python3 with `pip install polars duckdb pandas pyyaml`; GNU time.
# PEERS="polars duckdb" leaves pandas out (about 15 s a run at 1M).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-5}
PEERS=${PEERS:-polars duckdb pandas}
SHARED=${SHARED:-../shared/bench}
DIR=target/bench-peers/$N
BIN=target/release/reputable

python3 -c 'import polars, duckdb, pandas, yaml' 2>/dev/null || {
  echo "the peers need: pip install polars duckdb pandas pyyaml" >&2
  exit 2
}
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }

cargo build --release --quiet
if [ ! -f "$DIR.asof" ]; then
  echo "generating $N reviews in $DIR ..." >&2
  rm -rf "$DIR"
  mkdir -p "$DIR"
  python3 "$SHARED/benchdata.py" "$DIR/project" "$N" > "$DIR.asof.tmp"
  mv "$DIR.asof.tmp" "$DIR.asof"
fi
ASOF=$(cat "$DIR.asof")
RESULTS=$DIR/results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

run() { # name command...
  local name=$1; shift
  /usr/bin/time -f '%e %M %U %S' -o "$RESULTS/$name.time" "$@" > /dev/null 2> "$RESULTS/$name.err" || {
    echo "$name failed:" >&2; cat "$RESULTS/$name.err" >&2; exit 1; }
  cat "$RESULTS/$name.time" >> "$RESULTS/$name.all"
}

one() { # tool
  case $1 in
    reputable) run reputable "$BIN" build --quiet --root "$DIR/project" --as-of "$ASOF" -o "$DIR/output" ;;
    *) run "$1" python3 "$SHARED/peer_$1.py" "$DIR/project" "$ASOF" "$RESULTS/$1.json" ;;
  esac
}
TOOLS=(reputable $PEERS)
for i in $(seq "$RUNS"); do
  echo "run $i of $RUNS" >&2
  # Each run starts with the next tool, so none always follows the same one
  # (a run after pandas' 2 GB finds the machine's memory in another state).
  for k in $(seq 0 $((${#TOOLS[@]} - 1))); do
    one "${TOOLS[$(( (i - 1 + k) % ${#TOOLS[@]} ))]}"
  done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '%-10s %10s %10s %12s   %s\n' tool "median s" "cpu s" "peak MiB" "figures"
best=""
disagree=""
for t in reputable $PEERS; do
  s=$(cut -d' ' -f1 "$RESULTS/$t.all" | median)
  kb=$(cut -d' ' -f2 "$RESULTS/$t.all" | sort -n | tail -1)
  # User plus system seconds: when every tool's wall time moves with the
  # machine's state, this says whether the work did.
  cpu=$(awk '{printf "%.2f\n", $3 + $4}' "$RESULTS/$t.all" | median)
  agree="-"
  if [ "$t" != reputable ]; then
    agree=$(python3 scripts/bench_agree.py "$DIR/output/data/metrics.json" "$RESULTS/$t.json" | tail -1) ||
      disagree="$disagree $t"
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$s; fi
  else
    ours=$s
  fi
  printf '%-10s %10s %10s %12d   %s\n' "$t" "$s" "$cpu" "$((kb / 1024))" "$agree"
done
echo "fastest peer / reputable: $(awk -v b="$best" -v o="$ours" 'BEGIN{printf "%.2f", b/o}')x (>= 2 is the aim)"
if [ -n "$disagree" ]; then
  echo "the figures of$disagree disagree with data/metrics.json" >&2
  exit 1
fi
