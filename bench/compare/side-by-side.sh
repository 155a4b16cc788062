#!/usr/bin/env bash
# CivicTrust and etcd side by side on this machine, in one sitting, with one load generator (bench/Throughput):
# three members on loopback each, closed-loop clients writing unique documents / keys, through the leader with
# 1, 16 and 64 clients and through all three members with 64. etcd is Debian's (etcd-server), installed when missing
# (root), at its default settings, and checked against wrk (bench/compare/etcd-put.lua) when wrk is installed; CivicTrust is the Release build at its defaults. Prints a Markdown table with the
# ratio per row and writes every figure to bench/results/latest.json.
# Usage: bench/compare/side-by-side.sh [seconds=10] [clients=1,16,64]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/civictrust-leader.sh
. bench/lib/civictrust-leader.sh
seconds=${1:-10}
clients=${2:-1,16,64}
work=$(mktemp -d /tmp/civictrust-compare.XXXXXX)
etcd_pids=()
cleanup() {
  scripts/local-cluster.sh down "$work/civictrust" 2>/dev/null || true
  for pid in "${etcd_pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v etcd > /dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "side-by-side: etcd is missing; install etcd-server and etcd-client" >&2; exit 2; }
  echo "side-by-side: installing etcd-server and etcd-client" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server etcd-client > /dev/null 2>&1 ||
    { apt-get update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server etcd-client > /dev/null; }
fi

dotnet build src/CivicTrust.Node -c Release -v quiet -nologo > /dev/null
dotnet build bench/Throughput -c Release -v quiet -nologo > /dev/null
export CIVICTRUST_NODE_DLL=$PWD/src/CivicTrust.Node/bin/Release/net10.0/CivicTrust.Node.dll
load() { dotnet bench/Throughput/bin/Release/net10.0/Throughput.dll "$@"; }
# The highest term any member reports: a term that moves during a run without a fault is a spurious election.
civictrust_term() { for p in 5711 5712 5713; do curl -s -m 1 "http://127.0.0.1:$p/cluster/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["term"])' 2>/dev/null || echo 0; done | sort -n | tail -1; }
etcd_term() { for p in 23791 23792 23793; do curl -s -m 1 -X POST -d '{}' "http://127.0.0.1:$p/v3/maintenance/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["raftTerm"])' 2>/dev/null || echo 0; done | sort -n | tail -1; }

# <system>_leader: the URL of the member the system names leader; empty while there is none.
civictrust_leader() { civictrust_leader_at 5711; }
etcd_leader() {
  ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint status -w json 2>/dev/null |
    python3 -c 'import json,sys; print(next((s["Endpoint"] for s in json.load(sys.stdin) if s["Status"]["header"]["member_id"] == s["Status"]["leader"]), ""))' 2>/dev/null || true
}

# measure <system> <all members>: waits for a leader, runs the loads through it and through every member, and
# records how many elections happened meanwhile. Sets $leader.
measure() {
  local system=$1 all=$2 before
  leader=""
  for _ in $(seq 1 300); do
    leader=$("${system}_leader")
    [ -n "$leader" ] && break
    sleep 0.1
  done
  [ -n "$leader" ] || { echo "side-by-side: the $system cluster elected no leader" >&2; exit 1; }
  before=$("${system}_term")
  load --target "$system" --urls "$leader" --clients "$clients" --seconds "$seconds" --warmup 5 --json "$work/$system-leader.json"
  load --target "$system" --urls "$all" --clients 64 --seconds "$seconds" --warmup 5 --json "$work/$system-all.json"
  echo "$(( $("${system}_term") - before ))" > "$work/$system-elections"
}

# --- CivicTrust ---------------------------------------------------------------------------------------------------
members=$(scripts/local-cluster.sh up "$work/civictrust" 5711 5712 5713)
# Security on, as in production: the load carries the issuer key the script made.
CIVICTRUST_API_KEY=$(cat "$work/civictrust/issuer-key") measure civictrust "$members"
scripts/local-cluster.sh down "$work/civictrust"

# --- etcd ---------------------------------------------------------------------------------------------------------
endpoints=http://127.0.0.1:23791,http://127.0.0.1:23792,http://127.0.0.1:23793
cluster=""
for i in 1 2 3; do cluster="${cluster:+$cluster,}e$i=http://127.0.0.1:2380$i"; done
for i in 1 2 3; do
  setsid etcd --name "e$i" --data-dir "$work/etcd-$i" --listen-client-urls "http://127.0.0.1:2379$i" \
    --advertise-client-urls "http://127.0.0.1:2379$i" --listen-peer-urls "http://127.0.0.1:2380$i" \
    --initial-advertise-peer-urls "http://127.0.0.1:2380$i" --initial-cluster "$cluster" --initial-cluster-state new \
    > "$work/etcd-$i.log" 2>&1 < /dev/null &
  etcd_pids+=($!)
  disown
done
measure etcd "$endpoints"
# The load generator checked against an independent one, same sitting, same etcd: wrk with 64 connections.
if command -v wrk > /dev/null; then
  wrk -t2 -c64 -d"${seconds}s" --latency -s bench/compare/etcd-put.lua "$leader" > "$work/wrk-etcd.txt"
fi

# --- results ------------------------------------------------------------------------------------------------------
python3 bench/compare/table.py "$work" "$seconds" "$(etcd --version | head -1)" "$(git rev-parse --short HEAD)" bench/results/latest.json
