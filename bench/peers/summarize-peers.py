#!/usr/bin/env python3
"""Tables of bench/target/peers/<config>/<server>-<run>.json: the median over runs of each figure, and the
Switchboard/peer ratio computed within each run (run i against run i), then its median. Markdown on stdout."""
import glob, json, os, re, statistics, sys

REFERENCE = "switchboard-json"
# Each protocol's framing on Switchboard against that protocol's own servers, besides Centrifugo JSON against all.
SAME_PROTOCOL = {"socketio": "switchboard-socketio", "netty-socketio": "switchboard-socketio", "soketi": "switchboard-pusher",
                 "socketcluster": "switchboard-socketcluster"}
ORDER = ["switchboard-json", "switchboard-protobuf", "switchboard-socketio", "switchboard-pusher", "switchboard-socketcluster", "socketio",
         "netty-socketio", "soketi",
         "socketcluster"]
NAMES = {"switchboard-json": "Switchboard, Centrifugo JSON", "switchboard-protobuf": "Switchboard, Centrifugo Protobuf",
         "switchboard-socketio": "Switchboard, Socket.IO", "switchboard-pusher": "Switchboard, Pusher",
         "switchboard-socketcluster": "Switchboard, SocketCluster",
         "socketio": "socket.io 4.8.1 (Socket.IO)", "netty-socketio": "netty-socketio 2.0.14 (Socket.IO)",
         "soketi": "Soketi 1.6.1 (Pusher)", "socketcluster": "socketcluster-server 20.0.1 (SocketCluster)"}

def get(r, *path):
    for p in path:
        if r is None:
            return None
        r = r.get(p)
    return r

def rss_per_conn(r):
    return r.get("server_rss_bytes_per_connection")

def heap_direct(r):
    jvm = r.get("server_jvm")
    if not jvm:
        return None
    return jvm["heap_bytes_per_connection"] + (jvm.get("direct_bytes_per_connection") or 0)

# (header, getter, format, ratio: None, "higher" = Switchboard/peer, "lower" = peer/Switchboard)
KINDS = {
    "broadcast": [
        ("deliveries/s", lambda r: r.get("deliveries_per_second"), "{:,.0f}", None),
        ("deliveries per server CPU-s", lambda r: r.get("deliveries_per_server_cpu_second"), "{:,.0f}", "higher"),
        ("server cores", lambda r: r.get("server_cpu_cores"), "{:.2f}", None),
        ("p50 ms", lambda r: get(r, "latency_ms", "p50"), "{:.2f}", None),
        ("p99 ms", lambda r: get(r, "latency_ms", "p99"), "{:.2f}", None),
        ("p99.9 ms", lambda r: get(r, "latency_ms", "p999"), "{:.2f}", None),
        ("lost", lambda r: r.get("lost"), "{:,.0f}", None),
        ("server RSS MiB", lambda r: r.get("server_rss_bytes") and r["server_rss_bytes"] / 1048576, "{:,.0f}", None),
    ],
    "idle": [
        ("connections", lambda r: get(r, "connections", "established"), "{:,.0f}", None),
        ("RSS growth B/conn", rss_per_conn, "{:,.0f}", "lower"),
        ("live heap+direct B/conn (JVM)", heap_direct, "{:,.0f}", None),
        ("server RSS MiB", lambda r: r.get("server_rss_bytes") and r["server_rss_bytes"] / 1048576, "{:,.0f}", None),
    ],
    "storm": [
        ("connections", lambda r: get(r, "connections", "established"), "{:,.0f}", None),
        ("connect+subscribe/s", lambda r: get(r, "connections", "per_second"), "{:,.0f}", "higher"),
        ("best second", lambda r: get(r, "connections", "peak_per_second"), "{:,.0f}", None),
        ("connect+subscribe p99 ms", lambda r: get(r, "connections", "subscribe_latency_ms", "p99"), "{:,.0f}", None),
        ("failed", lambda r: get(r, "connections", "failed"), "{:,.0f}", None),
        ("server CPU s", lambda r: r.get("server_cpu_seconds"), "{:.2f}", None),
    ],
}

def fmt(f, v):
    return "-" if v is None else f.format(v)

def main(out):
    for config_dir in sorted(glob.glob(os.path.join(out, "*/"))):
        config = os.path.basename(config_dir.rstrip("/"))
        kind = config.split("-")[0]
        columns = KINDS.get(kind, KINDS["broadcast"])
        runs = {}
        for path in glob.glob(os.path.join(config_dir, "*.json")):
            m = re.match(r"(.+)-(\d+)\.json$", os.path.basename(path))
            runs.setdefault(m.group(1), {})[int(m.group(2))] = json.load(open(path))
        if not runs:
            continue
        any_run = next(iter(next(iter(runs.values())).values()))
        s = any_run["settings"]
        print(f"### {config}: {s['subscribers']:,} connections" + (f", {s['rate']:g} msg/s of {s['payload_bytes']} B" if s.get("rate") else ""))
        print()
        ratio_cols = [(h, g, d) for h, g, _, d in columns if d]
        header = (["server", "runs"] + [h for h, _, _, _ in columns]
                  + [f"Switchboard JSON vs this ({h})" for h, _, _ in ratio_cols]
                  + [f"Switchboard, same protocol, vs this ({h})" for h, _, _ in ratio_cols])
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        reference = runs.get(REFERENCE, {})
        for server in [s for s in ORDER if s in runs] + sorted(set(runs) - set(ORDER)):
            by_run = runs[server]
            row = [NAMES.get(server, server), str(len(by_run))]
            for _, getter, f, _ in columns:
                values = [v for v in (getter(r) for r in by_run.values()) if v is not None]
                row.append(fmt(f, statistics.median(values)) if values else "-")
            same = runs.get(SAME_PROTOCOL.get(server), {})
            for base, base_name in ((reference, REFERENCE), (same, SAME_PROTOCOL.get(server))):
                for _, getter, direction in ratio_cols:
                    ratios = []
                    for i, r in by_run.items():
                        if i not in base:
                            continue
                        ours, theirs = getter(base[i]), getter(r)
                        if not ours or not theirs:
                            continue
                        ratios.append(ours / theirs if direction == "higher" else theirs / ours)
                    row.append(f"{statistics.median(ratios):.2f}x" if ratios and server != base_name else "-")
            print("| " + " | ".join(row) + " |")
        print()

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/target/peers")
