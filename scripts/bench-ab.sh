#!/usr/bin/env bash
# Compares two builds of the ingest bench on this noisy machine: runs the
# pipeline of each (no floor) by turns, best of 3 per turn, and prints each
# side's median and best times, so a change is judged against runs made in
# the same minutes rather than against numbers from another hour.
#
#   B=$(cargo bench --bench ingest --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\)).*/\1/p')
#   cp "$B" /tmp/ingest-old     # before the change; then rebuild and:
#   scripts/bench-ab.sh /tmp/ingest-old "$B" 8 /tmp/bd
#
# Arguments: old binary, new binary, rounds (default 6), data folder
# (default /tmp/reputable-bench, generated on first use and kept).
set -euo pipefail
old=$1 new=$2 rounds=${3:-6} data=${4:-/tmp/reputable-bench}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for _ in $(seq "$rounds"); do
    for side in old new; do
        bin=${!side}
        line=$(REPUTABLE_BENCH_DATA=$data REPUTABLE_BENCH_RUNS=3 REPUTABLE_BENCH_FLOOR=0 "$bin" --bench | grep '^(b)')
        # "(b) load_files + analyse: T s (load L s = read R s + link K s, analyse A s); ..."
        echo "$side $(echo "$line" | sed -E 's/.*: ([0-9.]+) s \(load [0-9.]+ s = read ([0-9.]+) s \+ link ([0-9.]+) s, analyse ([0-9.]+) s\).*/\1 \2 \3 \4/')" | tee -a "$out"
    done
done
for side in old new; do
    grep "^$side " "$out" | sort -k2 -n | awk -v s="$side" '
        { t[NR] = $2; r[NR] = $3; k[NR] = $4; a[NR] = $5 }
        END { m = int((NR + 1) / 2)
              printf "%s: median %.3f s (best %.3f s); the median run: read %.3f, link %.3f, analyse %.3f\n", s, t[m], t[1], r[m], k[m], a[m] }'
done
