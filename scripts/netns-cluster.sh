#!/usr/bin/env bash
# A CivicTrust cluster of "hosts" (three unless told): each node in its own Linux network namespace with its own
# address, on a bridge in the root namespace, so peers talk over a real (virtual) network the kernel can cut. For the
# partition drill and for proving the nodes need nothing of loopback. Needs root, iproute2 and nftables (installed if
# missing).
#
#   scripts/netns-cluster.sh install                 install nftables if nft is missing (apt-get)
#   scripts/netns-cluster.sh up    <dir> [<members>] create the bridge and <members> namespaces (3 to 9, default 3),
#                                                    start a node in each
#   scripts/netns-cluster.sh start <dir> <address>   (re)start the node at <address> on its data directory
#   scripts/netns-cluster.sh cut   <dir> <address>   drop every packet between <address> and its peers
#   scripts/netns-cluster.sh heal  <dir> <address>   remove that cut
#   scripts/netns-cluster.sh down  <dir>             SIGKILL the nodes, delete the namespaces and the bridge
#
# <dir> holds the names this cluster uses (netns.env), the member list, each node's data directory, log and pid, and
# the credentials (issuer-key for the drill's --api-key, cluster-secret, admin-key), as with local-cluster.sh. With
# CIVICTRUST_TLS=1 at `up`, the members speak mutual TLS on https:// URLs, with certificates from the cluster's own CA
# (<dir>/ca.crt, scripts/lib/cluster-tls.sh), as local-cluster.sh makes them.
# Names and the subnet are random per cluster, so a cluster left behind by a killed test never blocks the next one.
# The cut is an nftables table inside the host's namespace: the drill, in the root namespace, still reaches the cut
# node (and can prove it acknowledges nothing), but its peers' packets are dropped, not refused, so connections hang
# exactly as they do to a host whose network died. The node binary is found as by local-cluster.sh
# ($CIVICTRUST_NODE_DLL, else the newest build); extra node arguments: $CIVICTRUST_NODE_ARGS.
# Drill example: DrillRunner --nodes "$(cat <dir>/members)" --fault partition
#   --partition-command "scripts/netns-cluster.sh cut <dir> {host}" --heal-command "scripts/netns-cluster.sh heal <dir> {host}"
set -euo pipefail
# shellcheck source=lib/node-binary.sh
. "$(dirname "$0")/lib/node-binary.sh"
# shellcheck source=lib/cluster-security.sh
. "$(dirname "$0")/lib/cluster-security.sh"
# shellcheck source=lib/cluster-tls.sh
. "$(dirname "$0")/lib/cluster-tls.sh"

PORT=5000
TABLE=civictrust_cut

