package io.switchboard.bench.measure;

import io.switchboard.bench.report.BenchResult.Point;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Samples the {@link DeliveryRecorder} once a second: one point per second for the plot, and the sum of all
 * intervals for the run's percentiles. Started when the measurement window opens.
 */
public final class LatencyTimeline implements AutoCloseable {
    private final DeliveryRecorder recorder;
    private final LongSupplier connections;
    private final Histogram total = new Histogram(3);
    private final List<Point> points = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-timeline");
        t.setDaemon(true);
        return t;
    });
    private long lastDeliveries;
    private long startNanos;

    public LatencyTimeline(DeliveryRecorder recorder, LongSupplier connections) {
        this.recorder = recorder;
        this.connections = connections;
    }

    public void start() {
        recorder.takeInterval();
        lastDeliveries = recorder.deliveries();
        startNanos = System.nanoTime();
        ticker.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Stops sampling and folds in what arrived since the last tick (the drain after publishing stopped) as a
     * last, possibly partial, point: a run shorter than a tick still gets one.
     */
    public synchronized Histogram finish() {
        ticker.shutdownNow();
        Histogram rest = recorder.takeInterval();
        long deliveries = recorder.deliveries();
        if (rest.getTotalCount() > 0 || deliveries > lastDeliveries) {
            addPoint(points.isEmpty() ? 1 : points.get(points.size() - 1).second() + 1, rest, deliveries);
        }
        return total;
    }

    public synchronized List<Point> points() {
        return List.copyOf(points);
    }

    private synchronized void sample() {
        if (ticker.isShutdown()) return;
        addPoint((int) Math.round((System.nanoTime() - startNanos) / 1e9), recorder.takeInterval(), recorder.deliveries());
    }

    private void addPoint(int second, Histogram interval, long deliveries) {
        total.add(interval);
        points.add(new Point(second, deliveries - lastDeliveries, connections.getAsLong(),
                millis(interval.getValueAtPercentile(50)), millis(interval.getValueAtPercentile(99)),
                millis(interval.getMaxValue())));
        lastDeliveries = deliveries;
    }

    public static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
