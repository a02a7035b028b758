package io.switchboard.bench.measure;

/**
 * One subscriber's view of its channel's {@code seq} numbers. Written by the connection's event loop only;
 * the counts are published with ordered stores so the coordinating thread can read them while the run drains.
 */
public final class SequenceTracker {
    private long next;
    private volatile long unique;
    private volatile long duplicates;

    /** Accepts one received sequence number; anything at or above the next expected one is new. */
    public void accept(long seq) {
        if (seq >= next) {
            next = seq + 1;
            UNIQUE.setRelease(this, unique + 1);
        } else {
            DUPLICATES.setRelease(this, duplicates + 1);
        }
    }

    /** Distinct messages received (a gap followed by the missing message counts the late one as a duplicate). */
    public long unique() {
        return unique;
    }

    public long duplicates() {
        return duplicates;
    }

    private static final java.lang.invoke.VarHandle UNIQUE;
    private static final java.lang.invoke.VarHandle DUPLICATES;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            UNIQUE = lookup.findVarHandle(SequenceTracker.class, "unique", long.class);
            DUPLICATES = lookup.findVarHandle(SequenceTracker.class, "duplicates", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
