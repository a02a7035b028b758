#!/usr/bin/env bash
# netty-socketio 2.0.14 peer: Socket.IO on 127.0.0.1:PORT, HTTP API and /health on PORT+1, optionally pinned:
# bench/peers/netty-socketio/start.sh PORT [CPUS]. JVM options from PEER_JAVA_OPTS (run-peers.sh gives it the
# same ones as Switchboard's server).
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
jar="$peer_dir/target/peer-netty-socketio.jar"
mvn_package_if_stale "$jar"
# shellcheck disable=SC2086
exec "${pin[@]}" java ${PEER_JAVA_OPTS:--XX:+UseParallelGC} -jar "$jar" "$port"
