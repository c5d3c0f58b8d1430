#!/usr/bin/env bash
# Bounded cost on hostile input (issue 10, part 7): time and peak memory of
# one `reputable build` of a small project made hostile in one way:
#
#   org   an organisation name of ORG_MB megabytes (default 10)
#   text  one review whose text is TEXT_MB megabytes (default 50)
#   json  a Google reviews document of JSON_MB megabytes on a single line
#         (default 300): minified, as API responses often are
#   author  one review whose reviewer name is TEXT_MB megabytes, answered
#         in the log (the lint looks for the name in the reply)
#
# plus the same project untouched, for comparison. Each case runs in a temp
# project made by `reputable init`; the hostile file is generated there.
#
#   scripts/bench-hostile.sh [BINARY] [CASE ...]
#
# BINARY defaults to target/release/reputable (`cargo build --release`
# first). Prints, per case: exit status, wall time, peak resident memory
# (`/usr/bin/time -v`), the input's size, the output folder's size and the
# build's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/release/reputable}")
shift || true
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(baseline org text author json)
ORG_MB=${ORG_MB:-10}
TEXT_MB=${TEXT_MB:-50}
JSON_MB=${JSON_MB:-300}
[ -x "$bin" ] || { echo "no binary at $bin; run cargo build --release" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }
work=$(mktemp -d /tmp/bench-hostile.XXXXXX)
trap 'rm -rf "$work"' EXIT

make_case() { # case dir
  local proj=$2
  "$bin" init "$proj" >/dev/null 2>&1
  case $1 in
    baseline) ;;
    org)
      python3 - "$proj/reputable.yaml" "$ORG_MB" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
name = ("Riverside Family Health " * (mb * 1024 * 1024 // 24 + 1))[: mb * 1024 * 1024]
text = open(path).read().replace("organization: Example Family Practice", "organization: " + name.strip())
open(path, "w").write(text)
PY
      ;;
    text)
      python3 - "$proj/content/reviews/reviews.csv" "$TEXT_MB" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
words = "I waited for hours and nobody called me back, what a joke of a clinic. "
text = (words * (mb * 1024 * 1024 // len(words) + 1))[: mb * 1024 * 1024]
with open(path, "a") as f:
    f.write('google,huge-1,Main Street,Pat Q.,1,2026-10-20T10:00:00-05:00,"%s"\n' % text)
PY
      ;;
    author)
      python3 - "$proj/content" "$TEXT_MB" <<'PY'
import sys
content, mb = sys.argv[1], int(sys.argv[2])
name = ("Pat " * (mb * 1024 * 1024 // 4 + 1))[: mb * 1024 * 1024]
with open(content + "/reviews/reviews.csv", "a") as f:
    f.write('google,huge-author,Main Street,"%s",1,2026-10-20T10:00:00-05:00,"Waited an hour."\n' % name)
with open(content + "/responses/log.csv", "a") as f:
    f.write('google,huge-author,2026-10-20T12:00:00-05:00,reply,public,Manager,"Thank you for telling us."\n')
PY
      ;;
    json)
      python3 - "$proj/content/reviews/google-minified.json" "$JSON_MB" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
limit = mb * 1024 * 1024
stars = ["ONE", "TWO", "THREE", "FOUR", "FIVE"]
with open(path, "w") as f:
    f.write('{"reviews":[')
    n, size = 0, 12
    while size < limit:
        rec = ('{"name":"accounts/1/locations/Main Street/reviews/m%d","reviewId":"m%d",'
               '"reviewer":{"displayName":"Reviewer %d"},"starRating":"%s",'
               '"comment":"%s","createTime":"2026-%02d-%02dT%02d:%02d:00Z"}'
               % (n, n, n, stars[n % 5], ("Visit number %d went fine, thank you. " % n) * 20,
                  9 + n % 2, 1 + n % 28, n % 24, n % 60))
        f.write(("," if n else "") + rec)
        size += len(rec) + 1
        n += 1
    f.write('],"totalReviewCount":%d}' % n)
PY
      ;;
  esac
}

printf '%-9s %4s %9s %10s %10s %10s  %s\n' case exit seconds peak-MiB input-MB output-MB summary
for c in "${cases[@]}"; do
  proj=$work/$c
  make_case "$c" "$proj"
  input=$(du -sm "$proj" | cut -f1)
  set +e
  /usr/bin/time -v "$bin" build --root "$proj" --output "$work/out-$c" \
    >"$work/$c.out" 2>"$work/$c.err"
  code=$?
  set -e
  secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$c.err" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$c.err")
  out=$( [ -d "$work/out-$c" ] && du -sm "$work/out-$c" | cut -f1 || echo -)
  summary=$(grep -E '^(built|error|build)' "$work/$c.err" | head -2 | cut -c1-160 | tr '\n' ' ')
  printf '%-9s %4s %9s %10s %10s %10s  %s\n' "$c" "$code" "$secs" "$((peak / 1024))" \
    "$input" "$out" "$summary"
  rm -rf "$proj" "$work/out-$c"
done
