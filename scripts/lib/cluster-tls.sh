# Sourced by the cluster scripts when CIVICTRUST_TLS=1: the cluster's own CA and one certificate per member, made once
# per cluster directory and kept in it.
#   <dir>/ca.crt                 the CA's certificate: what the members trust, and what clients take (--ca-cert)
#   <dir>/tls/ca.key             the CA's key (mode 600), used only here, to issue members' certificates
#   <dir>/tls/<name>.crt, .key   a member's certificate (mode 600 key): its address and its URL in the SAN, for
#                                server and client authentication alike, since each member is both
# ECDSA P-256, so a certificate costs milliseconds; the CA lives ten years, a member's certificate one.

make_cluster_ca() {
  local dir=$1
  [ -s "$dir/ca.crt" ] && return 0
  mkdir -p "$dir/tls"
  (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -subj "/CN=civictrust-cluster-ca" -keyout "$dir/tls/ca.key" -out "$dir/ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2> /dev/null)
  chmod 644 "$dir/ca.crt"
}

# make_member_certificate <dir> <name> <host address> <member URL>
make_member_certificate() {
  local dir=$1 name=$2 address=$3 url=$4
  [ -s "$dir/tls/$name.crt" ] && return 0
  (umask 077 && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
    -keyout "$dir/tls/$name.key" -out "$dir/tls/$name.csr" 2> /dev/null)
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:%s,URI:%s\n' \
    "$address" "$url" > "$dir/tls/$name.ext"
  openssl x509 -req -in "$dir/tls/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/tls/ca.key" -CAcreateserial -days 365 \
    -extfile "$dir/tls/$name.ext" -out "$dir/tls/$name.crt" 2> /dev/null
  rm -f "$dir/tls/$name.csr" "$dir/tls/$name.ext"
}

# rotate_member_certificate <dir> <name> <host address> <member URL>: a new key and certificate for the member, written
# beside the old ones and moved over them; the running node takes them at its next handshake (no restart).
rotate_member_certificate() {
  local dir=$1 name=$2 address=$3 url=$4
  [ -s "$dir/tls/$name.crt" ] || { echo "cluster-tls: $name has no certificate to rotate" >&2; exit 2; }
  make_member_certificate "$dir" "$name.next" "$address" "$url"
  mv "$dir/tls/$name.next.key" "$dir/tls/$name.key"
  mv "$dir/tls/$name.next.crt" "$dir/tls/$name.crt"
}

# The node arguments of a member's TLS files.
tls_arguments() {
  local dir=$1 name=$2
  echo "--Tls:CertificatePath $dir/tls/$name.crt --Tls:KeyPath $dir/tls/$name.key --Tls:CaPath $dir/ca.crt"
}
