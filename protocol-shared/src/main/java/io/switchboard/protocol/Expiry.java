package io.switchboard.protocol;

import java.time.Clock;

/** Token expiry, read on the clock the token verifier uses, so a test's clock decides both. */
final class Expiry {
    private Expiry() {
    }

    static long nowSeconds(Clock clock) {
        return clock.millis() / 1000;
    }

    /** What Centrifugo sends as a ttl: whole seconds left, at least 1; 0 for an expiry that never comes. */
    static long ttlSeconds(long expireAt, Clock clock) {
        return expireAt > 0 ? Math.max(1, expireAt - nowSeconds(clock)) : 0;
    }

    static long millisUntil(long expireAt, Clock clock) {
        return expireAt * 1000 - clock.millis();
    }

    /** Whether an expiry (unix seconds, 0 = never) has passed. */
    static boolean passed(long expireAt, Clock clock) {
        return expireAt > 0 && expireAt <= nowSeconds(clock);
    }
}
