#!/usr/bin/env python3
"""Hung-leader failover: SIGSTOP the leader of a fresh standalone cluster for a few seconds and measure how long the
two survivors take to agree on a new leader, then how long the old leader takes to step down after SIGCONT.

Usage: bench/faults/pause-leader.py [trials=5] [pause seconds=8]
Needs a built node (dotnet build src/CivicTrust.Node -c Release); clusters come from scripts/local-cluster.sh on
127.0.0.1:5401-5403 and are removed after each trial.
"""
import json, os, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
from standalone import SCRIPT, status  # noqa: E402

PORTS = [5401, 5402, 5403]


def agreed_leader(ports, excluded=None):
    statuses = [status(p) for p in ports]
    if not all(statuses) or len({s["leader"] for s in statuses}) != 1 or not statuses[0]["leader"]:
        return None
    leaders = [s for s in statuses if s["role"] == "leader"]
    if len(leaders) != 1 or (excluded and statuses[0]["leader"].endswith(f":{excluded}")):
        return None
    return leaders[0]


def trial(number, pause):
    directory = tempfile.mkdtemp(prefix="civictrust-pause.")
    subprocess.run([SCRIPT, "up", directory, *map(str, PORTS)], check=True, capture_output=True)
    try:
        deadline = time.time() + 30
        leader = None
        while not leader and time.time() < deadline:
            leader = agreed_leader(PORTS)
            time.sleep(0.05)
        if not leader:
            raise SystemExit("the cluster never agreed on a leader")
        old_port = int(leader["leader"].rsplit(":", 1)[1])
        survivors = [p for p in PORTS if p != old_port]
        os.kill(leader["pid"], signal.SIGSTOP)
        stopped = time.time()
        elected = None
        while elected is None and time.time() - stopped < pause:
            elected = agreed_leader(survivors, excluded=old_port)
            if elected is None:
                time.sleep(0.005)
        failover = time.time() - stopped if elected else None
        time.sleep(max(0.0, pause - (time.time() - stopped)))
        os.kill(leader["pid"], signal.SIGCONT)
        resumed = time.time()
        stepped_down = None
        while stepped_down is None and time.time() - resumed < 5:
            s = status(old_port)
            if s and s["role"] == "follower" and elected and s["leader"] == elected["leader"]:
                stepped_down = time.time() - resumed
            time.sleep(0.005)
        print(f"trial {number}: leader {old_port} (term {leader['term']}) SIGSTOPped for {pause} s; "
              + (f"survivors agreed on {elected['nodeId']} (term {elected['term']}) after {failover * 1000:.0f} ms; "
                 if elected else "NO new leader while it was paused; ")
              + (f"old leader a follower {stepped_down * 1000:.0f} ms after SIGCONT" if stepped_down is not None
                 else "old leader did not step down within 5 s of SIGCONT"), flush=True)
        return failover, stepped_down
    finally:
        subprocess.run([SCRIPT, "down", directory], capture_output=True)
        shutil.rmtree(directory, ignore_errors=True)
        time.sleep(0.5)


def main():
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    pause = float(sys.argv[2]) if len(sys.argv) > 2 else 8.0
    results = [trial(i + 1, pause) for i in range(trials)]
    failovers = sorted(f * 1000 for f, _ in results if f is not None)
    print(f"failover while paused: {len(failovers)} of {trials} trials elected a new leader", end="")
    if failovers:
        print(f"; min {failovers[0]:.0f} ms, p50 {statistics.median(failovers):.0f} ms, max {failovers[-1]:.0f} ms")
    else:
        print()
    return 0 if len(failovers) == trials else 1


if __name__ == "__main__":
    sys.exit(main())
