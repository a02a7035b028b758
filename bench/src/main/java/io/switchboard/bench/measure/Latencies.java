package io.switchboard.bench.measure;

import io.switchboard.bench.report.BenchResult;
import org.HdrHistogram.Histogram;

/** Turns a nanosecond histogram into the report's millisecond percentiles. */
public final class Latencies {
    private Latencies() {
    }

    /** Null for an empty histogram: no latency was measured, which is not the same as zero. */
    public static BenchResult.Latency of(Histogram nanos) {
        if (nanos.getTotalCount() == 0) return null;
        return new BenchResult.Latency(ms(nanos.getValueAtPercentile(50)), ms(nanos.getValueAtPercentile(90)),
                ms(nanos.getValueAtPercentile(99)), ms(nanos.getValueAtPercentile(99.9)), ms(nanos.getMaxValue()),
                Math.round(nanos.getMean() / 1_000.0) / 1_000.0, nanos.getTotalCount());
    }

    private static double ms(long nanos) {
        return LatencyTimeline.millis(nanos);
    }
}
