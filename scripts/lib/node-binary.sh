# Sourced by the cluster scripts: where the node binary is, and whether a node process is alive.

# The node binary: $CIVICTRUST_NODE_DLL, else the newest build under src/CivicTrust.Node/bin (Release before Debug).
node_dll() {
  if [ -n "${CIVICTRUST_NODE_DLL:-}" ]; then echo "$CIVICTRUST_NODE_DLL"; return; fi
  local root config dll
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  for config in Release Debug; do
    dll="$root/src/CivicTrust.Node/bin/$config/net10.0/CivicTrust.Node.dll"
    if [ -f "$dll" ]; then echo "$dll"; return; fi
  done
  echo "$(basename "$0"): no built node found; run: dotnet build src/CivicTrust.Node -c Release" >&2
  exit 2
}

# A SIGKILLed node whose parent is gone may linger as a zombie that kill -0 still finds: only a process with a
# command line is alive.
running() { [ -n "$(tr -d '\0' < "/proc/$1/cmdline" 2>/dev/null)" ]; }

# Whether a node still runs, giving one SIGKILLed a moment ago up to 3 s to finish exiting: kill -9 returns before a
# process with many threads and a mapped log is gone, and a restart right after a kill (the drill's kill-all kills
# three members and restarts the first within milliseconds) must not take the dying process for a running node and
# start nothing.
still_running() {
  local _
  for _ in $(seq 30); do
    running "$1" || return 1
    sleep 0.1
  done
  return 0
}
