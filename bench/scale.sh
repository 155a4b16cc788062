#!/usr/bin/env bash
# Years of issuance in one run: loads N documents (default 1,000,000) into a fresh standalone three-member cluster
# through the leader's API (64 closed-loop clients, every write through Raft), then measures what a cluster of that
# size costs and how its members come back: memory and disk per document, reads of old documents from a follower,
# a follower restarted on its data, all three restarted, and a follower whose disk was lost; then, up to 2 million
# documents (or with SCALE_DRILLS=1), one drill each of disk-loss, lagging-majority, follower-then-leader, kill-all and
# kill-new-leader against the loaded cluster. Memory is judged at 10 million: below that, projected from the slope of
# RSS over the load's second half. Prints a table with the targets and MET / NOT MET, and writes
# bench/results/scale-<N>.json.
#
#   bench/scale.sh [documents]
#
# Builds the Release node, load generator and drill runner first. Ports 5741-5743 on 127.0.0.1; the cluster is removed afterwards.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
documents=${1:-1000000}
[[ $documents =~ ^[0-9]+$ ]] && [ "$documents" -ge 1000 ] || { echo "scale: documents must be an integer of at least 1000, not '$documents'" >&2; exit 2; }
dotnet build -c Release "$root/src/CivicTrust.Node" -v q -nologo > /dev/null
dotnet build -c Release "$root/bench/Throughput" -v q -nologo > /dev/null
dotnet build -c Release "$root/src/DrillRunner" -v q -nologo > /dev/null
export CIVICTRUST_NODE_DLL="$root/src/CivicTrust.Node/bin/Release/net10.0/CivicTrust.Node.dll"
exec python3 "$root/bench/scale/scale.py" "$documents" "$root/bench/results/scale-$documents.json"
