"""What the Python benchmarks share about a standalone CivicTrust cluster (scripts/local-cluster.sh on loopback):
where the repository and the script are, a member's status, and waiting for a condition."""
import json, os, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "local-cluster.sh")


def status(port, timeout=0.5):
    """The member's /cluster/status as a dict, or None if it does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/cluster/status", timeout=timeout) as response:
            return json.load(response)
    except Exception:
        return None


def wait_for(condition, limit, interval=0.05):
    """condition()'s first truthy value within limit seconds; raises TimeoutError otherwise."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"not within {limit} s")


def pid(directory, port):
    """The pid local-cluster.sh recorded for the member on port."""
    with open(os.path.join(directory, f"node-{port}.pid")) as file:
        return int(file.read())
