#!/usr/bin/env bash
# Runs the ingest benchmark (benches/ingest.rs) and reports the whole
# process's maximum RSS as /usr/bin/time measures it, besides the per-phase
# peaks the benchmark prints itself.
#
#   scripts/bench.sh                              # 1,000,000 reviews + 1,000,000 log rows
#   REPUTABLE_BENCH_ROWS=100000 scripts/bench.sh  # a quick run
set -euo pipefail
cd "$(dirname "$0")/.."

# Build first, so compilation is neither timed nor measured.
bin=$(cargo bench --bench ingest --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\)).*/\1/p' | tail -n 1)
if [[ -z "$bin" || ! -x "$bin" ]]; then
    echo "could not find the ingest bench executable" >&2
    exit 1
fi

if [[ -x /usr/bin/time ]]; then
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    # No peak reset inside the bench: it would reset what /usr/bin/time reads.
    REPUTABLE_BENCH_RESET_PEAK=0 /usr/bin/time -v -o "$log" "$bin" --bench
    echo "---"
    grep -E "Elapsed \(wall clock\)|Maximum resident set size|Percent of CPU" "$log" | sed 's/^[[:space:]]*//'
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    echo "max RSS of the whole run (generation included): $((kb / 1024)) MiB"
else
    echo "/usr/bin/time not found; running without it" >&2
    "$bin" --bench
fi
