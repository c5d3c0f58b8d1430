#!/usr/bin/env bash
# Save-to-reload latency of `reputable serve` on the demo: the time from
# writing content/policy.md (or a training page) to the `reload` event an
# open page receives, and to that page fetched again, as a browser does.
# A measurement, not a test: run it on the machine you care about.
#
#   scripts/serve-latency.sh            # release binary, 5 saves of each file
#   BIN=target/debug/reputable ROUNDS=3 scripts/serve-latency.sh
#
# Works on a copy of the demo in a temp folder, which it removes; stops the
# server it started with Ctrl-C (SIGINT) and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/reputable}
ROUNDS=${ROUNDS:-5}
[ -x "$BIN" ] || cargo build --release
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }

work=$(mktemp -d)
server=""
reader=""
cleanup() {
  [ -n "$reader" ] && kill "$reader" 2>/dev/null || true
  [ -n "$server" ] && kill -INT "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir "$work/demo"
cp -r reputable.yaml content "$work/demo/"
for d in templates themes; do [ -d "$d" ] && cp -r "$d" "$work/demo/"; done

"$BIN" serve --root "$work/demo" --port 0 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 600); do
  grep -q '^serving http' "$work/serve.log" 2>/dev/null && break
  sleep 0.1
done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/serve.log" | head -1)
[ -n "$url" ] || { cat "$work/serve.log" >&2; exit 1; }

# The open page: every event line with the time it arrived (ns).
curl -sN "${url}__reputable/events" | while IFS= read -r line; do
  printf '%s %s\n' "$(date +%s%N)" "$line"
done >"$work/events.log" &
reader=$!
for _ in $(seq 1 100); do grep -q 'event: hello' "$work/events.log" 2>/dev/null && break; sleep 0.05; done

reloads=0
measure() { # file page
  local file=$1 page=$2 i t0 t1 t2 n
  for i in $(seq 1 "$ROUNDS"); do
    sleep 0.5
    t0=$(date +%s%N)
    printf '\nEdited for the latency run, round %s.\n' "$i" >>"$work/demo/$file"
    reloads=$((reloads + 1))
    for _ in $(seq 1 2000); do
      n=$(grep -c 'event: reload' "$work/events.log" || true)
      [ "$n" -ge "$reloads" ] && break
      sleep 0.005
    done
    t1=$(grep 'event: reload' "$work/events.log" | sed -n "${reloads}p" | cut -d' ' -f1)
    curl -s -o /dev/null "${url}${page}"
    t2=$(date +%s%N)
    printf '%-32s round %s: reload event %4d ms, page fetched %4d ms after the save\n' \
      "$file" "$i" $(((t1 - t0) / 1000000)) $(((t2 - t0) / 1000000))
  done
}
measure content/policy.md policy/
measure content/training/billing-dispute.md training/billing-dispute/
echo "server's own timings:"
grep '^built in' "$work/serve.log"
