#!/usr/bin/env bash
# A standalone CivicTrust cluster of node processes on this machine, without Aspire: for crash schedules that must
# restart a node on its own data directory, for drills from the command line, and for the tests that do both.
#
#   scripts/local-cluster.sh up    <dir> <port> [<port> ...]   start one node per port (127.0.0.1), members = all ports
#   scripts/local-cluster.sh start <dir> <port>                 (re)start one node of <dir>'s cluster on its data directory
#   scripts/local-cluster.sh down  <dir>                        SIGKILL every node of <dir> (data directories are kept)
#   scripts/local-cluster.sh rotate-cert <dir> <port>           give a node of a TLS cluster a new key and certificate from the
#                                                               cluster's CA; it takes them without a restart
#   scripts/local-cluster.sh power-cut <dir> <port>             cut a node's power: it dies and its disk keeps only what it
#                                                               had synced (needs CIVICTRUST_LOOP_DISKS=1 at up; root)
#   scripts/local-cluster.sh damage <dir> <port> log|snapshot|disk [<bits>]
#                                                               flip <bits> (default 2) random bits in the entries a stopped
#                                                               node replays on start (after its snapshot, through its commit),
#                                                               or anywhere in its largest snapshot file;
#                                                               disk: empty its whole data directory (a lost disk)
#
# With CIVICTRUST_LOOP_DISKS=1 (root, e2fsprogs and util-linux), `up` gives each node a disk of its own: an ext4 image
# (<dir>/disk-<port>.img) on a loop device with direct I/O, mounted as its data directory, so the image holds exactly
# what reached the "disk" and not the page cache; `start` mounts it again, `down` unmounts it (data kept).
# <dir> holds the member list, each node's data directory (node-<port>/), log (node-<port>.log) and pid file, and the
# cluster's credentials: issuer-key (for issuer civictrust-drill: the drill's --api-key) and cluster-secret.
# With CIVICTRUST_TLS=1 at `up`, the members speak mutual TLS: `up` makes the cluster's CA (<dir>/ca.crt, which clients
# and the drill take with --ca-cert) and a certificate per member (scripts/lib/cluster-tls.sh), and prints https:// URLs.
# The node binary is $CIVICTRUST_NODE_DLL, else the newest build under src/CivicTrust.Node/bin (Release before Debug);
# build it first (dotnet build src/CivicTrust.Node -c Release). Extra node arguments: $CIVICTRUST_NODE_ARGS.
# Drill example: DrillRunner --nodes <urls> --fault lagging-majority --restart-command "scripts/local-cluster.sh start <dir> {port}"
set -euo pipefail
# shellcheck source=lib/node-binary.sh
. "$(dirname "$0")/lib/node-binary.sh"
# shellcheck source=lib/cluster-security.sh
. "$(dirname "$0")/lib/cluster-security.sh"
# shellcheck source=lib/cluster-tls.sh
. "$(dirname "$0")/lib/cluster-tls.sh"

usage() { sed -n '4,16p' "$0" | sed 's/^# *//' >&2; exit 2; }
[ $# -ge 2 ] || usage
command=$1 dir=$2
shift 2

valid_port() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ] || { echo "local-cluster: '$1' is not a port" >&2; exit 2; }; }

start_node() {
  local port=$1 dll members scheme tls
  dll=$(node_dll)
  [ -f "$dir/members" ] || { echo "local-cluster: $dir has no cluster; run 'up' first" >&2; exit 2; }
  members=$(cat "$dir/members")
  scheme=http tls=""
  case ",$members," in *",https://127.0.0.1:$port,"*) scheme=https tls=$(tls_arguments "$dir" "node-$port") ;; *",http://127.0.0.1:$port,"*) ;;
    *) echo "local-cluster: port $port is not a member of $members" >&2; exit 2 ;; esac
  if [ -f "$dir/node-$port.pid" ] && still_running "$(cat "$dir/node-$port.pid")"; then
    echo "local-cluster: node $port already runs (pid $(cat "$dir/node-$port.pid"))" >&2
    return 0
  fi
  [ ! -f "$dir/disk-$port.img" ] || mount_disk "$port"
  export_cluster_security "$dir"
  # setsid: the node outlives the shell (or test) that started it, exactly like a service would.
  # shellcheck disable=SC2086
  setsid dotnet "$dll" --urls "$scheme://127.0.0.1:$port" --Cluster:Members "$members" \
    --Cluster:DataDir "$dir/node-$port" --Cluster:NodeId "node-$port" $tls ${CIVICTRUST_NODE_ARGS:-} \
    >> "$dir/node-$port.log" 2>&1 < /dev/null &
  echo $! > "$dir/node-$port.pid"
}

