package io.switchboard.protocol;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.PreparedPublication;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One connection's outbox: hands core events (publications, joins, leaves) from any thread to the connection's
 * event loop through a lock-free queue, one scheduled drain per burst (so a burst becomes one write, closed by
 * {@link Receiver#endOfBurst}), and a byte bound. The outbox weighs each event itself, so what an event adds is
 * exactly what its drain subtracts. Overflow, or more unsent bytes after a flush than the bound
 * ({@link #written}), is the slow-client cut: nothing more is delivered and {@code onSlow} runs once. Paused until
 * the connection is established.
 */
public final class Outbox {
    /** What the event loop does with the events; every method runs on the loop. */
    public interface Receiver {
        void publication(PreparedPublication publication);

        default void join(String channel, ClientInfo info) {
        }

        default void leave(String channel, ClientInfo info) {
        }

        /** After each drain that handed something over (even one cut short by a close or a throw): flush now. */
        void endOfBurst();
    }

    private record Presence(String channel, ClientInfo info, boolean join) {
    }

    // Field updaters rather than atomic objects: every connection has an outbox, so three fewer objects each.
    private static final AtomicLongFieldUpdater<Outbox> BYTES = AtomicLongFieldUpdater.newUpdater(Outbox.class, "bytes");
    private static final AtomicIntegerFieldUpdater<Outbox> SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(Outbox.class, "scheduled");
    private static final AtomicIntegerFieldUpdater<Outbox> SLOW = AtomicIntegerFieldUpdater.newUpdater(Outbox.class, "slow");

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private volatile long bytes;
    private volatile int scheduled;
    private volatile int slow;
    private final Executor loop;
    private final long maxBytes;
    private final Receiver receiver;
    private final Runnable onSlow;
    private final Runnable drainTask = this::drain; // one per outbox, not one per scheduled drain
    private volatile boolean paused = true;
    private volatile boolean closed;

    /**
     * Counts nothing for metrics: the hub counts a channel's deliveries once per event ({@code Session#deliveries}),
     * so this per-subscriber path is the same with metrics on and off.
     */
    public Outbox(Executor loop, long maxBytes, Receiver receiver, Runnable onSlow) {
        this.loop = loop;
        this.maxBytes = maxBytes;
        this.receiver = receiver;
        this.onSlow = onSlow;
    }

    public void publication(PreparedPublication publication) {
        offer(publication);
    }

    public void join(String channel, ClientInfo info) {
        offer(new Presence(channel, info, true));
    }

    public void leave(String channel, ClientInfo info) {
        offer(new Presence(channel, info, false));
    }

    private void offer(Object event) {
        if (closed) return;
        int size = weigh(event);
        if (BYTES.addAndGet(this, size) > maxBytes) {
            BYTES.addAndGet(this, -size);
            cut(); // the client missed something: it must not get a stream with a hole in it
            return;
        }
        queue.offer(event);
        scheduleDrain();
    }

    /** After the connection flushed: a client that leaves more than the bound unread is slow as well. */
    public void written(long unsentBytes) {
        if (unsentBytes > maxBytes) cut();
    }

    private void cut() {
        if (SLOW.compareAndSet(this, 0, 1)) {
            close();
            onSlow.run();
        }
    }

    public void resume() {
        paused = false;
        scheduleDrain();
    }

    public void close() {
        closed = true;
        queue.clear();
        bytes = 0;
    }

    /** The bytes of the events waiting for the event loop. */
    public long queuedBytes() {
        return bytes;
    }

    private void scheduleDrain() {
        if (!paused && SCHEDULED.compareAndSet(this, 0, 1)) loop.execute(drainTask);
    }

    private void drain() {
        scheduled = 0;
        int handed = 0;
        try {
            Object event;
            while (!closed && (event = queue.poll()) != null) {
                BYTES.addAndGet(this, -weigh(event));
                handed++;
                if (event instanceof PreparedPublication p) receiver.publication(p);
                else if (event instanceof Presence e && e.join()) receiver.join(e.channel(), e.info());
                else if (event instanceof Presence e) receiver.leave(e.channel(), e.info());
            }
        } finally {
            // Also after a close or a throw mid-drain: a receiver may hold its writes until the end of the burst.
            if (handed > 0 || !closed) receiver.endOfBurst();
        }
    }

    /** An estimate of what an event costs until its drain: the data and the wrapper around it. */
    static int weigh(Object event) {
        return event instanceof PreparedPublication p ? p.publication().data().length + 64 : 128;
    }
}
