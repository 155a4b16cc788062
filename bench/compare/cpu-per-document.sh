#!/usr/bin/env bash
# CPU per document, per process: a fresh three-member CivicTrust cluster (Release build), <clients> closed-loop
# clients through the leader for 15 s after a warm-up (WARMUP), and each process's user and system time and context
# switches over 10 s of it (/proc/<pid>/stat, /proc/<pid>/task/*/status). Also prints how many documents each log
# entry carried (group commit). Extra arguments go to the nodes, e.g. --Cluster:MaxEntriesInFlight 2. Run it a few
# times, alternated with what it is compared to: the machine's speed varies from minute to minute.
# WARMUP (seconds, default 5) sets the warm-up before the 15 s of load; the 10 s measured start 3 s after it. Tiered
# compilation keeps recompiling for about 12 s of full load on a fresh node, so WARMUP=15 measures warm code.
# Usage: [WARMUP=5] bench/compare/cpu-per-document.sh [clients=64] [node arguments...]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/civictrust-leader.sh
. bench/lib/civictrust-leader.sh
# shellcheck source=../lib/civictrust-release.sh
. bench/lib/civictrust-release.sh
clients=${1:-64}
warmup=${WARMUP:-5}
[[ $warmup =~ ^[1-9][0-9]*$ ]] || { echo "cpu-per-document: WARMUP must be a positive whole number of seconds, not '$warmup'" >&2; exit 2; }
shift || true
work=$(mktemp -d /tmp/civictrust-cpu.XXXXXX)
cleanup() { scripts/local-cluster.sh down "$work" > /dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

civictrust_build_release
CIVICTRUST_NODE_ARGS="$*" scripts/local-cluster.sh up "$work" 5721 5722 5723 > /dev/null
leader=$(civictrust_wait_for_leader 5721) || { echo "cpu-per-document: no leader" >&2; exit 1; }

CIVICTRUST_API_KEY=$(cat "$work/issuer-key") dotnet bench/Throughput/bin/Release/net10.0/Throughput.dll \
  --target civictrust --urls "$leader" --clients "$clients" --seconds 15 --warmup "$warmup" --json "$work/load.json" > "$work/load.txt" &
load=$!
sleep $((warmup + 3))
client=$(pgrep -f "Throughput.dll --target civictrust --urls $leader" | head -1)
# user and system ticks of the process, then context switches summed over its threads (a thread that ends between the
# two samples drops out: under steady load the pool keeps its threads)
counters() { echo "$(awk '{print $14, $15}' "/proc/$1/stat") $(cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {n += $2} END {print n + 0}')"; }
sample() { for p in 5721 5722 5723; do echo "node-$p $(counters "$(cat "$work/node-$p.pid")")"; done; echo "load-generator $(counters "$client")"; }
before=$(sample)
sleep 10
after=$(sample)
wait "$load"
status=$(curl -s -m 2 "${leader%/}/cluster/status")
python3 - "$before" "$after" "$work/load.json" "$status" "$leader" "$(getconf CLK_TCK)" <<'PY'
import json, sys
before = {l.split()[0]: list(map(int, l.split()[1:])) for l in sys.argv[1].splitlines()}
after = {l.split()[0]: list(map(int, l.split()[1:])) for l in sys.argv[2].splitlines()}
loaded = json.load(open(sys.argv[3]))
run = (loaded if isinstance(loaded, list) else loaded.get("results", loaded))[-1]
status, tick = json.loads(sys.argv[4]), int(sys.argv[6])
rate = run["PerSecond"]
print(f"{rate:,.0f} docs/s, p99 {run['P99Ms']:.1f} ms, {status['documents'] / max(1, status['commitIndex']):.1f} documents per log entry; leader {sys.argv[5]}")
for name in before:
    user, system = ((after[name][i] - before[name][i]) / tick / 10 for i in (0, 1))
    switches = (after[name][2] - before[name][2]) / 10 / rate
    print(f"  {name}: {user:.2f} user + {system:.2f} system cores, {(user + system) * 1e6 / rate:.0f} µs and {switches:.2f} context switches per document")
PY
