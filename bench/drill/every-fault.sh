#!/usr/bin/env bash
# One drill of every fault kind, back to back, each on a fresh cluster of three namespaced hosts
# (scripts/netns-cluster.sh; needs root) whose members speak mutual TLS (CIVICTRUST_TLS=1; the drill trusts the
# cluster's CA and nothing else): the real reports docs/node-crash-drill.md links to. Each report folder
# (json, markdown, html, history.jsonl and the members' logs, which `drill-runner check` judges again) lands in
# <out>/<fault>/; the summary of each run is printed. A fresh cluster per fault keeps each folder's logs to its own
# drill. Exit code: the number of drills that did not pass.
# Usage: bench/drill/every-fault.sh [out=artifacts/every-fault] [documents=2000]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-artifacts/every-fault}
documents=${2:-2000}
dotnet build src/CivicTrust.Node -c Release -v quiet -nologo > /dev/null
dotnet build src/DrillRunner -c Release -v quiet -nologo > /dev/null
export CIVICTRUST_NODE_DLL=$PWD/src/CivicTrust.Node/bin/Release/net10.0/CivicTrust.Node.dll
drill_dll=src/DrillRunner/bin/Release/net10.0/DrillRunner.dll
script=$PWD/scripts/netns-cluster.sh
cluster=""
trap '[ -z "$cluster" ] || { "$script" down "$cluster"; rm -rf "$cluster"; }' EXIT
mkdir -p "$out"

wait_for_leader() {
  for _ in $(seq 1 300); do
    leaders=$(for url in ${members//,/ }; do curl -s -m 1 --cacert "$cluster/ca.crt" "$url/cluster/status" | grep -o '"leader":"[^"]*"' || echo none; done | sort -u)
    if [ "$(echo "$leaders" | wc -l)" -eq 1 ] && [ "$leaders" != none ]; then return 0; fi
    sleep 0.1
  done
  echo "every-fault: the cluster has no agreed leader" >&2
  return 1
}

failed=0
for fault in kill pause partition kill-new-leader lagging-majority follower-then-leader kill-all key-compromise; do
  cluster=$(mktemp -d /tmp/civictrust-every-fault.XXXXXX)
  members=$(CIVICTRUST_TLS=1 "$script" up "$cluster")
  # The drill's keys and the cluster's CA, never on its command line (the admin key counts for key-compromise only).
  CIVICTRUST_API_KEY=$(cat "$cluster/issuer-key") CIVICTRUST_ADMIN_KEY=$(cat "$cluster/admin-key") CIVICTRUST_CA_CERT=$cluster/ca.crt
  export CIVICTRUST_API_KEY CIVICTRUST_ADMIN_KEY CIVICTRUST_CA_CERT
  wait_for_leader
  # The nodes are processes of this machine behind non-loopback addresses: signals by pid, given as commands.
  extra=(--crash-command "kill -9 {pid}")
  [ "$fault" = pause ] && extra+=(--pause-command "kill -STOP {pid}" --resume-command "kill -CONT {pid}")
  [ "$fault" = partition ] && extra+=(--partition-command "$script cut $cluster {host}" --heal-command "$script heal $cluster {host}")
  set +e
  dotnet "$drill_dll" --nodes "$members" --documents "$documents" --rate 500 --timeout 30 --report "$out/$fault" --fault "$fault" \
    --restart-command "$script start $cluster {host}" "${extra[@]}" | grep -v '^drill-runner: drill '
  code=${PIPESTATUS[0]}
  set -e
  echo "$fault: exit code $code"
  [ "$code" -eq 0 ] || failed=$((failed + 1))
  "$script" down "$cluster"
  rm -rf "$cluster"
  cluster=""
done
exit "$failed"
