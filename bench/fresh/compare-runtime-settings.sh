#!/usr/bin/env bash
# Tries, in one sitting, the runtime settings that decide how fast a fresh node is (bench/fresh/fresh-cluster.sh
# each): the defaults, tiered compilation off, tiered PGO off, tier-up without its 100 ms call-counting delay, and a
# ReadyToRun publish of the node (precompiled, so its first requests run native code while the JIT tiers up).
# Rounds interleave the settings, so a slow minute of the machine hits every setting alike.
# Usage: bench/fresh/compare-runtime-settings.sh [rounds=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-2}
r2r=$(mktemp -d /tmp/civictrust-r2r.XXXXXX)
trap 'rm -rf "$r2r"' EXIT
dotnet publish src/CivicTrust.Node -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$r2r" -v quiet -nologo > /dev/null

for round in $(seq 1 "$rounds"); do
  echo "round $round"
  echo -n "  defaults:                     "; bench/fresh/fresh-cluster.sh 1 | sed 's/^run 1: //'
  echo -n "  DOTNET_TieredCompilation=0:   "; DOTNET_TieredCompilation=0 bench/fresh/fresh-cluster.sh 1 | sed 's/^run 1: //'
  echo -n "  DOTNET_TieredPGO=0:           "; DOTNET_TieredPGO=0 bench/fresh/fresh-cluster.sh 1 | sed 's/^run 1: //'
  echo -n "  DOTNET_TC_CallCountingDelayMs=0: "; DOTNET_TC_CallCountingDelayMs=0 bench/fresh/fresh-cluster.sh 1 | sed 's/^run 1: //'
  echo -n "  ReadyToRun:                   "; CIVICTRUST_NODE_DLL=$r2r/CivicTrust.Node.dll bench/fresh/fresh-cluster.sh 1 | sed 's/^run 1: //'
  echo -n "  ReadyToRun, TieredPGO=0:      "; CIVICTRUST_NODE_DLL=$r2r/CivicTrust.Node.dll DOTNET_TieredPGO=0 bench/fresh/fresh-cluster.sh 1 | sed 's/^run 1: //'
done
