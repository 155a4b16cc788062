#!/usr/bin/env python3
"""Leader failover, CivicTrust and etcd side by side: on one three-member cluster of each, SIGKILL the leader N times,
each time measuring how long until both survivors agree on a new leader, then restart the killed member on its data
directory and wait until it has caught up before the next kill. Prints min/p50/p95/max per system and writes them to
a JSON file.

Usage: bench/compare/failover.py [kills=20] [output=bench/results/failover.json]
Needs the Release node (dotnet build src/CivicTrust.Node -c Release) and etcd (side-by-side.sh installs it).
CivicTrust runs on 127.0.0.1:5721-5723 (scripts/local-cluster.sh), etcd on 127.0.0.1:23891-23893 (peers 23991-3).
"""
import json, os, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
from standalone import ROOT, SCRIPT, status, wait_for  # noqa: E402


def post_json(url, body, timeout=0.3):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


class CivicTrust:
    name = "civictrust"
    ports = [5721, 5722, 5723]

    def __init__(self, directory):
        self.dir = directory
        self.script = SCRIPT
        subprocess.run([self.script, "up", directory, *map(str, self.ports)], check=True, capture_output=True)

    def status(self, port):
        """(leader id or None, applied index) as the member at port sees it, or None if it does not answer."""
        s = status(port, timeout=0.3)
        return (s["leader"], s["lastApplied"]) if s else None

    def leader_port(self, leader):
        return int(leader.rsplit(":", 1)[1]) if leader else None

    def pid(self, port):
        with open(os.path.join(self.dir, f"node-{port}.pid")) as file:
            return int(file.read())

    def restart(self, port):
        subprocess.run([self.script, "start", self.dir, str(port)], check=True, capture_output=True)

    def write(self, port, serial):
        try:
            post_json(f"http://127.0.0.1:{port}/documents", {"issuer": "bench", "content": {"failover": serial, "at": time.time()}}, timeout=3)
        except Exception:
            pass

    def down(self):
        subprocess.run([self.script, "down", self.dir], capture_output=True)


class Etcd:
    name = "etcd"
    ports = [23891, 23892, 23893]

    def __init__(self, directory):
        self.dir = directory
        self.processes = {}
        self.cluster = ",".join(f"e{i}=http://127.0.0.1:{23991 + i - 1}" for i in (1, 2, 3))
        self.ids = {}
        for port in self.ports:
            self.restart(port, "new")

    def restart(self, port, state="existing"):
        i = self.ports.index(port) + 1
        peer = 23991 + i - 1
        log = open(os.path.join(self.dir, f"etcd-{i}.log"), "a")
        self.processes[port] = subprocess.Popen(
            ["etcd", "--name", f"e{i}", "--data-dir", os.path.join(self.dir, f"e{i}"),
             "--listen-client-urls", f"http://127.0.0.1:{port}", "--advertise-client-urls", f"http://127.0.0.1:{port}",
             "--listen-peer-urls", f"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
             "--initial-cluster", self.cluster, "--initial-cluster-state", state],
            stdout=log, stderr=log, start_new_session=True)

    def status(self, port):
        try:
            s = post_json(f"http://127.0.0.1:{port}/v3/maintenance/status", {})
            self.ids[port] = s["header"]["member_id"]
            return (s.get("leader"), int(s.get("raftIndex", 0)))
        except Exception:
            return None

    def leader_port(self, leader):
        return next((p for p, i in self.ids.items() if i == leader), None)

    def pid(self, port):
        return self.processes[port].pid

    def write(self, port, serial):
        import base64
        key = base64.b64encode(f"/failover/{serial}".encode()).decode()
        try:
            post_json(f"http://127.0.0.1:{port}/v3/kv/put", {"key": key, "value": key}, timeout=3)
        except Exception:
            pass

    def down(self):
        for process in self.processes.values():
            process.kill()
            process.wait()


def agreed(system, ports, excluded=None):
    statuses = [system.status(p) for p in ports]
    if any(s is None for s in statuses):
        return None
    leaders = {s[0] for s in statuses}
    if len(leaders) != 1:
        return None
    leader = leaders.pop()
    port = system.leader_port(leader)
    return port if leader and port and port != excluded else None


def caught_up(system):
    statuses = [system.status(p) for p in system.ports]
    return all(s is not None for s in statuses) and len({s[0] for s in statuses}) == 1 and max(s[1] for s in statuses) - min(s[1] for s in statuses) <= 1


def measure(system_type, kills):
    directory = tempfile.mkdtemp(prefix=f"civictrust-failover-{system_type.name}.")
    system = system_type(directory)
    times = []
    try:
        if not wait_for(lambda: agreed(system, system.ports), 30, 0.01):
            raise RuntimeError(f"{system.name}: no leader")
        for kill in range(kills):
            leader = wait_for(lambda: agreed(system, system.ports), 30, 0.01)
            for serial in range(20):  # something to replicate, so the kill lands on a cluster that has written
                system.write(leader, f"{kill}-{serial}")
            survivors = [p for p in system.ports if p != leader]
            os.kill(system.pid(leader), signal.SIGKILL)
            killed = time.monotonic()
            if not wait_for(lambda: agreed(system, survivors, excluded=leader), 30, 0.01):
                raise RuntimeError(f"{system.name}: no new leader within 30 s of kill {kill + 1}")
            times.append((time.monotonic() - killed) * 1000)
            print(f"{system.name} kill {kill + 1}: survivors agreed after {times[-1]:.0f} ms", flush=True)
            system.restart(leader)
            if not wait_for(lambda: caught_up(system), 60, 0.05):
                raise RuntimeError(f"{system.name}: the restarted member did not catch up within 60 s")
        return times
    finally:
        system.down()
        shutil.rmtree(directory, ignore_errors=True)


def summary(times):
    ordered = sorted(times)
    return {"kills": len(ordered), "min_ms": round(ordered[0]), "p50_ms": round(statistics.median(ordered)),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]), "max_ms": round(ordered[-1])}


def main():
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "bench", "results", "failover.json")
    results = {}
    for system_type in (CivicTrust, Etcd):
        results[system_type.name] = summary(measure(system_type, kills))
    with open(output, "w") as file:
        json.dump(results, file, indent=2)
    print("| system | kills | min | p50 | p95 | max |")
    print("|---|---|---|---|---|---|")
    for name, s in results.items():
        print(f'| {name} | {s["kills"]} | {s["min_ms"]} ms | {s["p50_ms"]} ms | {s["p95_ms"]} ms | {s["max_ms"]} ms |')


if __name__ == "__main__":
    main()
