package io.switchboard.transport;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Drops a closing connection whose peer stopped taking bytes: its close can never leave. Judged by progress,
 * not by a deadline, so a peer that is reading what piled up, however slowly, still gets its close frame and
 * its reason; one that takes nothing for a whole grace period is dropped.
 */
public final class StalledPeer {
    /** How long a closing connection may go without the peer taking a byte. */
    public static final long GRACE_MILLIS = 1500;

    private StalledPeer() {
    }

    /**
     * Watches {@code unsent} (bytes written but not taken by the peer) every {@code graceMillis} on {@code loop}:
     * stops once it is zero (the rest is leaving), runs {@code abort} when it did not go down since the last look.
     */
    public static void watch(ScheduledExecutorService loop, LongSupplier unsent, Runnable abort, long graceMillis) {
        long now = unsent.getAsLong();
        if (now > 0) loop.schedule(() -> check(loop, unsent, abort, graceMillis, now), graceMillis, TimeUnit.MILLISECONDS);
    }

    private static void check(ScheduledExecutorService loop, LongSupplier unsent, Runnable abort, long graceMillis,
                              long before) {
        long now = unsent.getAsLong();
        if (now == 0) return;
        if (now >= before) {
            abort.run();
            return;
        }
        loop.schedule(() -> check(loop, unsent, abort, graceMillis, now), graceMillis, TimeUnit.MILLISECONDS);
    }
}
