#!/usr/bin/env bash
# Runs the node-crash drill CLI against a standalone three-node cluster (no Aspire) on 127.0.0.1:5101-5103,
# RUNS times, each on a fresh cluster, and prints each run's summary plus the failover figures.
# Usage: bench/drill/standalone-drill.sh [runs] [documents]    Reports: artifacts/drill/run-N/
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../../scripts/lib/cluster-security.sh
. scripts/lib/cluster-security.sh
runs=${1:-1}
documents=${2:-500}
dotnet build src/CivicTrust.Node -c Release -v quiet -nologo >/dev/null
dotnet build src/DrillRunner -c Release -v quiet -nologo >/dev/null
node_dll=src/CivicTrust.Node/bin/Release/net10.0/CivicTrust.Node.dll
drill_dll=src/DrillRunner/bin/Release/net10.0/DrillRunner.dll
members=http://127.0.0.1:5101,http://127.0.0.1:5102,http://127.0.0.1:5103
out=artifacts/drill
mkdir -p "$out"

stop_nodes() { pkill -f "$node_dll" 2>/dev/null || true; sleep 1; }
trap stop_nodes EXIT

for run in $(seq 1 "$runs"); do
  stop_nodes
  data=$(mktemp -d)
  # Security on, as in production: the cluster's secret and the drill's key, made in $data.
  export_cluster_security "$data"
  CIVICTRUST_API_KEY=$(cat "$data/issuer-key")
  export CIVICTRUST_API_KEY
  for i in 1 2 3; do
    dotnet "$node_dll" --urls "http://127.0.0.1:510$i" --Cluster:Members "$members" --Cluster:DataDir "$data/n$i" \
      > "$out/node-$run-$i.log" 2>&1 &
  done
  for _ in $(seq 1 200); do
    healthy=0
    for i in 1 2 3; do
      [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:510$i/health" || true)" = "200" ] && healthy=$((healthy + 1))
    done
    [ "$healthy" -eq 3 ] && break
    sleep 0.1
  done
  set +e
  dotnet "$drill_dll" --nodes "$members" --documents "$documents" --timeout 30 --report "$out/run-$run" | grep -v '^drill-runner: drill '
  echo "run $run: exit code $?"
  set -e
  rm -rf "$data"
done

python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
reports = [json.load(open(f"{out}/run-{i}/drill-report.json")) for i in range(1, runs + 1)]
fail = [r["failover_duration_ms"] for r in reports if r["failover_duration_ms"] is not None]
gap = [r["write_gap_ms"] for r in reports if r["write_gap_ms"] is not None]
rec = [r["recovery_duration_ms"] for r in reports if r["recovery_duration_ms"] is not None]
print(f"runs: {runs}, passed: {sum(r['passed'] for r in reports)}")
for name, xs in (("failover_ms", fail), ("recovery_ms", rec), ("write_gap_ms", gap)):
    if xs:
        print(f"{name}: median {statistics.median(xs):.0f}, min {min(xs)}, max {max(xs)}, all {sorted(xs)}")
PY
