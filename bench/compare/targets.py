#!/usr/bin/env python3
"""Adds a failover run (and a catch-up and a fresh-cluster run) to a side-by-side result file and prints the performance
targets, each met or not, from that one run: at least 2.8 times etcd's put rate with 64 clients through the leader at
p99 <= 25 ms; one client at least etcd's rate, p50 at or below etcd's; failover p50 <= 300 ms and max <= 700 ms; no
election during the load (no fault is injected there); a fresh cluster's first seconds at >= 90 % of its warm rate.

Usage: bench/compare/targets.py <latest.json from side-by-side.sh> <failover.json from failover.py> [<catch-up.json> [<fresh.json from bench/fresh/fresh-cluster.sh>]]
Exit code: 0 whether or not the targets are met (a benchmark reports, it does not gate); 2 on unreadable input.
"""
import json, sys

RATIO, P99_MS, FAILOVER_P50_MS, FAILOVER_MAX_MS, ONE_CLIENT_RATIO, FRESH_SHARE = 2.8, 25, 300, 700, 1.0, 0.9


def main():
    if len(sys.argv) not in (3, 4, 5):
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1]) as file:
            run = json.load(file)
        with open(sys.argv[2]) as file:
            failover = json.load(file)
        leader64 = next(r for r in run["rows"] if r["path"] == "leader" and r["clients"] == 64)
        ours, theirs = leader64["civictrust"], leader64["etcd"]
        leader1 = next((r for r in run["rows"] if r["path"] == "leader" and r["clients"] == 1), None)
        elections = run["elections_during_load"]["civictrust"]
        kills = failover["civictrust"]
        catch_up = None
        if len(sys.argv) >= 4:
            with open(sys.argv[3]) as file:
                catch_up = json.load(file)
        fresh = None
        if len(sys.argv) == 5:
            with open(sys.argv[4]) as file:
                fresh = json.load(file)["runs"]
    except (OSError, ValueError, KeyError, StopIteration) as error:
        print(f"targets: cannot read the run ({error!r})", file=sys.stderr)
        return 2

    run["failover"] = failover
    if catch_up is not None:
        run["catch_up"] = catch_up
    if fresh is not None:
        run["fresh_cluster"] = fresh
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
    if leader1 is not None:
        one, etcd_one = leader1["civictrust"], leader1["etcd"]
        one_ratio = one["PerSecond"] / etcd_one["PerSecond"]
        checks.append((f"1 client: {one['PerSecond']:,.0f} docs/s = {one_ratio:.2f}x etcd's {etcd_one['PerSecond']:,.0f} puts/s (need >= {ONE_CLIENT_RATIO}x)",
                       one_ratio >= ONE_CLIENT_RATIO))
        checks.append((f"1 client: p50 {one['P50Ms']:.1f} ms against etcd's {etcd_one['P50Ms']:.1f} ms (need at or below)", one["P50Ms"] <= etcd_one["P50Ms"]))
    for i, r in enumerate(fresh or [], 1):
        share = r["fresh_per_second"] / r["warm_per_second"]
        checks.append((f"fresh cluster{f' (run {i})' if len(fresh) > 1 else ''}: first {r['seconds']} s at {r['fresh_per_second']:,.0f} docs/s = "
                       f"{share:.0%} of its warm {r['warm_per_second']:,.0f} (need >= {FRESH_SHARE:.0%})", share >= FRESH_SHARE))
    print(f"Targets, from this one run (commit {run.get('commit', '?')}):")
    for text, met in checks:
        print(f"  [{'MET' if met else 'NOT MET'}] {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
