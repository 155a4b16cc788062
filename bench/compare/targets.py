#!/usr/bin/env python3
"""Adds a failover run (and a catch-up run) to a side-by-side result file and prints the performance issue's targets, each met or not,
from that one run: at least 2.8 times etcd's put rate with 64 clients through the leader at p99 <= 25 ms; failover
p50 <= 300 ms and max <= 700 ms; no election during the load (no fault is injected there).

Usage: bench/compare/targets.py <latest.json from side-by-side.sh> <failover.json from failover.py> [<catch-up.json>]
Exit code: 0 whether or not the targets are met (a benchmark reports, it does not gate); 2 on unreadable input.
"""
import json, sys

RATIO, P99_MS, FAILOVER_P50_MS, FAILOVER_MAX_MS = 2.8, 25, 300, 700


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1]) as file:
            run = json.load(file)
        with open(sys.argv[2]) as file:
            failover = json.load(file)
        leader64 = next(r for r in run["rows"] if r["path"] == "leader" and r["clients"] == 64)
        ours, theirs = leader64["civictrust"], leader64["etcd"]
        elections = run["elections_during_load"]["civictrust"]
        kills = failover["civictrust"]
        catch_up = None
        if len(sys.argv) == 4:
            with open(sys.argv[3]) as file:
                catch_up = json.load(file)
    except (OSError, ValueError, KeyError, StopIteration) as error:
        print(f"targets: cannot read the run ({error!r})", file=sys.stderr)
        return 2

    run["failover"] = failover
    if catch_up is not None:
        run["catch_up"] = catch_up
    with open(sys.argv[1], "w") as file:
        json.dump(run, file, indent=2)

    ratio = ours["PerSecond"] / theirs["PerSecond"]
    checks = [
        (f"64 clients: {ours['PerSecond']:,.0f} docs/s = {ratio:.2f}x etcd's {theirs['PerSecond']:,.0f} puts/s (need >= {RATIO}x)", ratio >= RATIO),
        (f"64 clients: p99 {ours['P99Ms']:.1f} ms (need <= {P99_MS} ms)", ours["P99Ms"] <= P99_MS),
        (f"failover: p50 {kills['p50_ms']} ms over {kills['kills']} kills (need <= {FAILOVER_P50_MS} ms)", kills["p50_ms"] <= FAILOVER_P50_MS),
        (f"failover: max {kills['max_ms']} ms (need <= {FAILOVER_MAX_MS} ms)", kills["max_ms"] <= FAILOVER_MAX_MS),
        (f"elections during the load: {elections} (need 0)", elections == 0),
    ]
    print(f"Targets, from this one run (commit {run.get('commit', '?')}):")
    for text, met in checks:
        print(f"  [{'MET' if met else 'NOT MET'}] {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
