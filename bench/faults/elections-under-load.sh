#!/usr/bin/env bash
# Leader changes with no fault: <runs> fresh three-member clusters (Release build), each loaded by <clients> closed-loop
# clients through the leader for 35 s (15 s of warm-up, 20 s measured). A run in which any member became a candidate
# is kept for study: node logs with millisecond timestamps and DotNext's own messages (Information), `vmstat -t 1`, and
# a stall probe (a 10 ms sleep that overslept by more than 30 ms: the machine, not a member, stalled). Runs without a
# candidate are deleted. They are rare (about one in 25-35 runs here), so the default is 20 runs, about 13 minutes.
# Usage: bench/faults/elections-under-load.sh [runs=20] [clients=64]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/civictrust-leader.sh
. bench/lib/civictrust-leader.sh
# shellcheck source=../lib/civictrust-release.sh
. bench/lib/civictrust-release.sh
runs=${1:-20} clients=${2:-64}
for n in "$runs" "$clients"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/faults/elections-under-load.sh [runs=20] [clients=64] (positive whole numbers, not '$n')" >&2; exit 2; }
done

civictrust_build_release

work="" helpers=()
cleanup() {
  [ ${#helpers[@]} -eq 0 ] || kill "${helpers[@]}" 2> /dev/null || true
  [ -z "$work" ] || scripts/local-cluster.sh down "$work" > /dev/null 2>&1 || true
}
trap cleanup EXIT

kept=0
for run in $(seq "$runs"); do
  work=$(mktemp -d /tmp/civictrust-elections.XXXXXX)
  # Only the nodes get these: timestamps to line the members' logs up, and DotNext's transitions and warnings.
  Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__SingleLine=true \
  Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss.fff " Logging__LogLevel__DotNext=Information \
    scripts/local-cluster.sh up "$work" 5741 5742 5743 > /dev/null
  leader=$(civictrust_wait_for_leader 5741) || { echo "elections-under-load: run $run: no leader after 20 s; its logs are in $work" >&2; exit 1; }

  vmstat -t 1 > "$work/vmstat.txt" &
  helpers=($!)
  python3 bench/lib/stall-probe.py "$work/stalls.txt" &
  helpers+=($!)
  loaded_from=$(date +%H:%M:%S.%3N)
  # A failed write (exit 1) is part of what is being looked for: the run goes on.
  CIVICTRUST_API_KEY=$(cat "$work/issuer-key") dotnet bench/Throughput/bin/Release/net10.0/Throughput.dll \
    --target civictrust --urls "$leader" --clients "$clients" --seconds 20 --warmup 15 > "$work/load.txt" 2>&1 || true
  kill "${helpers[@]}" 2> /dev/null || true
  wait "${helpers[@]}" 2> /dev/null || true
  helpers=()
  scripts/local-cluster.sh down "$work" > /dev/null 2>&1 || true

  # Only once the load ran: a fresh cluster's first election is not what is looked for.
  candidates=$(awk -v from="$loaded_from" '$1 >= from && /candidate in term/' "$work"/node-*.log | wc -l)
  stalls=$(wc -l < "$work/stalls.txt")
  echo "run $run: $(tail -1 "$work/load.txt"); candidates: $candidates; machine stalls over 30 ms: $stalls"
  if [ "$candidates" -gt 0 ]; then
    kept=$((kept + 1))
    echo "  kept: $work"
  else
    rm -rf "$work"
  fi
  work=""
done
echo "$kept of $runs runs had a member become a candidate with no fault injected"
