package io.switchboard.core;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Consumer;

/**
 * Hands core events from any thread to one connection's event loop: a lock-free queue, one scheduled drain
 * per burst (so a burst becomes one frame), and a byte bound whose overflow disconnects the slow client
 * instead of letting memory grow. Paused until the connection is established. Any protocol's session uses
 * one. The inbox weighs each event itself, so what an offer adds is exactly what its drain subtracts.
 */
public final class SessionInbox {
    /** A join (or leave) of a client in a channel. */
    public record InfoEvent(String channel, ClientInfo info, boolean join) {
    }

    /** Handed to the consumer after each drain that handed it anything (or while open): the moment to flush. */
    public static final Object FLUSH = new Object();

    // Field updaters rather than atomic objects: every connection has an inbox, so three fewer objects each.
    private static final AtomicLongFieldUpdater<SessionInbox> BYTES =
            AtomicLongFieldUpdater.newUpdater(SessionInbox.class, "bytes");
    private static final AtomicIntegerFieldUpdater<SessionInbox> SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(SessionInbox.class, "scheduled");
    private static final AtomicIntegerFieldUpdater<SessionInbox> OVERFLOWED =
            AtomicIntegerFieldUpdater.newUpdater(SessionInbox.class, "overflowed");

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private volatile long bytes;
    private volatile int scheduled;
    private volatile int overflowed;
    private final Executor loop;
    private final long maxBytes;
    private final Consumer<Object> consumer;
    private final Runnable onOverflow;
    private final Runnable drainTask = this::drain; // one per inbox, not one per scheduled drain
    private volatile boolean paused = true;
    private volatile boolean closed;

    public SessionInbox(Executor loop, long maxBytes, Consumer<Object> consumer, Runnable onOverflow) {
        this.loop = loop;
        this.maxBytes = maxBytes;
        this.consumer = consumer;
        this.onOverflow = onOverflow;
    }

    public void offer(Object event) {
        if (closed) return;
        int size = weigh(event);
        if (BYTES.addAndGet(this, size) > maxBytes) {
            BYTES.addAndGet(this, -size);
            if (OVERFLOWED.compareAndSet(this, 0, 1)) {
                close(); // nothing more is delivered: the client missed something and will be disconnected
                onOverflow.run();
            }
            return;
        }
        queue.offer(event);
        scheduleDrain();
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
        boolean handed = false;
        try {
            Object event;
            while (!closed && (event = queue.poll()) != null) {
                BYTES.addAndGet(this, -weigh(event));
                handed = true;
                consumer.accept(event);
            }
        } finally {
            // Also after a close or a throw mid-drain: a consumer may hold its writes until FLUSH.
            if (handed || !closed) consumer.accept(FLUSH);
        }
    }

    /** An estimate of what an event costs until its drain: the data and the wrapper around it. */
    static int weigh(Object event) {
        return event instanceof PreparedPublication p ? p.publication().data().length + 64 : 128;
    }
}
