#!/usr/bin/env bash
# The side-by-side matrix of docs/BENCHMARKS.md: every scenario against Switchboard (Centrifugo JSON and Protobuf)
# and each peer, the server pinned to CPU 0 and the generator to CPU 1, each configuration RUNS times. Run i of
# every server happens back to back, so the ratios computed from run i compare servers under the same
# machine conditions. Results: bench/target/peers/<config>/<server>-<i>.{json,txt}, then the tables.
#
#   bench/peers/run-peers.sh [RUNS] [FILTER]     FILTER: a regex over "<config>/<server>", e.g. 'broadcast-1k/'
#
# Environment: SERVER_JVM_OPTS (Switchboard and netty-socketio; default -XX:+UseParallelGC -Xss512k, see
# docs/BENCHMARKS.md), GEN_JAVA_OPTS (the generator).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="$root/bench/peers"
out="$root/bench/target/peers"
runs="${1:-3}"
filter="${2:-.}"
base_jvm_opts="${SERVER_JVM_OPTS:--XX:+UseParallelGC -Xss512k}"
gen_java_opts="${GEN_JAVA_OPTS:--XX:+UseParallelGC -Xms1g -Xmx4g}"
port=19100

# Build the jars when stale (the launcher knows how), and the peers before the clock starts.
"$root/switchboard" bench --version >/dev/null
(cd "$peers/socketio" && npm ci --no-audit --no-fund >/dev/null 2>&1) &
(cd "$peers/socketcluster" && npm ci --no-audit --no-fund >/dev/null 2>&1) &
(cd "$peers/soketi" && npm ci --no-audit --no-fund >/dev/null 2>&1) &
wait
(cd "$peers/netty-socketio" && mvn -B -ntp -q package) >&2

# name|generator arguments|servers (default: all). 50,000 deliveries/s keeps every server below saturation (the
# Node peers saturate their core near 100,000/s); 200,000/s is past the peers' saturation and below ours;
# 400,000/s (Switchboard only: every peer is far past saturation there) is near ours.
# 100,000/s (Switchboard only) is the rung between, for latency against load.
# A process may open 20,000 files here (hard limit), so no run goes past ~19,000 connections.
configs=(
  "broadcast-1k|broadcast --subscribers 1000 --rate 50 --duration 10 --warmup 5"
  "broadcast-10k|broadcast --subscribers 10000 --rate 5 --duration 10 --warmup 5"
  "broadcast-1k-r200|broadcast --subscribers 1000 --rate 200 --duration 10 --warmup 5"
  "broadcast-10k-r20|broadcast --subscribers 10000 --rate 20 --duration 10 --warmup 5"
  "broadcast-1k-r100|broadcast --subscribers 1000 --rate 100 --duration 10 --warmup 5|switchboard-json switchboard-socketio"
  "broadcast-10k-r10|broadcast --subscribers 10000 --rate 10 --duration 10 --warmup 5|switchboard-json switchboard-socketio"
  "broadcast-1k-r400|broadcast --subscribers 1000 --rate 400 --duration 10 --warmup 5|switchboard-json switchboard-protobuf switchboard-socketio"
  "broadcast-10k-r40|broadcast --subscribers 10000 --rate 40 --duration 10 --warmup 5|switchboard-json switchboard-protobuf switchboard-socketio"
  "channels-10k|channels --subscribers 10000 --rate 2000 --duration 10 --warmup 5"
  "idle-10k|idle --subscribers 10000 --duration 5 --warmup 0"
  "idle-18k|idle --subscribers 18000 --duration 5 --warmup 0 --source-addresses 8|switchboard-json"
  "storm-10k|storm --subscribers 10000 --duration 30 --warmup 0 --concurrency 100"
)
servers=(switchboard-json switchboard-protobuf switchboard-socketio switchboard-pusher switchboard-socketcluster socketio netty-socketio soketi socketcluster)

peer_pid=""
stop_peer() {
  if [[ -n "$peer_pid" ]]; then
    kill "$peer_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$peer_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$peer_pid" 2>/dev/null || true
    wait "$peer_pid" 2>/dev/null || true
    peer_pid=""
  fi
}
trap stop_peer EXIT

# start_peer NAME PORT LOG: starts the peer pinned to CPU 0 and waits for its health check.
start_peer() {
  local name="$1" p="$2" log="$3" health
  case "$name" in
    soketi) health="http://127.0.0.1:$p/ready" ;;
    netty-socketio) health="http://127.0.0.1:$((p + 1))/health" ;;
    *) health="http://127.0.0.1:$p/health" ;;
  esac
  PEER_JAVA_OPTS="$server_jvm_opts" "$peers/$name/start.sh" "$p" 0 >"$log" 2>&1 &
  peer_pid=$!
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "$health" 2>/dev/null && return 0
    kill -0 "$peer_pid" 2>/dev/null || { echo "peer $name died; see $log" >&2; return 1; }
    sleep 0.1
  done
  echo "peer $name not healthy after 30 s; see $log" >&2
  return 1
}

for i in $(seq 1 "$runs"); do
  for entry in "${configs[@]}"; do
    IFS='|' read -r config args only <<<"$entry"
    mkdir -p "$out/$config"
    server_jvm_opts="$base_jvm_opts"
    # Native memory tracking tells direct memory apart; it costs a little on every allocation, so idle only.
    [[ "$config" == idle-* ]] && server_jvm_opts="$base_jvm_opts -XX:NativeMemoryTracking=summary"
    for server in "${servers[@]}"; do
      [[ "$config/$server" =~ $filter ]] || continue
      [[ -z "$only" || " $only " == *" $server "* ]] || continue
      base="$out/$config/$server-$i"
      target=()
      case "$server" in
        switchboard-json) target=(--protocol centrifugo-json --server-jvm-opts "$server_jvm_opts") ;;
        switchboard-protobuf) target=(--protocol centrifugo-protobuf --server-jvm-opts "$server_jvm_opts") ;;
        switchboard-socketio) target=(--protocol socketio --server-jvm-opts "$server_jvm_opts") ;;
        switchboard-pusher) target=(--protocol pusher --server-jvm-opts "$server_jvm_opts") ;;
        switchboard-socketcluster) target=(--protocol socketcluster --server-jvm-opts "$server_jvm_opts") ;;
        *)
          port=$((port + 2)); [[ $port -ge 19990 ]] && port=19100
          start_peer "$server" "$port" "$base.server.log"
          target=(--target "ws://127.0.0.1:$port" --server-pid "$peer_pid")
          case "$server" in
            socketio) target+=(--protocol socketio) ;;
            netty-socketio) target+=(--protocol socketio --api-url "http://127.0.0.1:$((port + 1))") ;;
            soketi) target+=(--protocol pusher) ;;
            socketcluster) target+=(--protocol socketcluster) ;;
          esac
          ;;
      esac
      echo "== run $i $config/$server (load $(cut -d' ' -f1 /proc/loadavg))" >&2
      # shellcheck disable=SC2086
      taskset -c 1 java $gen_java_opts -jar "$root/bench/target/switchboard-bench.jar" $args "${target[@]}" \
          --json "$base.json" --html "$base.html" >"$base.txt" 2>"$base.err" \
        || echo "   failed: see $base.err" >&2
      stop_peer
    done
  done
done
python3 "$peers/summarize-peers.py" "$out"
