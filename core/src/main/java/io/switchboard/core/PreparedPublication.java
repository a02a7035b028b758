package io.switchboard.core;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * A publication on its way to local subscribers. It caches one encoded form per codec slot, so a frame
 * is encoded once however many sessions of that codec receive it. Two threads may race to encode the
 * same slot; both produce the same bytes and one result wins, which is cheaper than locking.
 */
public final class PreparedPublication {
    private static final int MAX_SLOTS = 24;
    private static final AtomicInteger NEXT_SLOT = new AtomicInteger();

    private final String channel;
    private final Publication publication;
    private final StreamPosition position;
    private final Publication previous;
    private final AtomicReferenceArray<Object> encoded = new AtomicReferenceArray<>(MAX_SLOTS);
    private volatile byte[] patch;

    public PreparedPublication(String channel, Publication publication, StreamPosition position) {
        this(channel, publication, position, null);
    }

    /** @param previous the channel's previous publication when this one may travel as a delta, else null */
    public PreparedPublication(String channel, Publication publication, StreamPosition position, Publication previous) {
        this.channel = channel;
        this.publication = publication;
        this.position = position;
        this.previous = previous;
    }

    /** The publication a delta is computed against, or null when this publication is not a delta candidate. */
    public Publication previous() {
        return previous;
    }

    /**
     * The Fossil delta from the previous publication's data to this one's, computed once for every delta
     * subscriber of every codec; null when there is no previous publication.
     */
    public byte[] patch() {
        if (previous == null) return null;
        byte[] p = patch;
        if (p == null) patch = p = io.switchboard.core.delta.FossilDelta.create(previous.data(), publication.data());
        return p;
    }

    /** Reserves a cache slot for one codec; call once per codec at class initialisation. */
    public static int newCodecSlot() {
        int slot = NEXT_SLOT.getAndIncrement();
        if (slot >= MAX_SLOTS) throw new IllegalStateException("too many codec slots");
        return slot;
    }

    public String channel() {
        return channel;
    }

    public Publication publication() {
        return publication;
    }

    public StreamPosition position() {
        return position;
    }

    @SuppressWarnings("unchecked")
    public <T> T encoded(int slot, Function<PreparedPublication, T> encoder) {
        Object cached = encoded.get(slot);
        if (cached == null) {
            cached = encoder.apply(this);
            if (!encoded.compareAndSet(slot, null, cached)) cached = encoded.get(slot);
        }
        return (T) cached;
    }
}
