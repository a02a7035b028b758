#!/usr/bin/env python3
"""Median and spread (min-max) of the headline figures of bench/target/results/<config>-<run>.json."""
import glob, json, os, re, statistics, sys

FIELDS = [
    ("conn/s", lambda r: r["connections"]["per_second"]),
    ("deliv/s", lambda r: r.get("deliveries_per_second")),
    ("p50 ms", lambda r: (r.get("latency_ms") or {}).get("p50")),
    ("p90 ms", lambda r: (r.get("latency_ms") or {}).get("p90")),
    ("p99 ms", lambda r: (r.get("latency_ms") or {}).get("p99")),
    ("p99.9 ms", lambda r: (r.get("latency_ms") or {}).get("p999")),
    ("lost", lambda r: r.get("lost")),
    ("srv cpu s", lambda r: r.get("server_cpu_seconds")),
    ("srv sys s", lambda r: r.get("server_cpu_system_seconds")),
    ("srv RSS MiB", lambda r: r.get("server_rss_bytes") and r["server_rss_bytes"] / 1048576),
    ("B/conn", lambda r: r.get("server_rss_bytes_per_connection")),
    ("deliv/srv-cpu-s", lambda r: r.get("deliveries_per_server_cpu_second")),
    ("gen cpu s", lambda r: r.get("bench_cpu_seconds")),
    ("sub p99 ms", lambda r: (r["connections"].get("subscribe_latency_ms") or {}).get("p99")),
]

def fmt(v):
    return "-" if v is None else (f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}")

out = sys.argv[1] if len(sys.argv) > 1 else "bench/target/results"
groups = {}
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    name = re.sub(r"-\d+\.json$", "", os.path.basename(path))
    groups.setdefault(name, []).append(json.load(open(path)))
for name, runs in groups.items():
    print(f"{name} ({len(runs)} runs)")
    for label, get in FIELDS:
        values = [get(r) for r in runs]
        values = [v for v in values if v is not None]
        if not values:
            continue
        print(f"  {label:16} median {fmt(statistics.median(values)):>12}   range {fmt(min(values))} .. {fmt(max(values))}")
