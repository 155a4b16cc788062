#!/usr/bin/env python3
"""Merges side-by-side.sh's four result files into one JSON document and prints the Markdown table with ratios.

Usage: table.py <work dir> <seconds> <etcd version> <commit> <output json>
"""
import datetime, json, os, sys

work, seconds, etcd_version, commit, output = sys.argv[1:6]


def read(name):
    with open(os.path.join(work, name)) as file:
        return json.load(file)


rows = []
for path, suffix in (("leader", "leader.json"), ("all three", "all.json")):
    ours = read("civictrust-" + suffix)
    theirs = {r["Clients"]: r for r in read("etcd-" + suffix)}
    for result in ours:
        peer = theirs[result["Clients"]]
        rows.append({"path": path, "clients": result["Clients"], "civictrust": result, "etcd": peer})

elections = {name: int(open(os.path.join(work, f"{name}-elections")).read()) for name in ("civictrust", "etcd")}

wrk = None
if os.path.exists(os.path.join(work, "wrk-etcd.txt")):
    text = open(os.path.join(work, "wrk-etcd.txt")).read()
    rate = next((float(line.split()[1]) for line in text.splitlines() if line.startswith("Requests/sec:")), None)
    errors = sum(int(line.split()[-1]) for line in text.splitlines() if line.strip().startswith("Non-2xx"))
    p99 = next((line.split()[1] for line in text.splitlines() if line.strip().startswith("99%")), None)
    # wrk runs 64 connections against the leader: compared only when the run had a 64-client leader row.
    ours = next((r for r in read("etcd-leader.json") if r["Clients"] == 64), None)
    wrk = None if ours is None else {"connections": 64, "puts_per_second": rate, "p99": p99, "non_2xx": errors,
           "throughput_client_puts_per_second": ours["Acknowledged"] / ours["Seconds"]}

document = {
    "measured_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": commit,
    "machine": {"cores": os.cpu_count()},
    "seconds_per_run": int(seconds),
    "etcd": etcd_version,
    "rows": rows,
    "elections_during_load": elections,
    "load_generator_check": wrk,
}
with open(output, "w") as file:
    json.dump(document, file, indent=2)

print("| path | clients | CivicTrust docs/s | p50 / p99 / max ms | etcd puts/s | p50 / p99 / max ms | ratio |")
print("|---|---|---|---|---|---|---|")
for row in rows:
    ours, theirs = row["civictrust"], row["etcd"]
    rate = lambda r: r["Acknowledged"] / r["Seconds"]
    lat = lambda r: f'{r["P50Ms"]:.1f} / {r["P99Ms"]:.1f} / {r["MaxMs"]:.0f}'
    ratio = rate(ours) / rate(theirs) if rate(theirs) else float("nan")
    print(f'| {row["path"]} | {row["clients"]} | {rate(ours):,.0f} | {lat(ours)} | {rate(theirs):,.0f} | {lat(theirs)} | {ratio:.2f}x |')
failures = sum(r["civictrust"]["Failures"] + r["etcd"]["Failures"] for r in rows)
print(f"\n{seconds} s per run after a 5 s warm-up, one sitting, commit {commit}, {etcd_version}; failed writes: {failures}; "
      f"elections during the runs (no fault injected): CivicTrust {elections['civictrust']}, etcd {elections['etcd']}")
if wrk and wrk["puts_per_second"]:
    difference = (wrk["throughput_client_puts_per_second"] - wrk["puts_per_second"]) / wrk["puts_per_second"]
    print(f'load generator check, etcd leader, 64 clients: wrk {wrk["puts_per_second"]:,.0f} puts/s (p99 {wrk["p99"]}, non-2xx {wrk["non_2xx"]}), '
          f'bench/Throughput {wrk["throughput_client_puts_per_second"]:,.0f} puts/s ({difference:+.0%})')
