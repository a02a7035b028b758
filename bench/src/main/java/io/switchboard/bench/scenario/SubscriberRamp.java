package io.switchboard.bench.scenario;

import io.switchboard.bench.client.Subscriber;
import io.switchboard.bench.client.SubscriberConnector;
import io.switchboard.bench.measure.Latencies;
import io.switchboard.bench.measure.LatencyTimeline;
import io.switchboard.bench.report.BenchResult;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Opens subscriber connections as fast as the server takes them, with at most {@code concurrency} attempts in
 * flight, and stops early after {@code maxFailures} failures or at the deadline.
 */
final class SubscriberRamp {
    /** The connections that subscribed and how the ramp went. */
    record Result(List<Subscriber> subscribed, long attempted, long failed, double seconds, long startNanos,
                  BenchResult.Latency subscribeLatency) {
        double perSecond() {
            return seconds <= 0 ? 0 : subscribed.size() / seconds;
        }

        /** The most subscriptions confirmed within any one second of the ramp. */
        double peakPerSecond() {
            int[] perSecond = new int[(int) Math.ceil(seconds) + 2];
            for (Subscriber s : subscribed) {
                int second = (int) ((s.subscribedAtNanos() - startNanos) / 1_000_000_000L);
                if (second >= 0 && second < perSecond.length) perSecond[second]++;
            }
            int peak = 0;
            for (int n : perSecond) peak = Math.max(peak, n);
            return Math.min(peak, subscribed.size());
        }

        /**
         * One point per second of the ramp: connections open at its end and the connect+subscribe latency
         * percentiles of those confirmed within it.
         */
        List<BenchResult.Point> timeline() {
            int seconds = (int) Math.ceil(this.seconds) + 1;
            Histogram[] perSecond = new Histogram[seconds];
            for (Subscriber s : subscribed) {
                int second = (int) ((s.subscribedAtNanos() - startNanos) / 1_000_000_000L);
                if (second < 0 || second >= seconds) continue;
                if (perSecond[second] == null) perSecond[second] = new Histogram(3);
                perSecond[second].recordValue(Math.max(0, s.subscribeLatencyNanos()));
            }
            List<BenchResult.Point> points = new ArrayList<>();
            long open = 0;
            for (int i = 0; i < seconds; i++) {
                Histogram h = perSecond[i];
                if (h == null) continue;
                open += h.getTotalCount();
                points.add(new BenchResult.Point(i + 1, 0, open, LatencyTimeline.millis(h.getValueAtPercentile(50)),
                        LatencyTimeline.millis(h.getValueAtPercentile(99)), LatencyTimeline.millis(h.getMaxValue())));
            }
            return points;
        }

        /** Closes every connection and waits (up to 10 s) until their sockets are closed. */
        void closeAll() {
            List<io.netty.util.concurrent.Future<?>> closed = subscribed.stream().<io.netty.util.concurrent.Future<?>>map(Subscriber::close).toList();
            long deadline = System.nanoTime() + 10_000_000_000L;
            for (io.netty.util.concurrent.Future<?> f : closed) {
                if (!f.awaitUninterruptibly(Math.max(1, (deadline - System.nanoTime()) / 1_000_000))) break;
            }
        }
    }

    private SubscriberRamp() {
    }

    /**
     * Opens and closes up to 1,000 throwaway connections (on their own channels) so that both JVMs have compiled
     * the connect path before anything is measured. Skipped when there is no warm-up time.
     */
    static void warmUp(RunContext ctx, ScenarioOptions o) throws InterruptedException {
        if (o.warmupSeconds() <= 0) return;
        SubscriberConnector connector = new SubscriberConnector(ctx.group(), ctx.channelType(), ctx.target(),
                ctx.protocol(), ctx.sourceAddresses(), new io.switchboard.bench.measure.DeliveryRecorder());
        Result warm = run(connector, Math.min(o.subscribers(), 1000), i -> "warmup-" + i, o.concurrency(),
                Long.MAX_VALUE, 60);
        warm.closeAll();
    }

    static Result run(SubscriberConnector connector, int count, IntFunction<String> channelOf, int concurrency,
                      long maxFailures, double timeoutSeconds) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        Queue<Subscriber> subscribed = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastDone = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + (long) (timeoutSeconds * 1e9);
        long attempted = 0;
        for (int i = 0; i < count && failed.get() <= maxFailures; i++) {
            if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) break;
            Subscriber subscriber = connector.connect(i, channelOf.apply(i));
            attempted++;
            subscriber.ready().whenComplete((s, error) -> {
                if (error == null) subscribed.add(s);
                else failed.incrementAndGet();
                lastDone.accumulateAndGet(System.nanoTime(), Math::max);
                permits.release();
            });
        }
        // Attempts still in flight finish (or time out in the connector) before the ramp is judged.
        permits.tryAcquire(concurrency, Math.max(35_000_000_000L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        double seconds = Math.max(0, lastDone.get() - start) / 1e9;
        List<Subscriber> list = new ArrayList<>(subscribed);
        Histogram latency = new Histogram(3);
        for (Subscriber s : list) latency.recordValue(Math.max(0, s.subscribeLatencyNanos()));
        return new Result(List.copyOf(list), attempted, failed.get(), seconds, start, Latencies.of(latency));
    }
}
