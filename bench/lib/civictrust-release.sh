# Sourced by the load benchmarks: builds the Release node and bench/Throughput, and points CIVICTRUST_NODE_DLL (what
# scripts/local-cluster.sh starts) at that node unless the caller chose another build to compare.

# civictrust_build_release: builds both quietly; fails the caller's script (set -e) if either does not build.
civictrust_build_release() {
  dotnet build src/CivicTrust.Node -c Release -v quiet -nologo > /dev/null
  dotnet build bench/Throughput -c Release -v quiet -nologo > /dev/null
  export CIVICTRUST_NODE_DLL=${CIVICTRUST_NODE_DLL:-$PWD/src/CivicTrust.Node/bin/Release/net10.0/CivicTrust.Node.dll}
}
