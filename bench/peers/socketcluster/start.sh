#!/usr/bin/env bash
# socketcluster-server 20 peer on 127.0.0.1:PORT (path /socketcluster/), optionally pinned:
# bench/peers/socketcluster/start.sh PORT [CPUS]
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
npm_install_if_stale
exec "${pin[@]}" node "$peer_dir/server.js" "$port"
