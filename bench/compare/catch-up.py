#!/usr/bin/env python3
"""Catch-up, memory and disk of a CivicTrust cluster: kill a follower, issue N documents without it, restart it on its
data directory and time how long until it has applied everything the leader has; then each node's peak RSS and the
write-ahead log's bytes per document.

Usage: bench/compare/catch-up.py [documents=10000] [output=bench/results/catch-up.json]
Needs the Release node and bench/Throughput (dotnet build -c Release src/CivicTrust.Node bench/Throughput).
The cluster runs on 127.0.0.1:5731-5733 (scripts/local-cluster.sh) and is removed afterwards.
"""
import json, os, shutil, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
from standalone import ROOT, SCRIPT, pid, status, wait_for  # noqa: E402

LOAD = os.path.join(ROOT, "bench", "Throughput", "bin", "Release", "net10.0", "Throughput.dll")
PORTS = [5731, 5732, 5733]


def peak_rss_mb(process_id):
    with open(f"/proc/{process_id}/status") as file:
        for line in file:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def directory_bytes(path):
    return sum(os.path.getsize(os.path.join(root, name)) for root, _, names in os.walk(path) for name in names)


def main():
    documents = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "bench", "results", "catch-up.json")
    directory = tempfile.mkdtemp(prefix="civictrust-catch-up.")
    subprocess.run([SCRIPT, "up", directory, *map(str, PORTS)], check=True, capture_output=True)
    try:
        leader_url = wait_for(lambda: (status(PORTS[0]) or {}).get("leader"), 30)
        leader = int(leader_url.rsplit(":", 1)[1])
        follower = next(p for p in PORTS if p != leader)
        os.kill(pid(directory, follower), signal.SIGKILL)
        key = open(os.path.join(directory, "issuer-key")).read().strip()
        subprocess.run(["dotnet", LOAD, leader_url, str(documents), "64"], check=True, env={**os.environ, "CIVICTRUST_API_KEY": key})
        target = status(leader)["lastApplied"]
        subprocess.run([SCRIPT, "start", directory, str(follower)], check=True, capture_output=True)
        started = time.monotonic()
        answered = wait_for(lambda: status(follower), 60, 0.01) and time.monotonic()
        wait_for(lambda: (status(follower) or {}).get("lastApplied", 0) >= target, 120, 0.01)
        caught_up = time.monotonic()
        result = {
            "documents_missed": documents,
            "leader_last_applied": target,
            "restart_to_answering_ms": round((answered - started) * 1000),
            "restart_to_caught_up_ms": round((caught_up - started) * 1000),
            "peak_rss_mb": {str(p): round(peak_rss_mb(pid(directory, p)), 1) for p in PORTS},
            "wal_bytes_per_document": {str(p): round(directory_bytes(os.path.join(directory, f"node-{p}")) / max(1, status(p)["documents"]))
                                       for p in PORTS},
        }
    finally:
        subprocess.run([SCRIPT, "down", directory], capture_output=True)
        shutil.rmtree(directory, ignore_errors=True)
    with open(output, "w") as file:
        json.dump(result, file, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
