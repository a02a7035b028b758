package io.switchboard.bench.report;

import java.util.Locale;

/** The one-screen summary printed after a run. */
public final class TextSummary {
    private TextSummary() {
    }

    public static String render(BenchResult r) {
        StringBuilder out = new StringBuilder();
        BenchResult.Settings s = r.settings();
        line(out, "scenario", "%s over %s, target %s", r.scenario(), r.protocol(), s.target());
        if (s.rate() != null) {
            line(out, "size", "%d subscribers on %d channel(s), %.0f msg/s of %d B, %.0f s measured after %.0f s warm-up",
                    s.subscribers(), s.channels(), s.rate(), s.payloadBytes(), s.durationSeconds(), s.warmupSeconds());
        } else {
            line(out, "size", "%d connections, one channel each, %s %.0f s%s", s.subscribers(),
                    r.scenario().equals("storm") ? "time limit" : "held", s.durationSeconds(),
                    s.warmupSeconds() > 0 ? ", after a warm-up ramp" : "");
        }
        line(out, "pinning", "server cpus %s, generator cpus %s", orDash(s.serverCpus()), orDash(s.benchCpus()));
        BenchResult.Connections c = r.connections();
        line(out, "connections", "%d of %d established in %.2f s (%.0f/s%s), %d failed, %d dropped later",
                c.established(), c.attempted(), c.seconds(), c.perSecond(),
                c.peakPerSecond() == null ? "" : String.format(Locale.ROOT, ", peak %.0f/s", c.peakPerSecond()),
                c.failed(), c.disconnects());
        if (c.subscribeLatencyMs() != null) {
            line(out, "connect+sub", "%s", latency(c.subscribeLatencyMs()));
        }
        if (c.firstFailure() != null) line(out, "first failure", "%s", c.firstFailure());
        BenchResult.Deliveries d = r.deliveries();
        if (d.published() != null) {
            line(out, "published", "%d (%d errors), publisher lag max %.1f ms", d.published(), d.publishErrors(),
                    d.publishLagMsMax());
            line(out, "deliveries", "%d arrived in window, %.0f/s; expected %d overall, lost %d, duplicates %d",
                    d.deliveries(), d.deliveriesPerSecond(), d.expectedDeliveries(), d.lost(), d.duplicates());
        }
        if (d.latencyMs() != null) line(out, "latency", "%s", latency(d.latencyMs()));
        BenchResult.ServerUsage u = r.server();
        if (u.serverPid() != null) {
            line(out, "server", "pid %d, cpu %.2f s (%.2f s system, %.2f cores), rss %s%s", u.serverPid(),
                    u.serverCpuSeconds(), u.serverCpuSystemSeconds(), u.serverCpuCores(), mib(u.serverRssBytes()),
                    u.serverRssBytesPerConnection() == null ? ""
                            : String.format(Locale.ROOT, ", %d B per connection over %s before",
                            u.serverRssBytesPerConnection(), mib(u.serverRssBytesBefore())));
            if (u.deliveriesPerServerCpuSecond() != null) {
                line(out, "efficiency", "%.0f deliveries per server CPU second", u.deliveriesPerServerCpuSecond());
            }
        } else {
            line(out, "server", "pid unknown (give --server-pid for CPU and memory)");
        }
        BenchResult.JvmMemory jvm = r.serverJvm();
        if (jvm != null) {
            line(out, "server jvm", "live heap %s -> %s after full GCs: %d B heap%s per connection", mib(jvm.heapUsedBytesBefore()),
                    mib(jvm.heapUsedBytesAfter()), jvm.heapBytesPerConnection(), jvm.directBytesPerConnection() == null ? ""
                            : String.format(Locale.ROOT, " + %d B direct", jvm.directBytesPerConnection()));
        }
        if (r.benchCpuSeconds() != null) line(out, "generator", "cpu %.2f s", r.benchCpuSeconds());
        r.notes().forEach(n -> line(out, "note", "%s", n));
        return out.toString();
    }

    private static String latency(BenchResult.Latency l) {
        return String.format(Locale.ROOT, "p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f ms  (n=%d)",
                l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.count());
    }

    private static String mib(Long bytes) {
        return bytes == null ? "-" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static void line(StringBuilder out, String label, String format, Object... args) {
        out.append(String.format(Locale.ROOT, "%-14s ", label + ":")).append(String.format(Locale.ROOT, format, args))
                .append('\n');
    }
}
