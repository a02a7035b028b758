#!/usr/bin/env bash
# One node (memory engine) against two nodes sharing a Redis, on the broadcast scenario: subscribers on node B,
# publishes through node A's server API, so every publication crosses Redis. Runs are taken back to back.
#   bench/cluster/run-two-nodes.sh [RUNS] [OUT_DIR]
# The generator reads B's CPU over its measured window; A's and Redis's CPU are read from /proc over the
# whole run and scaled by their share of B's, so "per server CPU-second" counts both nodes.
set -euo pipefail
runs="${1:-3}"
out="${2:-bench/cluster/results}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mkdir -p "$out"
jar=server/target/switchboard.jar
command -v redis-server >/dev/null || { echo "redis-server is needed (apt-get install redis-server)" >&2; exit 1; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
cat > "$out/config.json" <<'JSON'
{"channel":{"without_namespace":{"presence":false,"join_leave":false,"force_push_join_leave":false,
  "history_size":0,"history_ttl":"0s","force_recovery":false,"force_positioning":false}},
 "engine": {"type": "redis", "redis": {"address": "127.0.0.1:16379", "prefix": "bench"}}}
JSON
wait_health() { for _ in $(seq 1 150); do curl -sf "localhost:$1/health" >/dev/null && return 0; sleep 0.2; done; return 1; }
: > "$out/cpu.txt"
for run in $(seq 1 "$runs"); do
  ./switchboard bench broadcast --subscribers 2000 --rate 100 --duration 10 --json "$out/single$run.json" > "$out/single$run.log" 2>&1
  taskset -c 0 redis-server --port 16379 --save '' --appendonly no > "$out/redis.log" 2>&1 &
  rp=$!
  taskset -c 0 java -XX:+UseParallelGC -Xss512k -jar $jar serve --dev --config "$out/config.json" --port 19101 > "$out/a.log" 2>&1 &
  ap=$!
  taskset -c 0 java -XX:+UseParallelGC -Xss512k -jar $jar serve --dev --config "$out/config.json" --port 19102 > "$out/b.log" 2>&1 &
  bp=$!
  wait_health 19101 && wait_health 19102
  a0=$(ticks $ap); b0=$(ticks $bp); r0=$(ticks $rp)
  taskset -c 1 ./switchboard bench broadcast --subscribers 2000 --rate 100 --duration 10 \
      --target ws://127.0.0.1:19102/connection/websocket --server-pid $bp --api-url http://127.0.0.1:19101 \
      --json "$out/two$run.json" > "$out/two$run.log" 2>&1
  echo "run $run A=$(( $(ticks $ap) - a0 )) B=$(( $(ticks $bp) - b0 )) redis=$(( $(ticks $rp) - r0 ))" >> "$out/cpu.txt"
  kill $ap $bp; wait $ap $bp 2>/dev/null || true
  kill $rp; wait $rp 2>/dev/null || true
done
python3 - "$out" "$runs" <<'PY'
import json, statistics as st, sys
out, runs = sys.argv[1], int(sys.argv[2])
cpu = [dict(x.split('=') for x in l.split()[2:]) for l in open(f'{out}/cpu.txt')]
rows = []
for i in range(1, runs + 1):
    c = {k: int(v) for k, v in cpu[i - 1].items()}
    one, two = json.load(open(f'{out}/single{i}.json')), json.load(open(f'{out}/two{i}.json'))
    eff2 = two['deliveries_per_server_cpu_second'] / (1 + c['A'] / c['B'])
    rows.append((one['deliveries_per_server_cpu_second'], eff2, eff2 / one['deliveries_per_server_cpu_second'],
                 c['redis'] / c['B'], one['latency_ms']['p50'], two['latency_ms']['p50'],
                 one['latency_ms']['p99'], two['latency_ms']['p99'], one['lost'] + two['lost']))
names = ['one node per CPU-s', 'two nodes per CPU-s', 'two/one', 'Redis CPU / node B CPU', 'p50 one', 'p50 two',
         'p99 one', 'p99 two', 'lost']
for k, n in enumerate(names):
    print(f'{n}: median {st.median(r[k] for r in rows):.4g}')
PY
