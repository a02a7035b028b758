package io.switchboard.bench.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.List;

/**
 * Everything one run measured. Serialized with snake_case names; the delivery and server groups are flattened
 * into the top level so the headline fields ({@code deliveries_per_second}, {@code latency_ms}, {@code lost},
 * {@code server_cpu_seconds}, {@code server_rss_bytes}, {@code deliveries_per_server_cpu_second}) sit there.
 * Fields a scenario does not measure are null.
 */
public record BenchResult(String scenario, String protocol, String startedAt, Machine machine, Settings settings,
                          Connections connections, @JsonUnwrapped Deliveries deliveries,
                          @JsonUnwrapped ServerUsage server, JvmMemory serverJvm, Double benchCpuSeconds,
                          List<Point> timeline, List<String> notes) {

    /** The machine the run happened on. */
    public record Machine(int cpus, String cpuModel, long memoryBytes, String os, String java) {
    }

    /** What the run was asked to do. */
    public record Settings(int subscribers, int channels, Double rate, double durationSeconds, double warmupSeconds,
                           int payloadBytes, int sourceAddresses, int threads, int concurrency, String target,
                           String serverCpus, String benchCpus) {
    }

    /** The subscriber connections: how many, how fast, how many went wrong. */
    public record Connections(long attempted, long established, long failed, double seconds, double perSecond,
                              Double peakPerSecond, long disconnects, String firstFailure,
                              Latency subscribeLatencyMs) {
    }

    /** Publishing and delivery within the measurement window (latency of messages sent inside it). */
    public record Deliveries(Long published, Long publishErrors, String firstPublishError, Double publishLagMsMax,
                             Double measuredSeconds, Long deliveries, Double deliveriesPerSecond,
                             Long expectedDeliveries, Long lost, Long duplicates, Latency latencyMs) {
        public static Deliveries none() {
            return new Deliveries(null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * The server process over the measurement window; null fields when its pid is unknown. The system part of
     * the CPU time includes, on loopback, the kernel's receive path for the generator's sockets.
     */
    public record ServerUsage(Long serverPid, Double serverCpuSeconds, Double serverCpuSystemSeconds,
                              Double serverCpuCores, Long serverRssBytes, Long serverRssBytesBefore,
                              Long serverRssBytesPerConnection, Double deliveriesPerServerCpuSecond) {
        public static ServerUsage unknown() {
            return new ServerUsage(null, null, null, null, null, null, null, null);
        }
    }

    /**
     * A JVM server's live memory before and after its connections opened, each read after a full GC: heap in
     * use, and NMT's "Other" (direct buffers) when the server runs with native memory tracking.
     */
    public record JvmMemory(long heapUsedBytesBefore, long heapUsedBytesAfter, long heapBytesPerConnection,
                            Long directBytesPerConnection) {
    }

    /** Percentiles in milliseconds. */
    public record Latency(double p50, double p90, double p99, double p999, double max, double mean, long count) {
    }

    /** One second of the run. */
    public record Point(int second, long deliveries, long connections, double p50Ms, double p99Ms, double maxMs) {
    }
}
