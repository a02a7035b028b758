package io.switchboard.bench.scenario;

import io.switchboard.bench.report.BenchResult;

import java.util.List;

/** The part of a result a scenario measures; the runner adds machine, settings and identification. */
public record Outcome(BenchResult.Connections connections, BenchResult.Deliveries deliveries,
                      BenchResult.ServerUsage server, BenchResult.JvmMemory serverJvm, Double benchCpuSeconds,
                      List<BenchResult.Point> timeline, List<String> notes) {
    /** An outcome without a JVM memory reading. */
    public Outcome(BenchResult.Connections connections, BenchResult.Deliveries deliveries,
                   BenchResult.ServerUsage server, Double benchCpuSeconds, List<BenchResult.Point> timeline,
                   List<String> notes) {
        this(connections, deliveries, server, null, benchCpuSeconds, timeline, notes);
    }
}
