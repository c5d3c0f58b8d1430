#!/usr/bin/env bash
# Kills a large `reputable build` with SIGKILL at random moments and checks,
# after each kill, that the output folder is a whole site: the one before or
# the one being built (each build gets its own --as-of, so metrics.json
# tells which), every file its marker lists is there and nothing else,
# index.html and data/metrics.json are present and parse, and temporary
# folders never pile up. A last, unkilled build must leave no temporary
# folder and no lock file behind.
#
#   scripts/kill-loop.sh                       # 20 kills, 200,000 reviews
#   KILLS=4 ROWS=50000 scripts/kill-loop.sh    # a quick run
#   SEED=3 scripts/kill-loop.sh                # other kill moments
#
# Odd kills fall anywhere in a build; even ones while it writes the site
# and swaps it into place (0-15 ms after its temporary folder appears).
set -euo pipefail
cd "$(dirname "$0")/.."

kills=${KILLS:-20}
rows=${ROWS:-200000}
RANDOM=${SEED:-1}

command -v python3 >/dev/null || { echo "python3 is needed to check the site" >&2; exit 1; }
cargo build --release --quiet --bin reputable --example generate
bin=$PWD/target/release/reputable
gen=$PWD/target/release/examples/generate

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
proj=$work/proj
out=$proj/output
"$gen" --seed 7 --reviews "$rows" --out "$proj" >/dev/null

# Prints the as-of of the site in $out, or fails saying what is wrong.
check_site() {
    python3 - "$out" <<'EOF'
import json, os, sys
out = sys.argv[1]
if not os.path.isdir(out):
    sys.exit("no output folder")
marker = os.path.join(out, ".reputable-output")
if os.path.islink(marker) or not os.path.isfile(marker):
    sys.exit("no marker file")
lines = open(marker, encoding="utf-8").read().splitlines()
if not lines or lines[0] != "reputable-output/2":
    sys.exit("the marker's first line is %r" % (lines[:1],))
listed = {l for l in lines[1:] if l and not l.startswith("#")}
present = set()
for d, _, files in os.walk(out):
    for f in files:
        present.add(os.path.relpath(os.path.join(d, f), out).replace(os.sep, "/"))
present.discard(".reputable-output")
if listed - present:
    sys.exit("%d listed files missing, e.g. %s" % (len(listed - present), sorted(listed - present)[0]))
if present - listed:
    sys.exit("%d unlisted files, e.g. %s" % (len(present - listed), sorted(present - listed)[0]))
for need in ("index.html", "data/metrics.json"):
    if need not in listed:
        sys.exit(need + " is missing")
if b"</html>" not in open(os.path.join(out, "index.html"), "rb").read():
    sys.exit("index.html is cut short")
metrics = json.load(open(os.path.join(out, "data/metrics.json"), encoding="utf-8"))
print(metrics["as_of"][:10], len(listed))
EOF
}

temps() {
    find "$proj" -maxdepth 1 -name '.output.reputable-*-*' -type d | wc -l
}

ms_now() { date +%s%3N; }

t0=$(ms_now)
"$bin" build --root "$proj" --quiet --as-of 2026-10-31T12:00:00-04:00
took=$(( $(ms_now) - t0 ))
result=$(check_site) || { echo "the first build is not a whole site: $result" >&2; exit 1; }
read -r visible files <<<"$result"
echo "$rows reviews; a whole build takes ${took} ms and writes $files files"
printf '%-4s %-9s %-10s %-10s %-8s %-6s %s\n' kill "after ms" "building" "visible" "site" temps "exit"

failures=0
max_temps=0
declare -A seen=()
for i in $(seq 1 "$kills"); do
    as_of=$(printf '2026-11-%02dT12:00:00-05:00' "$i")
    "$bin" build --root "$proj" --quiet --as-of "$as_of" &
    pid=$!
    t0=$(ms_now)
    if (( i % 2 )); then
        # Anywhere in the build.
        delay=$(( RANDOM * took / 32768 ))
        sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    else
        # While it writes: once its temporary folder appears, within 0-15 ms.
        while kill -0 "$pid" 2>/dev/null && ! compgen -G "$proj/.output.reputable-new-$pid-*" >/dev/null; do :; done
        sleep "0.0$(printf '%02d' $((RANDOM % 16)))"
        delay=$(( $(ms_now) - t0 ))
    fi
    kill -9 "$pid" 2>/dev/null || true
    code=0
    wait "$pid" 2>/dev/null || code=$?
    if result=$(check_site 2>&1); then
        read -r shown _ <<<"$result"
        if [[ $shown == "${as_of:0:10}" ]]; then
            state=new
        elif [[ $shown == "$visible" ]]; then
            state=previous
        else
            state="WRONG ($shown)"
            failures=$((failures + 1))
        fi
        visible=$shown
    else
        state="BROKEN: $result"
        failures=$((failures + 1))
    fi
    n=$(temps)
    (( n > max_temps )) && max_temps=$n
    if (( n > 2 )); then
        failures=$((failures + 1))
        state="$state; $n temporary folders"
    fi
    seen[$state]=$(( ${seen[$state]:-0} + 1 ))
    printf '%-4s %-9s %-10s %-10s %-8s %-6s %s\n' "$i" "$delay" "${as_of:0:10}" "$visible" "$state" "$n" \
        "$([[ $code == 137 ]] && echo killed || echo "finished ($code)")"
done

"$bin" build --root "$proj" --quiet --as-of 2026-12-01T12:00:00-05:00
result=$(check_site) || { echo "the last build is not a whole site: $result" >&2; exit 1; }
read -r visible files <<<"$result"
left=$(find "$proj" -maxdepth 1 -name '.output.reputable-*' | wc -l)
echo "after a last build: site as of $visible, $files files, $left temporary folders or lock files left"
(( left == 0 )) || failures=$((failures + 1))
summary=""
for k in "${!seen[@]}"; do summary+="$k: ${seen[$k]}; "; done
echo "kills: $kills; visible site after the kill: ${summary}most temporary folders at once: $max_temps"
if (( failures )); then
    echo "FAILED: $failures checks" >&2
    exit 1
fi
echo "ok: the output folder held a whole site after every kill"
