package io.switchboard.bench.payload;

/**
 * The clock of the {@code t} field: nanoseconds since this JVM loaded the class. Publisher and subscribers live
 * in the same process, so a monotonic clock beats wall time; the offset keeps the number positive.
 */
public final class Stamp {
    private static final long ORIGIN = System.nanoTime() - 1;

    private Stamp() {
    }

    public static long now() {
        return System.nanoTime() - ORIGIN;
    }
}
