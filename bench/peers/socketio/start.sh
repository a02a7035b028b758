#!/usr/bin/env bash
# socket.io 4.8 peer on 127.0.0.1:PORT, optionally pinned: bench/peers/socketio/start.sh PORT [CPUS]
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
npm_install_if_stale
exec "${pin[@]}" node "$peer_dir/server.js" "$port"
