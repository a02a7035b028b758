package io.switchboard.bench.measure;

import io.netty.buffer.ByteBuf;
import io.switchboard.bench.payload.Payload;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * Records every received publication from any event loop: its sequence number into the subscriber's tracker,
 * whether it arrived inside the measurement window (throughput) and, when it was sent inside the window, its
 * end-to-end latency. Messages sent during warm-up are counted but not timed.
 */
public final class DeliveryRecorder {
    private static final ThreadLocal<long[]> FIELDS = ThreadLocal.withInitial(() -> new long[2]);
    private final Recorder latency = new Recorder(3);
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder windowDeliveries = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    /** One publication in {@code buf[from, to)} that arrived at {@code arrived} (a {@link io.switchboard.bench.payload.Stamp}). */
    public void record(ByteBuf buf, int from, int to, long arrived, SequenceTracker sequence) {
        long[] fields = FIELDS.get();
        if (!Payload.read(buf, from, to, fields)) {
            unreadable.increment();
            return;
        }
        long sent = fields[0];
        long seq = fields[1];
        deliveries.increment();
        sequence.accept(seq);
        // Throughput counts what arrived inside the window; latency times what was sent inside it.
        if (arrived >= windowStart && arrived < windowEnd) windowDeliveries.increment();
        if (sent >= windowStart && sent < windowEnd) latency.recordValue(Math.max(0, arrived - sent));
    }

    /** Messages stamped from now on are timed. */
    public void openWindow(long stamp) {
        windowStart = stamp;
    }

    /** Messages stamped from now on are no longer timed. */
    public void closeWindow(long stamp) {
        windowEnd = stamp;
    }

    /** Latencies (ns) recorded since the previous call; the caller owns the returned histogram. */
    public Histogram takeInterval() {
        return latency.getIntervalHistogram();
    }

    /** All deliveries, warm-up included. */
    public long deliveries() {
        return deliveries.sum();
    }

    /** Deliveries that arrived inside the window. */
    public long windowDeliveries() {
        return windowDeliveries.sum();
    }

    /** Publications whose payload had no {@code t}/{@code seq}: should stay 0. */
    public long unreadable() {
        return unreadable.sum();
    }
}
