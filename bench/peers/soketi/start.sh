#!/usr/bin/env bash
# Soketi 1.6.1 (Pusher protocol) on 127.0.0.1:PORT with one app (id bench, key bench-key, secret bench-secret),
# optionally pinned: bench/peers/soketi/start.sh PORT [CPUS]. Its defaults are already its fastest: local
# adapter, memory app manager, no metrics, no rate limits. Health: GET /ready. Uses PORT and PORT+1.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
npm_install_if_stale
export SOKETI_HOST=127.0.0.1 SOKETI_PORT="$port" SOKETI_DEFAULT_APP_ID=bench SOKETI_DEFAULT_APP_KEY=bench-key \
  SOKETI_DEFAULT_APP_SECRET=bench-secret SOKETI_METRICS_ENABLED=false SOKETI_DEBUG=false \
  SOKETI_METRICS_SERVER_PORT="$((port + 1))"   # it listens there even with metrics off; keep it in our range
exec "${pin[@]}" node "$peer_dir/node_modules/@soketi/soketi/bin/server.js" start
