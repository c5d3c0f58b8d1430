#!/usr/bin/env python3
"""Compares the figures of a peer (polars, DuckDB, pandas) with reputable's
data/metrics.json: every figure the peer computes, month by month, overall,
per location and per platform. Counts are compared exactly, rates and hours
to a relative 1e-9 (the order of a sum of floats may differ).

usage: bench_agree.py METRICS.json PEER.json   -> exit 0 when all agree
"""
import json, math, sys


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def main():
    ours = {m["month"]: m for m in json.load(open(sys.argv[1]))["months"]}
    peer = json.load(open(sys.argv[2]))["months"]
    compared, bad = 0, []

    def walk(path, want, got):
        nonlocal compared
        if isinstance(want, dict):
            for k, v in want.items():
                if not isinstance(got, dict) or k not in got:
                    bad.append(f"{path}.{k}: missing in metrics.json")
                    continue
                walk(f"{path}.{k}", v, got[k])
        else:
            compared += 1
            if not close(want, got):
                bad.append(f"{path}: peer {want!r}, reputable {got!r}")

    for m in peer:
        mine = ours.get(m["month"])
        if mine is None:
            # A month the peer has and we do not is a disagreement, unless it is empty.
            bad.append(f"{m['month']}: missing in metrics.json")
            continue
        for part in ("overall", "by_location", "by_platform"):
            walk(f"{m['month']}.{part}", m[part], mine[part])
    # Months we report with reviews that the peer does not have.
    peer_months = {m["month"] for m in peer}
    for k, m in ours.items():
        if k not in peer_months and m["overall"]["reviews"] > 0:
            bad.append(f"{k}: only in metrics.json ({m['overall']['reviews']} reviews)")
    for b in bad[:20]:
        print("  " + b)
    print(f"{compared} figures compared, {len(bad)} disagree")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
