#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers, the configuration, the content
# files and the timestamp parser (fuzz/, cargo-fuzz + libFuzzer).
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]
#
# Runs each target (default: all four) for SECONDS (default 60), one after
# the other, one process each, and prints per target the executions, the
# coverage (libFuzzer's `cov:` edges and `ft:` features) and whether it found
# a crash. Needs a nightly toolchain (`rustup toolchain install nightly`)
# and cargo-fuzz (`cargo install cargo-fuzz`); the normal build, tests and CI
# do not.
#
# The seed corpus is copied from the repository's fixtures and demo content
# into fuzz/corpus/<target>/ (ignored by git), where libFuzzer also keeps
# what it finds, so a second run starts where the first stopped. A crash
# goes to fuzz/artifacts/<target>/; replay it with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/crash-…
# Logs: fuzz/logs/<target>.log. FUZZ_BUILD=0 skips the build and runs the
# targets built last (to fuzz one state while the sources change).
set -euo pipefail
cd "$(dirname "$0")/.."
export ASAN_OPTIONS="detect_odr_violation=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(read_data_file parse_config content_page timestamp_oracle)
fi

# Copies a file into a corpus folder, cut to its first $2 bytes.
seed() { # corpus max file...
  local dir=$1 max=$2
  shift 2
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] || continue
    head -c "$max" "$f" >"$dir/seed-$(printf '%s' "$f" | tr '/ ' '__')"
  done
}

seed_corpus() { # target
  local dir=fuzz/corpus/$1
  case $1 in
    read_data_file)
      mapfile -t files < <(find tests/fixtures/formats tests/fixtures/sites/*/content \
        content/reviews content/responses content/requests \
        scaffold/content/reviews scaffold/content/responses scaffold/content/requests \
        -type f ! -name '*.md' 2>/dev/null | sort)
      seed "$dir" 8192 "${files[@]}" ;;
    parse_config)
      seed "$dir" 8192 reputable.yaml scaffold/reputable.yaml tests/fixtures/sites/*/reputable.yaml ;;
    content_page)
      mapfile -t files < <(find content scaffold/content -name '*.md' ! -name README.md | sort)
      seed "$dir" 8192 "${files[@]}" ;;
    timestamp_oracle)
      mkdir -p "$dir"
      local i=0 ts
      for ts in 2026-03-04T09:30:00Z 2025-09-22T19:33:02.610672Z 2026-03-04T15:00:00+05:30 \
        2026-03-04T09:30:00+0000 2026-03-04T04:30:00-0500 '2026-03-04 09:30:00' \
        2026-03-04T09:30:00 2026-03-04T09:30:00.5 2026-03-04 1772616600 20260304 \
        -86400 2026-03-04T09:30:00+05 '2026-03-04 10:00:00 ' 2024-02-29T23:59:59-12:00 \
        '2026-03-04T09:30:00-05:00[America/New_York]' 9999-12-31T23:59:59Z; do
        printf '%s' "$ts" >"$dir/seed-$i"
        i=$((i + 1))
      done ;;
  esac
}

max_len() {
  case $1 in
    timestamp_oracle) echo 64 ;;
    parse_config) echo 4096 ;;
    *) echo 8192 ;;
  esac
}

dict() {
  case $1 in
    read_data_file) echo fuzz/dict/data.dict ;;
    parse_config) echo fuzz/dict/config.dict ;;
    content_page) echo fuzz/dict/content.dict ;;
    timestamp_oracle) echo fuzz/dict/timestamp.dict ;;
  esac
}

if [ "${FUZZ_BUILD:-1}" != 0 ]; then
  (cd fuzz && cargo +nightly fuzz build -O 2>&1 | tail -3) >&2
fi
bin_dir=fuzz/target/x86_64-unknown-linux-gnu/release
mkdir -p fuzz/logs
summary=()
status=0
for t in "${targets[@]}"; do
  seed_corpus "$t"
  log=fuzz/logs/$t.log
  echo "fuzzing $t for ${seconds}s (log: $log)" >&2
  set +e
  mkdir -p "fuzz/artifacts/$t"
  "$bin_dir/$t" -artifact_prefix="fuzz/artifacts/$t/" \
    -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=10 \
    -rss_limit_mb=2048 -dict="$(dict "$t")" -print_final_stats=1 \
    "fuzz/corpus/$t" >"$log" 2>&1
  code=$?
  set -e
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(printf '%s' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
  ft=$(printf '%s' "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
  corp=$(printf '%s' "$last" | sed -n 's/.*corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p')
  if [ "$code" -eq 0 ]; then
    found="no crash"
  else
    found="FOUND A CRASH (exit $code): $(grep -m1 -E 'panicked|ERROR: libFuzzer|SUMMARY' "$log" || true)"
    status=1
  fi
  summary+=("$(printf '%-17s %4ss  execs %-10s cov %-6s ft %-7s corpus %-10s %s' \
    "$t" "$seconds" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found")")
done
printf '%s\n' "${summary[@]}"
exit $status
