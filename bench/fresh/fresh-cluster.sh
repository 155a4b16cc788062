#!/usr/bin/env bash
# How fast a fresh cluster is from its first second: a new three-node cluster (Release, loopback, security on), then
# 64 closed-loop clients through the leader for 10 s right away (1 s of client warm-up, the shortest the load
# generator takes), then the same load again on the now warm cluster. Prints both rates and their ratio: the
# fresh-cluster target is a ratio of at least 0.90.
# The nodes inherit this script's DOTNET_ settings (the load generator does not), so runtime settings can be tried
# without a rebuild, e.g.
#   DOTNET_TieredPGO=0 bench/fresh/fresh-cluster.sh
# and CIVICTRUST_NODE_DLL names another build of the node (a ReadyToRun publish, say).
# Usage: bench/fresh/fresh-cluster.sh [runs=1] [seconds=10] [json file: every run's figures, for bench/run.sh]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/civictrust-leader.sh
. bench/lib/civictrust-leader.sh
runs=${1:-1}
seconds=${2:-10}
json=${3:-}
[[ $runs =~ ^[1-9][0-9]*$ && $seconds =~ ^[1-9][0-9]*$ ]] || { echo "fresh-cluster: runs and seconds must be positive whole numbers" >&2; exit 2; }
dotnet build bench/Throughput -c Release -v quiet -nologo > /dev/null
if [ -z "${CIVICTRUST_NODE_DLL:-}" ]; then
  dotnet build src/CivicTrust.Node -c Release -v quiet -nologo > /dev/null
  export CIVICTRUST_NODE_DLL=$PWD/src/CivicTrust.Node/bin/Release/net10.0/CivicTrust.Node.dll
fi

work=$(mktemp -d /tmp/civictrust-fresh.XXXXXX)
trap 'scripts/local-cluster.sh down "$work/cluster" 2>/dev/null || true; rm -rf "$work"' EXIT
rate() { python3 -c "import json,sys; r = json.load(open(sys.argv[1]))[-1]; print(round(r['Acknowledged'] / r['Seconds']))" "$1"; }

for run in $(seq 1 "$runs"); do
  rm -rf "$work/cluster" "$work"/*.json
  scripts/local-cluster.sh up "$work/cluster" 5741 5742 5743 > /dev/null
  leader=""
  for _ in $(seq 1 300); do leader=$(civictrust_leader_at 5741); [ -n "$leader" ] && break; sleep 0.1; done
  [ -n "$leader" ] || { echo "fresh-cluster: no leader" >&2; exit 1; }
  export CIVICTRUST_API_KEY; CIVICTRUST_API_KEY=$(cat "$work/cluster/issuer-key")
  # The settings tried are the nodes': the load generator runs without them.
  load() {
    env $(env | sed -n 's/^\(DOTNET_[A-Za-z0-9_]*\)=.*/-u \1/p') \
      dotnet bench/Throughput/bin/Release/net10.0/Throughput.dll --target civictrust --urls "$leader" --clients 64 --seconds "$seconds" "$@" > /dev/null
  }
  load --warmup 1 --json "$work/fresh.json"
  load --warmup 5 --json "$work/warm.json"
  fresh=$(rate "$work/fresh.json"); warm=$(rate "$work/warm.json")
  echo "run $run: fresh ${seconds} s ${fresh}/s, warm ${warm}/s, fresh/warm $(python3 -c "print(f'{$fresh / $warm:.2f}')")"
  echo "{\"fresh_per_second\": $fresh, \"warm_per_second\": $warm, \"seconds\": $seconds}" >> "$work/runs.jsonl"
  scripts/local-cluster.sh down "$work/cluster" > /dev/null
done

if [ -n "$json" ]; then
  python3 -c 'import json,sys; print(json.dumps({"runs": [json.loads(l) for l in open(sys.argv[1])]}, indent=2))' "$work/runs.jsonl" > "$json"
fi
