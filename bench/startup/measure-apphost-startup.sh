#!/usr/bin/env bash
# Measures the time from `dotnet run --project src/AppHost` to a healthy cluster: all three nodes answer /health
# with 200 (which they do only once they see a leader). Builds first, so the figure excludes compilation.
# Usage: bench/startup/measure-apphost-startup.sh [runs]   (Linux: finds node ports via /proc)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
dotnet build src/AppHost -v quiet -nologo >/dev/null

node_urls() {
  for pid in $(pgrep -f 'bin/.*/CivicTrust\.Node(\.dll)?( |$)' || true); do
    tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | sed -n 's/^Cluster__PublicUrl=//p'
  done | sort -u
}

for run in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  dotnet run --project src/AppHost --no-build > "/tmp/civictrust-startup-$run.log" 2>&1 &
  apphost=$!
  healthy=""
  for _ in $(seq 1 1200); do
    urls=$(node_urls)
    if [ "$(echo "$urls" | grep -c http || true)" -eq 3 ]; then
      ok=0
      for url in $urls; do
        [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "$url/health" || true)" = "200" ] && ok=$((ok + 1))
      done
      if [ "$ok" -eq 3 ]; then healthy=$(date +%s%N); break; fi
    fi
    sleep 0.05
  done
  if [ -n "$healthy" ]; then
    echo "run $run: healthy cluster $(( (healthy - start) / 1000000 )) ms after dotnet run"
  else
    echo "run $run: no healthy cluster within 60 s (log: /tmp/civictrust-startup-$run.log)"
  fi
  kill -TERM "$apphost"
  wait "$apphost" || true
  while pgrep -f 'bin/.*/CivicTrust\.(Node|Ledger)(\.dll)?( |$)' >/dev/null; do sleep 0.5; done
done
