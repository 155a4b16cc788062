# Sourced by the cluster scripts: the cluster's credentials, made once per cluster directory and kept in it.
#   <dir>/issuer-key      the key of issuer civictrust-drill, the one the drill sends (drill-runner --api-key "$(cat <dir>/issuer-key)")
#   <dir>/cluster-secret  the secret every member's Raft messages carry
#   <dir>/admin-key       the key of /admin/issuer-keys, which admits and revokes issuer keys at run time
#                         (drill-runner --admin-key "$(cat <dir>/admin-key)", or CIVICTRUST_ADMIN_KEY)
# All are random and readable by their owner only. A node gets the secret and only the SHA-256 of the key, through
# its environment rather than its command line, which any user of the machine can read with ps; the same for the
# admin key.

export_cluster_security() {
  local dir=$1
  [ -s "$dir/issuer-key" ] || (umask 077 && random_hex > "$dir/issuer-key")
  [ -s "$dir/cluster-secret" ] || (umask 077 && random_hex > "$dir/cluster-secret")
  [ -s "$dir/admin-key" ] || (umask 077 && random_hex > "$dir/admin-key")
  Security__ClusterSecret=$(cat "$dir/cluster-secret")
  Security__IssuerKeys__0__Issuer=civictrust-drill
  Security__IssuerKeys__0__KeySha256=$(printf %s "$(cat "$dir/issuer-key")" | sha256sum | cut -d' ' -f1)
  Security__AdminKeySha256=$(printf %s "$(cat "$dir/admin-key")" | sha256sum | cut -d' ' -f1)
  export Security__ClusterSecret Security__IssuerKeys__0__Issuer Security__IssuerKeys__0__KeySha256 Security__AdminKeySha256
}

random_hex() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
