package io.switchboard.bench.publish;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.bench.payload.Payload;
import io.switchboard.bench.payload.Stamp;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes at a fixed rate from one timer on one event loop. Each tick sends every message that is due by
 * now, so a late tick catches up instead of lowering the rate; how late it ran is kept as the lag. Message
 * {@code k} goes to channel {@code k % channels} with sequence number {@code k / channels}.
 */
public final class PublishLoop {
    private final Publisher publisher;
    private final EventLoop loop;
    private final List<String> channels;
    private final double rate;
    private final int payloadBytes;
    private final long maxMessages;
    private final AtomicLongArray acceptedPerChannel;
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile long sent;
    private volatile long maxLagNanos;
    private long startNanos;
    private ScheduledFuture<?> timer;

    /** {@code maxMessages} bounds the run even if {@link #stop()} is never reached. */
    public PublishLoop(Publisher publisher, EventLoop loop, List<String> channels, double rate, int payloadBytes,
                       long maxMessages) {
        if (rate <= 0) throw new IllegalArgumentException("rate must be positive");
        this.publisher = publisher;
        this.loop = loop;
        this.channels = List.copyOf(channels);
        this.rate = rate;
        this.payloadBytes = payloadBytes;
        this.maxMessages = maxMessages;
        this.acceptedPerChannel = new AtomicLongArray(channels.size());
    }

    public void start() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1), (long) (1e9 / rate));
        loop.execute(() -> {
            startNanos = System.nanoTime();
            timer = loop.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
        });
    }

    /** Stops publishing; returns once no further tick will run. */
    public void stop() {
        loop.submit(() -> {
            if (timer != null) timer.cancel(false);
        }).awaitUninterruptibly();
    }

    private void tick() {
        long now = System.nanoTime();
        long due = Math.min(maxMessages, (long) ((now - startNanos) * rate / 1e9) + 1);
        long k = sent;
        if (k < due) {
            maxLagNanos = Math.max(maxLagNanos, now - startNanos - (long) (k * 1e9 / rate));
        }
        for (; k < due; k++) {
            int channel = (int) (k % channels.size());
            ByteBuf data = PooledByteBufAllocator.DEFAULT.buffer(payloadBytes + 48);
            Payload.write(data, Stamp.now(), k / channels.size(), payloadBytes);
            publisher.publish(channels.get(channel), data, (ok, error) -> {
                if (ok) {
                    acceptedPerChannel.incrementAndGet(channel);
                } else {
                    errors.increment();
                    firstError.compareAndSet(null, error);
                }
            });
        }
        sent = k;
        if (k >= maxMessages && timer != null) timer.cancel(false);
    }

    public long sent() {
        return sent;
    }

    public long accepted() {
        long sum = 0;
        for (int i = 0; i < acceptedPerChannel.length(); i++) sum += acceptedPerChannel.get(i);
        return sum;
    }

    public long acceptedOn(int channelIndex) {
        return acceptedPerChannel.get(channelIndex);
    }

    public long errors() {
        return errors.sum();
    }

    public String firstError() {
        return firstError.get();
    }

    /** How far behind its schedule the loop has run at worst. */
    public long maxLagNanos() {
        return maxLagNanos;
    }
}
