#!/usr/bin/env bash
# Leader changes over one long run with no fault: one fresh three-member cluster (Release build) loaded by <clients>
# closed-loop clients through the leader for <minutes>. Every 2 s each member's term, role and leader are sampled
# (`GET /cluster/status`); at the end the script prints the leaders and terms seen after the warm-up, the candidacies
# in the members' logs (DotNext's own messages), the machine's stalls (a 10 ms sleep that overslept by more than
# 30 ms) and the load's result. It keeps everything in the folder it prints. Exit 0 when no leader or term changed
# and no write failed, 1 otherwise.
# Usage: bench/faults/leader-changes-soak.sh [minutes=60] [clients=64]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/civictrust-leader.sh
. bench/lib/civictrust-leader.sh
# shellcheck source=../lib/civictrust-release.sh
. bench/lib/civictrust-release.sh
minutes=${1:-60} clients=${2:-64}
for n in "$minutes" "$clients"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/faults/leader-changes-soak.sh [minutes=60] [clients=64] (positive whole numbers, not '$n')" >&2; exit 2; }
done

civictrust_build_release

work=$(mktemp -d /tmp/civictrust-soak.XXXXXX) helpers=()
cleanup() {
  [ ${#helpers[@]} -eq 0 ] || kill "${helpers[@]}" 2> /dev/null || true
  scripts/local-cluster.sh down "$work" > /dev/null 2>&1 || true
}
trap cleanup EXIT
echo "leader-changes-soak: $minutes min of $clients clients; everything is kept in $work"

Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__SingleLine=true \
Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss.fff " Logging__LogLevel__DotNext=Information \
  scripts/local-cluster.sh up "$work" 5751 5752 5753 > /dev/null
leader=$(civictrust_wait_for_leader 5751) || { echo "leader-changes-soak: no leader after 20 s; logs in $work" >&2; exit 1; }

vmstat -t 5 > "$work/vmstat.txt" &
helpers+=($!)
python3 bench/lib/stall-probe.py "$work/stalls.txt" &
helpers+=($!)
# One line per member every 2 s: time, port, term, role, leader (a member that does not answer is written as such).
python3 - "$work/status.txt" <<'PY' &
import json, sys, time, urllib.request
with open(sys.argv[1], "w", buffering=1) as out:
    while True:
        for port in (5751, 5752, 5753):
            try:
                s = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/cluster/status", timeout=1))
                out.write(f"{time.time():.3f} {port} {s['term']} {s['role']} {s.get('leader') or '-'}\n")
            except Exception as e:
                out.write(f"{time.time():.3f} {port} - unreachable {type(e).__name__}\n")
        time.sleep(2)
PY
helpers+=($!)

warmup=15
loaded_from=$(date -d "+$warmup seconds" +%H:%M:%S.%3N) measured_from=$(( $(date +%s) + warmup ))
# A failed write makes the load exit 1; that is part of what is looked for, so the script goes on to report it.
CIVICTRUST_API_KEY=$(cat "$work/issuer-key") dotnet bench/Throughput/bin/Release/net10.0/Throughput.dll \
  --target civictrust --urls "$leader" --clients "$clients" --seconds $((minutes * 60)) --warmup "$warmup" \
  > "$work/load.txt" 2>&1 && load_ok=1 || load_ok=0
kill "${helpers[@]}" 2> /dev/null || true
wait "${helpers[@]}" 2> /dev/null || true
helpers=()
final=$(curl -s -m 2 "${leader%/}/cluster/status" || true)

candidacies=$(awk -v from="$loaded_from" '$1 >= from && /candidate in term/' "$work"/node-*.log | wc -l)
python3 - "$work/status.txt" "$measured_from" "$candidacies" "$(wc -l < "$work/stalls.txt")" "$load_ok" "$final" "$(tail -1 "$work/load.txt")" <<'PY'
import json, sys
lines = [l.split() for l in open(sys.argv[1])]
since = float(sys.argv[2])
seen = [l for l in lines if float(l[0]) >= since]
terms = sorted({int(l[2]) for l in seen if l[2] != "-"})
leaders = sorted({l[4] for l in seen if l[3] != "unreachable" and l[4] != "-"})
unreachable = sum(1 for l in seen if l[3] == "unreachable")
leaderless = sum(1 for l in seen if l[3] != "unreachable" and l[4] == "-")
final = json.loads(sys.argv[6]) if sys.argv[6] else {}
print(f"load: {sys.argv[7]}")
print(f"documents committed: {final.get('documents', '?')}, log entries: {final.get('commitIndex', '?')}")
print(f"terms seen after the warm-up: {terms}; leaders: {leaders}")
print(f"member samples without a leader: {leaderless}; unanswered: {unreachable} (of {len(seen)})")
print(f"candidacies in the members' logs: {sys.argv[3]}; machine stalls over 30 ms: {sys.argv[4]}")
changed = len(terms) > 1 or len(leaders) > 1
print("leader or term changed: " + ("YES" if changed else "no") + "; failed writes: " + ("none" if sys.argv[5] == "1" else "YES (see load.txt)"))
sys.exit(1 if changed or sys.argv[5] != "1" else 0)
PY