usage() { sed -n '7,13p' "$0" | sed 's/^# *//' >&2; exit 2; }
fail() { echo "netns-cluster: $*" >&2; exit 2; }
[ $# -ge 1 ] || usage
command=$1
shift

install_nft() {
  command -v nft > /dev/null && return 0
  [ "$(id -u)" -eq 0 ] || fail "nftables is missing and only root can install it"
  command -v apt-get > /dev/null || fail "nftables is missing and there is no apt-get to install it"
  echo "netns-cluster: installing nftables" >&2
  # A fresh machine may have no package lists yet.
  apt-get install -y -qq nftables > /dev/null 2>&1 || { apt-get update -qq > /dev/null && apt-get install -y -qq nftables > /dev/null; }
}

load() {
  dir=$1
  [ -f "$dir/netns.env" ] || fail "$dir has no namespace cluster; run 'up' first"
  # shellcheck source=/dev/null
  . "$dir/netns.env"
}

# The host number (1 to HOSTS) of an address of this cluster.
host_of() {
  local address=$1 i
  for i in $(seq 1 "$HOSTS"); do
    if [ "$address" = "$SUBNET.1$i" ]; then echo "$i"; return; fi
  done
  fail "$address is not a host of this cluster ($SUBNET.11-1$HOSTS)"
}

start_node() {
  local i=$1 address="$SUBNET.1$1" dll scheme=http tls=""
  dll=$(node_dll)
  if grep -q '^https://' "$dir/members"; then scheme=https tls=$(tls_arguments "$dir" "host-$i"); fi
  if [ -f "$dir/node-$i.pid" ] && still_running "$(cat "$dir/node-$i.pid")"; then
    echo "netns-cluster: node $address already runs (pid $(cat "$dir/node-$i.pid"))" >&2
    return 0
  fi
  export_cluster_security "$dir"
  # setsid: the node outlives the shell that started it, like a service; ip netns exec puts it on its host's network.
  # shellcheck disable=SC2086
  setsid ip netns exec "$PREFIX-h$i" dotnet "$dll" --urls "$scheme://$address:$PORT" --Cluster:Members "$(cat "$dir/members")" \
    --Cluster:DataDir "$dir/node-$i" --Cluster:NodeId "host-$i" $tls ${CIVICTRUST_NODE_ARGS:-} \
    >> "$dir/node-$i.log" 2>&1 < /dev/null &
  echo $! > "$dir/node-$i.pid"
}

case $command in
  install)
    install_nft
    ;;
  up)
    [ $# -ge 1 ] && [ $# -le 2 ] || usage
    dir=$1 hosts=${2:-3}
    # One digit per host in its address (SUBNET.11 to SUBNET.19), and no fewer than a drill can fail over.
    [[ $hosts =~ ^[3-9]$ ]] || fail "a cluster has 3 to 9 members, not '$hosts'"
    [ "$(id -u)" -eq 0 ] || fail "network namespaces need root"
    install_nft
    [ ! -f "$dir/netns.env" ] || fail "$dir already holds a cluster; run 'down' first"
    mkdir -p "$dir"
    prefix="ct$(od -An -N2 -tx2 /dev/urandom | tr -d ' ')"
    subnet="10.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1))"
    printf 'PREFIX=%s\nSUBNET=%s\nHOSTS=%s\n' "$prefix" "$subnet" "$hosts" > "$dir/netns.env"
    load "$dir"
    ip link add "$PREFIX-br" type bridge
    ip addr add "$SUBNET.1/24" dev "$PREFIX-br"
    ip link set "$PREFIX-br" up
    members="" scheme=http
    if [ "${CIVICTRUST_TLS:-0}" = 1 ]; then scheme=https; make_cluster_ca "$dir"; fi
    for i in $(seq 1 "$HOSTS"); do
      ip netns add "$PREFIX-h$i"
      ip link add "$PREFIX-v$i" type veth peer name eth0 netns "$PREFIX-h$i"
      ip link set "$PREFIX-v$i" master "$PREFIX-br" up
      ip -n "$PREFIX-h$i" addr add "$SUBNET.1$i/24" dev eth0
      ip -n "$PREFIX-h$i" link set eth0 up
      ip -n "$PREFIX-h$i" link set lo up
      members="${members:+$members,}$scheme://$SUBNET.1$i:$PORT"
      [ "$scheme" = http ] || make_member_certificate "$dir" "host-$i" "$SUBNET.1$i" "https://$SUBNET.1$i:$PORT"
    done
    echo "$members" > "$dir/members"
    for i in $(seq 1 "$HOSTS"); do start_node "$i"; done
    echo "$members"
    ;;
  start)
    [ $# -eq 2 ] || usage
    load "$1"
    start_node "$(host_of "$2")"
    ;;
  cut)
    [ $# -eq 2 ] || usage
    load "$1"
    i=$(host_of "$2")
    peers=$(for j in $(seq 1 "$HOSTS"); do [ "$j" = "$i" ] || printf '%s.1%s, ' "$SUBNET" "$j"; done)
    ip netns exec "$PREFIX-h$i" nft -f - <<EOF
table inet $TABLE {
  chain input { type filter hook input priority 0; ip saddr { ${peers%, } } drop; }
  chain output { type filter hook output priority 0; ip daddr { ${peers%, } } drop; }
}
EOF
    ;;
  heal)
    [ $# -eq 2 ] || usage
    load "$1"
    i=$(host_of "$2")
    ip netns exec "$PREFIX-h$i" nft delete table inet "$TABLE" 2>/dev/null || true
    ;;
  down)
    [ $# -eq 1 ] || usage
    load "$1"
    for i in $(seq 1 "${HOSTS:-3}"); do
      if [ -f "$dir/node-$i.pid" ]; then kill -9 "$(cat "$dir/node-$i.pid")" 2>/dev/null || true; rm -f "$dir/node-$i.pid"; fi
      # Deleting the namespace deletes its veth end, its peer and its nftables table with it.
      ip netns del "$PREFIX-h$i" 2>/dev/null || true
      ip link del "$PREFIX-v$i" 2>/dev/null || true
    done
    ip link del "$PREFIX-br" 2>/dev/null || true
    rm -f "$dir/netns.env"
    ;;
  *) usage ;;
esac
