package io.switchboard.bench.scenario;

import io.switchboard.bench.measure.UsageWindow;
import io.switchboard.bench.report.BenchResult;

/** Turns a measured {@link UsageWindow.Usage} into the report's server fields. */
final class ServerUsages {
    private ServerUsages() {
    }

    static BenchResult.ServerUsage of(Long pid, UsageWindow.Usage usage, Long rssBefore, Long rssPerConnection,
                                      Double deliveriesPerCpuSecond) {
        if (pid == null || usage.serverCpuSeconds() == null) return BenchResult.ServerUsage.unknown();
        return new BenchResult.ServerUsage(pid, round(usage.serverCpuSeconds()), round(usage.serverSystemCpuSeconds()),
                round(usage.serverCores()), usage.serverRssBytes(), rssBefore, rssPerConnection,
                deliveriesPerCpuSecond == null ? null : round(deliveriesPerCpuSecond));
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