# A node's own disk (CIVICTRUST_LOOP_DISKS=1): an ext4 image on a loop device with direct I/O, mounted as its data
# directory. Mounting again an image that is already mounted does nothing.
make_disk() {
  local port=$1
  truncate -s 256M "$dir/disk-$port.img"
  mkfs.ext4 -q -F "$dir/disk-$port.img"
  mount_disk "$port"
}

mount_disk() {
  local port=$1 device
  mkdir -p "$dir/node-$port"
  mountpoint -q "$dir/node-$port" && return 0
  device=$(losetup --direct-io=on -f --show "$dir/disk-$port.img")
  echo "$device" > "$dir/node-$port.loop"
  mount "$device" "$dir/node-$port"
}

unmount_disk() {
  local port=$1
  if mountpoint -q "$dir/node-$port"; then umount "$dir/node-$port" 2> /dev/null || umount -l "$dir/node-$port"; fi
  if [ -f "$dir/node-$port.loop" ]; then losetup -d "$(cat "$dir/node-$port.loop")" 2> /dev/null || true; rm -f "$dir/node-$port.loop"; fi
}

# A power cut, faithful on this kernel: freeze the node (every thread stops, nothing more is written), make its image
# immutable (in-flight direct I/O completes, every later write fails: neither the dying process's exit nor the
# unmount can flush the page cache to it), kill it, keep a copy of the image as the disk now is, and mount that copy
# in its place: ext4 replays its journal as after a power loss. What was not synced before the freeze is gone.
power_cut() {
  local port=$1 pid image
  image="$dir/disk-$port.img"
  [ -f "$image" ] || { echo "local-cluster: node $port has no disk of its own; start the cluster with CIVICTRUST_LOOP_DISKS=1" >&2; exit 2; }
  pid=$(cat "$dir/node-$port.pid" 2> /dev/null || true)
  if [ -n "$pid" ] && running "$pid"; then kill -STOP "$pid"; fi
  chattr +i "$image"
  if [ -n "$pid" ] && running "$pid"; then kill -9 "$pid"; fi
  rm -f "$dir/node-$port.pid"
  cp --sparse=always "$image" "$image.cut"
  unmount_disk "$port"
  chattr -i "$image"
  mv "$image.cut" "$image"
  mount_disk "$port"
}

# The bytes of a stopped node's log that it replays on its next start, "<from> <to>" (global offsets into the log's data
# chunks): the entries after its newest snapshot through the commit index its checkpoint holds. Entries at or below the
# snapshot are never read again and entries beyond the commit may be overwritten by the leader, so damage there drills
# nothing. DotNext 6.12 keeps a 32-byte record per entry (term, length, offset, flags) in metadata pages of 128
# records, files named by page number; the checkpoint is {version (4 bytes), commit index, last index}.
replayed_log_bytes() {
  local wal=$1 snapshots=$2 first commit newest
  commit=$(od -An -td8 -j4 -N8 "$wal/checkpoint" | tr -d ' ')
  newest=$(ls "$snapshots" 2> /dev/null | sed -n 's/^\([0-9][0-9]*\)-[0-9][0-9]*$/\1/p' | sort -n | tail -1)
  first=$((${newest:-0} + 1))
  [ "$first" -le "$commit" ] || { echo "local-cluster: the log of $wal holds no committed entry after its snapshot ($first > $commit): nothing it replays to damage" >&2; exit 1; }
  entry_field() { od -An -td8 -j $((($1 % 128) * 32 + $2)) -N8 "$wal/metadata/$(($1 / 128))" | tr -d ' '; }
  echo "$(entry_field "$first" 16) $(($(entry_field "$commit" 16) + $(entry_field "$commit" 8)))"
}

