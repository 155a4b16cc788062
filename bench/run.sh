#!/usr/bin/env bash
# The whole performance benchmark in one run, about 4 minutes: CivicTrust and etcd side by side (throughput and
# latency with 1, 16 and 64 clients through the leader, 64 through all three members, elections counted during the
# load: bench/compare/side-by-side.sh), 20 leader SIGKILLs of each (bench/compare/failover.py), and a follower's
# catch-up after missing 10,000 documents with peak RSS and WAL bytes per document (bench/compare/catch-up.py), and
# a fresh cluster's first seconds under 64 clients against the same cluster warm (bench/fresh/fresh-cluster.sh).
# Writes every figure of the run to bench/results/latest.json (same commit) and ends with the performance targets
# (docs/performance.md), each met or not, from this run's figures alone (bench/compare/targets.py).
# Usage: bench/run.sh [seconds per load=10] [kills=20]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
kills=${2:-20}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "bench/run.sh: seconds must be a positive whole number, not '$seconds'" >&2; exit 2; }
[[ $kills =~ ^[1-9][0-9]*$ ]] || { echo "bench/run.sh: kills must be a positive whole number, not '$kills'" >&2; exit 2; }
failover=$(mktemp /tmp/civictrust-failover.XXXXXX.json)
catch_up=$(mktemp /tmp/civictrust-catch-up.XXXXXX.json)
fresh=$(mktemp /tmp/civictrust-fresh.XXXXXX.json)
trap 'rm -f "$failover" "$catch_up" "$fresh"' EXIT

bench/compare/side-by-side.sh "$seconds"
echo
python3 bench/compare/failover.py "$kills" "$failover"
echo
python3 bench/compare/catch-up.py 10000 "$catch_up"
echo
echo "Fresh cluster, 64 clients through the leader from its first second, then warm:"
bench/fresh/fresh-cluster.sh 1 "$seconds" "$fresh"
echo
python3 bench/compare/targets.py bench/results/latest.json "$failover" "$catch_up" "$fresh"
