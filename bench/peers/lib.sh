# Sourced by each peer's start.sh: argument parsing, installing the peer's pinned packages when they are
# missing or older than the lock file, and pinning with taskset. The started process replaces the script
# (exec), so the pid the caller sees is the server's own, whose CPU and memory the generator reads.
set -euo pipefail
peer_dir="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
port="${1:?usage: start.sh PORT [CPUS]   (PORT in 19000-19999)}"
cpus="${2:-}"
pin=()
if [[ -n "$cpus" ]]; then pin=(taskset -c "$cpus"); fi

npm_install_if_stale() {
  if [[ ! -f "$peer_dir/node_modules/.package-lock.json" || "$peer_dir/package-lock.json" -nt "$peer_dir/node_modules/.package-lock.json" ]]; then
    echo "peer: npm ci in $peer_dir" >&2
    (cd "$peer_dir" && npm ci --no-audit --no-fund) >&2
  fi
}

mvn_package_if_stale() {
  local jar="$1"
  if [[ ! -f "$jar" || -n "$(find "$peer_dir/pom.xml" "$peer_dir/src" -newer "$jar" -print -quit)" ]]; then
    echo "peer: mvn package in $peer_dir" >&2
    (cd "$peer_dir" && mvn -B -ntp -q package) >&2
  fi
}
