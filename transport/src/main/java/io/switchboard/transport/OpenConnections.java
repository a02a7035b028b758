package io.switchboard.transport;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections one server holds, counted at the door: each is counted once when it opens and uncounted once
 * when it closes, whichever thread does either, so the count is exact however many come at once.
 */
public final class OpenConnections {
    private final AtomicInteger open = new AtomicInteger();
    private final int max;

    /** @param max how many may be open at once; 0 for no limit */
    public OpenConnections(int max) {
        this.max = max;
    }

    /** Counts a new connection; false (and not counted) when the server holds {@code max} already. */
    boolean tryOpen() {
        while (true) {
            int now = open.get();
            if (max > 0 && now >= max) return false;
            if (open.compareAndSet(now, now + 1)) return true;
        }
    }

    void closed() {
        open.decrementAndGet();
    }

    /** Connections open now. */
    public int count() {
        return open.get();
    }
}
