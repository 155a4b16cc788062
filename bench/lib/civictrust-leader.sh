# Sourced by the benchmark scripts: the leader of a standalone CivicTrust cluster on this machine, as a member names it
# in GET /cluster/status.

# civictrust_leader_at <port>: the leader's URL as the member on 127.0.0.1:<port> names it; empty while there is none.
civictrust_leader_at() {
  curl -s -m 1 "http://127.0.0.1:$1/cluster/status" |
    python3 -c 'import json,sys; print(json.load(sys.stdin).get("leader") or "")' 2> /dev/null || true
}

# civictrust_wait_for_leader <port>: waits up to 20 s for a leader and prints its URL; fails, printing nothing, if none.
civictrust_wait_for_leader() {
  local leader
  for _ in $(seq 100); do
    leader=$(civictrust_leader_at "$1")
    [ -n "$leader" ] && { echo "$leader"; return 0; }
    sleep 0.2
  done
  return 1
}
