#!/usr/bin/env bash
# Runs the BENCHMARKS.md matrix: each configuration 3 times, JSON and HTML into bench/target/results/, then
# prints the median (and min-max) of the headline figures. Every run starts its own pinned server and stops
# by itself. Usage: bench/run-benchmarks.sh [runs]   (from the repository root; builds stale jars through ./switchboard)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/switchboard-bench.jar"
out="$root/bench/target/results"
runs="${1:-3}"
mkdir -p "$out"
cd "$root"
configs=(
  "broadcast-1k-r100|broadcast --subscribers 1000 --rate 100 --duration 10"
  "broadcast-1k-r20|broadcast --subscribers 1000 --rate 20 --duration 10"
  "broadcast-2k-r100|broadcast --subscribers 2000 --rate 100 --duration 10"
  "broadcast-5k-r100|broadcast --subscribers 5000 --rate 100 --duration 10 --source-addresses 8"
  "broadcast-10k-r100|broadcast --subscribers 10000 --rate 100 --duration 10 --source-addresses 8"
  "broadcast-100-r1000|broadcast --subscribers 100 --rate 1000 --duration 10"
  "broadcast-10k-r10|broadcast --subscribers 10000 --rate 10 --duration 10 --source-addresses 8"
  "broadcast-1k-r100-protobuf|broadcast --subscribers 1000 --rate 100 --duration 10 --protocol centrifugo-protobuf"
  "channels-10k-r1000|channels --subscribers 10000 --rate 1000 --duration 10 --source-addresses 8"
  "idle-10k|idle --subscribers 10000 --duration 10 --source-addresses 8"
  "storm-10k|storm --subscribers 10000 --duration 60 --source-addresses 8"
)
for entry in "${configs[@]}"; do
  name="${entry%%|*}"; args="${entry#*|}"
  for i in $(seq 1 "$runs"); do
    echo "== $name run $i: $args" >&2
    # shellcheck disable=SC2086
    java -jar "$jar" $args --json "$out/$name-$i.json" --html "$out/$name-$i.html" > "$out/$name-$i.txt"
  done
done
python3 "$root/bench/summarize-results.py" "$out"