# Flips one random bit in each of <bits> random bytes of a node's data at rest, as a failing disk would, where the
# node will read them: in the log, inside the entries it replays on its next start (replayed_log_bytes); in a snapshot,
# among the bytes that are not zero.
damage_node() {
  local port=$1 area=$2 bits=$3 data file offsets offset value range chunk
  data="$dir/node-$port"
  if [ -f "$dir/node-$port.pid" ] && running "$(cat "$dir/node-$port.pid")"; then
    echo "local-cluster: node $port runs (pid $(cat "$dir/node-$port.pid")); stop it before damaging its disk" >&2
    exit 2
  fi
  case $area in
    disk)
      # The whole disk lost: the data directory emptied (a node's own loop disk stays mounted, empty).
      find "$data" -mindepth 1 -delete
      sync -f "$data"
      echo "wiped ${data#"$dir"/}"
      return 0
      ;;
    log)
      [ -f "$data/wal/checkpoint" ] || { echo "local-cluster: node $port has no log to damage" >&2; exit 1; }
      range=$(replayed_log_bytes "$data/wal" "$data/snapshots")
      [ "${range% *}" -lt "${range#* }" ] || { echo "local-cluster: the entries node $port replays are empty: nothing to damage" >&2; exit 1; }
      chunk=$(stat -c %s "$(ls "$data"/wal/data/* | head -1)")
      # One global offset per line, as "<chunk file> <offset in it>"; shuf -i draws distinct offsets.
      offsets=$(shuf -i "${range% *}-$((${range#* } - 1))" -n "$bits" |
        awk -v chunk="$chunk" -v files="$data/wal/data" '{ print files "/" int($1 / chunk), $1 % chunk }')
      ;;
    # The largest file of the snapshots: the oldest segment of the newest snapshot (where most of its rows are kept),
    # or a whole snapshot received from a leader.
    snapshot)
      file=$(ls -S "$data"/snapshots/* 2> /dev/null | grep -v '\.tmp$' | head -1 || true)
      [ -n "$file" ] && [ -f "$file" ] || { echo "local-cluster: node $port has no snapshot file to damage" >&2; exit 1; }
      offsets=$(od -An -v -tu1 -w1 "$file" | awk -v file="$file" '$1 != 0 { print file, NR - 1 }' | shuf -n "$bits")
      [ -n "$offsets" ] || { echo "local-cluster: $file holds nothing but zeros" >&2; exit 1; }
      ;;
    *) echo "local-cluster: damage takes log, snapshot or disk, not '$area'" >&2; exit 2 ;;
  esac
  while read -r file offset; do
    value=$(od -An -tu1 -j "$offset" -N1 "$file" | tr -d ' ')
    value=$((value ^ (1 << (RANDOM % 8))))
    # shellcheck disable=SC2059
    printf "\\$(printf '%03o' "$value")" | dd of="$file" bs=1 seek="$offset" conv=notrunc status=none
    echo "damaged ${file#"$dir"/} at byte $offset"
  done <<< "$offsets"
}

case $command in
  rotate-cert)
    [ $# -eq 1 ] || usage
    valid_port "$1"
    rotate_member_certificate "$dir" "node-$1" 127.0.0.1 "https://127.0.0.1:$1"
    ;;
  power-cut)
    [ $# -eq 1 ] || usage
    valid_port "$1"
    power_cut "$1"
    ;;
  damage)
    [ $# -ge 2 ] && [ $# -le 3 ] || usage
    valid_port "$1"
    bits=${3:-2}
    [[ $bits =~ ^[1-9][0-9]*$ ]] || { echo "local-cluster: '$bits' is not a number of bits" >&2; exit 2; }
    damage_node "$1" "$2" "$bits"
    ;;
  up)
    [ $# -ge 1 ] || usage
    mkdir -p "$dir"
    members="" scheme=http
    if [ "${CIVICTRUST_TLS:-0}" = 1 ]; then scheme=https; make_cluster_ca "$dir"; fi
    for port in "$@"; do
      valid_port "$port"
      members="${members:+$members,}$scheme://127.0.0.1:$port"
      [ "$scheme" = http ] || make_member_certificate "$dir" "node-$port" 127.0.0.1 "https://127.0.0.1:$port"
    done
    echo "$members" > "$dir/members"
    if [ "${CIVICTRUST_LOOP_DISKS:-0}" = 1 ]; then for port in "$@"; do make_disk "$port"; done; fi
    for port in "$@"; do start_node "$port"; done
    echo "$members"
    ;;
  start)
    [ $# -eq 1 ] || usage
    valid_port "$1"
    start_node "$1"
    ;;
  down)
    for pidfile in "$dir"/node-*.pid; do
      [ -f "$pidfile" ] || continue
      pid=$(cat "$pidfile")
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$pidfile"
      # A mounted disk cannot be let go while the dying process still holds files on it.
      if [ -f "$dir/disk-$(basename "$pidfile" .pid | cut -d- -f2).img" ]; then still_running "$pid" || true; fi
    done
    for image in "$dir"/disk-*.img; do
      [ -f "$image" ] || continue
      port=$(basename "$image" .img); unmount_disk "${port#disk-}"
    done
    ;;
  *) usage ;;
esac
