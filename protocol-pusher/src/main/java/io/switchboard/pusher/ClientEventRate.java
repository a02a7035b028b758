package io.switchboard.pusher;

/** Client events a connection may send per second (a fixed one-second window, as Pusher's limit reads). */
final class ClientEventRate {
    private final int perSecond;
    private long windowStart;
    private boolean started;
    private int used;

    ClientEventRate(int perSecond) {
        this.perSecond = perSecond;
    }

    boolean tryAcquire(long nowMillis) {
        if (!started || nowMillis - windowStart >= 1000) {
            started = true;
            windowStart = nowMillis;
            used = 0;
        }
        if (used >= perSecond) return false;
        used++;
        return true;
    }
}
