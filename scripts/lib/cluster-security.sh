# Sourced by the cluster scripts: the cluster's credentials, made once per cluster directory and kept in it.
#   <dir>/issuer-key      the key of issuer civictrust-drill, the one the drill sends (drill-runner --api-key "$(cat <dir>/issuer-key)")
#   <dir>/cluster-secret  the secret every member's Raft messages carry
# Both are random and readable by their owner only. A node gets the secret and only the SHA-256 of the key, through
# its environment rather than its command line, which any user of the machine can read with ps.

export_cluster_security() {
  local dir=$1
  [ -s "$dir/issuer-key" ] || (umask 077 && random_hex > "$dir/issuer-key")
  [ -s "$dir/cluster-secret" ] || (umask 077 && random_hex > "$dir/cluster-secret")
  Security__ClusterSecret=$(cat "$dir/cluster-secret")
  Security__IssuerKeys__0__Issuer=civictrust-drill
  Security__IssuerKeys__0__KeySha256=$(printf %s "$(cat "$dir/issuer-key")" | sha256sum | cut -d' ' -f1)
  export Security__ClusterSecret Security__IssuerKeys__0__Issuer Security__IssuerKeys__0__KeySha256
}

random_hex() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
